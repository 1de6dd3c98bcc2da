package indexer_test

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
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
