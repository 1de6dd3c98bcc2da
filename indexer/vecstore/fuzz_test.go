package vecstore_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/vecstore"
)

// FuzzOpen feeds arbitrary store files to Open: it must load them or
// return ErrCorrupt, never panic, and a loaded store must answer queries.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	s, err := vecstore.Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	recs := []catalog.Record{rec("a", 1, 0), rec("b", 0, 1)}
	recs[1].Item.Mission = &catalog.Mission{Department: "DSI"}
	if err := s.Upsert(f.Context(), recs); err != nil {
		f.Fatal(err)
	}
	valid, err := os.ReadFile(filepath.Join(dir, vecstore.FileName))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add([]byte("TRMPVEC1"))
	f.Fuzz(func(t *testing.T, content []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, vecstore.FileName), content, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := vecstore.Open(dir)
		if err != nil {
			if !errors.Is(err, vecstore.ErrCorrupt) {
				t.Fatalf("Open error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if _, err := s.Items(t.Context()); err != nil {
			t.Fatalf("Items on a loaded store: %v", err)
		}
		q := make([]float32, s.Dims())
		if len(q) > 0 {
			q[0] = 1
		}
		if _, err := s.Search(t.Context(), q, catalog.Filter{}, 3); err != nil && s.Len() > 0 {
			t.Fatalf("Search on a loaded store: %v", err)
		}
	})
}
