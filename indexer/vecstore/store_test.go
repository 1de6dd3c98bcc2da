package vecstore_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/storetest"
	"github.com/tremplin/tremplin/indexer/vecstore"
)

func open(t *testing.T, dir string) *vecstore.Store {
	t.Helper()
	s, err := vecstore.Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dims int) indexer.VectorStore {
		return open(t, t.TempDir())
	})
}

// TestContractReopened checks every write is on disk: each store operation
// of the suite runs on a store reopened from its directory.
func TestContractReopened(t *testing.T) {
	storetest.Run(t, func(t *testing.T, dims int) indexer.VectorStore {
		return &reopening{t: t, dir: t.TempDir()}
	})
}

// reopening opens the store from its directory afresh for every call.
type reopening struct {
	indexer.VectorStore
	t   *testing.T
	dir string
	// wmu makes its writes one writer's, as a directory has one writing
	// process: Create checks and writes under the store's own lock.
	wmu sync.Mutex
}

func rec(id string, v ...float32) catalog.Record {
	return catalog.Record{Item: catalog.Item{ID: id, Kind: catalog.KindFormation, Title: id, Active: true}, Hash: "h-" + id, Vector: v}
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	ctx := t.Context()
	if err := s.Upsert(ctx, []catalog.Record{rec("a", 1, 0, 0), rec("b", 0, 2, 0), rec("c", 0, 0, 3)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	re := open(t, dir)
	got, err := re.Hashes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"b": "h-b", "c": "h-c"}, got); diff != "" {
		t.Errorf("Hashes after reopen (-want +got):\n%s", diff)
	}
	hits, err := re.Search(ctx, []float32{0, 0, 1}, catalog.Filter{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]catalog.Scored{{ID: "c", Score: 1}}, hits); diff != "" {
		t.Errorf("Search after reopen (-want +got):\n%s", diff)
	}
	if re.Dims() != 3 {
		t.Errorf("Dims() = %d, want 3", re.Dims())
	}
	// A rejected write leaves the file as it was.
	if err := re.Upsert(ctx, []catalog.Record{rec("d", 1, 1)}); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Upsert of a 2-dim vector in a 3-dim store: error %v, want catalog.ErrInvalid", err)
	}
	if n := open(t, dir).Len(); n != 2 {
		t.Errorf("Len after a rejected write = %d, want 2", n)
	}
}

func TestOpenRejectsCorruptFile(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if err := s.Upsert(t.Context(), []catalog.Record{rec("a", 1, 2, 3)}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, vecstore.FileName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string][]byte{
		"truncated":   b[:len(b)-7],
		"flipped bit": append(append([]byte{}, b[:20]...), append([]byte{b[20] ^ 1}, b[21:]...)...),
		"empty":       {},
		"other file":  []byte("id,title\n"),
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, vecstore.FileName), content, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := vecstore.Open(dir); !errors.Is(err, vecstore.ErrCorrupt) {
				t.Errorf("Open error = %v, want ErrCorrupt", err)
			}
		})
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "."+vecstore.FileName+".tmp-123")
	if err := os.WriteFile(stale, []byte("half written"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir)
	if s.Len() != 0 {
		t.Errorf("Len = %d, want 0", s.Len())
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temp file still there (stat error %v)", err)
	}
}

// TestConcurrentReadersAndWriter is meant for -race: readers see whole
// batches only.
func TestConcurrentReadersAndWriter(t *testing.T) {
	s := open(t, t.TempDir())
	ctx := t.Context()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 30 {
			// Each batch holds two items; a reader must never see one alone.
			a, b := rec("a", 1, float32(i), 0), rec("b", 0, 1, float32(i))
			if err := s.Upsert(ctx, []catalog.Record{a, b}); err != nil {
				t.Error(err)
				return
			}
			if err := s.Delete(ctx, []string{"a", "b"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				h, err := s.Hashes(ctx)
				if err != nil || (len(h) != 0 && len(h) != 2) {
					t.Errorf("Hashes = %v, %v; want 0 or 2 items", h, err)
					return
				}
				if _, err := s.Search(ctx, []float32{1, 1, 1}, catalog.Filter{}, 5); err != nil && !errors.Is(err, catalog.ErrInvalid) {
					t.Errorf("Search: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func (r *reopening) store() *vecstore.Store {
	r.t.Helper()
	return open(r.t, r.dir)
}

func (r *reopening) Upsert(ctx context.Context, recs []catalog.Record) error {
	return r.store().Upsert(ctx, recs)
}

func (r *reopening) Create(ctx context.Context, rec catalog.Record) error {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	return r.store().Create(ctx, rec)
}

func (r *reopening) Delete(ctx context.Context, ids []string) error {
	return r.store().Delete(ctx, ids)
}

func (r *reopening) Hashes(ctx context.Context) (map[string]string, error) {
	return r.store().Hashes(ctx)
}

func (r *reopening) Vectors(ctx context.Context, ids []string) ([]catalog.Record, error) {
	return r.store().Vectors(ctx, ids)
}

func (r *reopening) Item(ctx context.Context, id string) (catalog.Item, error) {
	return r.store().Item(ctx, id)
}

func (r *reopening) Items(ctx context.Context) ([]catalog.Item, error) {
	return r.store().Items(ctx)
}

func (r *reopening) Search(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error) {
	return r.store().Search(ctx, vec, f, k)
}

func (r *reopening) Close() error { return nil }

// TestCallersCannotAlterTheStore changes what was upserted and what was
// read: the store keeps its own copy.
func TestCallersCannotAlterTheStore(t *testing.T) {
	s := open(t, t.TempDir())
	ctx := t.Context()
	r := rec("a", 1, 0)
	r.Item.Skills = []string{"Go"}
	r.Item.Mentor = &catalog.Mentor{Name: "Camille", Capacity: 1}
	if err := s.Upsert(ctx, []catalog.Record{r}); err != nil {
		t.Fatal(err)
	}
	r.Item.Skills[0] = "changed after Upsert"
	r.Item.Mentor.Capacity = 0
	got, err := s.Item(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	got.Skills[0] = "changed after Item"
	all, err := s.Items(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all[0].Mentor.Name = "changed after Items"
	again, err := s.Item(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := rec("a", 1, 0).Item
	want.Skills = []string{"Go"}
	want.Mentor = &catalog.Mentor{Name: "Camille", Capacity: 1}
	if diff := cmp.Diff(want, again); diff != "" {
		t.Errorf("stored item changed by its callers (-want +got):\n%s", diff)
	}
}

// TestItemAfterRewriteWithSameHash reads an item, rewrites it with other
// content under the same hash, and reads it again: the store's cache of
// decoded items must not serve the old content.
func TestItemAfterRewriteWithSameHash(t *testing.T) {
	s := open(t, t.TempDir())
	ctx := t.Context()
	first := rec("a", 1, 0)
	if err := s.Upsert(ctx, []catalog.Record{first}); err != nil {
		t.Fatal(err)
	}
	if it, err := s.Item(ctx, "a"); err != nil || it.Title != "a" {
		t.Fatalf("Item(a) = %q, %v; want title a", it.Title, err)
	}
	second := first
	second.Item.Title = "autre titre"
	if err := s.Upsert(ctx, []catalog.Record{second}); err != nil {
		t.Fatal(err)
	}
	if it, err := s.Item(ctx, "a"); err != nil || it.Title != "autre titre" {
		t.Errorf("Item(a) after the rewrite = %q, %v; want « autre titre »", it.Title, err)
	}
}

// TestVectorsSurviveWritesAndDeletes writes a store in several batches
// that add, replace and delete items (a delete moves the last item into
// the freed place), then checks every search against a brute-force scan
// of the vectors the test kept, on the store and on it reopened.
func TestVectorsSurviveWritesAndDeletes(t *testing.T) {
	const dims = 6
	dir := t.TempDir()
	s := open(t, dir)
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(7, 9))
	want := map[string][]float32{}
	for round := range 6 {
		var batch []catalog.Record
		for range 40 {
			id := fmt.Sprintf("i%03d", rng.IntN(150))
			if slices.ContainsFunc(batch, func(r catalog.Record) bool { return r.Item.ID == id }) {
				continue
			}
			v := make([]float32, dims)
			for d := range v {
				v[d] = rng.Float32() - 0.5
			}
			batch = append(batch, rec(id, v...))
			want[id] = v
		}
		if err := s.Upsert(ctx, batch); err != nil {
			t.Fatal(err)
		}
		var gone []string
		for id := range want {
			if rng.IntN(8) == round%8 {
				gone = append(gone, id)
			}
		}
		if err := s.Delete(ctx, gone); err != nil {
			t.Fatal(err)
		}
		for _, id := range gone {
			delete(want, id)
		}
	}
	for name, st := range map[string]*vecstore.Store{"written": s, "reopened": open(t, dir)} {
		for q := range 20 {
			vec := make([]float32, dims)
			for d := range vec {
				vec[d] = rng.Float32() - 0.5
			}
			got, err := st.SearchExact(ctx, vec, catalog.Filter{}, len(want))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: query %d: %d hits, want %d", name, q, len(got), len(want))
			}
			for _, h := range got {
				if c := cosine(vec, want[h.ID]); math.Abs(c-h.Score) > 1e-5 {
					t.Errorf("%s: query %d: %s scored %.6f, want %.6f", name, q, h.ID, h.Score, c)
				}
			}
		}
	}
}

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

// TestSmallWritesAddDeltaFiles writes a few items into a store of many:
// the write adds a delta file instead of rewriting the store, the store
// reopens with every write, and once the deltas hold more than half as
// many records as the store they are folded into a new base file.
func TestSmallWritesAddDeltaFiles(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	ctx := t.Context()
	var many []catalog.Record
	for i := range 100 {
		many = append(many, rec(fmt.Sprintf("i%03d", i), float32(i+1), 1))
	}
	if err := s.Upsert(ctx, many); err != nil {
		t.Fatal(err)
	}
	base := fileInfo(t, dir, vecstore.FileName)
	deltas := func() []string {
		m, _ := filepath.Glob(filepath.Join(dir, vecstore.FileName+".delta-*"))
		return m
	}
	if err := s.Upsert(ctx, []catalog.Record{rec("i007", 1, 0), rec("new", 0, 1)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, []string{"i003"}); err != nil {
		t.Fatal(err)
	}
	if got := deltas(); len(got) != 2 {
		t.Fatalf("after two small writes, delta files %v, want 2", got)
	}
	if after := fileInfo(t, dir, vecstore.FileName); !os.SameFile(base, after) {
		t.Errorf("a small write rewrote the base file")
	}
	check := func(st *vecstore.Store, what string) {
		t.Helper()
		if st.Len() != 100 {
			t.Errorf("%s: %d items, want 100", what, st.Len())
		}
		if _, err := st.Item(ctx, "i003"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("%s: deleted item i003: %v, want not found", what, err)
		}
		hits, err := st.SearchExact(ctx, []float32{1, 0}, catalog.Filter{}, 1)
		if err != nil || len(hits) != 1 || hits[0].ID != "i007" {
			t.Errorf("%s: nearest to (1, 0) = %v, %v; want i007 as rewritten", what, hits, err)
		}
	}
	check(s, "written")
	check(open(t, dir), "reopened")
	var rest []string
	for i := range 60 {
		rest = append(rest, fmt.Sprintf("i%03d", 20+i))
	}
	if err := s.Delete(ctx, rest); err != nil {
		t.Fatal(err)
	}
	if got := deltas(); len(got) != 0 {
		t.Errorf("after deleting most of the store, delta files %v left, want them folded into the base", got)
	}
	if re := open(t, dir); re.Len() != 40 {
		t.Errorf("reopened after the new base: %d items, want 40", re.Len())
	}
}

func fileInfo(t *testing.T, dir, name string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
