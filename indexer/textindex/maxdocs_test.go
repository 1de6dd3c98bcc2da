package textindex

import (
	"slices"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// TestMaxDocs checks that a word in more items than a clause's MaxDocs is
// left out of the search, alone or beside a rarer word, and that a clause
// whose words are all common goes entirely.
func TestMaxDocs(t *testing.T) {
	ix, err := Open(t.TempDir() + "/ix")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	recs := []catalog.Record{
		record("A1", "Gestion de la paie"),
		record("A2", "Gestion des stocks"),
		record("A3", "Gestion commerciale"),
		record("A4", "Comptabilité"),
	}
	if err := ix.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	search := func(text string, maxDocs int) []string {
		t.Helper()
		q := catalog.TextQuery{Clauses: []catalog.TextClause{{Field: catalog.FieldTitle, Text: text, MaxDocs: maxDocs}}}
		got, err := ix.Search(t.Context(), q, catalog.Filter{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range got {
			out = append(out, h.ID)
		}
		slices.Sort(out)
		return out
	}
	if got := search("gestion paie", 0); !slices.Equal(got, []string{"A1", "A2", "A3"}) {
		t.Errorf("without MaxDocs: %v, want A1 A2 A3", got)
	}
	if got := search("gestion paie", 2); !slices.Equal(got, []string{"A1"}) {
		t.Errorf("MaxDocs 2: %v, want only A1 (gestion is in 3 items)", got)
	}
	if got := search("gestion", 2); len(got) != 0 {
		t.Errorf("MaxDocs 2, common word alone: %v, want nothing", got)
	}
	if got := search("gestion", 3); !slices.Equal(got, []string{"A1", "A2", "A3"}) {
		t.Errorf("MaxDocs 3: %v, want A1 A2 A3", got)
	}
}
