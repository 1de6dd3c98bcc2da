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

	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// The file is, little-endian: the magic, dims and count as uint32; per
// item its id, hash and JSON document, each as a uvarint length and bytes;
// then every vector as count*dims float32; then a CRC-32C of all of it.
var magic = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'C', '1'}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// layout is where encode put each document and the vectors.
type layout struct {
	docOff []int64
	vecOff int64
}

// encode writes st in the file format and returns where its documents
// and vectors are in what it wrote.
func encode(w io.Writer, st *state) (layout, error) {
	lay := layout{docOff: make([]int64, len(st.ids))}
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	var off int64 // bytes written so far
	put := func(b []byte) error {
		off += int64(len(b))
		_, err := bw.Write(b)
		return err
	}
	var buf []byte
	buf = append(buf, magic[:]...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(st.dims))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(st.ids)))
	if err := put(buf); err != nil {
		return lay, err
	}
	for i := range st.ids {
		doc, err := st.doc(i)
		if err != nil {
			return lay, err
		}
		for f, field := range [][]byte{[]byte(st.ids[i]), []byte(st.hashes[i]), doc} {
			if err := put(binary.AppendUvarint(buf[:0], uint64(len(field)))); err != nil {
				return lay, err
			}
			if f == 2 {
				lay.docOff[i] = off
			}
			if err := put(field); err != nil {
				return lay, err
			}
		}
	}
	lay.vecOff = off
	// Vectors already in the file are copied as they are, the others encoded.
	err := st.vectors().runs(func(_ int, v []float32) error {
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

// decode parses a whole store file of size bytes read through r, which
// the state then reads its documents and vectors from. It never panics on
// bad input, and holds at most one document of the file at a time besides
// the decoded items.
func decode(r io.ReaderAt, size int64) (*state, error) {
	if size < int64(len(magic))+12 {
		return nil, fmt.Errorf("%w: not a vector store file", ErrCorrupt)
	}
	body := size - 4
	var sum [4]byte
	if _, err := r.ReadAt(sum[:], body); err != nil {
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	crc := crc32.New(castagnoli)
	in := &counter{r: bufio.NewReaderSize(io.TeeReader(io.NewSectionReader(r, 0, body), crc), 1<<20)}
	var head [16]byte
	if _, err := io.ReadFull(in, head[:]); err != nil || string(head[:len(magic)]) != string(magic[:]) {
		return nil, fmt.Errorf("%w: not a vector store file", ErrCorrupt)
	}
	dims, count := int(binary.LittleEndian.Uint32(head[8:])), int(binary.LittleEndian.Uint32(head[12:]))
	rest := body - in.n
	if int64(count) > rest/3 || (count > 0 && dims == 0) || int64(dims)*int64(count)*4 > rest {
		return nil, fmt.Errorf("%w: %d items of dimension %d do not fit in the file", ErrCorrupt, count, dims)
	}
	st := (&state{}).clone(dims, count)
	st.fresh = nil
	var field []byte
	read := func() ([]byte, error) {
		n, err := binary.ReadUvarint(in)
		if err != nil || n > uint64(body-in.n) {
			return nil, fmt.Errorf("bad field length")
		}
		field = slices.Grow(field[:0], int(n))[:n]
		if _, err := io.ReadFull(in, field); err != nil {
			return nil, err
		}
		return field, nil
	}
	// The documents are decoded into filter views on every CPU, a chunk
	// at a time, while the file is read on.
	st.ids, st.hashes, st.docs = st.ids[:count], st.hashes[:count], st.docs[:count]
	st.views, st.vers = st.views[:count], st.vers[:count]
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	const chunk = 512
	docs := make([][]byte, 0, chunk)
	views := func(first int, docs [][]byte) {
		g.Go(func() error {
			for k, doc := range docs {
				i := first + k
				var it catalog.Item
				if err := json.Unmarshal(doc, &it); err != nil || it.ID != st.ids[i] {
					return fmt.Errorf("%w: item %d (%q) does not decode", ErrCorrupt, i, st.ids[i])
				}
				st.views[i] = it.FilterView()
			}
			return nil
		})
	}
	for i := range count {
		idb, err := read()
		if err != nil {
			g.Wait()
			return nil, fmt.Errorf("%w: item %d: %v", ErrCorrupt, i, err)
		}
		id := string(idb)
		hb, err := read()
		if err != nil {
			g.Wait()
			return nil, fmt.Errorf("%w: item %d: %v", ErrCorrupt, i, err)
		}
		hash := string(hb)
		doc, err := read()
		if err != nil {
			g.Wait()
			return nil, fmt.Errorf("%w: item %d: %v", ErrCorrupt, i, err)
		}
		if _, dup := st.pos[id]; dup || id == "" {
			g.Wait()
			return nil, fmt.Errorf("%w: item %d: id %q empty or stored twice", ErrCorrupt, i, id)
		}
		st.pos[id] = i
		st.ids[i], st.hashes[i], st.vers[i] = id, hash, uint64(i+1)
		st.docs[i] = docRef{off: in.n - int64(len(doc)), n: len(doc)}
		if docs = append(docs, bytes.Clone(doc)); len(docs) == chunk || i == count-1 {
			views(i+1-len(docs), docs)
			docs = make([][]byte, 0, chunk)
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	st.vecOff = in.n
	if got, want := body-in.n, int64(dims)*int64(count)*4; got != want {
		return nil, fmt.Errorf("%w: %d bytes of vectors, want %d", ErrCorrupt, got, want)
	}
	if _, err := io.Copy(io.Discard, in); err != nil { // the checksum covers the vectors too
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(sum[:]) {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	st.stored = count
	return st, nil
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

// load reads the store file of dir; a missing file is an empty store.
func load(dir string) (*state, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return (&state{}).clone(0, 0), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	st, err := decode(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	st.src = newSource(f)
	return st, nil
}

// writeFile replaces dir's store file with st atomically (a reader, or a
// crash at any point, sees either the old file or the new one), then
// makes st read its documents and vectors from the new file: the vectors
// it held in memory are let go.
func writeFile(dir string, st *state) error {
	var lay layout
	f, err := atomicfile.WriteOpen(filepath.Join(dir, FileName), 0o644, func(w io.Writer) error {
		var err error
		lay, err = encode(w, st)
		return err
	})
	if err != nil {
		return fmt.Errorf("write vector store: %w", err)
	}
	st.src, st.vecOff, st.stored, st.fresh = newSource(f), lay.vecOff, len(st.ids), nil
	for i := range st.docs {
		st.docs[i] = docRef{off: lay.docOff[i], n: len(st.docs[i].b) + st.docs[i].n}
	}
	return nil
}
