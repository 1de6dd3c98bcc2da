package textindex

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"
)

func record(id, title string) catalog.Record {
	it := catalog.Item{ID: id, Kind: catalog.KindFormation, Title: title, Active: true}
	return catalog.Record{Item: it, Hash: catalog.ContentHash(it)}
}

func ids(t *testing.T, ix *Index, text string) []string {
	t.Helper()
	got, err := ix.Search(t.Context(), catalog.TextQuery{Clauses: []catalog.TextClause{{Text: text}}}, catalog.Filter{}, math.MaxInt)
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	out := []string{}
	for _, s := range got {
		out = append(out, s.ID)
	}
	return out
}

func TestUpsertReplaceDelete(t *testing.T) {
	ix := openTemp(t)
	ctx := t.Context()
	a, b := record("a", "Soudure à l'arc"), record("b", "Soudure TIG")
	if err := ix.Upsert(ctx, []catalog.Record{a, b}); err != nil {
		t.Fatal(err)
	}
	a2 := record("a", "Plomberie sanitaire")
	if err := ix.Upsert(ctx, []catalog.Record{a2}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b"}, ids(t, ix, "soudure")); diff != "" {
		t.Errorf("old text still indexed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"a"}, ids(t, ix, "plomberie")); diff != "" {
		t.Errorf("new text not indexed (-want +got):\n%s", diff)
	}
	hashes, err := ix.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"a": a2.Hash, "b": b.Hash}, hashes); diff != "" {
		t.Errorf("Hashes mismatch (-want +got):\n%s", diff)
	}
	if err := ix.Delete(ctx, []string{"b", "unknown"}); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Count(ctx); err != nil || n != 1 {
		t.Errorf("Count() = %d, %v, want 1", n, err)
	}
	if diff := cmp.Diff([]string{}, ids(t, ix, "soudure")); diff != "" {
		t.Errorf("deleted item found (-want +got):\n%s", diff)
	}
}

// TestHashesPages reads the hashes of 2,017 items in one request, then in
// pages of 1,000.
func TestHashesPages(t *testing.T) {
	ix, err := NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := make(map[string]string)
	var recs []catalog.Record
	for i := range 2017 {
		r := record(fmt.Sprintf("id-%05d", i), fmt.Sprintf("Formation numéro %d", i))
		recs = append(recs, r)
		want[r.Item.ID] = r.Hash
	}
	if err := ix.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	for _, page := range []int{maxHashPage, 1000} {
		defer func(p int) { maxHashPage = p }(maxHashPage)
		maxHashPage = page
		got, err := ix.Hashes(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pages of %d: Hashes mismatch (-want +got):\n%s", page, diff)
		}
	}
}

// TestHashesOf reads the hashes of some ids only: those held, none for
// an id the index does not hold.
func TestHashesOf(t *testing.T) {
	ix, err := NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	recs := []catalog.Record{record("a", "Soudure"), record("b", "Gestion de paie"), record("c", "Comptabilité")}
	if err := ix.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	got, err := ix.HashesOf(t.Context(), []string{"a", "c", "absent"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"a": recs[0].Hash, "c": recs[2].Hash}, got); diff != "" {
		t.Errorf("HashesOf mismatch (-want +got):\n%s", diff)
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "text.bleve")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(t.Context(), []catalog.Record{record("dev", "Développeur Go")}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if diff := cmp.Diff([]string{"dev"}, ids(t, ix, "développement")); diff != "" {
		t.Errorf("search after reopen (-want +got):\n%s", diff)
	}
}

func TestOpenIncompatible(t *testing.T) {
	path := filepath.Join(t.TempDir(), "text.bleve")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.bi.SetInternal(versionKey, []byte("built by an older stemmer")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); !errors.Is(err, ErrIncompatible) {
		t.Errorf("Open() error = %v, want ErrIncompatible", err)
	}
}

func TestClosed(t *testing.T) {
	ix, err := NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = ix.Search(t.Context(), catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "x"}}}, catalog.Filter{}, 10)
	if !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close: error = %v, want ErrClosed", err)
	}
	if err := ix.Upsert(t.Context(), []catalog.Record{record("a", "x")}); !errors.Is(err, ErrClosed) {
		t.Errorf("Upsert after Close: error = %v, want ErrClosed", err)
	}
}

func TestInvalid(t *testing.T) {
	ix, err := NewMemOnly()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Upsert(t.Context(), []catalog.Record{record("", "x")}); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Upsert without id: error = %v, want catalog.ErrInvalid", err)
	}
	if got, err := ix.Search(t.Context(), catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "x"}}}, catalog.Filter{}, math.MaxInt); err != nil || len(got) != 0 {
		t.Errorf("Search with k = MaxInt on an empty index = %v, %v, want nothing", got, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := ix.Upsert(ctx, []catalog.Record{record("a", "x")}); !errors.Is(err, context.Canceled) {
		t.Errorf("Upsert with cancelled ctx: error = %v, want context.Canceled", err)
	}
	tests := []struct {
		name    string
		clauses []catalog.TextClause
		wantErr error
	}{
		{"unknown field", []catalog.TextClause{{Field: "provider", Text: "x"}}, catalog.ErrInvalid},
		{"negative boost", []catalog.TextClause{{Text: "x", Boost: -1}}, catalog.ErrInvalid},
		{"no clause", nil, nil},
		{"blank text", []catalog.TextClause{{Text: " \t"}}, nil},
		{"invalid UTF-8", []catalog.TextClause{{Text: "\xff\xfe table \xc3"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Search(t.Context(), catalog.TextQuery{Clauses: tt.clauses}, catalog.Filter{}, 10)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Search() error = %v, want %v", err, tt.wantErr)
			}
			if len(got) != 0 {
				t.Errorf("Search() = %v, want nothing", got)
			}
		})
	}
}

// TestConcurrentSearchUpsert runs searches while items are written; run
// with -race.
func TestConcurrentSearchUpsert(t *testing.T) {
	ix := openTemp(t)
	g, ctx := errgroup.WithContext(t.Context())
	g.Go(func() error {
		for i := range 20 {
			var recs []catalog.Record
			for j := range 50 {
				recs = append(recs, record(fmt.Sprintf("r%02d-%02d", i, j), "Gestion de projet"))
			}
			if err := ix.Upsert(ctx, recs); err != nil {
				return err
			}
		}
		return nil
	})
	for range 4 {
		g.Go(func() error {
			q := catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "gestionnaire de projets"}}}
			for range 50 {
				if _, err := ix.Search(ctx, q, catalog.Filter{}, 10); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Count(t.Context()); err != nil || n != 1000 {
		t.Errorf("Count() = %d, %v, want 1000", n, err)
	}
}
