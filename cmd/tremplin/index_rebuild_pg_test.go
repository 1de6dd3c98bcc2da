package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/internal/sharedtest"
)

// TestIndexRebuildPostgresAside rebuilds a Postgres index with another
// catalog, killing the rebuild at random points: the live table always
// holds exactly the old catalog or exactly the new one, never a mix, and a
// final run leaves the new one with no staging schema behind.
func TestIndexRebuildPostgresAside(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset while CI=true")
		}
		t.Skip("TREMPLIN_TEST_DATABASE_URL unset: Postgres rebuild test skipped")
	}
	rncp := sharedtest.Path(t, "eval/catalog-rncp.jsonl")
	dir := t.TempDir()
	oldCat := writeLines(t, rncp, filepath.Join(dir, "old.jsonl"), 0, 800, false)
	newCat := writeLines(t, rncp, filepath.Join(dir, "new.jsonl"), 400, 1600, false)
	data := filepath.Join(dir, "data")
	schema := fmt.Sprintf("rebuild_%d", time.Now().UnixNano())
	t.Cleanup(func() { dropSchemas(t, url, schema, schema+"_rebuild") })
	env := []string{"DATABASE_URL=" + url, "TREMPLIN_DB_SCHEMA=" + schema}

	start := time.Now()
	runChild(t, data, oldCat, false, 0, env...)
	full := time.Since(start)
	oldIDs, newIDs := catalogIDs(t, oldCat), catalogIDs(t, newCat)
	for i := range 4 {
		delay := time.Duration(int64(full) * int64(i+1) / 5)
		runChild(t, data, newCat, true, delay, env...)
		got := liveIDs(t, url, schema)
		if !cmp.Equal(got, oldIDs) && !cmp.Equal(got, newIDs) {
			t.Fatalf("after a rebuild killed at %v the live table holds %d items, neither the old catalog (%d) nor the new one (%d)",
				delay, len(got), len(oldIDs), len(newIDs))
		}
	}
	runChild(t, data, newCat, true, 0, env...)
	if diff := cmp.Diff(newIDs, liveIDs(t, url, schema)); diff != "" {
		t.Errorf("live items after the rebuild (-want +got):\n%s", diff)
	}
	if n := schemaCount(t, url, schema+"_rebuild_"); n != 0 {
		t.Errorf("staging schema left behind")
	}
}

func catalogIDs(t *testing.T, path string) []string {
	t.Helper()
	var ids []string
	for id := range expectedHashes(t, path) {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func liveIDs(t *testing.T, url, schema string) []string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	rows, err := conn.Query(context.Background(), "SELECT id FROM "+pgx.Identifier{schema, "items"}.Sanitize()+" ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(ids) // ORDER BY follows the database collation
	return ids
}

// schemaCount counts the schemas whose name starts with prefix (each
// rebuild stages in a schema of its own, with a random suffix).
func schemaCount(t *testing.T, url, name string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, $1)", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func dropSchemas(t *testing.T, url string, names ...string) {
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Errorf("drop schemas: %v", err)
		return
	}
	defer conn.Close(context.Background())
	for _, n := range names {
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", n, err)
		}
	}
}
