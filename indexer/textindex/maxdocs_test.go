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
	ix := indexOf(t, record("A1", "Gestion de la paie"), record("A2", "Gestion des stocks"),
		record("A3", "Gestion commerciale"), record("A4", "Comptabilité"))
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

// TestMaxPostings checks that a query whose words' document counts sum
// past MaxPostings loses the words of least weight (boost × IDF) until
// the rest fits, whatever their clause, and is searched whole within it.
func TestMaxPostings(t *testing.T) {
	ix := indexOf(t, record("A1", "Gestion de la paie"), record("A2", "Gestion des stocks"),
		record("A3", "Gestion commerciale"), record("A4", "Paie et comptabilité"), record("A5", "Comptabilité"))
	for _, tc := range []struct {
		name        string
		clauses     []catalog.TextClause
		maxPostings int
		want        []string
	}{
		// gestion 3 + paie 2 + stocks 1 = 6 postings.
		{"within", []catalog.TextClause{{Text: "gestion paie stocks", MaxDocs: 10}}, 6, []string{"A1", "A2", "A3", "A4"}},
		// gestion, the most common, goes first.
		{"over by one", []catalog.TextClause{{Text: "gestion paie stocks", MaxDocs: 10}}, 5, []string{"A1", "A2", "A4"}},
		{"only the rarest fits", []catalog.TextClause{{Text: "gestion paie stocks", MaxDocs: 10}}, 2, []string{"A2"}},
		// A heavy clause keeps its common word before a light clause's rare one.
		{"by weight", []catalog.TextClause{{Text: "gestion", Boost: 10, MaxDocs: 10}, {Text: "stocks", Boost: 0.1, MaxDocs: 10}}, 3,
			[]string{"A1", "A2", "A3"}},
		// Clauses without MaxDocs are not counted, nor cut.
		{"uncounted clause", []catalog.TextClause{{Text: "gestion"}, {Text: "comptabilité", MaxDocs: 10}}, 1, []string{"A1", "A2", "A3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.clauses {
				tc.clauses[i].Field = catalog.FieldTitle
			}
			got, err := ix.Search(t.Context(), catalog.TextQuery{Clauses: tc.clauses, MaxPostings: tc.maxPostings}, catalog.Filter{}, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range got {
				ids = append(ids, h.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("got %v, want %v", ids, tc.want)
			}
		})
	}
}

// indexOf returns an on-disk index holding recs, closed when t ends.
func indexOf(t *testing.T, recs ...catalog.Record) *Index {
	t.Helper()
	ix, err := Open(t.TempDir() + "/ix")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	return ix
}
