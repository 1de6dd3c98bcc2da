package stores_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer/stores"
)

// backend is a way to open stores: embedded, or Postgres in a fresh schema.
type backend struct {
	name string
	// config returns the stores' location for one test.
	config func(t *testing.T) stores.Config
}

func backends(t *testing.T) []backend {
	bs := []backend{{name: "embedded", config: func(t *testing.T) stores.Config {
		return stores.Config{DataDir: t.TempDir(), LocalDims: 32}
	}}}
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset but CI=true: Postgres tests must run in CI")
		}
		t.Log("TREMPLIN_TEST_DATABASE_URL is unset: Postgres variants skipped (see .ci/run)")
		return bs
	}
	return append(bs, backend{name: "postgres", config: func(t *testing.T) stores.Config {
		return stores.Config{DataDir: t.TempDir(), LocalDims: 32, DatabaseURL: url, DBSchema: newSchema(t, url)}
	}})
}

// newSchema returns a fresh schema name; it and its rebuild's staging
// schema are dropped when the test ends.
func newSchema(t *testing.T, url string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "stores_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		for _, s := range []string{schema, schema + "_rebuild"} {
			if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+s+" CASCADE"); err != nil {
				t.Errorf("drop schema %s: %v", s, err)
			}
		}
	})
	return schema
}

func item(id, title string, skills ...string) catalog.Item {
	return catalog.Item{ID: id, Kind: catalog.KindFormation, Title: title, Skills: skills, Active: true}
}

var (
	firstCatalog = []catalog.Item{
		item("f-sql", "Initiation au langage SQL", "SQL"),
		item("f-excel", "Tableaux croisés dynamiques avec Excel", "Excel"),
		item("f-python", "Python pour l'analyse de données", "Python"),
	}
	secondCatalog = []catalog.Item{
		item("f-soudure", "Soudure à l'arc pour débutants", "Soudure"),
		item("f-sql", "Initiation au langage SQL", "SQL"),
	}
)

// open opens the stores of base for a command that wants o.
func open(t *testing.T, base stores.Config, o stores.Options) *stores.Set {
	t.Helper()
	s, err := stores.Open(t.Context(), base, o)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// index opens the stores of base, syncs items, commits when asked, and closes.
func index(t *testing.T, base stores.Config, items []catalog.Item, rebuild, commit bool) {
	t.Helper()
	s := open(t, base, stores.Options{Corpus: items, Rebuild: rebuild, Index: true})
	defer s.Close()
	if _, err := s.Indexer().Sync(t.Context(), items); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if commit {
		if err := s.Commit(t.Context()); err != nil {
			t.Fatalf("Commit: %v", err)
		}
	}
}

// storedIDs reopens the stores of base and returns the ids of the vector
// store and of the text index.
func storedIDs(t *testing.T, base stores.Config) (fresh bool, vectors, text []string) {
	t.Helper()
	s := open(t, base, stores.Options{Index: true, Corpus: firstCatalog})
	defer s.Close()
	items, err := s.Vectors().Items(t.Context())
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	for _, it := range items {
		vectors = append(vectors, it.ID)
	}
	hashes, err := s.Text().Hashes(t.Context())
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	for id := range hashes {
		text = append(text, id)
	}
	slices.Sort(vectors)
	slices.Sort(text)
	return s.Fresh(), vectors, text
}

func ids(items []catalog.Item) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out
}

func TestCommitThenReopen(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			base := b.config(t)
			index(t, base, firstCatalog, false, true)
			fresh, vectors, text := storedIDs(t, base)
			if fresh {
				t.Error("Fresh() after a commit = true, want false")
			}
			if diff := cmp.Diff(ids(firstCatalog), vectors); diff != "" {
				t.Errorf("vector store ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(ids(firstCatalog), text); diff != "" {
				t.Errorf("text index ids (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReopenedFindsItems(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			base := b.config(t)
			index(t, base, firstCatalog, false, true)
			s := open(t, base, stores.Options{})
			defer s.Close()
			q := catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "soudure sql"}}}
			got, err := s.Text().Search(t.Context(), q, catalog.Filter{}, 10)
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if len(got) != 1 || got[0].ID != "f-sql" {
				t.Errorf("Search(%q) = %v, want f-sql only", q.Clauses[0].Text, got)
			}
			st, err := s.Indexer().Sync(t.Context(), firstCatalog)
			if err != nil {
				t.Fatalf("Sync: %v", err)
			}
			if st.Unchanged != len(firstCatalog) || st.Embedded != 0 {
				t.Errorf("Sync of the same catalog after reopening: %+v, want every item unchanged, none embedded", st)
			}
		})
	}
}

func TestRebuildSwapsAtCommit(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			base := b.config(t)
			index(t, base, firstCatalog, false, true)

			index(t, base, secondCatalog, true, false) // rebuild abandoned
			if _, vectors, _ := storedIDs(t, base); !cmp.Equal(vectors, ids(firstCatalog)) {
				t.Errorf("after an uncommitted rebuild, ids = %v, want the first catalog's %v", vectors, ids(firstCatalog))
			}

			index(t, base, secondCatalog, true, true)
			_, vectors, text := storedIDs(t, base)
			if diff := cmp.Diff(ids(secondCatalog), vectors); diff != "" {
				t.Errorf("vector store ids after the rebuild's commit (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(ids(secondCatalog), text); diff != "" {
				t.Errorf("text index ids after the rebuild's commit (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRebuildStartsEmpty(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			base := b.config(t)
			index(t, base, firstCatalog, false, true)
			s := open(t, base, stores.Options{Rebuild: true, Corpus: secondCatalog})
			defer s.Close()
			items, err := s.Vectors().Items(t.Context())
			if err != nil {
				t.Fatalf("Items: %v", err)
			}
			if !s.Fresh() || len(items) != 0 {
				t.Errorf("rebuild: Fresh() = %v with %d items, want true and none", s.Fresh(), len(items))
			}
		})
	}
}

func TestInterruptedFirstIndex(t *testing.T) {
	base := stores.Config{DataDir: t.TempDir(), LocalDims: 32}
	path := filepath.Join(t.TempDir(), "mon catalogue.jsonl")
	s := open(t, base, stores.Options{Index: true, CatalogPaths: []string{path}, Corpus: firstCatalog})
	if _, err := s.Indexer().Sync(t.Context(), firstCatalog); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	s.Close() // interrupted: never committed

	reopen := stores.Options{Corpus: firstCatalog}
	_, err := stores.Open(t.Context(), base, reopen)
	var ie *stores.InterruptedError
	if !errors.As(err, &ie) {
		t.Fatalf("Open after an interrupted first index: %v, want an *InterruptedError", err)
	}
	if want := "tremplin index --catalog '" + path + "' --data " + base.DataDir; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the command %q", err, want)
	}

	index(t, base, firstCatalog, false, true) // `tremplin index` again finishes it
	s, err = stores.Open(t.Context(), base, reopen)
	if err != nil {
		t.Fatalf("Open after the index finished: %v", err)
	}
	s.Close()
}

func TestUncommittedFirstIndexIsDropped(t *testing.T) {
	base := stores.Config{DataDir: t.TempDir(), LocalDims: 32}
	index(t, base, firstCatalog, false, false)
	fresh, vectors, _ := storedIDs(t, base)
	if !fresh || len(vectors) != 0 {
		t.Errorf("after an uncommitted first index: Fresh() = %v with ids %v, want true and none", fresh, vectors)
	}
}

func TestLiveItems(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			base := b.config(t)
			got, err := stores.LiveItems(t.Context(), base, nil)
			if err != nil || len(got) != 0 {
				t.Fatalf("LiveItems of a new directory = %v, %v; want none", got, err)
			}
			index(t, base, firstCatalog, false, true)
			got, err = stores.LiveItems(t.Context(), base, nil)
			if err != nil {
				t.Fatalf("LiveItems: %v", err)
			}
			if diff := cmp.Diff(ids(firstCatalog), ids(got)); diff != "" {
				t.Errorf("LiveItems ids (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDemoReferentielGoesWithTheDemoCatalog(t *testing.T) {
	base := stores.Config{DataDir: t.TempDir(), LocalDims: 32}
	file := filepath.Join(base.DataDir, referentiel.FileName)

	s := open(t, base, stores.Options{Corpus: firstCatalog, DemoReferentiel: true, Index: true})
	if !demo.IsReferentiel(s.Referentiel()) {
		t.Errorf("new directory opened for the demo catalog: Referentiel() is not the demo's")
	}
	if err := s.Commit(t.Context()); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	s.Close()
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("demo référentiel not saved: %v", err)
	}

	s = open(t, base, stores.Options{Corpus: secondCatalog, Rebuild: true, Index: true})
	defer s.Close()
	if s.Referentiel() != nil {
		t.Errorf("opened for another catalog: Referentiel() = %d métiers, want none", len(s.Referentiel().Metiers))
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("demo référentiel removed before Commit: %v", err)
	}
	if err := s.Commit(t.Context()); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("demo référentiel after another catalog's Commit: %v, want it removed", err)
	}
}
