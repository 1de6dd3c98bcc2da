package recommender

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender/metier"
)

// TestTagSearchDeterministic checks that a tag search gives the same
// scores and order every time: an item's score sums over several codes, and
// a float sum in map order would vary in its last bit, turning ties (here
// 0.1+0.2+0.3 against 0.6) into orders that change from call to call.
func TestTagSearchDeterministic(t *testing.T) {
	items := []catalog.Item{{ID: "a", Kind: catalog.KindCertification, Active: true}, {ID: "b", Kind: catalog.KindCertification, Active: true}}
	x := NewScoredTagIndex(items, [][]metier.Tag{
		{{Code: "D1", Score: 0.6}},
		{{Code: "A1", Score: 0.1}, {Code: "B1", Score: 0.2}, {Code: "C1", Score: 0.3}},
	})
	codes := map[string]float64{"A1": 1, "B1": 1, "C1": 1, "D1": 1}
	first := x.Search(codes, catalog.Filter{}, 10)
	if len(first) != 2 {
		t.Fatalf("tag search found %v, want both items", first)
	}
	for range 200 {
		if diff := cmp.Diff(first, x.Search(codes, catalog.Filter{}, 10)); diff != "" {
			t.Fatalf("tag search varies between calls (-first +now):\n%s", diff)
		}
	}
}
