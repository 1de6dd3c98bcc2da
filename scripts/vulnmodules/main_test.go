package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeList(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "vulnerable.txt")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRun(t *testing.T) {
	list := "# comment\n\n" +
		"example.com/a  <v1.2.3            CVE-1\n" +
		"example.com/b  >=v2.0.0,<v2.1.4   CVE-2 note\n" +
		"example.com/c  =v0.0.0-20260101000000-abcdefabcdef CVE-3\n"
	tests := []struct {
		name    string
		modules string
		code    int
		report  []string // substrings of stdout
	}{
		{"none vulnerable", "github.com/tremplin/tremplin\nexample.com/a v1.2.3\nexample.com/b v2.1.4\nexample.com/b v1.9.0\n", 0, nil},
		{"below a fixed version", "github.com/tremplin/tremplin\nexample.com/a v1.2.2\n", 1, []string{"example.com/a v1.2.2", "CVE-1"}},
		{"pre-release of the fix is before it", "example.com/a v1.2.3-rc.1\n", 1, []string{"CVE-1"}},
		{"inside a range", "example.com/b v2.0.0\nexample.com/a v1.3.0\n", 1, []string{"example.com/b v2.0.0", "CVE-2", ".txt:4"}},
		{"pseudo-version", "example.com/c v0.0.0-20260101000000-abcdefabcdef\n", 1, []string{"CVE-3"}},
		{"replacement is what builds", "example.com/a v1.0.0 => example.com/a v1.2.5\nexample.com/x v1.0.0 => example.com/a v1.0.0\n", 1, []string{"example.com/a v1.0.0 (CVE-1"}},
		{"replacement by a directory", "example.com/a v1.0.0 => ../a\n", 0, nil},
		{"incompatible major", "example.com/b v2.0.5+incompatible\n", 1, []string{"CVE-2"}},
	}
	path := writeList(t, list)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{path}, strings.NewReader(tt.modules), &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d; stdout %q, stderr %q", code, tt.code, stdout.String(), stderr.String())
			}
			for _, s := range tt.report {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("report %q lacks %q", stdout.String(), s)
				}
			}
			if tt.code == 0 && stdout.Len() > 0 {
				t.Errorf("report %q, want none", stdout.String())
			}
		})
	}
}

func TestRunBadList(t *testing.T) {
	for name, list := range map[string]string{
		"missing id":      "example.com/a <v1.0.0\n",
		"no operator":     "example.com/a v1.0.0 CVE-1\n",
		"invalid version": "example.com/a <1.0 CVE-1\n",
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{writeList(t, list)}, strings.NewReader("example.com/a v0.1.0\n"), &stdout, &stderr); code != 2 {
				t.Fatalf("exit code %d, want 2; stderr %q", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), ".txt:1: ") {
				t.Errorf("error %q does not name the line", stderr.String())
			}
		})
	}
	var stderr bytes.Buffer
	if code := run([]string{filepath.Join(t.TempDir(), "absent.txt")}, strings.NewReader(""), &bytes.Buffer{}, &stderr); code != 2 {
		t.Errorf("absent list: exit code %d, want 2", code)
	}
}

// TestRepositoryList: the list kept in the repository parses, and catches
// the quic-go version this module built with before CVE-2026-40898.
func TestRepositoryList(t *testing.T) {
	const list = "../../.ci/vulnerable-modules.txt"
	var stdout, stderr bytes.Buffer
	if code := run([]string{list}, strings.NewReader("github.com/quic-go/quic-go v0.59.0\n"), &stdout, &stderr); code != 1 {
		t.Fatalf("quic-go v0.59.0: exit code %d, want 1; stderr %q", code, stderr.String())
	}
	stdout.Reset()
	if code := run([]string{list}, strings.NewReader("github.com/quic-go/quic-go v0.59.1\n"), &stdout, &stderr); code != 0 {
		t.Errorf("quic-go v0.59.1: exit code %d, want 0; report %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
