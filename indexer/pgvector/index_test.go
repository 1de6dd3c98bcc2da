package pgvector_test

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/pgvector"
)

// TestFilteredSearchThroughIndex hides 20 matching items behind 4,000
// closer ones the filter rejects, in a table where the planner expects the
// filter to keep many rows and so walks the HNSW index: only an iterative
// index scan finds all 20.
func TestFilteredSearchThroughIndex(t *testing.T) {
	url := databaseURL(t)
	const dims = 16
	s := open(t, url, newSchema(t, url), dims)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(5, 8))
	around := func(spread float64) []float32 {
		v := make([]float32, dims)
		for i := range v {
			v[i] = 1 + float32(rng.NormFloat64()*spread)
		}
		return v
	}
	var recs []catalog.Record
	price, cheap, budget := 500.0, 50.0, 100.0
	for i := range 4000 {
		// Half inactive and cheap, half active and dear: the planner,
		// multiplying selectivities, expects a quarter of the rows to match.
		it := catalog.Item{ID: fmt.Sprintf("near-%04d", i), Kind: catalog.KindFormation, Active: i%2 == 0, PriceEUR: &price}
		if !it.Active {
			it.PriceEUR = &cheap
		}
		recs = append(recs, catalog.Record{Item: it, Hash: "h", Vector: around(0.05)})
	}
	var want []catalog.Scored
	query := around(0)
	for i := range 20 {
		it := catalog.Item{ID: fmt.Sprintf("far-%02d", i), Kind: catalog.KindFormation, Active: true, PriceEUR: &cheap}
		v := around(1)
		recs = append(recs, catalog.Record{Item: it, Hash: "h", Vector: v})
		want = append(want, catalog.Scored{ID: it.ID, Score: cosine(query, v)})
	}
	if err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	f := catalog.Filter{MaxPriceEUR: &budget}
	plan, err := s.ExplainSearch(ctx, query, f, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "items_embedding_hnsw") {
		t.Fatalf("the query plan does not use the HNSW index, the test proves nothing:\n%s", plan)
	}
	got, err := s.Search(ctx, query, f, 20)
	if err != nil {
		t.Fatal(err)
	}
	sortScored(want)
	if diff := gocmp.Diff(want, got, gocmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-5 })); diff != "" {
		t.Errorf("Search (-want +got):\n%s", diff)
	}
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

func sortScored(s []catalog.Scored) {
	slices.SortFunc(s, func(a, b catalog.Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// TestBulkUpsertAllOrNothing fails a bulk batch (which drops and rebuilds
// the HNSW index) on its last row, inside the database: nothing changes
// and the index is still there.
func TestBulkUpsertAllOrNothing(t *testing.T) {
	url := databaseURL(t)
	const dims = 8
	s := open(t, url, newSchema(t, url), dims)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(2, 9))
	vec := func() []float32 {
		v := make([]float32, dims)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	first := catalog.Record{Item: catalog.Item{ID: "kept", Kind: catalog.KindFormation, Active: true}, Hash: "h0", Vector: vec()}
	if err := s.Upsert(ctx, []catalog.Record{first}); err != nil {
		t.Fatal(err)
	}
	var recs []catalog.Record
	for i := range 1500 {
		it := catalog.Item{ID: fmt.Sprintf("bulk-%04d", i), Kind: catalog.KindFormation, Active: true}
		recs = append(recs, catalog.Record{Item: it, Hash: "h", Vector: vec()})
	}
	// PostgreSQL's jsonb refuses the NUL character.
	recs[len(recs)-1].Item.Title = "nul \x00 byte"
	if err := s.Upsert(ctx, recs); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("Upsert with a NUL byte: error %v, want catalog.ErrInvalid", err)
	}
	hashes, err := s.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(map[string]string{"kept": "h0"}, hashes); diff != "" {
		t.Errorf("Hashes after a failed bulk upsert (-want +got):\n%s", diff)
	}
	assertIndexes(t, s, "after a failed bulk upsert")
	recs = recs[:len(recs)-1]
	if err := s.Upsert(ctx, recs); err != nil {
		t.Fatalf("bulk Upsert: %v", err)
	}
	assertIndexes(t, s, "after a bulk upsert")
}

func assertIndexes(t *testing.T, s *pgvector.Store, when string) {
	t.Helper()
	indexes, err := s.Indexes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff([]string{"items_embedding_hnsw", "items_kind", "items_pkey"}, indexes); diff != "" {
		t.Errorf("indexes %s (-want +got):\n%s", when, diff)
	}
}
