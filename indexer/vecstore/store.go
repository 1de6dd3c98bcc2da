// Package vecstore is Tremplin's embedded vector store: items, content
// hashes and embeddings held in memory and persisted in one file of a data
// directory. Search is exact: cosine similarity computed as a dot product
// of vectors normalised at insert, in one pass over contiguous memory.
//
// Every write builds a new in-memory state, persists it atomically (temp
// file, fsync, rename, directory fsync) and only then publishes it, so a
// write is all or nothing, on disk as in memory. Readers never block one
// another; one writer at a time.
package vecstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/tremplin/tremplin/catalog"
)

// FileName is the name of the store's file in its directory.
const FileName = "vectors.bin"

// ErrCorrupt reports a store file that cannot be read back.
var ErrCorrupt = errors.New("vecstore: corrupt file")

// Store is the embedded vector store. It is safe for concurrent use.
type Store struct {
	dir string
	wmu sync.Mutex // serialises writers
	cur atomic.Pointer[state]
}

// state is one immutable version of the store's content.
type state struct {
	dims   int
	ids    []string
	hashes []string
	docs   [][]byte // each item as JSON, as persisted
	items  []catalog.Item
	vecs   []float32 // len(ids)*dims, each vector of unit norm; nil when mapped
	pos    map[string]int

	// A state read from the file keeps its vectors (and documents) in the
	// memory-mapped file instead: raw holds the vectors as little-endian
	// float32, and m keeps the mapping alive while the state is in use.
	raw []byte
	m   *mapping

	annOnce sync.Once
	ann     *postings // see annIndex
}

// vector returns the vector of the item at position i, decoded into buf
// (of length dims) when the state is mapped.
func (st *state) vector(i int, buf []float32) []float32 {
	if st.raw == nil {
		return st.vecs[i*st.dims : (i+1)*st.dims]
	}
	b := st.raw[i*st.dims*4 : (i+1)*st.dims*4]
	buf = buf[:st.dims]
	for d := range buf {
		buf[d] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*d:]))
	}
	return buf
}

// Open opens the store kept in dir, creating the directory if needed; a
// directory without a store file gives an empty store. The dimension is
// set by the first vectors stored. One process at a time may write a
// directory.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create vector store directory: %w", err)
	}
	st, err := load(dir)
	if err != nil {
		return nil, err
	}
	// Temporary files left by a writer killed mid-write are never read.
	stale, _ := filepath.Glob(filepath.Join(dir, "."+FileName+".tmp-*"))
	for _, p := range stale {
		os.Remove(p)
	}
	s := &Store{dir: dir}
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
		next.put(r, docs[i])
	}
	return s.publish(next)
}

// Delete removes the items with the given ids; unknown ids are ignored.
func (s *Store) Delete(ctx context.Context, ids []string) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	old := s.cur.Load()
	var next *state
	for _, id := range ids {
		if _, ok := old.pos[id]; !ok {
			continue
		}
		if next == nil {
			next = old.clone(old.dims, 0)
		}
		next.remove(id)
	}
	if next == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.publish(next)
}

// publish persists next and makes it the current state.
func (s *Store) publish(next *state) error {
	if err := writeFile(s.dir, next); err != nil {
		return err
	}
	s.cur.Store(next)
	return nil
}

// Hashes returns the content hash of every stored item by id.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	st := s.cur.Load()
	out := make(map[string]string, len(st.ids))
	for i, id := range st.ids {
		out[id] = st.hashes[i]
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
	return cloneItem(st.items[i]), nil
}

// Items returns a copy of every stored item, ordered by id.
func (s *Store) Items(ctx context.Context) ([]catalog.Item, error) {
	st := s.cur.Load()
	order := make([]int, len(st.ids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return st.ids[order[a]] < st.ids[order[b]] })
	out := make([]catalog.Item, len(order))
	for n, i := range order {
		out[n] = cloneItem(st.items[i])
	}
	return out, nil
}

// clone copies st, with room for extra more items, for a writer to modify.
func (st *state) clone(dims, extra int) *state {
	n := len(st.ids)
	next := &state{
		dims:   dims,
		ids:    grown(st.ids, extra),
		hashes: grown(st.hashes, extra),
		docs:   grown(st.docs, extra),
		items:  grown(st.items, extra),
		vecs:   grown(st.vecs, extra*dims),
		pos:    maps.Clone(st.pos),
		m:      st.m, // documents may still point into the mapping
	}
	if st.raw != nil {
		next.vecs = make([]float32, len(st.ids)*st.dims, (len(st.ids)+extra)*dims)
		for i := range st.ids {
			st.vector(i, next.vecs[i*st.dims:(i+1)*st.dims])
		}
	}
	if next.pos == nil {
		next.pos = make(map[string]int, n+extra)
	}
	return next
}

// grown returns a copy of s with capacity for extra more elements.
func grown[T any](s []T, extra int) []T {
	return append(make([]T, 0, len(s)+extra), s...)
}

// put adds or replaces one validated record.
func (st *state) put(r catalog.Record, doc []byte) {
	i, ok := st.pos[r.Item.ID]
	if !ok {
		i = len(st.ids)
		st.pos[r.Item.ID] = i
		st.ids = append(st.ids, r.Item.ID)
		st.hashes = append(st.hashes, "")
		st.docs = append(st.docs, nil)
		st.items = append(st.items, catalog.Item{})
		st.vecs = append(st.vecs, make([]float32, st.dims)...)
	}
	st.hashes[i], st.docs[i], st.items[i] = r.Hash, doc, cloneItem(r.Item)
	normalise(st.vecs[i*st.dims:(i+1)*st.dims], r.Vector)
}

// remove deletes one stored id by moving the last item into its place.
func (st *state) remove(id string) {
	i := st.pos[id]
	last := len(st.ids) - 1
	if i != last {
		st.ids[i], st.hashes[i], st.docs[i], st.items[i] = st.ids[last], st.hashes[last], st.docs[last], st.items[last]
		copy(st.vecs[i*st.dims:(i+1)*st.dims], st.vecs[last*st.dims:])
		st.pos[st.ids[i]] = i
	}
	delete(st.pos, id)
	st.ids, st.hashes, st.docs, st.items = st.ids[:last], st.hashes[:last], st.docs[:last], st.items[:last]
	st.vecs = st.vecs[:last*st.dims]
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
