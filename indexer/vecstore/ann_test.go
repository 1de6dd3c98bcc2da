package vecstore_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/vecstore"
)

// sparseVector has about a third of its dimensions non-zero, like the
// local embedder's vectors, with a few strong ones.
func sparseVector(rng *rand.Rand, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		if rng.IntN(3) == 0 {
			v[i] = float32(rng.NormFloat64())
		}
	}
	for range 8 {
		v[rng.IntN(dims)] += 4
	}
	return v
}

// TestApproximateSearch checks the postings path (3,000 sparse items): it
// finds nearly all of the exact top 50, returns k results under a filter
// that keeps a quarter of the items, and scores like the exact scan.
func TestApproximateSearch(t *testing.T) {
	const n, dims, k = 3000, 256, 50
	rng := rand.New(rand.NewPCG(5, 6))
	recs := make([]catalog.Record, n)
	for i := range recs {
		it := catalog.Item{ID: fmt.Sprintf("I%05d", i), Kind: catalog.Kinds[i%len(catalog.Kinds)], Title: "Titre", Active: true}
		recs[i] = catalog.Record{Item: it, Hash: "h", Vector: sparseVector(rng, dims)}
	}
	s, err := vecstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]catalog.Filter{"nofilter": {}, "formation": {Kinds: []catalog.Kind{catalog.KindFormation}}} {
		var found, total int
		for range 20 {
			q := sparseVector(rng, dims)
			got, err := s.Search(t.Context(), q, f, k)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.SearchExact(t.Context(), q, f, k)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != k || len(want) != k {
				t.Fatalf("%s: %d results, exact %d, want %d", name, len(got), len(want), k)
			}
			exact := map[string]float64{}
			for _, h := range want {
				exact[h.ID] = h.Score
			}
			for _, h := range got {
				if sc, ok := exact[h.ID]; ok {
					found++
					if sc != h.Score {
						t.Errorf("%s: %s scored %v, exact %v", name, h.ID, h.Score, sc)
					}
				}
			}
			total += k
		}
		if r := float64(found) / float64(total); r < 0.95 {
			t.Errorf("%s: recall@%d %.3f, want ≥ 0.95", name, k, r)
		}
	}
}
