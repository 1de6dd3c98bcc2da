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
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
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
	dir   string
	wmu   sync.Mutex // serialises writers
	cur   atomic.Pointer[state]
	cache *lru.Cache[uint64, catalog.Item] // decoded items by record number
	seq   uint64                           // the last record number given, under wmu
}

// itemCacheSize is the number of items a store keeps decoded: the items
// of recent recommendations (each reads about a hundred), and the whole of
// a catalog of a few thousand. The others stay as JSON in the file.
const itemCacheSize = 8192

// state is one immutable version of the store's content.
//
// Its vectors and documents stay in the store file it was read from (or
// written to), read with positioned reads when needed, and never as a
// whole in memory: the Go heap holds the ids, hashes and decoded items
// only, and the vectors of a write until the file holding them is written.
// The file's pages are the kernel's page cache, not the process's memory.
type state struct {
	dims   int
	ids    []string
	hashes []string
	docs   []docRef       // each item as JSON, as persisted
	views  []catalog.Item // each item's FilterView, what searches filter on
	vers   []uint64       // each record's number, new at every write of it
	pos    map[string]int

	// src is the store file this state was read from or written to, nil
	// when it has none; its vectors start at vecOff, stored of them.
	// Positions in fresh hold vectors not in src (a writer's new ones,
	// unit norm), and override src.
	src    *source
	vecOff int64
	stored int
	fresh  map[int][]float32

	annOnce sync.Once
	ann     *postings // see annIndex
	annErr  error
}

// docRef is where an item's JSON document is: in b when not in the file,
// else n bytes at offset off of the state's source.
type docRef struct {
	off int64
	n   int
	b   []byte
}

// source is a store file held open for positioned reads. It is only ever
// replaced by rename, never written in place, so its bytes never change;
// it is closed when the last state using it is collected.
type source struct {
	r io.ReaderAt
}

// newSource returns the source reading f, which it closes once
// unreachable.
func newSource(f *os.File) *source {
	src := &source{r: f}
	runtime.AddCleanup(src, func(f *os.File) { f.Close() }, f)
	return src
}

// doc returns the document of the item at position i.
func (st *state) doc(i int) ([]byte, error) {
	d := st.docs[i]
	if d.b != nil || d.n == 0 {
		return d.b, nil
	}
	b := make([]byte, d.n)
	if _, err := st.src.r.ReadAt(b, d.off); err != nil {
		return nil, fmt.Errorf("read item %q: %w", st.ids[i], err)
	}
	return b, nil
}

// vectors reads the vectors of a state: it keeps the buffers of its reads.
type vectors struct {
	st  *state
	b   []byte
	buf []float32
}

func (st *state) vectors() *vectors { return &vectors{st: st} }

// at returns the unit vector of the item at position i, valid until the
// next call.
func (r *vectors) at(i int) ([]float32, error) {
	if v, ok := r.st.fresh[i]; ok {
		return v, nil
	}
	if err := r.read(i, 1); err != nil {
		return nil, err
	}
	return r.buf[:r.st.dims], nil
}

// read decodes the n vectors stored from position i into r.buf.
func (r *vectors) read(i, n int) error {
	raw, err := r.readRaw(i, n)
	if err != nil {
		return err
	}
	r.decode(raw, n)
	return nil
}

// readRaw returns the bytes of the n vectors stored from position i.
func (r *vectors) readRaw(i, n int) ([]byte, error) {
	st := r.st
	size := n * st.dims * 4
	if cap(r.b) < size {
		r.b, r.buf = make([]byte, size), make([]float32, n*st.dims)
	}
	b := r.b[:size]
	if _, err := st.src.r.ReadAt(b, st.vecOff+int64(i)*int64(st.dims)*4); err != nil {
		return nil, fmt.Errorf("read vectors %d to %d: %w", i, i+n-1, err)
	}
	return b, nil
}

// decode decodes n vectors of raw bytes into r.buf.
func (r *vectors) decode(raw []byte, n int) {
	buf := r.buf[:n*r.st.dims]
	for d := range buf {
		buf[d] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*d:]))
	}
}

// scanChunk is the number of vectors each read of a scan decodes.
const scanChunk = 128

// each calls fn with every item's position and unit vector in position
// order, reading the file in chunks; v is valid until fn returns.
func (r *vectors) each(fn func(i int, v []float32) error) error {
	return r.runs(fn, func(i, n int, _ []byte) error {
		for k := range n {
			if err := fn(i+k, r.buf[k*r.st.dims:(k+1)*r.st.dims]); err != nil {
				return err
			}
		}
		return nil
	}, true)
}

// runs calls fresh with each vector held in memory and stored with each
// run of vectors read from the file (n of them from position i, as raw
// little-endian bytes, and decoded into r.buf when decode is set), in
// position order.
func (r *vectors) runs(fresh func(i int, v []float32) error, stored func(i, n int, raw []byte) error, decode bool) error {
	st := r.st
	n := len(st.ids)
	for i := 0; i < n; {
		if v, ok := st.fresh[i]; ok || i >= st.stored {
			if !ok {
				return fmt.Errorf("%w: no vector at position %d", ErrCorrupt, i)
			}
			if err := fresh(i, v); err != nil {
				return err
			}
			i++
			continue
		}
		run := 1
		for run < scanChunk && i+run < min(n, st.stored) {
			if _, ok := st.fresh[i+run]; ok {
				break
			}
			run++
		}
		raw, err := r.readRaw(i, run)
		if err != nil {
			return err
		}
		if decode {
			r.decode(raw, run)
		}
		if err := stored(i, run, raw); err != nil {
			return err
		}
		i += run
	}
	return nil
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
	cache, err := lru.New[uint64, catalog.Item](itemCacheSize)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, cache: cache, seq: uint64(len(st.ids))}
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
		s.seq++
		next.put(r, docs[i], s.seq)
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
		if err := next.remove(id); err != nil {
			return fmt.Errorf("delete %q: %w", id, err)
		}
	}
	if next == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.publish(next)
}

// publish persists next and makes it the current state, reading the
// file just written.
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

// clone copies st, with room for extra more items, for a writer to modify.
// The copy reads the same file; its new vectors go to fresh.
func (st *state) clone(dims, extra int) *state {
	n := len(st.ids)
	next := &state{
		dims:   dims,
		ids:    grown(st.ids, extra),
		hashes: grown(st.hashes, extra),
		docs:   grown(st.docs, extra),
		views:  grown(st.views, extra),
		vers:   grown(st.vers, extra),
		pos:    maps.Clone(st.pos),
		src:    st.src,
		vecOff: st.vecOff,
		stored: st.stored,
		fresh:  maps.Clone(st.fresh),
	}
	if next.pos == nil {
		next.pos = make(map[string]int, n+extra)
	}
	if next.fresh == nil {
		next.fresh = make(map[int][]float32, extra)
	}
	return next
}

// grown returns a copy of s with capacity for extra more elements.
func grown[T any](s []T, extra int) []T {
	return append(make([]T, 0, len(s)+extra), s...)
}

// put adds or replaces one validated record, numbered seq.
func (st *state) put(r catalog.Record, doc []byte, seq uint64) {
	i, ok := st.pos[r.Item.ID]
	if !ok {
		i = len(st.ids)
		st.pos[r.Item.ID] = i
		st.ids = append(st.ids, r.Item.ID)
		st.hashes = append(st.hashes, "")
		st.docs = append(st.docs, docRef{})
		st.views = append(st.views, catalog.Item{})
		st.vers = append(st.vers, 0)
	}
	st.vers[i] = seq
	st.hashes[i], st.docs[i], st.views[i] = r.Hash, docRef{b: doc}, cloneItem(r.Item.FilterView())
	v := make([]float32, st.dims)
	normalise(v, r.Vector)
	st.fresh[i] = v
}

// remove deletes one stored id by moving the last item into its place.
func (st *state) remove(id string) error {
	i := st.pos[id]
	last := len(st.ids) - 1
	if i != last {
		v, err := st.vectors().at(last)
		if err != nil {
			return err
		}
		st.fresh[i] = slices.Clone(v)
		st.ids[i], st.hashes[i], st.docs[i], st.views[i], st.vers[i] = st.ids[last], st.hashes[last], st.docs[last], st.views[last], st.vers[last]
		st.pos[st.ids[i]] = i
	}
	delete(st.pos, id)
	delete(st.fresh, last)
	st.ids, st.hashes, st.docs, st.views, st.vers = st.ids[:last], st.hashes[:last], st.docs[:last], st.views[:last], st.vers[:last]
	return nil
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
