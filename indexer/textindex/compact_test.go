package textindex

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// segments returns the number of segments of ix's root, in memory and on disk.
func segments(t *testing.T, ix *Index) uint64 {
	t.Helper()
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	st := adv.(*scorch.Scorch).StatsMap()
	return st["TotMemorySegmentsAtRoot"].(uint64) + st["TotFileSegmentsAtRoot"].(uint64)
}

// TestCompact checks that Compact leaves one segment holding the same
// answers, and that the index reopens as compacted.
func TestCompact(t *testing.T) {
	path := t.TempDir() + "/ix"
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for b := range 12 {
		var recs []catalog.Record
		for i := range 50 {
			recs = append(recs, record(fmt.Sprintf("id-%02d-%02d", b, i), fmt.Sprintf("Soudure niveau %d, lot %d", i, b)))
		}
		if err := ix.Upsert(t.Context(), recs); err != nil {
			t.Fatal(err)
		}
	}
	q := catalog.TextQuery{Clauses: []catalog.TextClause{{Field: catalog.FieldTitle, Text: "soudure niveau 7"}}}
	before, err := ix.Search(t.Context(), q, catalog.Filter{}, 30)
	if err != nil {
		t.Fatal(err)
	}
	if n := segments(t, ix); n < 2 { // Scorch's own merger may have been quicker
		t.Logf("%d segment(s) before Compact: Scorch merged them already", n)
	}
	if err := ix.Compact(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := segments(t, ix); n != 1 {
		t.Errorf("%d segments after Compact, want 1", n)
	}
	after, err := ix.Search(t.Context(), q, catalog.Filter{}, 30)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("answers changed by Compact (-before +after):\n%s", diff)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(t.Context()); err != nil || n != 600 {
		t.Errorf("Count() after reopening = %d, %v, want 600", n, err)
	}
	if n := segments(t, ix); n != 1 {
		t.Errorf("%d segments after reopening, want 1", n)
	}
}
