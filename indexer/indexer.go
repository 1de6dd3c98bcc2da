package indexer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"github.com/tremplin/tremplin/catalog"
)

// Tagger computes the métiers (ROME codes) an item prepares for.
type Tagger interface {
	Tag(it catalog.Item) []string
}

// Watcher learns of every change the Indexer made to the stores, after the
// stores accepted it: the recommender's métier tag index stays in step
// with the catalog this way.
type Watcher interface {
	// Changed receives the items written (with their métier tags as
	// stored) and the ids removed.
	Changed(upserted []catalog.Item, removed []string)
}

// Options tune an Indexer. The zero value is usable.
type Options struct {
	Logger *slog.Logger
	// Tagger, when set, fills Item.Metiers before items are stored.
	Tagger Tagger
	// BatchSize is the number of items embedded and written per batch (default 1,000).
	BatchSize int
	// Progress, when set, is called after each batch with the items
	// written so far and the items to write. An item due in both stores
	// counts half once written to the vector store, whole once in the
	// text index too, so total is the number of items (not of writes).
	Progress func(done, total int)
}

// Indexer keeps a text index and a vector store in step with a catalog.
// Each store is reconciled on its own against the source by content hash,
// and every batch is written atomically by the store, so a run that is
// killed at any point leaves both stores readable and the next run
// completes the work.
type Indexer struct {
	// mu serialises writes, so that the two stores never hold different
	// versions of an item written concurrently.
	mu       sync.Mutex
	text     TextIndex
	vec      VectorStore
	emb      Embedder
	opts     Options
	logger   *slog.Logger
	watchers []Watcher
}

// Watch makes w learn of every later change. Call it before writes start.
func (ix *Indexer) Watch(w Watcher) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.watchers = append(ix.watchers, w)
}

// notify tells the watchers of a change; records are the written items.
func (ix *Indexer) notify(written []catalog.Record, removed []string) {
	if len(ix.watchers) == 0 || len(written)+len(removed) == 0 {
		return
	}
	items := make([]catalog.Item, len(written))
	for i, r := range written {
		items[i] = r.Item
	}
	for _, w := range ix.watchers {
		w.Changed(items, removed)
	}
}

// Stats reports what a sync did.
type Stats struct {
	Total     int `json:"total"`
	Upserted  int `json:"upserted"`
	Deleted   int `json:"deleted"`
	Unchanged int `json:"unchanged"`
	Embedded  int `json:"embedded"`
}

// New returns an Indexer writing to text and vec with vectors from emb.
func New(text TextIndex, vec VectorStore, emb Embedder, opts Options) *Indexer {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Indexer{text: text, vec: vec, emb: emb, opts: opts, logger: logger}
}

// Sync makes both stores hold exactly items: new and changed items are
// upserted, items absent from items are deleted, the rest is untouched.
func (ix *Indexer) Sync(ctx context.Context, items []catalog.Item) (Stats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	recs := ix.records(items)
	st := Stats{Total: len(recs)}
	vecHashes, err := ix.vec.Hashes(ctx)
	if err != nil {
		return st, fmt.Errorf("read vector store hashes: %w", err)
	}
	textHashes, err := ix.text.Hashes(ctx)
	if err != nil {
		return st, fmt.Errorf("read text index hashes: %w", err)
	}
	wantIDs := make(map[string]bool, len(recs))
	var vecTodo, textTodo []catalog.Record
	model := ix.emb.Model()
	for _, r := range recs {
		wantIDs[r.Item.ID] = true
		vh := VectorHash(r.Hash, model)
		vecStale := vecHashes[r.Item.ID] != vh
		textStale := textHashes[r.Item.ID] != r.Hash
		if vecStale {
			vecTodo = append(vecTodo, catalog.Record{Item: r.Item, Hash: vh})
		}
		if textStale {
			textTodo = append(textTodo, r)
		}
		if vecStale || textStale {
			st.Upserted++
		} else {
			st.Unchanged++
		}
	}
	gone := staleIDs(wantIDs, vecHashes, textHashes)
	st.Deleted = len(gone)
	ix.logger.InfoContext(ctx, "sync plan", "total", st.Total, "vector_upserts", len(vecTodo),
		"text_upserts", len(textTodo), "deletes", len(gone))
	if err := ix.deleteBoth(ctx, gone); err != nil {
		return st, err
	}
	ix.notify(nil, gone)
	n, err := ix.write(ctx, vecTodo, textTodo)
	st.Embedded = n
	if err == nil {
		ix.notify(vecTodo, nil)
	}
	return st, err
}

// Put upserts items into both stores (incremental edit).
func (ix *Indexer) Put(ctx context.Context, items ...catalog.Item) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.put(ctx, items)
}

// Create adds one item that must not exist yet; otherwise it returns an
// error wrapping catalog.ErrConflict. The vector store, the source of
// truth, checks and writes in one step, so two writers — in this process
// or in another replica on the same database — never both create an id;
// the text index follows only once the item is stored.
func (ix *Indexer) Create(ctx context.Context, it catalog.Item) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	r := ix.records([]catalog.Item{it})[0]
	vr := catalog.Record{Item: r.Item, Hash: VectorHash(r.Hash, ix.emb.Model())}
	batch := []catalog.Record{vr}
	if err := ix.embed(ctx, batch); err != nil {
		return err
	}
	if err := ix.vec.Create(ctx, batch[0]); err != nil {
		return fmt.Errorf("write vector store: %w", err)
	}
	if err := ix.text.Upsert(ctx, []catalog.Record{r}); err != nil {
		return fmt.Errorf("write text index: %w", err)
	}
	ix.notify([]catalog.Record{r}, nil)
	return nil
}

func (ix *Indexer) put(ctx context.Context, items []catalog.Item) error {
	recs := ix.records(items)
	vecRecs := make([]catalog.Record, len(recs))
	for i, r := range recs {
		vecRecs[i] = catalog.Record{Item: r.Item, Hash: VectorHash(r.Hash, ix.emb.Model())}
	}
	if _, err := ix.write(ctx, vecRecs, recs); err != nil {
		return err
	}
	ix.notify(recs, nil)
	return nil
}

// VectorHash is the hash under which the vector store keeps an item: its
// content hash and the embedding model, so that a change of model
// re-embeds every item.
func VectorHash(contentHash, model string) string {
	sum := sha256.Sum256([]byte(contentHash + "\x00" + model))
	return hex.EncodeToString(sum[:16])
}

// Remove deletes items from both stores (incremental edit).
func (ix *Indexer) Remove(ctx context.Context, ids ...string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.deleteBoth(ctx, ids); err != nil {
		return err
	}
	ix.notify(nil, ids)
	return nil
}

func (ix *Indexer) records(items []catalog.Item) []catalog.Record {
	recs := make([]catalog.Record, len(items))
	for i, it := range items {
		if ix.opts.Tagger != nil {
			it.Metiers = ix.opts.Tagger.Tag(it)
		}
		recs[i] = catalog.Record{Item: it, Hash: catalog.ContentHash(it)}
	}
	return recs
}

func staleIDs(want map[string]bool, stores ...map[string]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, hs := range stores {
		for id := range hs {
			if !want[id] && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (ix *Indexer) deleteBoth(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	// Text first: an item is never searchable by text without a stored record.
	if err := ix.text.Delete(ctx, ids); err != nil {
		return fmt.Errorf("delete from text index: %w", err)
	}
	if err := ix.vec.Delete(ctx, ids); err != nil {
		return fmt.Errorf("delete from vector store: %w", err)
	}
	return nil
}

// write embeds and stores vecTodo in the vector store and textTodo in the
// text index, batch by batch. The vector store (the source of truth) is
// written before the text index for each batch. It returns the number of
// texts embedded.
func (ix *Indexer) write(ctx context.Context, vecTodo, textTodo []catalog.Record) (int, error) {
	writes, items := len(vecTodo)+len(textTodo), distinctIDs(vecTodo, textTodo)
	done, embedded := 0, 0
	// progress reports items: writes done, scaled to the items to write.
	progress := func() { ix.progress(done*items/writes, items) }
	bs := ix.opts.BatchSize
	for start := 0; start < len(vecTodo); start += bs {
		batch := vecTodo[start:min(start+bs, len(vecTodo))]
		if err := ix.embed(ctx, batch); err != nil {
			return embedded, err
		}
		embedded += len(batch)
		if err := ix.vec.Upsert(ctx, batch); err != nil {
			return embedded, fmt.Errorf("write vector store: %w", err)
		}
		done += len(batch)
		progress()
	}
	for start := 0; start < len(textTodo); start += bs {
		batch := textTodo[start:min(start+bs, len(textTodo))]
		if err := ix.text.Upsert(ctx, batch); err != nil {
			return embedded, fmt.Errorf("write text index: %w", err)
		}
		done += len(batch)
		progress()
	}
	if b, ok := ix.vec.(indexBuilder); ok && len(vecTodo) > 0 {
		if err := b.BuildIndex(ctx); err != nil {
			return embedded, err
		}
	}
	return embedded, nil
}

// distinctIDs counts the items of record lists, each id once.
func distinctIDs(lists ...[]catalog.Record) int {
	ids := map[string]bool{}
	for _, l := range lists {
		for _, r := range l {
			ids[r.Item.ID] = true
		}
	}
	return len(ids)
}

// indexBuilder is a vector store that may defer building its ANN index
// during bulk writes (pgvector); the indexer asks for it once they are done.
type indexBuilder interface {
	BuildIndex(ctx context.Context) error
}

func (ix *Indexer) embed(ctx context.Context, batch []catalog.Record) error {
	texts := make([]string, len(batch))
	for i, r := range batch {
		texts[i] = catalog.EmbeddingText(r.Item)
	}
	vecs, err := ix.emb.Embed(ctx, texts)
	if err != nil {
		return fmt.Errorf("embed %d items: %w", len(texts), err)
	}
	if len(vecs) != len(batch) {
		return fmt.Errorf("embed: got %d vectors for %d items", len(vecs), len(batch))
	}
	for i := range batch {
		if len(vecs[i]) != ix.emb.Dimensions() {
			return fmt.Errorf("embed: item %s: vector of dimension %d, want %d", batch[i].Item.ID, len(vecs[i]), ix.emb.Dimensions())
		}
		batch[i].Vector = vecs[i]
	}
	return nil
}

func (ix *Indexer) progress(done, total int) {
	if ix.opts.Progress != nil {
		ix.opts.Progress(done, total)
	}
}
