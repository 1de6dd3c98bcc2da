package embed

import (
	"errors"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tremplin/tremplin/catalog"
)

// testConcepts are fiches métier in the manner of the ROME.
var testConcepts = []string{
	"Berger / Bergère\nGarder un troupeau de moutons en estive ; élevage ovin ; transhumance ; soins aux brebis",
	"Développeur / Développeuse informatique\nConcevoir et programmer des logiciels ; tests ; code",
	"Boulanger / Boulangère\nFabriquer le pain ; pétrir la pâte ; cuisson au four",
	"Comptable\nTenir la comptabilité ; bilan ; déclarations fiscales",
}

// TestLocalConceptsBridge checks that concepts bring together texts that
// share a métier but no word.
func TestLocalConceptsBridge(t *testing.T) {
	corpus := slices.Concat(testCorpus(t), testConcepts)
	plain, err := FitLocal(corpus, LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	withConcepts, err := FitLocalConcepts(corpus, testConcepts, LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Model() == withConcepts.Model() {
		t.Errorf("concepts do not change the model name %q", plain.Model())
	}
	pair := []string{"berger d'alpage", "élevage ovin et transhumance"}
	cos := func(l *Local) float64 {
		v, err := l.Embed(t.Context(), pair)
		if err != nil {
			t.Fatal(err)
		}
		return cosine(v[0], v[1])
	}
	p, c := cos(plain), cos(withConcepts)
	t.Logf("cosine without concepts %.3f, with %.3f", p, c)
	if c < p+0.3 {
		t.Errorf("cosine(%q, %q) = %.3f with concepts, %.3f without: want at least +0.3", pair[0], pair[1], c, p)
	}
	unrelated := []string{"berger d'alpage", "pétrir la pâte à pain"}
	v, err := withConcepts.Embed(t.Context(), unrelated)
	if err != nil {
		t.Fatal(err)
	}
	if c := cosine(v[0], v[1]); c > 0.2 {
		t.Errorf("cosine(%q, %q) = %.3f with concepts, want ≤ 0.2", unrelated[0], unrelated[1], c)
	}
}

func TestLocalConceptsSaveLoad(t *testing.T) {
	l, err := FitLocalConcepts(slices.Concat(testCorpus(t), testConcepts), testConcepts, LocalOptions{Dimensions: 128, ConceptTop: 2})
	if err != nil {
		t.Fatal(err)
	}
	saveLoad(t, l, filepath.Join(t.TempDir(), "w"))
}

func TestLocalConceptsErrors(t *testing.T) {
	if _, err := FitLocalConcepts(testCorpus(t), []string{"ok", ""}, LocalOptions{}); !errors.Is(err, ErrEmptyText) {
		t.Errorf("empty concept: error = %v, want ErrEmptyText", err)
	}
	if _, err := FitLocalConcepts(testCorpus(t), testConcepts, LocalOptions{ConceptTop: -3}); !errors.Is(err, ErrConfig) {
		t.Errorf("negative ConceptTop: error = %v, want ErrConfig", err)
	}
}

func TestConceptText(t *testing.T) {
	m := catalog.Metier{
		Code: "A1410", Label: "Élevage ovin ou caprin",
		Appellations: []catalog.Appellation{{Label: "Berger / Bergère"}, {Label: " "}},
		Definition:   "Réalise les opérations d'élevage.", Access: "CAP agricole",
		CoreSkills: []string{"Soigner les animaux"}, OtherSkills: []string{"Tondre"},
	}
	want := "Élevage ovin ou caprin\nBerger / Bergère\nRéalise les opérations d'élevage.\nCAP agricole\nSoigner les animaux\nTondre"
	if diff := cmp.Diff(want, ConceptText(m)); diff != "" {
		t.Errorf("ConceptText (-want +got):\n%s", diff)
	}
}

func TestStrongest(t *testing.T) {
	tests := []struct {
		v    []float32
		n    int
		want []int
	}{
		{[]float32{0, 0.5, -0.9, 0.1, 0}, 2, []int{1, 2}},
		{[]float32{0, 0.5, -0.9, 0.1, 0}, 5, []int{1, 2, 3}},
		{[]float32{0.3, -0.3, 0.3, 0.1}, 2, []int{0, 1}},
		{[]float32{0.1, 0.3, -0.3, 0.3}, 3, []int{1, 2, 3}},
		{[]float32{}, 3, nil},
	}
	for _, tt := range tests {
		var s scratch
		if diff := cmp.Diff(tt.want, s.strongest(tt.v, tt.n)); diff != "" {
			t.Errorf("strongest(%v, %d) (-want +got):\n%s", tt.v, tt.n, diff)
		}
	}
}

// TestSelectNth checks selectNth against sorting, on random values with
// many ties.
func TestSelectNth(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 300; n += 7 {
		for range 20 {
			x := make([]float32, n)
			for i := range x {
				x[i] = float32(r.IntN(n/3 + 1))
			}
			sorted := slices.Clone(x)
			slices.Sort(sorted)
			k := r.IntN(n)
			if got := selectNth(slices.Clone(x), k); got != sorted[k] {
				t.Fatalf("selectNth(%v, %d) = %v, want %v", x, k, got, sorted[k])
			}
		}
	}
}
