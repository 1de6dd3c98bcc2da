package catalog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// Known is an item of a catalog file known by its id and content hash
// only: its JSON Lines line is byte for byte one that a LineMemo saw
// decode, by the same code, into a valid item of that id and hash, so it
// was not decoded again. A caller holding a stored item of that id and
// hash has the item; otherwise it reads the files again without a memo.
type Known struct {
	ID string
	// Hash is the ContentHash of the item the line decodes to.
	Hash string
}

// LineMemo remembers what the lines of JSON Lines catalog files decoded
// to: for each line, the id and content hash of its item. It is a cache
// of a pure function of the line's bytes and of the code decoding it
// (its version), and holds nothing else: a line whose item has métiers
// written in the file is not remembered, so that a Known's hash is also
// the hash of the item without its métiers.
//
// LoadFilesKnown reads from it the lines of an earlier run and records the
// lines of its own; Save keeps the latter only.
type LineMemo struct {
	version [sha256.Size]byte
	old     map[lineKey]Known
	seen    map[lineKey]Known
}

// lineKey identifies a line by the first half of its SHA-256.
type lineKey [16]byte

func keyOf(line []byte) lineKey {
	sum := sha256.Sum256(line)
	return lineKey(sum[:16])
}

var memoMagic = [8]byte{'T', 'R', 'M', 'P', 'L', 'N', 'M', '1'}

// NewLineMemo returns an empty memo for the decoding code of version
// (any bytes that change whenever the code does, such as a hash of the
// executable).
func NewLineMemo(version []byte) *LineMemo {
	return &LineMemo{version: sha256.Sum256(version), old: map[lineKey]Known{}, seen: map[lineKey]Known{}}
}

// ReadLineMemo returns the memo saved at path by code of the same version.
// A missing or other version's file gives an empty memo, a damaged one
// an empty memo and the reason it was not used: the memo only saves work,
// it never stops a read.
func ReadLineMemo(path string, version []byte) (*LineMemo, error) {
	m := NewLineMemo(version)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	defer f.Close()
	old, err := decodeMemo(bufio.NewReaderSize(f, 1<<20), m.version)
	if errors.Is(err, errMemoVersion) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	m.old = old
	return m, nil
}

var errMemoVersion = errors.New("written by another version")

// decodeMemo reads a memo file: the magic, the version, the number of
// lines as uint32, per line its key, then its id and hash each as a
// uvarint length and bytes, then a CRC-32C of all of it, little-endian.
func decodeMemo(r io.Reader, version [sha256.Size]byte) (map[lineKey]Known, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(data) < len(memoMagic)+sha256.Size+8 || !bytes.Equal(data[:8], memoMagic[:]) {
		return nil, errors.New("not a line memo")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, errors.New("checksum mismatch")
	}
	if !bytes.Equal(body[8:8+sha256.Size], version[:]) {
		return nil, errMemoVersion
	}
	rest := body[8+sha256.Size:]
	n := binary.LittleEndian.Uint32(rest)
	rest = rest[4:]
	if uint64(n) > uint64(len(rest))/18 {
		return nil, errors.New("bad line count")
	}
	out := make(map[lineKey]Known, n)
	field := func() (string, bool) {
		l, k := binary.Uvarint(rest)
		if k <= 0 || l > uint64(len(rest)-k) {
			return "", false
		}
		s := string(rest[k : k+int(l)])
		rest = rest[k+int(l):]
		return s, true
	}
	for range n {
		if len(rest) < len(lineKey{}) {
			return nil, errors.New("truncated")
		}
		key := lineKey(rest[:16])
		rest = rest[16:]
		id, ok1 := field()
		hash, ok2 := field()
		if !ok1 || !ok2 || id == "" {
			return nil, errors.New("truncated")
		}
		out[key] = Known{ID: id, Hash: hash}
	}
	if len(rest) != 0 {
		return nil, errors.New("trailing bytes")
	}
	return out, nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Len is the number of lines the memo recorded in this run.
func (m *LineMemo) Len() int { return len(m.seen) }

// Save writes the lines recorded in this run to path, atomically.
func (m *LineMemo) Save(path string) error {
	return atomicfile.WriteFunc(path, 0o644, func(w io.Writer) error {
		buf := append([]byte(nil), memoMagic[:]...)
		buf = append(buf, m.version[:]...)
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(m.seen)))
		for k, v := range m.seen {
			buf = append(buf, k[:]...)
			buf = binary.AppendUvarint(buf, uint64(len(v.ID)))
			buf = append(buf, v.ID...)
			buf = binary.AppendUvarint(buf, uint64(len(v.Hash)))
			buf = append(buf, v.Hash...)
		}
		buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(buf, castagnoli))
		_, err := w.Write(buf)
		return err
	})
}

// lookup returns what an earlier run recorded for line.
func (m *LineMemo) lookup(line []byte) (lineKey, Known, bool) {
	k := keyOf(line)
	v, ok := m.old[k]
	return k, v, ok
}

// LoadFilesKnown is LoadFiles reading JSON Lines files through memo: a
// line memo recorded in an earlier run is not decoded but returned as a
// Known, in file order among the others; every line that decodes to a
// valid item without métiers is recorded for the next run. Ids are
// checked for duplicates across items and Knowns alike.
func LoadFilesKnown(memo *LineMemo, paths ...string) ([]Item, []Known, []Problem, error) {
	d := newDecoder()
	d.memo = memo
	for _, p := range paths {
		if err := d.loadFile(p); err != nil {
			return nil, nil, nil, err
		}
	}
	return d.items, d.known, d.problems, nil
}
