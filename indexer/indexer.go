package indexer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"
)

// Tagger computes the métiers (ROME codes) an item prepares for. It must
// be safe for concurrent use: the indexer tags items on every CPU.
type Tagger interface {
	Tag(it catalog.Item) []string
	// Version identifies the tagger and what it compares items with (the
	// référentiel): two taggers of one version give an item the same tags.
	Version() string
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
// A nil text writes the vector store only: a shared Postgres store whose
// replicas bring their own text indexes in step through its change feed.
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
	return ix.SyncKnown(ctx, items, nil)
}

// KnownStaleError is what SyncKnown returns, having written nothing, when
// items it was given as known differ from what the stores hold: edited
// through the API since, or to be tagged or embedded anew. The caller
// decodes them after all and syncs again.
type KnownStaleError struct {
	// IDs are the known items the stores do not hold as they are.
	IDs []string
}

// Error says how many known items differ.
func (e *KnownStaleError) Error() string {
	return fmt.Sprintf("%d known items differ from the stored ones", len(e.IDs))
}

// SyncKnown is Sync of the items and of the items known only by their id
// and content hash (catalog.Known: unchanged lines of the catalog files):
// those must be stored as they are, otherwise it returns a
// *KnownStaleError and writes nothing.
func (ix *Indexer) SyncKnown(ctx context.Context, items []catalog.Item, known []catalog.Known) (Stats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	hashes := ix.hashes(items)
	st := Stats{Total: len(items) + len(known)}
	vecHashes, err := ix.vec.Hashes(ctx)
	if err != nil {
		return st, fmt.Errorf("read vector store hashes: %w", err)
	}
	var textHashes map[string]string
	if ix.text != nil {
		if textHashes, err = ix.text.Hashes(ctx); err != nil {
			return st, fmt.Errorf("read text index hashes: %w", err)
		}
	}
	wantIDs := make(map[string]bool, st.Total)
	model := ix.emb.Model()
	stale := func(id, hash string) (vec, text bool) {
		return recordPart(vecHashes[id]) != VectorHash(hash, model), ix.text != nil && textHashes[id] != hash
	}
	var staleKnown []string
	for _, k := range known {
		wantIDs[k.ID] = true
		if v, t := stale(k.ID, ix.storedHash(k.Hash)); v || t {
			staleKnown = append(staleKnown, k.ID)
		}
	}
	if len(staleKnown) > 0 {
		return st, &KnownStaleError{IDs: staleKnown}
	}
	w := writes{stored: vecHashes}
	for i, it := range items {
		wantIDs[it.ID] = true
		if vecStale, textStale := stale(it.ID, hashes[i]); vecStale || textStale {
			w.add(catalog.Record{Item: it, Hash: hashes[i]}, vecStale, textStale)
		}
	}
	st.Upserted, st.Unchanged = len(w.recs), st.Total-len(w.recs)
	gone := staleIDs(wantIDs, vecHashes, textHashes)
	st.Deleted = len(gone)
	ix.logger.InfoContext(ctx, "sync plan", "total", st.Total, "vector_upserts", w.vecCount,
		"text_upserts", w.textCount, "deletes", len(gone))
	if err := ix.deleteBoth(ctx, gone); err != nil {
		return st, err
	}
	ix.notify(nil, gone)
	n, err := ix.write(ctx, &w)
	st.Embedded = n
	if err != nil {
		return st, err
	}
	ix.notify(w.vecRecords(), nil)
	if ix.text != nil && bulkLoad(st) {
		if err := ix.text.Compact(ctx); err != nil {
			return st, fmt.Errorf("compact text index: %w", err)
		}
	}
	return st, nil
}

// bulkLoad reports whether a sync wrote so much of the catalog (from empty,
// a rebuild, a large import) that the text index is merged into one
// segment: Bleve's BM25 takes a field's average length from the distinct
// terms of each segment, so a served ranking would otherwise depend on how
// the index happened to be written, and a query opens one postings list
// per term instead of one per segment (100,000 items: 3.5 s, a fifth off
// a served query). A small update leaves merging to Scorch.
func bulkLoad(st Stats) bool {
	return st.Upserted >= 1000 && st.Upserted*4 >= st.Total
}

// writes are the records a sync or an edit writes, under their content
// hash and tagged, and the stores each is due in.
type writes struct {
	recs                []catalog.Record
	vecDue, textDue     []bool
	vecCount, textCount int
	// stored are the vector store's hashes by id, when read: only the
	// records whose stored hash says the same vector are asked for it
	// (nil: all are).
	stored map[string]string
}

func (w *writes) add(r catalog.Record, vec, text bool) {
	w.recs = append(w.recs, r)
	w.vecDue, w.textDue = append(w.vecDue, vec), append(w.textDue, text)
	if vec {
		w.vecCount++
	}
	if text {
		w.textCount++
	}
}

// vecRecords returns the records due in the vector store.
func (w *writes) vecRecords() []catalog.Record {
	return w.due(w.vecDue, w.vecCount)
}

// due returns the records of w marked in which (count of them), without
// copying when all are.
func (w *writes) due(which []bool, count int) []catalog.Record {
	if count == len(w.recs) {
		return w.recs
	}
	out := make([]catalog.Record, 0, count)
	for i, r := range w.recs {
		if which[i] {
			out = append(out, r)
		}
	}
	return out
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
	recs := []catalog.Record{{Item: it, Hash: ix.hashes([]catalog.Item{it})[0]}}
	ix.tag(recs, []int{0})
	r := recs[0]
	vr := catalog.Record{Item: r.Item, Hash: vectorRecordHash(r.Hash, r.Item, ix.emb.Model())}
	batch := []catalog.Record{vr}
	if _, err := ix.embed(ctx, batch); err != nil {
		return err
	}
	if err := ix.vec.Create(ctx, batch[0]); err != nil {
		return fmt.Errorf("write vector store: %w", err)
	}
	if ix.text != nil {
		if err := ix.text.Upsert(ctx, []catalog.Record{r}); err != nil {
			return fmt.Errorf("write text index: %w", err)
		}
	}
	ix.notify([]catalog.Record{r}, nil)
	return nil
}

func (ix *Indexer) put(ctx context.Context, items []catalog.Item) error {
	var w writes
	for i, h := range ix.hashes(items) {
		w.add(catalog.Record{Item: items[i], Hash: h}, true, true)
	}
	if _, err := ix.write(ctx, &w); err != nil {
		return err
	}
	ix.notify(w.recs, nil)
	return nil
}

// VectorHash identifies the record the vector store keeps for an item of
// content hash contentHash embedded by model, so that a change of model
// re-embeds every item. The store's hash is VectorHash, a dot, and the
// hash of the embedded text and the model (see vectorRecordHash): a record
// whose content changed but not its embedded text (new métier tags, a new
// price) keeps its vector.
func VectorHash(contentHash, model string) string {
	sum := sha256.Sum256([]byte(contentHash + "\x00" + model))
	return hex.EncodeToString(sum[:16])
}

// vectorRecordHash is the hash the vector store keeps it under.
func vectorRecordHash(contentHash string, it catalog.Item, model string) string {
	sum := sha256.Sum256([]byte(catalog.EmbeddingText(it) + "\x00" + model))
	return VectorHash(contentHash, model) + "." + hex.EncodeToString(sum[:8])
}

// recordPart is the VectorHash part of a vector store hash (all of it for
// a record written before the hash had a vector part).
func recordPart(stored string) string {
	r, _, _ := strings.Cut(stored, ".")
	return r
}

// sameVector reports whether two vector store hashes say the same
// embedded text and model.
func sameVector(a, b string) bool {
	_, va, ok := strings.Cut(a, ".")
	_, vb, okb := strings.Cut(b, ".")
	return ok && okb && va == vb
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

// hashes returns the hash each item is stored under. With a tagger, it
// is that of the item without its métiers and of the tagger's version,
// which together decide the tags: an unchanged item is known without
// tagging it.
func (ix *Indexer) hashes(items []catalog.Item) []string {
	out := make([]string, len(items))
	forEach(len(items), func(i int) {
		it := items[i]
		if ix.opts.Tagger != nil {
			it.Metiers = nil
		}
		out[i] = ix.storedHash(catalog.ContentHash(it))
	})
	return out
}

// storedHash is the hash under which the stores keep an item of content
// hash contentHash (without métiers when there is a tagger).
func (ix *Indexer) storedHash(contentHash string) string {
	if ix.opts.Tagger == nil {
		return contentHash
	}
	return TaggedHash(contentHash, ix.opts.Tagger.Version())
}

// TaggedHash is the hash under which the stores keep an item tagged by a
// tagger: its content hash without métiers and the tagger's version, so
// that a change of référentiel re-tags every item.
func TaggedHash(contentHash, taggerVersion string) string {
	sum := sha256.Sum256([]byte(contentHash + "\x00tags\x00" + taggerVersion))
	return hex.EncodeToString(sum[:16])
}

// tag fills the métiers of recs[i] for every i of ids, on every CPU.
func (ix *Indexer) tag(recs []catalog.Record, ids []int) {
	if ix.opts.Tagger == nil {
		return
	}
	forEach(len(ids), func(k int) {
		r := &recs[ids[k]]
		r.Item.Metiers = ix.opts.Tagger.Tag(r.Item)
	})
}

// forEach calls fn(i) for every i in [0, n), spread over the CPUs in
// contiguous chunks.
func forEach(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+63)/64)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	const chunk = 64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
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
	if ix.text != nil {
		if err := ix.text.Delete(ctx, ids); err != nil {
			return fmt.Errorf("delete from text index: %w", err)
		}
	}
	if err := ix.vec.Delete(ctx, ids); err != nil {
		return fmt.Errorf("delete from vector store: %w", err)
	}
	return nil
}

// write tags the records of w (only new and changed items are: the hash
// of the others says their tags would come out the same), embeds and
// stores those due in the vector store, and writes those due in the text
// index, both at once on their own goroutines: an item goes to the text
// index only once the vector store (the source of truth) holds it. Items
// are embedded and written to the vector store BatchSize at a time, each
// batch a copy of its records under the vector hash that is dropped once
// written, so that the vectors of a sync are never all held at once (the
// embedded store writes a batch as a delta file, and rewrites itself
// whole only as often as it doubles). It returns the number of texts
// embedded.
func (ix *Indexer) write(ctx context.Context, w *writes) (int, error) {
	total, items := w.vecCount+w.textCount, len(w.recs)
	var mu sync.Mutex
	done := 0
	// progress reports items: writes done, scaled to the items to write.
	progress := func(n int) {
		mu.Lock()
		defer mu.Unlock()
		done += n
		ix.progress(done*items/total, items)
	}
	// ready receives the records (indexes in w.recs) the text index may take.
	ready := make(chan []int, 16)
	g, gctx := errgroup.WithContext(ctx)
	embedded := 0
	g.Go(func() error {
		defer close(ready)
		n, err := ix.writeVectors(gctx, w, ready, progress)
		embedded = n
		return err
	})
	g.Go(func() error { return ix.writeText(gctx, w, ready, progress) })
	if err := g.Wait(); err != nil {
		return embedded, err
	}
	if b, ok := ix.vec.(indexBuilder); ok && w.vecCount > 0 {
		if err := b.BuildIndex(ctx); err != nil {
			return embedded, err
		}
	}
	return embedded, nil
}

// writeVectors tags, embeds and writes the records of w due in the vector
// store, BatchSize at a time, and sends on ready the records due in the
// text index once the vector store holds them (at once, tagged, for those
// due in the text index only).
func (ix *Indexer) writeVectors(ctx context.Context, w *writes, ready chan<- []int, progress func(int)) (int, error) {
	send := func(ids []int) error {
		if len(ids) == 0 {
			return nil
		}
		select {
		case ready <- ids:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	var textOnly []int
	for i := range w.recs {
		if w.textDue[i] && !w.vecDue[i] {
			textOnly = append(textOnly, i)
		}
	}
	for c := 0; c < len(textOnly); c += ix.opts.BatchSize {
		ids := textOnly[c:min(c+ix.opts.BatchSize, len(textOnly))]
		ix.tag(w.recs, ids)
		if err := send(ids); err != nil {
			return 0, err
		}
	}
	model := ix.emb.Model()
	// done: records written; embedded: those of them embedded (the others
	// kept their stored vector); next: the next record to consider.
	done, embedded, next := 0, 0, 0
	for done < w.vecCount {
		size := min(ix.opts.BatchSize, w.vecCount-done)
		var ids, text []int
		for ; len(ids) < size; next++ {
			if w.vecDue[next] {
				ids = append(ids, next)
				if w.textDue[next] {
					text = append(text, next)
				}
			}
		}
		ix.tag(w.recs, ids)
		batch := make([]catalog.Record, len(ids))
		for k, i := range ids {
			batch[k] = catalog.Record{Item: w.recs[i].Item, Hash: vectorRecordHash(w.recs[i].Hash, w.recs[i].Item, model)}
		}
		if err := ix.reuseVectors(ctx, batch, w.stored); err != nil {
			return embedded, err
		}
		n, err := ix.embed(ctx, batch)
		if err != nil {
			return embedded, err
		}
		progress(len(batch))
		if err := ix.vec.Upsert(ctx, batch); err != nil {
			return embedded, fmt.Errorf("write vector store: %w", err)
		}
		done += len(batch)
		embedded += n
		if err := send(text); err != nil {
			return embedded, err
		}
	}
	return embedded, nil
}

// writeText writes to the text index the records of w received on ready,
// BatchSize at a time, until ready is closed.
func (ix *Indexer) writeText(ctx context.Context, w *writes, ready <-chan []int, progress func(int)) error {
	bs := ix.opts.BatchSize
	var pending []int
	if ix.text == nil { // vector store only: the replicas follow its change feed
		for range ready {
		}
		return context.Cause(ctx)
	}
	flush := func(all bool) error {
		for len(pending) >= bs || (all && len(pending) > 0) {
			n := min(bs, len(pending))
			batch := make([]catalog.Record, n)
			for k, i := range pending[:n] {
				batch[k] = w.recs[i]
			}
			if err := ix.text.Upsert(ctx, batch); err != nil {
				return fmt.Errorf("write text index: %w", err)
			}
			pending = pending[n:]
			progress(n)
		}
		return nil
	}
	for ids := range ready {
		pending = append(pending, ids...)
		if err := flush(false); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return context.Cause(ctx)
	}
	return flush(true)
}

// indexBuilder is a vector store that may defer building its ANN index
// during bulk writes (pgvector); the indexer asks for it once they are done.
type indexBuilder interface {
	BuildIndex(ctx context.Context) error
}

// reuseVectors gives each record of batch whose stored record has the
// same embedded text and model (see vectorRecordHash) the stored vector,
// when the vector store gives vectors back (VectorReader). stored, when
// not nil, are the store's hashes: only the records they say have the
// same vector are read.
func (ix *Indexer) reuseVectors(ctx context.Context, batch []catalog.Record, stored map[string]string) error {
	vr, ok := ix.vec.(VectorReader)
	if !ok {
		return nil
	}
	want := make(map[string]int, len(batch))
	ids := make([]string, 0, len(batch))
	for k, r := range batch {
		if stored == nil || sameVector(stored[r.Item.ID], r.Hash) {
			want[r.Item.ID] = k
			ids = append(ids, r.Item.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	recs, err := vr.Vectors(ctx, ids)
	if err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		// Embedding them again is always right, and rewrites a record
		// the store could not read.
		ix.logger.WarnContext(ctx, "stored vectors unreadable, embedding again", "items", len(ids), "err", err)
		return nil
	}
	for _, s := range recs {
		k, ok := want[s.Item.ID]
		if ok && sameVector(s.Hash, batch[k].Hash) && len(s.Vector) == ix.emb.Dimensions() {
			batch[k].Vector = s.Vector
		}
	}
	return nil
}

// embed embeds the records of batch without a vector, and returns how
// many it embedded.
func (ix *Indexer) embed(ctx context.Context, batch []catalog.Record) (int, error) {
	var texts []string
	var at []int
	for i, r := range batch {
		if r.Vector == nil {
			texts, at = append(texts, catalog.EmbeddingText(r.Item)), append(at, i)
		}
	}
	if len(texts) == 0 {
		return 0, nil
	}
	vecs, err := ix.emb.Embed(ctx, texts)
	if err != nil {
		return 0, fmt.Errorf("embed %d items: %w", len(texts), err)
	}
	if len(vecs) != len(texts) {
		return 0, fmt.Errorf("embed: got %d vectors for %d items", len(vecs), len(texts))
	}
	for k, i := range at {
		if len(vecs[k]) != ix.emb.Dimensions() {
			return 0, fmt.Errorf("embed: item %s: vector of dimension %d, want %d", batch[i].Item.ID, len(vecs[k]), ix.emb.Dimensions())
		}
		batch[i].Vector = vecs[k]
	}
	return len(texts), nil
}

func (ix *Indexer) progress(done, total int) {
	if ix.opts.Progress != nil {
		ix.opts.Progress(done, total)
	}
}
