package stores_test

import (
	"os"
	"testing"

	"github.com/tremplin/tremplin/indexer/stores"
)

// postgresConfig returns a Postgres configuration on a fresh schema, or
// skips (fails under CI) without a test database.
func postgresConfig(t *testing.T) stores.Config {
	t.Helper()
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset but CI=true: Postgres tests must run in CI")
		}
		t.Skip("TREMPLIN_TEST_DATABASE_URL is unset: skipping Postgres tests (see .ci/run)")
	}
	return stores.Config{LocalDims: 32, DatabaseURL: url, DBSchema: newSchema(t, url)}
}

// modelOn opens the stores of cfg on a new data directory, as a new
// replica, with corpus as the catalog it would fit on, and returns the
// local embedder's model and whether opening re-embedded any stored item.
func modelOn(t *testing.T, cfg stores.Config, o stores.Options) (model string, embedded int) {
	t.Helper()
	cfg.DataDir = t.TempDir()
	s := open(t, cfg, o)
	defer s.Close()
	items, err := s.Vectors().Items(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) > 0 {
		st, err := s.Indexer().Sync(t.Context(), items)
		if err != nil {
			t.Fatalf("Sync: %v", err)
		}
		embedded = st.Embedded
	}
	if err := s.Commit(t.Context()); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return s.Embedder().Model(), embedded
}

// TestReplicasShareLocalModel: replicas on one database use the local
// embedder's weights stored there, whatever corpus they would fit on, so
// none re-embeds the stored vectors; a rebuild's weights replace them at
// Commit, for every replica opened afterwards.
func TestReplicasShareLocalModel(t *testing.T) {
	cfg := postgresConfig(t)
	first := cfg
	first.DataDir = t.TempDir()
	index(t, first, firstCatalog, false, true)
	want, _ := modelOn(t, cfg, stores.Options{Corpus: firstCatalog})

	// A replica whose own catalog differs: same model, nothing re-embedded.
	got, embedded := modelOn(t, cfg, stores.Options{Corpus: secondCatalog})
	if got != want || embedded != 0 {
		t.Errorf("replica with another corpus: model %s, %d items re-embedded; want %s and 0", got, embedded, want)
	}
	got, embedded = modelOn(t, cfg, stores.Options{Corpus: secondCatalog, PreferStored: true})
	if got != want || embedded != 0 {
		t.Errorf("replica fitting on the stored items: model %s, %d items re-embedded; want %s and 0", got, embedded, want)
	}

	// A rebuild on the second catalog fits new weights, live at Commit.
	rebuilt := cfg
	rebuilt.DataDir = t.TempDir()
	s := open(t, rebuilt, stores.Options{Corpus: secondCatalog, Rebuild: true, Index: true})
	if _, err := s.Indexer().Sync(t.Context(), secondCatalog); err != nil {
		t.Fatal(err)
	}
	newModel := s.Embedder().Model()
	if newModel == want {
		t.Fatalf("rebuild on another catalog kept model %s: the test needs a new one", want)
	}
	if got, _ := modelOn(t, cfg, stores.Options{Corpus: firstCatalog}); got != want {
		t.Errorf("replica opened during the rebuild: model %s, want the live %s", got, want)
	}
	if err := s.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	got, embedded = modelOn(t, cfg, stores.Options{Corpus: firstCatalog})
	if got != newModel || embedded != 0 {
		t.Errorf("replica after the rebuild: model %s, %d re-embedded; want %s and 0", got, embedded, newModel)
	}
}
