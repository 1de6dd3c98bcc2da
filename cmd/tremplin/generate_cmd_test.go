package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/internal/sharedtest"
)

// TestCatalogGenerate grows the RNCP benchmark to 6,000 items and checks
// the file with `tremplin catalog validate`.
func TestCatalogGenerate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "grown.jsonl")
	var stdout, stderr bytes.Buffer
	args := []string{"catalog", "generate", "--catalog", sharedtest.Path(t, "eval/catalog-rncp.jsonl"),
		"--referentiel", sharedtest.Path(t, "referentiels"), "--items", "6000", "--out", out}
	if err := run(t.Context(), args, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("generate: %v\n%s", err, stderr.String())
	}
	stdout.Reset()
	if err := run(t.Context(), []string{"catalog", "validate", out}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("validate: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	if got := stdout.String(); !strings.HasPrefix(got, "6000 éléments valides, 0 problème") {
		t.Errorf("validate printed:\n%s", got)
	}
}

func TestCatalogGenerateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"catalog", "generate", "--items", "10", "--out", "x.jsonl"},
		{"catalog", "generate", "--catalog", "a.jsonl", "--referentiel", "r", "--items", "0", "--out", "x.jsonl"},
		{"catalog", "generate", "--catalog", "a.jsonl", "--referentiel", "r", "--items", "10", "--out", "x.txt"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(t.Context(), args, noEnv, &stdout, &stderr)
		if code := exitCode(err); err == nil || code != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, code, err)
		}
	}
}
