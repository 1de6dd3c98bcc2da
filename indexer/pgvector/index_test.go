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
	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/pgtest"
)

// TestFilteredSearchThroughIndex hides 20 matching items behind 4,000
// closer ones the filter rejects, in a table where the planner expects the
// filter to keep many rows and so walks the HNSW index: only an iterative
// index scan finds all 20.
func TestFilteredSearchThroughIndex(t *testing.T) {
	url := pgtest.URL(t)
	const dims = 16
	s := open(t, url, pgtest.Schema(t, url), dims)
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
	if err := s.BuildIndex(ctx); err != nil {
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

// TestBulkUpsert fails a bulk batch (which drops the HNSW index) on its
// last row, inside the database: nothing changes and the index is still
// there. The same batch without the bad row drops the index; searches stay
// exact; Close, or the next Open after a crash, builds it again.
func TestBulkUpsert(t *testing.T) {
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	const dims = 8
	s := open(t, url, schema, dims)
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
	recs := []catalog.Record{first}
	for i := range 1500 {
		it := catalog.Item{ID: fmt.Sprintf("bulk-%04d", i), Kind: catalog.KindFormation, Active: true}
		recs = append(recs, catalog.Record{Item: it, Hash: "h", Vector: vec()})
	}
	bad := slices.Clone(recs[1:])
	// PostgreSQL's jsonb refuses the NUL character.
	bad[len(bad)-1].Item.Title = "nul \x00 byte"
	if err := s.Upsert(ctx, bad); !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("Upsert with a NUL byte: error %v, want catalog.ErrInvalid", err)
	}
	hashes, err := s.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(map[string]string{"kept": "h0"}, hashes); diff != "" {
		t.Errorf("Hashes after a failed bulk upsert (-want +got):\n%s", diff)
	}
	assertIndexed(t, url, schema, true, "after a failed bulk upsert")

	if err := s.Upsert(ctx, recs[1:]); err != nil {
		t.Fatalf("bulk Upsert: %v", err)
	}
	assertIndexed(t, url, schema, false, "after a bulk upsert")
	q := vec()
	got, err := s.Search(ctx, q, catalog.Filter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var want []catalog.Scored
	for _, r := range recs {
		want = append(want, catalog.Scored{ID: r.Item.ID, Score: cosine(q, r.Vector)})
	}
	sortScored(want)
	if diff := gocmp.Diff(want[:10], got, gocmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-5 })); diff != "" {
		t.Errorf("Search without the index (-want +got):\n%s", diff)
	}

	// Another process opening the store (as after a crash) builds the index.
	open(t, url, schema, dims)
	assertIndexed(t, url, schema, true, "after Open")

	// Close builds the index its bulk upserts dropped.
	s2 := open(t, url, schema, dims)
	if err := s2.Upsert(ctx, recs[1:]); err != nil {
		t.Fatalf("bulk Upsert: %v", err)
	}
	assertIndexed(t, url, schema, false, "after a second bulk upsert")
	if err := s2.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	assertIndexed(t, url, schema, true, "after Close")
}

// assertIndexed checks whether the HNSW index exists in schema.
func assertIndexed(t *testing.T, url, schema string, want bool, when string) {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var got bool
	err = conn.QueryRow(t.Context(),
		"SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND indexname = 'items_embedding_hnsw')", schema).Scan(&got)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("HNSW index present %s = %v, want %v", when, got, want)
	}
}
