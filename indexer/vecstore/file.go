package vecstore

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/catalog"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// The file is, little-endian: the magic, dims and count as uint32; per
// item its id, hash and JSON document, each as a uvarint length and bytes;
// then every vector as count*dims float32; then a CRC-32C of all of it.
var magic = [8]byte{'T', 'R', 'M', 'P', 'V', 'E', 'C', '1'}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// encode writes st in the file format.
func encode(w io.Writer, st *state) error {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	var buf []byte
	buf = append(buf, magic[:]...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(st.dims))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(st.ids)))
	for i := range st.ids {
		for _, field := range [][]byte{[]byte(st.ids[i]), []byte(st.hashes[i]), st.docs[i]} {
			buf = binary.AppendUvarint(buf, uint64(len(field)))
			buf = append(buf, field...)
		}
		if len(buf) > 1<<16 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	v := make([]float32, st.dims)
	for i := range st.ids {
		for _, x := range st.vector(i, v) {
			buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
		}
		if len(buf) > 1<<16 {
			if _, err := bw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	return err
}

// decode parses a whole file. It never panics on bad input. The state's
// documents and vectors point into b, which must outlive it.
func decode(b []byte) (*state, error) {
	if len(b) < len(magic)+12 || string(b[:len(magic)]) != string(magic[:]) {
		return nil, fmt.Errorf("%w: not a vector store file", ErrCorrupt)
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	r := reader{b: body[len(magic):]}
	dims, count := int(r.uint32()), int(r.uint32())
	if count > len(r.b)/3 || (count > 0 && dims == 0) || uint64(dims)*uint64(count)*4 > uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: %d items of dimension %d do not fit in the file", ErrCorrupt, count, dims)
	}
	st := (&state{}).clone(dims, count)
	for i := 0; i < count && r.err == nil; i++ {
		id, hash, doc := string(r.field()), string(r.field()), r.field()
		if r.err != nil {
			break
		}
		var it catalog.Item
		if err := json.Unmarshal(doc, &it); err != nil || it.ID != id || id == "" {
			return nil, fmt.Errorf("%w: item %d (%q) does not decode", ErrCorrupt, i, id)
		}
		if _, dup := st.pos[id]; dup {
			return nil, fmt.Errorf("%w: id %q stored twice", ErrCorrupt, id)
		}
		st.pos[id] = i
		st.ids, st.hashes = append(st.ids, id), append(st.hashes, hash)
		st.docs, st.items = append(st.docs, doc), append(st.items, it)
	}
	if r.err == nil && len(r.b) != dims*count*4 {
		r.err = fmt.Errorf("%d bytes of vectors, want %d", len(r.b), dims*count*4)
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, r.err)
	}
	st.vecs, st.raw = nil, r.b
	if count == 0 {
		st.raw = nil
	}
	return st, nil
}

// reader consumes a byte slice, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uint32() uint32 {
	if len(r.b) < 4 {
		r.err = io.ErrUnexpectedEOF
		return 0
	}
	v := binary.LittleEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) field() []byte {
	if r.err != nil {
		return nil
	}
	n, k := binary.Uvarint(r.b)
	if k <= 0 || n > uint64(len(r.b)-k) {
		r.err = fmt.Errorf("bad field length")
		return nil
	}
	f := r.b[k : k+int(n)]
	r.b = r.b[k+int(n):]
	return f
}

// load reads the store file of dir; a missing file is an empty store.
func load(dir string) (*state, error) {
	path := filepath.Join(dir, FileName)
	m, err := mapFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return (&state{}).clone(0, 0), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read vector store: %w", err)
	}
	st, err := decode(m.b)
	if err != nil {
		m.close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	st.m = m
	m.release() // reading it whole for the checksum made every page resident
	return st, nil
}

// writeFile replaces dir's store file with st atomically: a reader, or a
// crash at any point, sees either the old file or the new one.
func writeFile(dir string, st *state) error {
	err := atomicfile.WriteFunc(filepath.Join(dir, FileName), 0o644, func(w io.Writer) error {
		return encode(w, st)
	})
	if err != nil {
		return fmt.Errorf("write vector store: %w", err)
	}
	return nil
}
