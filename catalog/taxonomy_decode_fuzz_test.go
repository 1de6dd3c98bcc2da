package catalog_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// FuzzDecodeTaxonomy feeds arbitrary files to DecodeTaxonomy: nothing may
// panic; a file is either refused with located problems, or accepted as
// skills that NewTaxonomy indexes and that Lookup finds by every label.
func FuzzDecodeTaxonomy(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "taxonomy", "*.jsonl"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed under testdata/taxonomy (%v)", err)
	}
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		skills, err := catalog.DecodeTaxonomy("f.jsonl", bytes.NewReader(data))
		if err != nil {
			checkTaxonomyError(t, err)
			return
		}
		tx, err := catalog.NewTaxonomy(skills)
		if err != nil {
			t.Fatalf("NewTaxonomy refuses decoded skills: %v", err)
		}
		for _, s := range skills {
			for _, l := range append(s.Labels(), s.ID) {
				if l != strings.TrimSpace(l) || l == "" {
					t.Errorf("skill %q: text %q is blank or not trimmed", s.ID, l)
				}
				if got, ok := tx.Lookup(l); !ok || got.ID != s.ID {
					t.Errorf("Lookup(%q) = %q, %v; want skill %q", l, got.ID, ok, s.ID)
				}
				if got, ok := tx.Resolve(l); !ok || got.ID != s.ID {
					t.Errorf("Resolve(%q) = %q, %v; want skill %q", l, got.ID, ok, s.ID)
				}
			}
		}
	})
}

// checkTaxonomyError checks that err lists located, explained problems.
func checkTaxonomyError(t *testing.T, err error) {
	t.Helper()
	var te *catalog.TaxonomyError
	if !errors.As(err, &te) || !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("got error %v (%T), want a *TaxonomyError wrapping ErrInvalid", err, err)
	}
	if te.Total == 0 || len(te.Problems) == 0 || len(te.Problems) > catalog.MaxTaxonomyProblems || te.Total < len(te.Problems) {
		t.Errorf("Total %d, %d problems listed", te.Total, len(te.Problems))
	}
	for _, p := range te.Problems {
		if p.File != "f.jsonl" || p.Reason == "" || p.Code == "" {
			t.Errorf("problem %+v lacks its file, reason or code", p)
		}
	}
}
