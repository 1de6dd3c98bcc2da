// Package vecstore is Tremplin's embedded vector store: items and their
// content hashes held in memory, embeddings read from the one file of a
// data directory that persists them all. Search is cosine similarity, computed as a dot product of
// vectors normalised at insert: exact, or from an inverted index over the
// dimensions of sparse vectors (see postings) re-scored exactly. The
// vectors stay in the file, read with positioned reads, not in memory.
//
// Every write builds a new in-memory state, persists it atomically (temp
// file, fsync, rename, directory fsync) and only then publishes it, so a
// write is all or nothing, on disk as in memory. Readers never block one
// another; one writer at a time.
package vecstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/tremplin/tremplin/catalog"
)

// FileName is the name of the store's file in its directory.
const FileName = "vectors.bin"

// ErrCorrupt reports a store file that cannot be read back.
var ErrCorrupt = errors.New("vecstore: corrupt file")

// Store is the embedded vector store. It is safe for concurrent use.
type Store struct {
	dir     string
	wmu     sync.Mutex // serialises writers
	cur     atomic.Pointer[state]
	cache   *lru.Cache[uint64, catalog.Item] // decoded items by record number
	records uint64                           // the last record number given, under wmu
}

// itemCacheSize is the number of items a store keeps decoded: the items
// of recent recommendations (each reads about a hundred), and the whole of
// a catalog of a few thousand. The others stay as JSON in the file.
const itemCacheSize = 8192

// Open opens the store kept in dir, creating the directory if needed; a
// directory without a store file gives an empty store. The dimension is
// set by the first vectors stored. One process at a time may write a
// directory.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create vector store directory: %w", err)
	}
	st, records, err := load(dir)
	if err != nil {
		return nil, err
	}
	// Temporary files left by a writer killed mid-write are never read.
	stale, _ := filepath.Glob(filepath.Join(dir, "."+FileName+"*.tmp-*"))
	for _, p := range stale {
		os.Remove(p)
	}
	cache, err := lru.New[uint64, catalog.Item](itemCacheSize)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, cache: cache, records: records}
	s.cur.Store(st)
	return s, nil
}

// Close releases nothing: every write is already on disk.
func (s *Store) Close() error { return nil }

// Len returns the number of stored items.
func (s *Store) Len() int { return len(s.cur.Load().ids) }

// Dims returns the dimension of the stored vectors, 0 while empty.
func (s *Store) Dims() int { return s.cur.Load().dims }

// Upsert adds or replaces recs and persists the result before returning.
// An invalid record (see indexer/storetest for the rules) rejects the whole
// batch with an error wrapping catalog.ErrInvalid.
func (s *Store) Upsert(ctx context.Context, recs []catalog.Record) error {
	if len(recs) == 0 {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.upsertLocked(ctx, recs)
}

// Create adds rec, whose id must be new, and persists it; an id already
// stored gives an error wrapping catalog.ErrConflict. The check and the
// write hold the writers' lock: one process writes a directory.
func (s *Store) Create(ctx context.Context, rec catalog.Record) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if _, ok := s.cur.Load().pos[rec.Item.ID]; ok {
		return fmt.Errorf("item %s: %w", rec.Item.ID, catalog.ErrConflict)
	}
	return s.upsertLocked(ctx, []catalog.Record{rec})
}

// upsertLocked is Upsert with the writers' lock held.
func (s *Store) upsertLocked(ctx context.Context, recs []catalog.Record) error {
	old := s.cur.Load()
	dims := old.dims
	if len(old.ids) == 0 {
		dims = len(recs[0].Vector)
	}
	if err := validate(recs, dims); err != nil {
		return err
	}
	docs := make([][]byte, len(recs))
	for i, r := range recs {
		doc, err := json.Marshal(r.Item)
		if err != nil {
			return fmt.Errorf("encode item %q: %w: %v", r.Item.ID, catalog.ErrInvalid, err)
		}
		docs[i] = doc
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	next := old.clone(dims, len(recs))
	for i, r := range recs {
		s.records++
		next.put(r, docs[i], s.records)
	}
	return s.publish(next, nil)
}

// Delete removes the items with the given ids; unknown ids are ignored.
func (s *Store) Delete(ctx context.Context, ids []string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	old := s.cur.Load()
	var next *state
	var removed []string
	for _, id := range ids {
		if next == nil {
			next = old.clone(old.dims, 0)
		}
		if _, ok := next.pos[id]; !ok {
			continue
		}
		next.remove(id)
		removed = append(removed, id)
	}
	if len(removed) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.publish(next, removed)
}

// publish persists next, which removed the ids removed, and makes it the
// current state, reading the file just written.
func (s *Store) publish(next *state, removed []string) error {
	if err := writeFiles(s.dir, next, removed); err != nil {
		return err
	}
	deriveAnn(s.cur.Load(), next)
	next.touched, next.gone = nil, nil
	s.cur.Store(next)
	return nil
}

// Hashes returns the hash every stored item is kept under (see
// catalog.Record.Hash), by id.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	st := s.cur.Load()
	out := make(map[string]string, len(st.ids))
	for i, id := range st.ids {
		out[id] = st.hashes[i]
	}
	return out, nil
}

// Vectors returns the records of the stored ids among ids with their hash
// and unit vector (Item holds the ID only), in the order of ids; unknown
// ids are left out.
func (s *Store) Vectors(ctx context.Context, ids []string) ([]catalog.Record, error) {
	st := s.cur.Load()
	r := st.vectors()
	out := make([]catalog.Record, 0, len(ids))
	for _, id := range ids {
		i, ok := st.pos[id]
		if !ok {
			continue
		}
		v, err := r.at(i)
		if err != nil {
			return nil, err
		}
		out = append(out, catalog.Record{Item: catalog.Item{ID: id}, Hash: st.hashes[i], Vector: slices.Clone(v)})
	}
	return out, nil
}

// Item returns a copy of the item with the given id, or an error wrapping
// catalog.ErrNotFound.
func (s *Store) Item(ctx context.Context, id string) (catalog.Item, error) {
	st := s.cur.Load()
	i, ok := st.pos[id]
	if !ok {
		return catalog.Item{}, fmt.Errorf("élément %q : %w", id, catalog.ErrNotFound)
	}
	key := st.vers[i]
	if it, ok := s.cache.Get(key); ok {
		return cloneItem(it), nil
	}
	it, err := st.item(i)
	if err != nil {
		return catalog.Item{}, err
	}
	s.cache.Add(key, it)
	return cloneItem(it), nil
}

// FilterView returns the filter view of item id (catalog.Item.FilterView)
// from memory, without reading its document; false when id is not
// stored. The view shares its slices with the store: do not modify it.
func (s *Store) FilterView(id string) (catalog.Item, bool) {
	st := s.cur.Load()
	i, ok := st.pos[id]
	if !ok {
		return catalog.Item{}, false
	}
	return st.views[i], true
}

// item decodes the item at position i from its document.
func (st *state) item(i int) (catalog.Item, error) {
	doc, err := st.doc(i)
	if err != nil {
		return catalog.Item{}, err
	}
	var it catalog.Item
	if err := json.Unmarshal(doc, &it); err != nil {
		return catalog.Item{}, fmt.Errorf("%w: item %q: %v", ErrCorrupt, st.ids[i], err)
	}
	return it, nil
}

// Items returns a copy of every stored item, ordered by id, decoded on
// every CPU.
func (s *Store) Items(ctx context.Context) ([]catalog.Item, error) {
	st := s.cur.Load()
	order := make([]int, len(st.ids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return st.ids[order[a]] < st.ids[order[b]] })
	out := make([]catalog.Item, len(order))
	workers := min(runtime.GOMAXPROCS(0), max(len(order)/256, 1))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for n := w; n < len(order); n += workers {
				if n%256 == 0 && ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				if out[n], errs[w] = st.item(order[n]); errs[w] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// normalise writes v scaled to unit norm into dst.
func normalise(dst, v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		dst[i] = float32(float64(x) * inv)
	}
}

// validate checks a batch against the store's dimension.
func validate(recs []catalog.Record, dims int) error {
	seen := make(map[string]bool, len(recs))
	for i, r := range recs {
		id := r.Item.ID
		if id == "" {
			return fmt.Errorf("enregistrement %d : %w : identifiant vide", i, catalog.ErrInvalid)
		}
		if seen[id] {
			return fmt.Errorf("enregistrement %d : %w : identifiant %q présent deux fois dans le lot", i, catalog.ErrInvalid, id)
		}
		seen[id] = true
		if err := catalog.CheckVector(r.Vector, dims); err != nil {
			return fmt.Errorf("élément %q : %w", id, err)
		}
	}
	return nil
}
