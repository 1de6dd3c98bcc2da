package embed

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func openTestCache(t *testing.T, dir string, inner Embedder) *Cache {
	t.Helper()
	c, err := OpenCache(dir, inner)
	if err != nil {
		t.Fatalf("OpenCache: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestCacheSkipsUnchanged counts the calls a fake OpenAI server receives
// through a cache: none for texts already embedded, even after a reopen;
// one input for one changed text.
func TestCacheSkipsUnchanged(t *testing.T) {
	srv := newFakeOpenAI(t, testDims, nil)
	o, _ := newTestClient(t, srv, Config{})
	dir := t.TempDir()
	c := openTestCache(t, dir, o)
	defer func() { c.Close() }()
	in := texts(50)
	steps := []struct {
		name                  string
		texts                 []string
		reopen                bool
		wantCalls, wantInputs int
		wantStats             CacheStats
	}{
		{name: "first index", texts: in, wantCalls: 1, wantInputs: 50, wantStats: CacheStats{Misses: 50}},
		{name: "unchanged", texts: in, wantCalls: 1, wantInputs: 50, wantStats: CacheStats{Hits: 50, Misses: 50}},
		{name: "one changed", texts: append(append([]string{}, in[:49]...), "Nouvelle formation : soudure TIG"), wantCalls: 2, wantInputs: 51, wantStats: CacheStats{Hits: 99, Misses: 51}},
		{name: "after reopen", texts: in, reopen: true, wantCalls: 2, wantInputs: 51, wantStats: CacheStats{Hits: 50}},
		{name: "duplicates embedded once", texts: []string{"soudeur", "soudeur", "soudeuse"}, wantCalls: 3, wantInputs: 53, wantStats: CacheStats{Hits: 51, Misses: 2}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.reopen {
				if err := c.Close(); err != nil {
					t.Fatal(err)
				}
				var err error
				if c, err = OpenCache(dir, o); err != nil {
					t.Fatal(err)
				}
			}
			got, err := c.Embed(t.Context(), st.texts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantVectors(st.texts, testDims), got); diff != "" {
				t.Errorf("vectors (-want +got):\n%s", diff)
			}
			calls, inputs := srv.counts()
			if calls != st.wantCalls || inputs != st.wantInputs {
				t.Errorf("server saw %d calls and %d inputs, want %d and %d", calls, inputs, st.wantCalls, st.wantInputs)
			}
			if diff := cmp.Diff(st.wantStats, c.Stats()); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeEmbedder returns the vectors of its function; it counts inputs.
type fakeEmbedder struct {
	model  string
	dims   int
	vec    func(text string) []float32
	inputs int
}

func (f *fakeEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	f.inputs += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = f.vec(t)
	}
	return out, nil
}
func (f *fakeEmbedder) Model() string   { return f.model }
func (f *fakeEmbedder) Dimensions() int { return f.dims }

func TestCacheRejectsBadVectors(t *testing.T) {
	bad := map[string]func(string) []float32{
		"NaN":             func(s string) []float32 { return []float32{float32(math.NaN()), 1, 1} },
		"Inf":             func(s string) []float32 { return []float32{float32(math.Inf(-1)), 1, 1} },
		"zero":            func(s string) []float32 { return []float32{0, 0, 0} },
		"wrong dimension": func(s string) []float32 { return []float32{1, 1} },
	}
	for name, vec := range bad {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			inner := &fakeEmbedder{model: "fake", dims: 3, vec: vec}
			c := openTestCache(t, dir, inner)
			if _, err := c.Embed(t.Context(), []string{"a"}); !errors.Is(err, ErrBadResponse) {
				t.Errorf("Embed error = %v, want ErrBadResponse", err)
			}
			if c.Len() != 0 {
				t.Errorf("cache holds %d vectors after a bad response, want 0", c.Len())
			}
			c.Close()
			if c2 := openTestCache(t, dir, inner); c2.Len() != 0 {
				t.Errorf("reopened cache holds %d vectors, want 0", c2.Len())
			}
		})
	}
}

func TestCacheSeparatesModels(t *testing.T) {
	dir := t.TempDir()
	a := &fakeEmbedder{model: "a", dims: 3, vec: func(string) []float32 { return []float32{1, 0, 0} }}
	b := &fakeEmbedder{model: "b", dims: 3, vec: func(string) []float32 { return []float32{0, 1, 0} }}
	ca, cb := openTestCache(t, dir, a), openTestCache(t, dir, b)
	if ca.Path() == cb.Path() {
		t.Fatalf("models a and b share the cache file %s", ca.Path())
	}
	va, _ := ca.Embed(t.Context(), []string{"x"})
	vb, _ := cb.Embed(t.Context(), []string{"x"})
	if diff := cmp.Diff([][]float32{{1, 0, 0}}, va); diff != "" {
		t.Errorf("model a (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]float32{{0, 1, 0}}, vb); diff != "" {
		t.Errorf("model b (-want +got):\n%s", diff)
	}
}

// TestCacheTornTail cuts the cache file at every byte of its last record
// and of its header, as a crash mid-write would, and checks that the good
// records load, the torn one is dropped, and appends still line up.
func TestCacheTornTail(t *testing.T) {
	inner := &fakeEmbedder{model: "fake", dims: 4, vec: func(s string) []float32 { return fakeVector(s, 4) }}
	dir := t.TempDir()
	c := openTestCache(t, dir, inner)
	if _, err := c.Embed(t.Context(), []string{"a", "b", "c"}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	full, err := os.ReadFile(c.Path())
	if err != nil {
		t.Fatal(err)
	}
	hdr := len(cacheHeader("fake", 4))
	size := recordSize(4)
	cuts := []struct{ at, want int }{{0, 0}, {hdr / 2, 0}, {hdr, 0}}
	for cut := len(full) - size; cut < len(full); cut++ {
		cuts = append(cuts, struct{ at, want int }{cut, 2})
	}
	cuts = append(cuts, struct{ at, want int }{len(full), 3})
	for _, cut := range cuts {
		t.Run(strconv.Itoa(cut.at), func(t *testing.T) {
			sub := t.TempDir()
			path := filepath.Join(sub, filepath.Base(c.Path()))
			if err := os.WriteFile(path, full[:cut.at], 0o644); err != nil {
				t.Fatal(err)
			}
			tc := openTestCache(t, sub, inner)
			if tc.Len() != cut.want {
				t.Fatalf("loaded %d vectors, want %d", tc.Len(), cut.want)
			}
			got, err := tc.Embed(t.Context(), []string{"a", "b", "c", "d"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantVectors([]string{"a", "b", "c", "d"}, 4), got); diff != "" {
				t.Errorf("vectors (-want +got):\n%s", diff)
			}
			tc.Close()
			if again := openTestCache(t, sub, inner); again.Len() != 4 {
				t.Errorf("after refill and reopen: %d vectors, want 4", again.Len())
			}
		})
	}
}

func TestCacheRefusesForeignFile(t *testing.T) {
	inner := &fakeEmbedder{model: "fake", dims: 4, vec: func(s string) []float32 { return fakeVector(s, 4) }}
	dir := t.TempDir()
	path := filepath.Join(dir, cacheFileName("fake", 4))
	if err := os.WriteFile(path, []byte("this is not a cache file at all, sorry"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenCache(dir, inner); !errors.Is(err, ErrCorrupt) {
		t.Errorf("OpenCache error = %v, want ErrCorrupt", err)
	}
}

// TestCacheKill9 kills a child process that fills a cache, at random
// moments, and checks that every vector left in the cache is the right one
// and that a re-run completes it.
func TestCacheKill9(t *testing.T) {
	if os.Getenv("TREMPLIN_CACHE_CHILD_DIR") != "" {
		cacheChild(t, os.Getenv("TREMPLIN_CACHE_CHILD_DIR"))
		return
	}
	dir := t.TempDir()
	l := fitTest(t, LocalOptions{Dimensions: 64})
	want := map[[sha256.Size]byte][]float32{}
	all := killTexts()
	vecs, err := l.Embed(t.Context(), all)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range all {
		want[sha256.Sum256([]byte(s))] = vecs[i]
	}
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCacheKill9$")
		cmd.Env = append(os.Environ(), "TREMPLIN_CACHE_CHILD_DIR="+dir)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rand.IntN(200)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		c := openTestCache(t, dir, l)
		c.mu.RLock()
		for k, v := range c.vecs {
			if diff := cmp.Diff(want[k], v); diff != "" {
				t.Errorf("round %d: cached vector differs (-want +got):\n%s", round, diff)
			}
		}
		c.mu.RUnlock()
		t.Logf("round %d: %d vectors survived the kill", round, c.Len())
		c.Close()
	}
	c := openTestCache(t, dir, l)
	got, err := c.Embed(t.Context(), all)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(vecs, got); diff != "" {
		t.Errorf("re-run vectors (-want +got):\n%s", diff)
	}
}

func killTexts() []string {
	out := make([]string, 3000)
	for i := range out {
		out[i] = fmt.Sprintf("Certification n° %d : technicien de maintenance, niveau %d", i, i%8)
	}
	return out
}

// cacheChild embeds killTexts in small batches until killed.
func cacheChild(t *testing.T, dir string) {
	l := fitTest(t, LocalOptions{Dimensions: 64})
	c, err := OpenCache(dir, l)
	if err != nil {
		t.Fatal(err)
	}
	all := killTexts()
	for i := 0; i < len(all); i += 7 {
		if _, err := c.Embed(t.Context(), all[i:min(i+7, len(all))]); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzParseRecords(f *testing.F) {
	rec := appendRecord(nil, sha256.Sum256([]byte("a")), []float32{1, 2, 3})
	f.Add(rec)
	f.Add(append(rec, rec[:10]...))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		vecs, good := parseRecords(b, 3)
		if good < 0 || good > len(b) || good%recordSize(3) != 0 || len(vecs) > good/recordSize(3) {
			t.Errorf("parseRecords: good = %d, %d vectors, for %d bytes", good, len(vecs), len(b))
		}
	})
}

func TestCacheConcurrent(t *testing.T) {
	l := fitTest(t, LocalOptions{Dimensions: 32})
	c := openTestCache(t, t.TempDir(), l)
	all := killTexts()[:400]
	want, err := l.Embed(t.Context(), all)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			lo := g * 40
			got, err := c.Embed(t.Context(), all[lo:lo+100])
			if err == nil {
				if diff := cmp.Diff(want[lo:lo+100], got); diff != "" {
					err = fmt.Errorf("goroutine %d (-want +got):\n%s", g, diff)
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if c.Len() != 380 {
		t.Errorf("cache holds %d vectors, want 380", c.Len())
	}
}

func TestCacheRetain(t *testing.T) {
	inner := &fakeEmbedder{model: "fake", dims: 4, vec: func(s string) []float32 { return fakeVector(s, 4) }}
	dir := t.TempDir()
	c := openTestCache(t, dir, inner)
	if _, err := c.Embed(t.Context(), []string{"a", "b", "c", "d"}); err != nil {
		t.Fatal(err)
	}
	before, err := os.Stat(c.Path())
	if err != nil {
		t.Fatal(err)
	}
	dropped, err := c.Retain([]string{"b", "d", "z"})
	if err != nil || dropped != 2 {
		t.Fatalf("Retain = %d, %v; want 2, nil", dropped, err)
	}
	if _, err := c.Embed(t.Context(), []string{"e"}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	after, err := os.Stat(c.Path())
	if err != nil {
		t.Fatal(err)
	}
	if want := before.Size() - int64(recordSize(4)); after.Size() != want {
		t.Errorf("file size %d after Retain and one append, want %d", after.Size(), want)
	}
	inner.inputs = 0
	c2 := openTestCache(t, dir, inner)
	got, err := c2.Embed(t.Context(), []string{"b", "d", "e", "a"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantVectors([]string{"b", "d", "e", "a"}, 4), got); diff != "" {
		t.Errorf("vectors (-want +got):\n%s", diff)
	}
	if inner.inputs != 1 {
		t.Errorf("inner embedded %d texts after reopen, want 1 (the dropped \"a\")", inner.inputs)
	}
}
