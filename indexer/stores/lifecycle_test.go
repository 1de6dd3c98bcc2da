package stores_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/stores"
)

// TestLifecycle drives a Set as the commands do, without the CLI: Open,
// Index, Rebuild, Close, each step checked by reopening the stores. A
// Rebuild on a set not opened for one is refused and writes nothing.
func TestLifecycle(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			base := b.config(t)
			run := func(o stores.Options, items []catalog.Item, rebuild bool) error {
				t.Helper()
				o.Corpus = items
				s := open(t, base, o)
				defer func() {
					if err := s.Close(); err != nil {
						t.Errorf("Close: %v", err)
					}
				}()
				if rebuild {
					_, err := s.Rebuild(t.Context(), items)
					return err
				}
				_, err := s.Index(t.Context(), items)
				return err
			}
			want := func(step string, items []catalog.Item) {
				t.Helper()
				_, vectors, text := storedIDs(t, base)
				if diff := cmp.Diff(ids(items), vectors); diff != "" {
					t.Errorf("%s: vector store ids (-want +got):\n%s", step, diff)
				}
				if diff := cmp.Diff(ids(items), text); diff != "" {
					t.Errorf("%s: text index ids (-want +got):\n%s", step, diff)
				}
			}
			if err := run(stores.Options{Index: true}, firstCatalog, false); err != nil {
				t.Fatalf("Index: %v", err)
			}
			want("after Index", firstCatalog)
			if err := run(stores.Options{Index: true}, secondCatalog, true); err == nil {
				t.Error("Rebuild on a set opened without Options.Rebuild: no error")
			}
			want("after a refused Rebuild", firstCatalog)
			if err := run(stores.Options{Index: true, Rebuild: true}, secondCatalog, true); err != nil {
				t.Fatalf("Rebuild: %v", err)
			}
			want("after Rebuild", secondCatalog)
		})
	}
}

// TestVectorsOnly writes the shared Postgres store through a set that
// takes neither the data directory's lock nor a text index, while another
// set holds that directory, as `tremplin index` beside `tremplin serve`
// does: the serving set's follower brings its text index in step.
func TestVectorsOnly(t *testing.T) {
	bs := backends(t)
	if len(bs) < 2 {
		t.Skip("Postgres only")
	}
	base := bs[1].config(t)
	serving := open(t, base, stores.Options{Corpus: firstCatalog})
	defer serving.Close()
	if _, err := serving.Index(t.Context(), firstCatalog); err != nil {
		t.Fatal(err)
	}
	for _, rebuild := range []bool{false, true} {
		items := secondCatalog
		if rebuild {
			items = firstCatalog
		}
		w := open(t, base, stores.Options{Index: true, VectorsOnly: true, Rebuild: rebuild, Corpus: items})
		if w.Text() != nil {
			t.Error("a vectors-only set has a text index")
		}
		var err error
		if rebuild {
			_, err = w.Rebuild(t.Context(), items)
		} else {
			_, err = w.Index(t.Context(), items)
		}
		if err != nil {
			t.Fatalf("vectors-only (rebuild %v): %v", rebuild, err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := serving.Follower().CatchUp(t.Context()); err != nil {
			t.Fatal(err)
		}
		h, err := serving.Text().Hashes(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, 0, len(h))
		for id := range h {
			got = append(got, id)
		}
		slices.Sort(got)
		if diff := cmp.Diff(ids(items), got); diff != "" {
			t.Errorf("serving text index after a vectors-only write (rebuild %v) (-want +got):\n%s", rebuild, diff)
		}
	}
}

// TestReloadEmbedder rebuilds, through a vectors-only set, on a corpus
// that fits other local embedder weights while a serving set runs: the
// serving set's ReloadEmbedder takes the new weights, so that its queries
// are embedded like the rebuilt vectors.
func TestReloadEmbedder(t *testing.T) {
	bs := backends(t)
	if len(bs) < 2 {
		t.Skip("Postgres only")
	}
	base := bs[1].config(t)
	serving := open(t, base, stores.Options{Corpus: firstCatalog})
	defer serving.Close()
	if _, err := serving.Index(t.Context(), firstCatalog); err != nil {
		t.Fatal(err)
	}
	if changed, err := serving.ReloadEmbedder(t.Context()); err != nil || changed {
		t.Fatalf("ReloadEmbedder before any rebuild: %v, %v; want no change", changed, err)
	}
	before := serving.QueryEmbedder().Model()
	r := open(t, base, stores.Options{Index: true, VectorsOnly: true, Rebuild: true, Corpus: secondCatalog})
	rebuilt := r.Embedder().Model()
	if _, err := r.Rebuild(t.Context(), secondCatalog); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if rebuilt == before {
		t.Fatalf("the rebuild fitted the same weights (%s): the test proves nothing", rebuilt)
	}
	changed, err := serving.ReloadEmbedder(t.Context())
	if err != nil || !changed {
		t.Fatalf("ReloadEmbedder after the rebuild: %v, %v; want a change", changed, err)
	}
	if got := serving.QueryEmbedder().Model(); got != rebuilt {
		t.Errorf("serving query model after the reload: %s, want the rebuild's %s", got, rebuilt)
	}
	if got := serving.Embedder().Model(); got != rebuilt {
		t.Errorf("serving item model after the reload: %s, want the rebuild's %s", got, rebuilt)
	}
}
