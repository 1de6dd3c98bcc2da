package vecstore

import (
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/tremplin/tremplin/catalog"
)

// state is one immutable version of the store's content.
//
// Its vectors and documents stay in the store's files (see file.go): the
// base file and the delta files written after it, read with positioned
// reads when needed, and never as a whole in memory. The Go heap holds
// the ids, hashes and filter views, and the vectors of a write until the
// file holding them is written. The files' pages are the kernel's page
// cache, not the process's memory.
type state struct {
	dims   int
	ids    []string
	hashes []string
	docs   []docRef       // each item as JSON, as persisted
	views  []catalog.Item // each item's FilterView, what searches filter on
	vers   []uint64       // each record's number, new at every write of it
	loc    []vloc         // where each item's vector is
	pos    map[string]int

	// segs are the files the state reads, the base first; fresh holds the
	// vectors of a writer's new records (unit norm), not in a file yet.
	segs  []segment
	fresh map[int][]float32

	seq          uint64 // sequence number of the last file written
	deltas       int    // delta files after the base
	deltaRecords int    // records and removals in them

	annOnce sync.Once
	ann     *postings // see annIndex
	annErr  error
	// annBuilt says ann is set (built or derived). A state derived from
	// one with postings reuses them (see deriveAnn): annStale marks the
	// positions of ann whose item is no longer there, annExtra lists the
	// positions ann does not cover, scored exactly.
	annBuilt  atomic.Bool
	annStale  []bool
	annStaleN int
	annExtra  []int

	// touched and gone are a writer's positions whose item changed, and
	// the positions past the end that removals freed.
	touched map[int]struct{}
	gone    []int
}

// segment is one file of the store, held open: its vectors start at vecOff.
type segment struct {
	src    *source
	vecOff int64
}

// vloc locates an item's vector: the idx-th of segment seg, or in fresh
// when seg is negative.
type vloc struct {
	seg int32
	idx int32
}

// inFresh is the segment of a vector held in memory.
const inFresh = -1

// docRef is where an item's JSON document is: in b when not in a file,
// else n bytes at offset off of segment seg.
type docRef struct {
	seg int32
	n   int32
	off int64
	b   []byte
}

// source is a store file held open for positioned reads. Store files are
// only ever replaced by rename or removed, never written in place, so
// their bytes never change; a source is closed when the last state using
// it is collected.
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
	if _, err := st.segs[d.seg].src.r.ReadAt(b, d.off); err != nil {
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
	l := r.st.loc[i]
	if l.seg == inFresh {
		return r.st.freshAt(i)
	}
	raw, err := r.readRaw(l, 1)
	if err != nil {
		return nil, err
	}
	r.decode(raw, 1)
	return r.buf[:r.st.dims], nil
}

func (st *state) freshAt(i int) ([]float32, error) {
	v, ok := st.fresh[i]
	if !ok {
		return nil, fmt.Errorf("%w: no vector at position %d", ErrCorrupt, i)
	}
	return v, nil
}

// readRaw returns the bytes of the n vectors of segment l.seg from l.idx.
func (r *vectors) readRaw(l vloc, n int) ([]byte, error) {
	st := r.st
	size := n * st.dims * 4
	if cap(r.b) < size {
		r.b, r.buf = make([]byte, size), make([]float32, n*st.dims)
	}
	b := r.b[:size]
	seg := st.segs[l.seg]
	if _, err := seg.src.r.ReadAt(b, seg.vecOff+int64(l.idx)*int64(st.dims)*4); err != nil {
		return nil, fmt.Errorf("read vectors %d to %d of file %d: %w", l.idx, int(l.idx)+n-1, l.seg, err)
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

// scanChunk is the largest number of vectors one read of a scan decodes.
const scanChunk = 128

// each calls fn with every item's position and unit vector in position
// order, reading the files in chunks; v is valid until fn returns.
func (r *vectors) each(fn func(i int, v []float32) error) error {
	return r.runs(nil, func(_, i int, v []float32) error { return fn(i, v) }, func(k, n int, _ []byte) error {
		for j := range n {
			if err := fn(k+j, r.buf[j*r.st.dims:(j+1)*r.st.dims]); err != nil {
				return err
			}
		}
		return nil
	}, true)
}

// runs calls fresh with each vector held in memory and stored with each
// run of vectors read from a file, for the items at the positions given
// (every position in order when nil): k is the index of the (first) item
// in positions, i its position; a run is n items whose vectors follow one
// another in one file, as raw little-endian bytes, decoded into r.buf
// when decode is set.
func (r *vectors) runs(positions []int, fresh func(k, i int, v []float32) error, stored func(k, n int, raw []byte) error, decode bool) error {
	st := r.st
	n := len(st.ids)
	at := func(k int) int { return k }
	if positions != nil {
		n, at = len(positions), func(k int) int { return positions[k] }
	}
	for k := 0; k < n; {
		i := at(k)
		l := st.loc[i]
		if l.seg == inFresh {
			v, err := st.freshAt(i)
			if err != nil {
				return err
			}
			if err := fresh(k, i, v); err != nil {
				return err
			}
			k++
			continue
		}
		run := 1
		for run < scanChunk && k+run < n {
			next := st.loc[at(k+run)]
			if next.seg != l.seg || next.idx != l.idx+int32(run) {
				break
			}
			run++
		}
		raw, err := r.readRaw(l, run)
		if err != nil {
			return err
		}
		if decode {
			r.decode(raw, run)
		}
		if err := stored(k, run, raw); err != nil {
			return err
		}
		k += run
	}
	return nil
}

// clone copies st, with room for extra more items, for a writer to modify.
// The copy reads the same files; its new vectors go to fresh.
func (st *state) clone(dims, extra int) *state {
	n := len(st.ids)
	next := &state{
		dims:         dims,
		ids:          grown(st.ids, extra),
		hashes:       grown(st.hashes, extra),
		docs:         grown(st.docs, extra),
		views:        grown(st.views, extra),
		vers:         grown(st.vers, extra),
		loc:          grown(st.loc, extra),
		pos:          maps.Clone(st.pos),
		segs:         st.segs,
		fresh:        maps.Clone(st.fresh),
		seq:          st.seq,
		deltas:       st.deltas,
		deltaRecords: st.deltaRecords,
		touched:      map[int]struct{}{},
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

// put adds or replaces one validated record, numbered ver, its vector
// held in fresh until written.
func (st *state) put(r catalog.Record, doc []byte, ver uint64) {
	v := make([]float32, st.dims)
	normalise(v, r.Vector)
	i := st.place(r.Item.ID)
	st.hashes[i], st.docs[i], st.views[i], st.vers[i] = r.Hash, docRef{b: doc}, cloneItem(r.Item.FilterView()), ver
	st.loc[i] = vloc{seg: inFresh}
	st.fresh[i] = v
	st.touched[i] = struct{}{}
}

// grow makes room for n more records, as place appends them.
func (st *state) grow(n int) {
	st.ids, st.hashes, st.docs = slices.Grow(st.ids, n), slices.Grow(st.hashes, n), slices.Grow(st.docs, n)
	st.views, st.vers, st.loc = slices.Grow(st.views, n), slices.Grow(st.vers, n), slices.Grow(st.loc, n)
}

// place returns the position of id, appending it when new.
func (st *state) place(id string) int {
	if i, ok := st.pos[id]; ok {
		return i
	}
	i := len(st.ids)
	st.pos[id] = i
	st.ids = append(st.ids, id)
	st.hashes = append(st.hashes, "")
	st.docs = append(st.docs, docRef{})
	st.views = append(st.views, catalog.Item{})
	st.vers = append(st.vers, 0)
	st.loc = append(st.loc, vloc{})
	return i
}

// remove deletes one stored id by moving the last item into its place.
func (st *state) remove(id string) {
	i := st.pos[id]
	last := len(st.ids) - 1
	if i != last {
		st.ids[i], st.hashes[i], st.docs[i], st.views[i] = st.ids[last], st.hashes[last], st.docs[last], st.views[last]
		st.vers[i], st.loc[i] = st.vers[last], st.loc[last]
		st.pos[st.ids[i]] = i
		if v, ok := st.fresh[last]; ok {
			st.fresh[i] = v
		} else {
			delete(st.fresh, i)
		}
		st.touched[i] = struct{}{}
	}
	delete(st.touched, last)
	st.gone = append(st.gone, last)
	delete(st.pos, id)
	delete(st.fresh, last)
	st.ids, st.hashes, st.docs, st.views = st.ids[:last], st.hashes[:last], st.docs[:last], st.views[:last]
	st.vers, st.loc = st.vers[:last], st.loc[:last]
}
