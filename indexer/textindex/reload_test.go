package textindex

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// TestReloadSwapsWholeContent reloads an index of one generation with
// another while searches run: every search sees one generation whole,
// never a mix; afterwards the index holds the new generation and its
// position, on disk at its path, with nothing left beside it.
func TestReloadSwapsWholeContent(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "text.bleve")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	gen := func(word string, n int) []catalog.Record {
		recs := make([]catalog.Record, n)
		for i := range recs {
			recs[i] = record(fmt.Sprintf("%s-%03d", word, i), "Formation "+word)
		}
		return recs
	}
	if err := ix.Apply(ctx, gen("ancienne", 300), nil, []byte("1:7")); err != nil {
		t.Fatal(err)
	}
	q := catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "ancienne nouvelle"}}}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var mixed, searches atomic.Int64
	wg.Go(func() {
		for !stop.Load() {
			got, err := ix.Search(ctx, q, catalog.Filter{}, 1000)
			if err != nil {
				t.Errorf("search during the reload: %v", err)
				return
			}
			searches.Add(1)
			old := 0
			for _, h := range got {
				if h.ID[:3] == "anc" {
					old++
				}
			}
			if !(len(got) == 300 && old == 300) && !(len(got) == 250 && old == 0) {
				mixed.Add(1)
			}
		}
	})
	err = ix.Reload(ctx, gen("nouvelle", 250), 40, []byte("2:1"))
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d searches ran during the reload", searches.Load())
	if mixed.Load() > 0 {
		t.Errorf("%d of %d searches saw a mix of the two generations", mixed.Load(), searches.Load())
	}
	if n, _ := ix.Count(ctx); n != 250 {
		t.Errorf("after the reload: %d items, want 250", n)
	}
	if pos, _ := ix.Position(ctx); string(pos) != "2:1" {
		t.Errorf("position after the reload %q, want 2:1", pos)
	}
	if err := ix.Upsert(ctx, []catalog.Record{record("tard", "Formation nouvelle tardive")}); err != nil {
		t.Fatalf("write after the reload: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path + nextSuffix, path + oldSuffix} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s left behind: %v", p, err)
		}
	}
	re, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if n, _ := re.Count(ctx); n != 251 {
		t.Errorf("reopened: %d items, want the 250 reloaded and the one written after", n)
	}
}

// TestOpenSettlesAnInterruptedReload opens index directories as a crash
// during Reload leaves them: a half-written new index is dropped, an old
// one moved aside is put back.
func TestOpenSettlesAnInterruptedReload(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "text.bleve")
	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, []catalog.Record{record("a", "Comptabilité")}, nil, []byte("1:3")); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := os.MkdirAll(path+nextSuffix, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path, path+oldSuffix); err != nil {
		t.Fatal(err)
	}
	re, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if pos, _ := re.Position(ctx); string(pos) != "1:3" {
		t.Errorf("position %q after the interrupted reload, want the old index's 1:3", pos)
	}
	if _, err := os.Stat(path + nextSuffix); !os.IsNotExist(err) {
		t.Errorf("half-written index left: %v", err)
	}
}
