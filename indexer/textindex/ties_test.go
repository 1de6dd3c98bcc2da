package textindex

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// TestSearchBreaksTiesByID checks that items of equal score come in
// ascending id order at every k, whether the tie at rank k ends within the
// hits read past k (tieMargin) or runs beyond them, whatever order the
// items were indexed in.
func TestSearchBreaksTiesByID(t *testing.T) {
	ix, err := Open(t.TempDir() + "/ix")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// 3 items match both words, then 2*tieMargin tied ones match one.
	var recs []catalog.Record
	var tied []string
	for i := range 2 * tieMargin {
		id := fmt.Sprintf("tie-%03d", i)
		tied = append(tied, id)
		recs = append(recs, record(id, "Soudure"))
	}
	top := []string{"top-b", "top-a", "top-c"}
	for _, id := range top {
		recs = append(recs, record(id, "Soudure à l'arc"))
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	for _, r := range recs { // one segment per item: ids are not in index order
		if err := ix.Upsert(t.Context(), []catalog.Record{r}); err != nil {
			t.Fatal(err)
		}
	}
	q := catalog.TextQuery{Clauses: []catalog.TextClause{{Field: catalog.FieldTitle, Text: "soudure arc"}}}
	slices.Sort(top)
	want := append(slices.Clone(top), tied...)
	for _, k := range []int{1, 3, 4, 5, tieMargin, 2 * tieMargin, len(want), len(want) + 5} {
		got, err := ix.Search(t.Context(), q, catalog.Filter{}, k)
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(got))
		for i, s := range got {
			ids[i] = s.ID
		}
		if diff := cmp.Diff(want[:min(k, len(want))], ids); diff != "" {
			t.Errorf("k=%d (-want +got):\n%s", k, diff)
		}
	}
}
