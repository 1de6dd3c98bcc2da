package stores_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/indexer/stores"
)

// TestFeedPruning prunes the change feed while a replica is stopped
// behind it: the pruned changes are gone from the table, recent ones are
// kept by a retention window, and the stopped replica, restarted, reloads
// the whole generation instead of missing the pruned changes.
func TestFeedPruning(t *testing.T) {
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset but CI=true: Postgres tests must run in CI")
		}
		t.Skip("TREMPLIN_TEST_DATABASE_URL is unset: feed pruning test skipped")
	}
	ctx := context.Background()
	schema := newSchema(t, url)
	cfgA := stores.Config{DataDir: t.TempDir(), LocalDims: 32, DatabaseURL: url, DBSchema: schema}
	cfgB := cfgA
	cfgB.DataDir = t.TempDir()
	open := func(cfg stores.Config) *stores.Set {
		t.Helper()
		s, err := stores.Open(ctx, cfg, stores.Options{Corpus: firstCatalog, PreferStored: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := open(cfgA)
	defer func() { a.Close() }()
	if _, err := a.Indexer().Sync(ctx, firstCatalog); err != nil {
		t.Fatal(err)
	}
	if err := a.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	b := open(cfgB)
	if err := b.Follower().CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(ctx); err != nil { // its generation stays across restarts
		t.Fatal(err)
	}
	b.Close() // b stops here, behind what follows

	if err := a.Indexer().Put(ctx, item("f-new", "Kubernetes en production", "Kubernetes")); err != nil {
		t.Fatal(err)
	}
	if err := a.Indexer().Remove(ctx, "f-sql"); err != nil {
		t.Fatal(err)
	}
	feed, err := pgvector.Open(ctx, url, 32, nil, pgvector.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer feed.Close()
	if n, err := feed.PruneFeed(ctx, time.Hour); err != nil || n != 0 {
		t.Fatalf("prune with an hour of retention: %d rows, %v; want none (every change is recent)", n, err)
	}
	n, err := feed.PruneFeed(ctx, 0)
	if err != nil || n == 0 {
		t.Fatalf("prune of everything committed: %d rows, %v; want some", n, err)
	}
	// A change after the prune: b must get it and the pruned ones.
	if err := a.Indexer().Put(ctx, item("f-after", "Terraform après l'élagage", "Terraform")); err != nil {
		t.Fatal(err)
	}

	b = open(cfgB)
	defer func() { b.Close() }()
	if err := b.Follower().CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := b.Text().Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"f-new", "f-after"} {
		if got[id] == "" {
			t.Errorf("%s, put through a, missing from b's text index after the prune: %v", id, got)
		}
	}
	if _, ok := got["f-sql"]; ok {
		t.Errorf("f-sql, removed through a before the prune, still in b's text index")
	}
	c, err := b.Follower().Compare(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.TextCount != c.StoreCount || c.TextDigest != c.StoreDigest {
		t.Errorf("b's text index and Postgres differ after the prune: %+v", c)
	}
	// a, at the head, keeps following change by change.
	if err := a.Indexer().Put(ctx, item("f-last", "Ansible pour tous", "Ansible")); err != nil {
		t.Fatal(err)
	}
	if err := b.Follower().CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err = b.Text().Hashes(ctx); err != nil || got["f-last"] == "" {
		t.Errorf("f-last missing from b after a catch-up past the prune: %v, %v", got, err)
	}
}
