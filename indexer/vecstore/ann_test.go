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

// TestApproximateSearchAfterEdits builds the postings of 3,000 sparse
// items, then edits a few (a replacement, a new item, a removal that
// moves the last item into its place): the next searches reuse the
// postings and see every edit, the edited items scored exactly, the
// removed one never returned, and they find what the exact scan finds.
func TestApproximateSearchAfterEdits(t *testing.T) {
	const n, dims, k = 3000, 256, 20
	rng := rand.New(rand.NewPCG(8, 9))
	recs := make([]catalog.Record, n)
	for i := range recs {
		it := catalog.Item{ID: fmt.Sprintf("I%05d", i), Kind: catalog.KindFormation, Title: "Titre", Active: true}
		recs[i] = catalog.Record{Item: it, Hash: "h", Vector: sparseVector(rng, dims)}
	}
	ctx := t.Context()
	s, err := vecstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	q := sparseVector(rng, dims)
	replaced, added := recs[17], recs[0]
	replaced.Vector = q
	added.Item.ID, added.Vector = "NEW", append([]float32(nil), q...)
	added.Vector[0] += 0.01
	if err := s.Upsert(ctx, []catalog.Record{replaced, added}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, []string{recs[5].Item.ID}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Search(ctx, q, catalog.Filter{}, k)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != k || got[0].ID != replaced.Item.ID || got[1].ID != "NEW" {
		t.Fatalf("after the edits the best two are %v, want %s (rewritten to the query) then NEW", got[:min(2, len(got))], replaced.Item.ID)
	}
	var found, total int
	for range 20 {
		q := sparseVector(rng, dims)
		got, err := s.Search(ctx, q, catalog.Filter{}, k)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.SearchExact(ctx, q, catalog.Filter{}, k)
		if err != nil {
			t.Fatal(err)
		}
		exact := map[string]bool{}
		for _, h := range want {
			exact[h.ID] = true
		}
		seen := map[string]bool{}
		for _, h := range got {
			if h.ID == recs[5].Item.ID {
				t.Fatalf("removed item %s returned", h.ID)
			}
			if seen[h.ID] {
				t.Fatalf("%s returned twice", h.ID)
			}
			seen[h.ID] = true
			if exact[h.ID] {
				found++
			}
		}
		total += len(want)
	}
	if recall := float64(found) / float64(total); recall < 0.95 {
		t.Errorf("recall@%d after the edits %.3f, want at least 0.95", k, recall)
	}
}
