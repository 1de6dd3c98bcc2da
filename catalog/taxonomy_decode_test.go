package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeTaxonomyGolden decodes every testdata/taxonomy file that has a
// .want file beside it and compares what comes out: the problems (one
// Error() per line, after the TaxonomyError summary) or the skills read,
// one JSON object per line.
func TestDecodeTaxonomyGolden(t *testing.T) {
	wants, err := filepath.Glob(filepath.Join("testdata", "taxonomy", "*.want"))
	if err != nil {
		t.Fatal(err)
	}
	if len(wants) == 0 {
		t.Fatal("no .want file under testdata/taxonomy")
	}
	for _, wantPath := range wants {
		input := strings.TrimSuffix(wantPath, ".want")
		name := filepath.Base(input)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeTaxonomyReport(t, name, data)
			if *update {
				if err := os.WriteFile(wantPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", wantPath, diff)
			}
		})
	}
}

// decodeTaxonomyReport decodes data and writes what a user would see: the
// error text, or the skills as JSON Lines.
func decodeTaxonomyReport(t *testing.T, name string, data []byte) string {
	t.Helper()
	skills, err := DecodeTaxonomy(name, bytes.NewReader(data))
	if err != nil {
		var te *TaxonomyError
		if !errors.As(err, &te) || !errors.Is(err, ErrInvalid) {
			t.Fatalf("DecodeTaxonomy: got error %v (%T), want a *TaxonomyError wrapping ErrInvalid", err, err)
		}
		if skills != nil {
			t.Errorf("DecodeTaxonomy returned %d skills with an error, want none", len(skills))
		}
		return err.Error() + "\n"
	}
	var b strings.Builder
	for _, s := range skills {
		line, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDecodeTaxonomyCapsProblems(t *testing.T) {
	var b strings.Builder
	for range MaxTaxonomyProblems + 5 {
		b.WriteString("{}\n")
	}
	_, err := DecodeTaxonomy("t.jsonl", strings.NewReader(b.String()))
	var te *TaxonomyError
	if !errors.As(err, &te) {
		t.Fatalf("DecodeTaxonomy: got %v, want a *TaxonomyError", err)
	}
	// Each {} lacks an id and a label.
	if got, want := te.Total, 2*(MaxTaxonomyProblems+5); got != want {
		t.Errorf("Total = %d, want %d", got, want)
	}
	if got := len(te.Problems); got != MaxTaxonomyProblems {
		t.Errorf("len(Problems) = %d, want %d", got, MaxTaxonomyProblems)
	}
	if !strings.HasSuffix(err.Error(), "… et 110 autres problèmes") {
		t.Errorf("error does not end with the count of problems left out:\n%s", err)
	}
}
