package vecstore

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// FuzzDecode feeds arbitrary file bodies, with a correct checksum appended
// so that the parser behind it is reached, to the file decoder: it must
// return a usable state or ErrCorrupt, never panic, and what it accepts
// must encode back to the same bytes.
func FuzzDecode(f *testing.F) {
	st := (&state{}).clone(2, 2)
	for i, v := range [][]float32{{1, 0}, {0.6, 0.8}} {
		it := catalog.Item{ID: string(rune('a' + i)), Kind: catalog.KindMission, Title: "Mission", Active: true,
			Mission: &catalog.Mission{Department: "DSI"}}
		doc, err := json.Marshal(it)
		if err != nil {
			f.Fatal(err)
		}
		st.put(catalog.Record{Item: it, Hash: "h", Vector: v}, doc, uint64(i+1))
	}
	var valid bytes.Buffer
	if _, err := encode(&valid, st); err != nil {
		f.Fatal(err)
	}
	body := valid.Bytes()[:valid.Len()-4]
	f.Add(body)
	f.Add(body[:len(body)/2])
	f.Add([]byte("TRMPVEC1"))
	f.Fuzz(func(t *testing.T, body []byte) {
		b := binary.LittleEndian.AppendUint32(bytes.Clone(body), crc32.Checksum(body, castagnoli))
		st, err := decode(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decode error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		st.src = &source{r: bytes.NewReader(b)}
		if st.stored != len(st.ids) || len(st.views) != len(st.ids) || len(st.pos) != len(st.ids) || len(st.docs) != len(st.ids) {
			t.Fatalf("decoded state is inconsistent: dims %d, %d ids, %d vectors", st.dims, len(st.ids), st.stored)
		}
		var again bytes.Buffer
		if _, err := encode(&again, st); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, again.Bytes()) {
			t.Errorf("decode then encode changed the bytes")
		}
	})
}
