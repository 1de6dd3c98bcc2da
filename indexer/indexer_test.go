package indexer_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/recommender/metier"
)

const dims = 8

// fakeOpenAI is an OpenAI-compatible /embeddings endpoint returning
// deterministic vectors; it counts requests and embedded inputs.
type fakeOpenAI struct {
	requests, inputs atomic.Int64
}

func (f *fakeOpenAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Input []string `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.requests.Add(1)
	f.inputs.Add(int64(len(req.Input)))
	type datum struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	data := make([]datum, len(req.Input))
	for i, text := range req.Input {
		h := fnv.New64a()
		h.Write([]byte(text))
		seed := h.Sum64()
		v := make([]float32, dims)
		for d := range v {
			v[d] = float32(math.Sin(float64(seed%1000) + float64(d)))
		}
		data[i] = datum{Object: "embedding", Index: i, Embedding: v}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": "fake"})
}

func newIndexer(t *testing.T, dir, url string) (*indexer.Indexer, func()) {
	t.Helper()
	emb, err := embed.NewOpenAI(embed.Config{BaseURL: url, Model: "fake-embed", Dimensions: dims, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	text, err := textindex.Open(filepath.Join(dir, "text.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	vec, err := vecstore.Open(filepath.Join(dir, "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	return indexer.New(text, vec, emb, indexer.Options{}), func() { text.Close(); vec.Close() }
}

func demoItems(n int) []catalog.Item {
	items := make([]catalog.Item, n)
	for i := range items {
		items[i] = catalog.Item{ID: fmt.Sprintf("f%03d", i), Kind: catalog.KindFormation, Active: true,
			Title: fmt.Sprintf("Formation numéro %d", i), Skills: []string{"Langage SQL"}}
	}
	return items
}

// TestSyncEmbedsOnlyWhatChanged re-indexes through a fake OpenAI-compatible
// server: an unchanged catalog makes no embedding call, one changed item
// one input, a deleted item none — across a reopen of the stores.
func TestSyncEmbedsOnlyWhatChanged(t *testing.T) {
	fake := &fakeOpenAI{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	items := demoItems(50)

	ix, closeAll := newIndexer(t, dir, srv.URL)
	st, err := ix.Sync(t.Context(), items)
	closeAll()
	if err != nil {
		t.Fatal(err)
	}
	if st.Embedded != 50 || fake.inputs.Load() != 50 {
		t.Fatalf("first sync embedded %d (server saw %d inputs), want 50", st.Embedded, fake.inputs.Load())
	}

	steps := []struct {
		name       string
		change     func([]catalog.Item) []catalog.Item
		wantInputs int64
		want       indexer.Stats
	}{
		{"unchanged", func(it []catalog.Item) []catalog.Item { return it }, 0,
			indexer.Stats{Total: 50, Unchanged: 50}},
		{"one changed", func(it []catalog.Item) []catalog.Item { it[7].Title += " (mise à jour)"; return it }, 1,
			indexer.Stats{Total: 50, Upserted: 1, Unchanged: 49, Embedded: 1}},
		{"one deleted", func(it []catalog.Item) []catalog.Item { return it[1:] }, 0,
			indexer.Stats{Total: 49, Deleted: 1, Unchanged: 49}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			items = s.change(items)
			before, beforeReq := fake.inputs.Load(), fake.requests.Load()
			ix, closeAll := newIndexer(t, dir, srv.URL)
			defer closeAll()
			got, err := ix.Sync(t.Context(), items)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(s.want, got); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
			if n := fake.inputs.Load() - before; n != s.wantInputs {
				t.Errorf("server embedded %d inputs, want %d", n, s.wantInputs)
			}
			if s.wantInputs == 0 && fake.requests.Load() != beforeReq {
				t.Errorf("server got %d requests, want none", fake.requests.Load()-beforeReq)
			}
		})
	}
}

// TestSyncKnown syncs items of which some are known only by their id and
// content hash: those the stores hold as they are count as unchanged and
// stay; one the stores hold otherwise stops the sync with a
// *KnownStaleError naming it, before anything is written.
func TestSyncKnown(t *testing.T) {
	fake := &fakeOpenAI{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	dir := t.TempDir()
	items := demoItems(20)
	ix, closeAll := newIndexer(t, dir, srv.URL)
	defer closeAll()
	if _, err := ix.Sync(t.Context(), items); err != nil {
		t.Fatal(err)
	}
	known := func(its []catalog.Item) (out []catalog.Known) {
		for _, it := range its {
			out = append(out, catalog.Known{ID: it.ID, Hash: catalog.ContentHash(it)})
		}
		return out
	}
	changed := slices.Clone(items[:5])
	changed[0].Title += " (mise à jour)"
	before := fake.inputs.Load()
	st, err := ix.SyncKnown(t.Context(), changed, known(items[5:]))
	if err != nil {
		t.Fatal(err)
	}
	if want := (indexer.Stats{Total: 20, Upserted: 1, Unchanged: 19, Embedded: 1}); st != want || fake.inputs.Load()-before != 1 {
		t.Errorf("stats %+v (%d embedded by the server), want %+v", st, fake.inputs.Load()-before, want)
	}

	edited := slices.Clone(items)
	edited[3].Title += " (autre)"
	_, err = ix.SyncKnown(t.Context(), items[6:], known(edited[:6]))
	var stale *indexer.KnownStaleError
	if !errors.As(err, &stale) || !slices.Equal(stale.IDs, []string{items[0].ID, items[3].ID}) {
		t.Fatalf("known items unlike the stored: %v, want a KnownStaleError naming %s and %s", err, items[0].ID, items[3].ID)
	}
	if got, err := ix.Sync(t.Context(), append(slices.Clone(changed), items[5:]...)); err != nil || got.Upserted != 0 || got.Deleted != 0 {
		t.Errorf("after the refused sync: %+v, %v; want nothing written by it", got, err)
	}
}

// countingTagger is a real métier tagger that counts the items it tags and
// may announce another version.
type countingTagger struct {
	*metier.Tagger
	tagged  atomic.Int64
	version string
}

func (c *countingTagger) Tag(it catalog.Item) []string {
	c.tagged.Add(1)
	return c.Tagger.Tag(it)
}

func (c *countingTagger) Version() string { return c.Tagger.Version() + c.version }

// TestSyncTagsOnlyWhatChanged indexes the demo catalog with the demo
// emplois: a re-sync tags only the items changed, a new tagger version
// re-tags them all, and the stored items, métiers included, are those of a
// sync of the same catalog from empty.
func TestSyncTagsOnlyWhatChanged(t *testing.T) {
	fake := &fakeOpenAI{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := demo.Referentiel()
	if err != nil {
		t.Fatal(err)
	}
	tg := &countingTagger{Tagger: metier.NewTagger(ref, 0)}
	sync := func(dir string, items []catalog.Item) (indexer.Stats, []catalog.Item) {
		t.Helper()
		ix, stores, closeAll := newTaggingIndexer(t, dir, srv.URL, tg)
		defer closeAll()
		st, err := ix.Sync(t.Context(), items)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := stores.Items(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return st, stored
	}

	dir := t.TempDir()
	sync(dir, items)
	if n := tg.tagged.Swap(0); n != int64(len(items)) {
		t.Fatalf("first sync tagged %d items, want %d", n, len(items))
	}
	changed := slices.Clone(items)
	for _, i := range []int{3, 17, 40} {
		changed[i].Description += " Nouvelle session en alternance."
	}
	st, got := sync(dir, changed)
	if n := tg.tagged.Swap(0); n != 3 || st.Upserted != 3 || st.Embedded != 3 {
		t.Errorf("re-sync of 3 changed items tagged %d, upserted %d, embedded %d, want 3, 3 and 3", n, st.Upserted, st.Embedded)
	}
	_, want := sync(t.TempDir(), changed)
	tg.tagged.Store(0)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("items re-synced differ from a sync from empty (-empty +re-synced):\n%s", diff)
	}
	tagged := 0
	for _, it := range got {
		if len(it.Metiers) > 0 {
			tagged++
		}
	}
	if tagged < len(got)/2 {
		t.Errorf("only %d of %d items have métiers: the comparison proves little", tagged, len(got))
	}

	// Another référentiel: every item is tagged and written again, but
	// the embedded texts did not change, and neither do the vectors.
	tg.version = "-autre"
	inputs := fake.inputs.Load()
	if st, _ := sync(dir, changed); tg.tagged.Load() != int64(len(items)) || st.Upserted != len(items) || st.Embedded != 0 || fake.inputs.Load() != inputs {
		t.Errorf("another tagger version tagged %d items, upserted %d, embedded %d (server saw %d texts); want all %d, all, none, none",
			tg.tagged.Load(), st.Upserted, st.Embedded, fake.inputs.Load()-inputs, len(items))
	}
	// So does an edit through Put that leaves the embedded text as it is.
	edited := slices.Clone(changed)
	price := 990.0
	edited[5].PriceEUR = &price
	ix, vec, closeAll := newTaggingIndexer(t, dir, srv.URL, tg)
	if err := ix.Put(t.Context(), edited[5]); err != nil || fake.inputs.Load() != inputs {
		t.Errorf("Put of a new price: %v, the server saw %d texts; want none", err, fake.inputs.Load()-inputs)
	}
	ids := make([]string, len(edited))
	for i, it := range edited {
		ids[i] = it.ID
	}
	kept, err := vec.(indexer.VectorReader).Vectors(t.Context(), ids)
	closeAll()
	if err != nil {
		t.Fatal(err)
	}
	freshDir := t.TempDir()
	sync(freshDir, edited)
	_, fresh, closeFresh := newTaggingIndexer(t, freshDir, srv.URL, tg)
	defer closeFresh()
	wantVecs, err := fresh.(indexer.VectorReader).Vectors(t.Context(), ids)
	if err != nil {
		t.Fatal(err)
	}
	// Equal but for the last bit: the store normalises every vector written.
	if diff := cmp.Diff(wantVecs, kept, cmpopts.EquateApprox(0, 1e-6)); diff != "" || len(kept) != len(items) {
		t.Errorf("vectors and hashes kept through re-tagging differ from a sync from empty (-empty +kept):\n%s", diff)
	}
}

// newTaggingIndexer is newIndexer with a tagger; it also returns the vector store.
func newTaggingIndexer(t *testing.T, dir, url string, tg indexer.Tagger) (*indexer.Indexer, indexer.VectorStore, func()) {
	t.Helper()
	emb, err := embed.NewOpenAI(embed.Config{BaseURL: url, Model: "fake-embed", Dimensions: dims, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	text, err := textindex.Open(filepath.Join(dir, "text.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	vec, err := vecstore.Open(filepath.Join(dir, "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	return indexer.New(text, vec, emb, indexer.Options{Tagger: tg}), vec, func() { text.Close(); vec.Close() }
}
