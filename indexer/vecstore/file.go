package vecstore

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// A store directory holds a base file (FileName) and the delta files
// written after it (FileName.delta-N), each the records and removals of
// one write, N its sequence number. A write adds a delta file, so that
// changing a few items of a large store writes those items only; once the
// deltas hold more than half as many records as the store, or there are
// maxDeltas of them, the whole store is written to a new base file that
// records the last sequence number it includes, and the deltas up to it
// are removed. Every file is written atomically (temporary file, fsync,
// rename, directory fsync): a crash leaves the store as of the last file
// renamed into place.
//
// Each file is, little-endian: the magic; dims and count as uint32; the
// sequence number as uint64, then the number of removed ids as uint32 and
// each removed id (delta files only); per record its id, hash, filter
// view and document (the view and the document as JSON), each as a
// uvarint length and bytes; then every vector as count*dims float32; then
// a CRC-32C of all of it. Opening a store decodes the small views only,
// never the documents. Files of the second version (magicBase2,
// magicDelta2) have no views: their documents are decoded to make them;
// a base file of the first version (magicV1) has no sequence number
// either, nor removals.
// magic starts every store file, and says its kind and version.
type magic = [8]byte

var (
	magicV1     = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'C', '1'}
	magicBase2  = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'C', '2'}
	magicDelta2 = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'C', 'D'}
	magicBase   = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'C', '3'}
	magicDelta  = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'D', '3'}
)

// isDelta reports whether m is the magic of a delta file.
func isDelta(m magic) bool { return m == magicDelta || m == magicDelta2 }

// hasViews reports whether the records of a file of magic m hold their
// filter views.
func hasViews(m magic) bool { return m == magicBase || m == magicDelta }

// maxDeltas is the most delta files a store keeps beside its base.
const maxDeltas = 64

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// deltaName is the name of the delta file of sequence number seq.
func deltaName(seq uint64) string {
	return fmt.Sprintf("%s.delta-%016d", FileName, seq)
}

// layout is where encode put each document and the vectors.
type layout struct {
	docOff []int64
	vecOff int64
}

// encode writes the records of st at positions (every position in order
// when nil) in the format of magic, with sequence number seq and, for a
// delta file, the ids removed; it returns where the documents and vectors
// are in what it wrote.
func encode(w io.Writer, st *state, magic [8]byte, seq uint64, removed []string, positions []int) (layout, error) {
	n := len(st.ids)
	at := func(k int) int { return k }
	if positions != nil {
		n, at = len(positions), func(k int) int { return positions[k] }
	}
	lay := layout{docOff: make([]int64, n)}
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	var off int64 // bytes written so far
	put := func(b []byte) error {
		off += int64(len(b))
		_, err := bw.Write(b)
		return err
	}
	field := func(b []byte) error {
		var n [binary.MaxVarintLen64]byte
		if err := put(n[:binary.PutUvarint(n[:], uint64(len(b)))]); err != nil {
			return err
		}
		return put(b)
	}
	var buf []byte
	buf = append(buf, magic[:]...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(st.dims))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(n))
	if magic != magicV1 {
		buf = binary.LittleEndian.AppendUint64(buf, seq)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(removed)))
	}
	if err := put(buf); err != nil {
		return lay, err
	}
	for _, id := range removed {
		if err := field([]byte(id)); err != nil {
			return lay, err
		}
	}
	for k := range n {
		i := at(k)
		doc, err := st.doc(i)
		if err != nil {
			return lay, err
		}
		if err := field([]byte(st.ids[i])); err != nil {
			return lay, err
		}
		if err := field([]byte(st.hashes[i])); err != nil {
			return lay, err
		}
		if hasViews(magic) {
			view, err := json.Marshal(&st.views[i])
			if err != nil {
				return lay, err
			}
			if err := field(view); err != nil {
				return lay, err
			}
		}
		var ln [binary.MaxVarintLen64]byte
		if err := put(ln[:binary.PutUvarint(ln[:], uint64(len(doc)))]); err != nil {
			return lay, err
		}
		lay.docOff[k] = off
		if err := put(doc); err != nil {
			return lay, err
		}
	}
	lay.vecOff = off
	// Vectors already in a file are copied as they are, the others encoded.
	err := st.vectors().runs(positions, func(_, _ int, v []float32) error {
		buf = buf[:0]
		for _, x := range v {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
		}
		return put(buf)
	}, func(_, _ int, raw []byte) error { return put(raw) }, false)
	if err != nil {
		return lay, err
	}
	if err := bw.Flush(); err != nil {
		return lay, err
	}
	_, err = w.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	return lay, err
}

// fileContent is what decodeFile read of one file: everything but the
// vectors, which stay in the file from vecOff.
type fileContent struct {
	magic   [8]byte
	dims    int
	seq     uint64
	removed []string
	ids     []string
	hashes  []string
	docs    []docRef // offsets in the file
	views   []catalog.Item
	vecOff  int64
}

// decodeFile parses a whole store file of size bytes read through r. It
// never panics on bad input, and holds at most a few thousand documents
// of the file at a time besides the filter views, decoded on every CPU.
func decodeFile(r io.ReaderAt, size int64) (*fileContent, error) {
	if size < int64(len(magicBase))+12 {
		return nil, fmt.Errorf("%w: not a vector store file", ErrCorrupt)
	}
	body := size - 4
	var sum [4]byte
	if _, err := r.ReadAt(sum[:], body); err != nil {
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	crc := crc32.New(castagnoli)
	in := &counter{r: bufio.NewReaderSize(io.TeeReader(io.NewSectionReader(r, 0, body), crc), 1<<20)}
	fc := &fileContent{}
	var head [16]byte
	if _, err := io.ReadFull(in, head[:]); err != nil {
		return nil, fmt.Errorf("%w: not a vector store file", ErrCorrupt)
	}
	copy(fc.magic[:], head[:8])
	if fc.magic != magicV1 && fc.magic != magicBase2 && fc.magic != magicDelta2 && fc.magic != magicBase && fc.magic != magicDelta {
		return nil, fmt.Errorf("%w: not a vector store file", ErrCorrupt)
	}
	dims, count := int(binary.LittleEndian.Uint32(head[8:])), int(binary.LittleEndian.Uint32(head[12:]))
	fc.dims = dims
	var field []byte
	read := func() ([]byte, error) {
		n, err := binary.ReadUvarint(in)
		if err != nil || n > uint64(body-in.n) {
			return nil, errors.New("bad field length")
		}
		field = slices.Grow(field[:0], int(n))[:n]
		if _, err := io.ReadFull(in, field); err != nil {
			return nil, err
		}
		return field, nil
	}
	if fc.magic != magicV1 {
		var ext [12]byte
		if _, err := io.ReadFull(in, ext[:]); err != nil {
			return nil, fmt.Errorf("%w: truncated header", ErrCorrupt)
		}
		fc.seq = binary.LittleEndian.Uint64(ext[:8])
		removed := int(binary.LittleEndian.Uint32(ext[8:]))
		if int64(removed) > body-in.n || (removed > 0 && !isDelta(fc.magic)) {
			return nil, fmt.Errorf("%w: %d removed ids do not fit in the file", ErrCorrupt, removed)
		}
		for range removed {
			id, err := read()
			if err != nil {
				return nil, fmt.Errorf("%w: removed id: %v", ErrCorrupt, err)
			}
			fc.removed = append(fc.removed, string(id))
		}
	}
	rest := body - in.n
	if int64(count) > rest/3 || (count > 0 && dims == 0) || int64(dims)*int64(count)*4 > rest {
		return nil, fmt.Errorf("%w: %d items of dimension %d do not fit in the file", ErrCorrupt, count, dims)
	}
	fc.ids, fc.hashes = make([]string, count), make([]string, count)
	fc.docs, fc.views = make([]docRef, count), make([]catalog.Item, count)
	// The views (or, in files without them, the documents) are decoded
	// into filter views on every CPU, a chunk at a time, while the file
	// is read on.
	views := hasViews(fc.magic)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	const chunk = 512
	docs := make([][]byte, 0, chunk)
	decodeViews := func(first int, docs [][]byte) {
		g.Go(func() error {
			for k, doc := range docs {
				i := first + k
				var it catalog.Item
				if err := json.Unmarshal(doc, &it); err != nil || it.ID != fc.ids[i] {
					return fmt.Errorf("%w: item %d (%q) does not decode", ErrCorrupt, i, fc.ids[i])
				}
				if views {
					fc.views[i] = it
				} else {
					fc.views[i] = it.FilterView()
				}
			}
			return nil
		})
	}
	seen := make(map[string]struct{}, count)
	fail := func(err error) (*fileContent, error) {
		g.Wait()
		return nil, err
	}
	for i := range count {
		idb, err := read()
		id := string(idb)
		var hash string
		var view []byte // what decodeViews decodes
		if err == nil {
			var hb []byte
			hb, err = read()
			hash = string(hb)
		}
		if err == nil && views {
			var vb []byte
			vb, err = read()
			view = bytes.Clone(vb)
		}
		var docLen int
		if err == nil {
			var db []byte
			db, err = read()
			docLen = len(db)
			if !views {
				view = bytes.Clone(db)
			}
		}
		if err != nil {
			return fail(fmt.Errorf("%w: item %d: %v", ErrCorrupt, i, err))
		}
		if _, dup := seen[id]; dup || id == "" {
			return fail(fmt.Errorf("%w: item %d: id %q empty or stored twice", ErrCorrupt, i, id))
		}
		seen[id] = struct{}{}
		fc.ids[i], fc.hashes[i] = id, hash
		fc.docs[i] = docRef{off: in.n - int64(docLen), n: int32(docLen)}
		if docs = append(docs, view); len(docs) == chunk || i == count-1 {
			decodeViews(i+1-len(docs), docs)
			docs = make([][]byte, 0, chunk)
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	fc.vecOff = in.n
	if got, want := body-in.n, int64(dims)*int64(count)*4; got != want {
		return nil, fmt.Errorf("%w: %d bytes of vectors, want %d", ErrCorrupt, got, want)
	}
	if _, err := io.Copy(io.Discard, in); err != nil { // the checksum covers the vectors too
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	return fc, nil
}

// counter is a byte reader that counts what it read.
type counter struct {
	r *bufio.Reader
	n int64
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *counter) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// apply adds the file read as fc through src to st: its removals, then its
// records, numbered from *ver on.
func (st *state) apply(fc *fileContent, src *source, ver *uint64) error {
	switch {
	case st.dims == 0:
		st.dims = fc.dims
	case len(fc.ids) > 0 && fc.dims != st.dims:
		return fmt.Errorf("%w: vectors of dimension %d in a store of dimension %d", ErrCorrupt, fc.dims, st.dims)
	}
	seg := int32(len(st.segs))
	st.segs = append(st.segs, segment{src: src, vecOff: fc.vecOff})
	for _, id := range fc.removed {
		if _, ok := st.pos[id]; ok {
			st.remove(id)
		}
	}
	st.grow(len(fc.ids))
	for k, id := range fc.ids {
		*ver++
		i := st.place(id)
		d := fc.docs[k]
		d.seg = seg
		st.hashes[i], st.docs[i], st.views[i], st.vers[i] = fc.hashes[k], d, fc.views[k], *ver
		st.loc[i] = vloc{seg: seg, idx: int32(k)}
	}
	st.seq = fc.seq
	if isDelta(fc.magic) {
		st.deltas++
		st.deltaRecords += len(fc.ids) + len(fc.removed)
	}
	return nil
}

// openFile opens and decodes the store file at path.
func openFile(path string) (*fileContent, *source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("read vector store: %w", err)
	}
	fc, err := decodeFile(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return fc, newSource(f), nil
}

// load reads the store of dir, its base file then its deltas, and the
// number of records read; a directory without files is an empty store.
// Delta files already folded into the base are removed.
func load(dir string) (*state, uint64, error) {
	st := (&state{}).clone(0, 0)
	st.fresh = nil
	var ver uint64
	fc, src, err := openFile(filepath.Join(dir, FileName))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, 0, fmt.Errorf("read vector store: %w", err)
	case isDelta(fc.magic):
		return nil, 0, fmt.Errorf("read vector store: %s: %w: a delta file as the base", FileName, ErrCorrupt)
	default:
		if err := st.apply(fc, src, &ver); err != nil {
			return nil, 0, fmt.Errorf("read vector store: %s: %w", FileName, err)
		}
	}
	base := st.seq
	deltas, err := listDeltas(dir)
	if err != nil {
		return nil, 0, err
	}
	for _, d := range deltas {
		path := filepath.Join(dir, deltaName(d))
		if d <= base {
			os.Remove(path) // written into the base already
			continue
		}
		fc, src, err := openFile(path)
		if err != nil {
			return nil, 0, fmt.Errorf("read vector store: %w", err)
		}
		if !isDelta(fc.magic) || fc.seq != d {
			return nil, 0, fmt.Errorf("read vector store: %s: %w: not the delta file of its name", path, ErrCorrupt)
		}
		if err := st.apply(fc, src, &ver); err != nil {
			return nil, 0, fmt.Errorf("read vector store: %s: %w", path, err)
		}
	}
	return st, ver, nil
}

// listDeltas returns the sequence numbers of dir's delta files, ascending.
func listDeltas(dir string) ([]uint64, error) {
	paths, err := filepath.Glob(filepath.Join(dir, FileName+".delta-*"))
	if err != nil {
		return nil, err
	}
	var seqs []uint64
	for _, p := range paths {
		s, ok := strings.CutPrefix(filepath.Base(p), FileName+".delta-")
		if n, err := strconv.ParseUint(s, 10, 64); ok && err == nil {
			seqs = append(seqs, n)
		}
	}
	sort.Slice(seqs, func(a, b int) bool { return seqs[a] < seqs[b] })
	return seqs, nil
}

// compactDue reports whether a write of next, removing removed, rewrites
// the whole store as a new base rather than adding a delta file.
func compactDue(next *state, removed int) bool {
	records := next.deltaRecords + len(next.fresh) + removed
	return next.deltas+1 > maxDeltas || 2*records > len(next.ids)
}

// writeFiles persists next, which removed the ids removed from the
// current state and holds its new records in fresh: as a delta file, or
// as a new base (see compactDue). It then makes next read its documents
// and vectors from the file written: the vectors it held are let go.
func writeFiles(dir string, next *state, removed []string) error {
	seq := next.seq + 1
	if compactDue(next, len(removed)) {
		var lay layout
		f, err := atomicfile.WriteOpen(filepath.Join(dir, FileName), 0o644, func(w io.Writer) error {
			var err error
			lay, err = encode(w, next, magicBase, seq, nil, nil)
			return err
		})
		if err != nil {
			return fmt.Errorf("write vector store: %w", err)
		}
		next.segs = []segment{{src: newSource(f), vecOff: lay.vecOff}}
		for i := range next.ids {
			next.loc[i] = vloc{seg: 0, idx: int32(i)}
			next.docs[i] = docRef{seg: 0, off: lay.docOff[i], n: next.docs[i].n + int32(len(next.docs[i].b))}
		}
		next.fresh, next.seq, next.deltas, next.deltaRecords = nil, seq, 0, 0
		if deltas, err := listDeltas(dir); err == nil {
			for _, d := range deltas {
				if d <= seq {
					os.Remove(filepath.Join(dir, deltaName(d))) // in the base now
				}
			}
		}
		return nil
	}
	positions := make([]int, 0, len(next.fresh))
	for i := range next.fresh {
		positions = append(positions, i)
	}
	slices.Sort(positions)
	var lay layout
	f, err := atomicfile.WriteOpen(filepath.Join(dir, deltaName(seq)), 0o644, func(w io.Writer) error {
		var err error
		lay, err = encode(w, next, magicDelta, seq, removed, positions)
		return err
	})
	if err != nil {
		return fmt.Errorf("write vector store: %w", err)
	}
	seg := int32(len(next.segs))
	next.segs = append(slices.Clip(next.segs), segment{src: newSource(f), vecOff: lay.vecOff})
	for k, i := range positions {
		next.loc[i] = vloc{seg: seg, idx: int32(k)}
		next.docs[i] = docRef{seg: seg, off: lay.docOff[k], n: int32(len(next.docs[i].b))}
	}
	next.fresh, next.seq = nil, seq
	next.deltas++
	next.deltaRecords += len(positions) + len(removed)
	return nil
}
