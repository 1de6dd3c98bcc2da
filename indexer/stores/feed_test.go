package stores_test

import (
	"context"
	"os"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/stores"
)

// TestFollowerAppliesOtherReplicasWrites opens two sets on one Postgres
// schema with their own data directories, as two replicas do: writes and
// a rebuild through the first reach the second's text index once its
// follower catches up, and a reopened follower resumes from the position
// kept in its text index.
func TestFollowerAppliesOtherReplicasWrites(t *testing.T) {
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset but CI=true: Postgres tests must run in CI")
		}
		t.Skip("TREMPLIN_TEST_DATABASE_URL is unset: follower test skipped")
	}
	ctx := context.Background()
	schema := newSchema(t, url)
	cfgA := stores.Config{DataDir: t.TempDir(), LocalDims: 32, DatabaseURL: url, DBSchema: schema}
	cfgB := cfgA
	cfgB.DataDir = t.TempDir()
	open := func(cfg stores.Config, o stores.Options) *stores.Set {
		t.Helper()
		o.Corpus = firstCatalog
		s, err := stores.Open(ctx, cfg, o)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := open(cfgA, stores.Options{})
	if _, err := a.Indexer().Sync(ctx, firstCatalog); err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	b := open(cfgB, stores.Options{PreferStored: true})
	textIDs := func(s *stores.Set) map[string]string {
		t.Helper()
		if err := s.Follower().CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		h, err := s.Text().Hashes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if got := textIDs(b); len(got) != len(firstCatalog) {
		t.Fatalf("b's text index after its first catch-up: %d items, want %d", len(got), len(firstCatalog))
	}
	if err := a.Indexer().Put(ctx, item("f-new", "Kubernetes en production", "Kubernetes")); err != nil {
		t.Fatal(err)
	}
	if err := a.Indexer().Remove(ctx, "f-sql"); err != nil {
		t.Fatal(err)
	}
	got := textIDs(b)
	if _, ok := got["f-new"]; !ok {
		t.Errorf("f-new, put through a, missing from b's text index: %v", got)
	}
	if _, ok := got["f-sql"]; ok {
		t.Errorf("f-sql, removed through a, still in b's text index")
	}
	st, err := b.Follower().Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.LagSeq != 0 || !st.CaughtUp || st.Applied != st.Head {
		t.Errorf("b's status after catching up: %+v", st)
	}
	b.Close()
	a.Close()

	// A rebuild through a third set starts a new generation: b, reopened,
	// resumes and reloads it whole.
	r := open(cfgA, stores.Options{Rebuild: true})
	rebuilt := []catalog.Item{item("f-only", "Seul élément reconstruit", "Go")}
	if _, err := r.Indexer().Sync(ctx, rebuilt); err != nil {
		t.Fatal(err)
	}
	if err := r.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	r.Close()
	b = open(cfgB, stores.Options{PreferStored: true})
	defer b.Close()
	got = textIDs(b)
	if len(got) != 1 || got["f-only"] == "" {
		t.Errorf("b's text index after the rebuild: %v, want only f-only", got)
	}
	c, err := b.Follower().Compare(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.TextCount != c.StoreCount || c.TextDigest != c.StoreDigest {
		t.Errorf("b's text index and Postgres differ: %+v", c)
	}
}
