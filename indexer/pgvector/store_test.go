package pgvector_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/indexer/storetest"
	"github.com/tremplin/tremplin/internal/pgtest"
)

func open(tb testing.TB, url, schema string, dims int) *pgvector.Store {
	tb.Helper()
	s, err := pgvector.Open(context.Background(), url, dims, slog.New(slog.DiscardHandler), pgvector.WithSchema(schema))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	url := pgtest.URL(t)
	storetest.Run(t, func(t *testing.T, dims int) indexer.VectorStore {
		return open(t, url, pgtest.Schema(t, url), dims)
	})
}

func TestReopen(t *testing.T) {
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	ctx := t.Context()
	s := open(t, url, schema, 3)
	rec := catalog.Record{Item: catalog.Item{ID: "a", Kind: catalog.KindFormation, Active: true}, Hash: "h", Vector: []float32{1, 2, 3}}
	if err := s.Upsert(ctx, []catalog.Record{rec}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Same dimension: migrations are not reapplied, the data is there.
	re := open(t, url, schema, 3)
	if _, err := re.Item(ctx, "a"); err != nil {
		t.Errorf("Item(a) after reopen: %v", err)
	}
	// Another dimension is refused with a clear error.
	_, err := pgvector.Open(ctx, url, 4, nil, pgvector.WithSchema(schema))
	if !errors.Is(err, pgvector.ErrDimensionMismatch) {
		t.Errorf("Open with 4 dimensions over a 3-dimension store: error %v, want ErrDimensionMismatch", err)
	}
}

// TestConcurrentOpen opens one new schema from several goroutines: the
// migrations and the vector column must be set up exactly once.
func TestConcurrentOpen(t *testing.T) {
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := pgvector.Open(t.Context(), url, 8, nil, pgvector.WithSchema(schema))
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d: %v", i, err)
		}
	}
}

func TestOpenRejectsBadArguments(t *testing.T) {
	tests := []struct {
		name, url, schema string
		dims              int
	}{
		{"zero dimension", "postgres://localhost/x", "", 0},
		{"bad schema name", "postgres://localhost/x", "x; DROP TABLE items", 3},
		{"bad url", "postgres://%zz", "", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pgvector.Open(t.Context(), tt.url, tt.dims, nil, pgvector.WithSchema(tt.schema))
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("Open error = %v, want catalog.ErrInvalid", err)
			}
		})
	}
}

func TestItemsByID(t *testing.T) {
	url := pgtest.URL(t)
	s := open(t, url, pgtest.Schema(t, url), 2)
	ctx := t.Context()
	var recs []catalog.Record
	for _, id := range []string{"a", "b", "c"} {
		recs = append(recs, catalog.Record{Item: catalog.Item{ID: id, Kind: catalog.KindFormation, Title: "T" + id, Active: true},
			Hash: "h" + id, Vector: []float32{1, 1}})
	}
	if err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	got, err := s.ItemsByID(ctx, []string{"c", "a", "unknown"})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, it := range got {
		titles[it.ID] = it.Title
	}
	if diff := cmp.Diff(map[string]string{"a": "Ta", "c": "Tc"}, titles); diff != "" {
		t.Errorf("ItemsByID (-want +got):\n%s", diff)
	}
}

func TestReplaceWith(t *testing.T) {
	url := pgtest.URL(t)
	ctx := t.Context()
	live := open(t, url, pgtest.Schema(t, url), 2)
	stagingSchema := pgtest.Schema(t, url)
	staging := open(t, url, stagingSchema, 2)
	rec := func(id string, v ...float32) catalog.Record {
		return catalog.Record{Item: catalog.Item{ID: id, Kind: catalog.KindFormation, Title: id, Active: true}, Hash: "h" + id, Vector: v}
	}
	if err := live.Upsert(ctx, []catalog.Record{rec("old-a", 1, 0), rec("old-b", 0, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := staging.Upsert(ctx, []catalog.Record{rec("new-c", 1, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := live.ReplaceWith(ctx, live); !errors.Is(err, pgvector.ErrSameStore) {
		t.Fatalf("ReplaceWith(itself) = %v, want ErrSameStore", err)
	}
	if err := live.ReplaceWith(ctx, staging); err != nil {
		t.Fatal(err)
	}
	got, err := live.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"new-c": "hnew-c"}, got); diff != "" {
		t.Errorf("live items after ReplaceWith (-want +got):\n%s", diff)
	}
	hits, err := live.Search(ctx, []float32{1, 1}, catalog.Filter{}, 5)
	if err != nil || len(hits) != 1 || hits[0].ID != "new-c" {
		t.Errorf("Search after ReplaceWith = %v, %v; want new-c", hits, err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_namespace WHERE nspname = $1", stagingSchema).Scan(&n); err != nil || n != 0 {
		t.Errorf("staging schema still present (count %d, err %v)", n, err)
	}
}
