package embed

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testCorpus returns the lines of testdata/corpus.txt.
func testCorpus(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "corpus.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			lines = append(lines, s)
		}
	}
	return lines
}

func fitTest(tb testing.TB, opts LocalOptions) *Local {
	tb.Helper()
	l, err := FitLocal(testCorpus(tb), opts)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

func TestLocalSimilarity(t *testing.T) {
	l := fitTest(t, LocalOptions{})
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"développeuse", "développeur", 0.6, 1},
		{"Développeur WEB", "developpeur web", 0.999, 1},
		{"infirmière", "Infirmiers", 0.6, 1},
		{"comptables", "comptable", 0.6, 1},
		{"l'entreprise", "entreprise", 0.999, 1},
		{"gestionnaire de paie", "gestion de la paie", 0.5, 1},
		{"développeuse d'applications web", "boulanger pâtissier", -0.15, 0.15},
		{"infirmière de bloc", "conducteur de travaux", -0.15, 0.15},
		{"comptable", "jardinier paysagiste", -0.15, 0.15},
	}
	for _, tt := range tests {
		t.Run(tt.a+"~"+tt.b, func(t *testing.T) {
			v, err := l.Embed(t.Context(), []string{tt.a, tt.b})
			if err != nil {
				t.Fatal(err)
			}
			c := cosine(v[0], v[1])
			t.Logf("cosine = %.3f", c)
			if c < tt.min || c > tt.max {
				t.Errorf("cosine(%q, %q) = %.3f, want in [%.2f, %.2f]", tt.a, tt.b, c, tt.min, tt.max)
			}
		})
	}
}

// TestLocalRanking checks that a query ranks the corpus line of its métier first.
func TestLocalRanking(t *testing.T) {
	corpus := testCorpus(t)
	l := fitTest(t, LocalOptions{})
	docs, err := l.Embed(t.Context(), corpus)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ query, want string }{
		{"Je veux devenir développeuse mobile", "Développeuse d'applications mobiles"},
		{"devenir infirmier en pédiatrie", "Infirmière en pédiatrie"},
		{"je souhaite évoluer vers la paie", "Gestionnaire de paie"},
		{"entretenir des jardins et des espaces verts", "Jardinier paysagiste"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := l.Embed(t.Context(), []string{tt.query})
			if err != nil {
				t.Fatal(err)
			}
			got := corpus[topK(q[0], docs, 1)[0]]
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("best match of %q = %q, want %q...", tt.query, got, tt.want)
			}
		})
	}
}

func TestLocalVectors(t *testing.T) {
	for _, dims := range []int{1, 7, 256, 1024} {
		l := fitTest(t, LocalOptions{Dimensions: dims})
		in := []string{"Technicienne de maintenance", "de la", "Ω 2024 — C++/Go", "x"}
		vs, err := l.Embed(t.Context(), in)
		if err != nil {
			t.Fatalf("dims %d: %v", dims, err)
		}
		for i, v := range vs {
			if len(v) != dims {
				t.Errorf("dims %d: vector %d has %d values", dims, i, len(v))
			}
			if err := checkVector(v, dims); err != nil && dims > 1 {
				t.Errorf("dims %d: vector %d: %v", dims, i, err)
			}
			if n := cosine(v, v); dims > 1 && math.Abs(n-1) > 1e-5 {
				t.Errorf("dims %d: vector %d not unit: %v", dims, i, n)
			}
		}
	}
}

func TestLocalDeterministic(t *testing.T) {
	a, b := fitTest(t, LocalOptions{}), fitTest(t, LocalOptions{})
	if a.Model() != b.Model() || !strings.HasPrefix(a.Model(), localModelPrefix) || len(a.Model()) != len(localModelPrefix)+8 {
		t.Errorf("models %q and %q, want equal %s<8 hex>", a.Model(), b.Model(), localModelPrefix)
	}
	in := testCorpus(t)
	va, err := a.Embed(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	vb, err := b.Embed(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(va, vb); diff != "" {
		t.Errorf("two fits embed differently (-a +b):\n%s", diff)
	}
	other, err := FitLocal(in[:10], LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if other.Model() == a.Model() {
		t.Errorf("fits on different corpora share the model name %q", a.Model())
	}
	if d := fitTest(t, LocalOptions{Dimensions: 512}); d.Model() == a.Model() {
		t.Errorf("different dimensions share the model name %q", a.Model())
	}
}

func TestLocalErrors(t *testing.T) {
	l := fitTest(t, LocalOptions{})
	for _, in := range [][]string{{""}, {"ok", "  --- !!"}} {
		if _, err := l.Embed(t.Context(), in); !errors.Is(err, ErrEmptyText) {
			t.Errorf("Embed(%q) error = %v, want ErrEmptyText", in, err)
		}
	}
	for _, o := range []LocalOptions{
		{Dimensions: -1}, {MinGram: 4, MaxGram: 3}, {WordWeight: -1, GramWeight: -1},
		{GramWeight: math.NaN()}, {FirstLineWeight: -2}, {Dimensions: 1 << 20},
	} {
		if _, err := FitLocal(nil, o); !errors.Is(err, ErrConfig) {
			t.Errorf("FitLocal(%+v) error = %v, want ErrConfig", o, err)
		}
	}
}

// saveLoad saves l to path, loads it back and checks that the loaded
// embedder has the same model name and embeds the test corpus identically.
func saveLoad(t *testing.T, l *Local, path string) *Local {
	t.Helper()
	if err := l.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadLocal(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Model() != l.Model() {
		t.Errorf("loaded model %q, want %q", got.Model(), l.Model())
	}
	in := testCorpus(t)
	want, _ := l.Embed(t.Context(), in)
	vs, err := got.Embed(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("loaded embedder differs (-want +got):\n%s", diff)
	}
	return got
}

func TestLocalSaveLoad(t *testing.T) {
	l := fitTest(t, LocalOptions{Dimensions: 300, KeepStopWords: true})
	path := filepath.Join(t.TempDir(), "local.weights")
	got := saveLoad(t, l, path)
	if got.Options() != l.Options() {
		t.Errorf("loaded options %+v, want %+v", got.Options(), l.Options())
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)/2] ^= 1
	for name, b := range map[string][]byte{
		"empty": nil, "truncated": good[:len(good)-5], "flipped byte": flipped, "not weights": []byte("hello world, this is not it"),
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad")
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadLocal(p); !errors.Is(err, ErrCorrupt) {
				t.Errorf("LoadLocal error = %v, want ErrCorrupt", err)
			}
		})
	}
}

func FuzzParseLocal(f *testing.F) {
	l, err := FitLocal([]string{"développeur web", "développeuse web", "comptable"}, LocalOptions{Dimensions: 16})
	if err != nil {
		f.Fatal(err)
	}
	good := l.marshal()
	f.Add(good)
	lc, err := FitLocalConcepts([]string{"berger", "boulanger"}, []string{"berger moutons", "boulanger pain"}, LocalOptions{Dimensions: 8, ConceptTop: 1})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(lc.marshal())
	f.Add(good[:len(good)-1])
	f.Add([]byte("TRLOCAL1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := parseLocal(b)
		if err != nil {
			return
		}
		if _, err := l.Embed(t.Context(), []string{"développeur"}); err != nil {
			t.Errorf("loaded weights cannot embed: %v", err)
		}
	})
}

func FuzzLocalEmbed(f *testing.F) {
	l, err := FitLocalConcepts(testCorpus(f), testConcepts, LocalOptions{Dimensions: 64})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "développeuse d'applications", "l'", "\xff\xfe", "ǅ ß ﬁ Œuvre", "a\nb\nc", "<>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := l.Embed(t.Context(), []string{s})
		if err != nil {
			if !errors.Is(err, ErrEmptyText) {
				t.Errorf("Embed(%q): %v", s, err)
			}
			return
		}
		if err := checkVector(v[0], 64); err != nil {
			t.Errorf("Embed(%q): %v", s, err)
		}
	})
}
