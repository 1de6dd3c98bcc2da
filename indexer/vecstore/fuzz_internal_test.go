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
// must encode back to the same bytes (files with views: to bytes that
// decode and encode to themselves, as the views are encoded anew).
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
	for _, m := range []magic{magicBase, magicDelta, magicBase2, magicDelta2, magicV1} {
		var valid bytes.Buffer
		var removed []string
		if isDelta(m) {
			removed = []string{"z"}
		}
		if _, err := encode(&valid, st, m, 3, removed, nil); err != nil {
			f.Fatal(err)
		}
		body := valid.Bytes()[:valid.Len()-4]
		f.Add(body)
		f.Add(body[:len(body)/2])
	}
	f.Add([]byte("TRMPVEC2"))
	f.Fuzz(func(t *testing.T, body []byte) {
		b := binary.LittleEndian.AppendUint32(bytes.Clone(body), crc32.Checksum(body, castagnoli))
		fc, err := decodeFile(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decode error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		st := (&state{}).clone(0, 0)
		var ver uint64
		if err := st.apply(fc, &source{r: bytes.NewReader(b)}, &ver); err != nil {
			t.Fatalf("apply a decoded file: %v", err)
		}
		if len(st.ids) != len(fc.ids) || len(st.views) != len(st.ids) || len(st.pos) != len(st.ids) || len(st.docs) != len(st.ids) {
			t.Fatalf("decoded state is inconsistent: dims %d, %d ids, %d records", st.dims, len(st.ids), len(fc.ids))
		}
		var again bytes.Buffer
		if _, err := encode(&again, st, fc.magic, fc.seq, fc.removed, nil); err != nil {
			t.Fatal(err)
		}
		if !hasViews(fc.magic) {
			if !bytes.Equal(b, again.Bytes()) {
				t.Errorf("decode then encode changed the bytes")
			}
			return
		}
		fc2, err := decodeFile(bytes.NewReader(again.Bytes()), int64(again.Len()))
		if err != nil {
			t.Fatalf("decode what was encoded: %v", err)
		}
		st2 := (&state{}).clone(0, 0)
		ver = 0
		if err := st2.apply(fc2, &source{r: bytes.NewReader(again.Bytes())}, &ver); err != nil {
			t.Fatalf("apply a decoded file: %v", err)
		}
		var third bytes.Buffer
		if _, err := encode(&third, st2, fc2.magic, fc2.seq, fc2.removed, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), third.Bytes()) {
			t.Errorf("a file encoded from a decoded one does not decode and encode to itself")
		}
	})
}
