package embed

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
)

// Cache file layout, integers little-endian:
//
//	header: "TRECACH1", dims uint32, model length uint32, model, CRC-32 of the preceding header bytes
//	record: SHA-256 of the text (32 bytes), dims float32 values, CRC-32 of key and values
//
// Records are fixed-size and only appended, so a crash can only tear the
// last one; load keeps the records before the first bad one and cuts the
// file there.
var cacheMagic = []byte("TRECACH1")

func cacheHeader(model string, dims int) []byte {
	b := append([]byte(nil), cacheMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(dims))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(model)))
	b = append(b, model...)
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func recordSize(dims int) int { return sha256.Size + 4*dims + 4 }

func appendRecord(b []byte, key [sha256.Size]byte, v []float32) []byte {
	start := len(b)
	b = append(b, key[:]...)
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// load opens the cache file, reads its records and cuts a torn tail.
func (c *Cache) load() error {
	f, err := os.OpenFile(c.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if err := c.loadFrom(f); err != nil {
		f.Close()
		return err
	}
	c.file = f
	return nil
}

func (c *Cache) loadFrom(f *os.File) error {
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	hdr := cacheHeader(c.inner.Model(), c.inner.Dimensions())
	if len(data) < len(hdr) && bytes.HasPrefix(hdr, data) {
		// New file, or one torn while its header was written.
		if err := f.Truncate(0); err != nil {
			return err
		}
		if _, err := f.Write(hdr); err != nil {
			return err
		}
		return f.Sync()
	}
	if !bytes.HasPrefix(data, hdr) {
		return fmt.Errorf("%w: en-tête d'un autre modèle ou endommagé", ErrCorrupt)
	}
	vecs, good := parseRecords(data[len(hdr):], c.inner.Dimensions())
	c.vecs = vecs
	if good < len(data)-len(hdr) {
		if err := f.Truncate(int64(len(hdr) + good)); err != nil {
			return err
		}
		return f.Sync()
	}
	return nil
}

// parseRecords decodes records up to the first torn or damaged one and
// returns them with the length of the good prefix.
func parseRecords(b []byte, dims int) (map[[sha256.Size]byte][]float32, int) {
	size := recordSize(dims)
	vecs := make(map[[sha256.Size]byte][]float32, len(b)/size)
	good := 0
	for ; good+size <= len(b); good += size {
		rec := b[good : good+size]
		body := rec[:size-4]
		if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(rec[size-4:]) {
			break
		}
		v := make([]float32, dims)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[sha256.Size+4*i:]))
		}
		if checkVector(v, dims) != nil {
			break
		}
		vecs[[sha256.Size]byte(body[:sha256.Size])] = v
	}
	return vecs, good
}
