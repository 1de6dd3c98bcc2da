package textindex

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

func TestAnalyzer(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		analyzer, in string
		want         []string
	}{
		{AnalyzerFrench, "Développeur·euse·s", []string{"develop"}},
		{AnalyzerFrench, "L'Entreprise d’équipe", []string{"entrepris", "equip"}},
		{AnalyzerFrench, "Développement et gestion de la paie", []string{"develop", "gest", "paie"}},
		{AnalyzerFrench, "chargé.e.s de mission", []string{"charg", "miss"}},
		{AnalyzerFrench, "s.a.i.", []string{"s.a.i"}},
		{AnalyzerFrench, "aujourd'hui ÊTRE etre", []string{"aujourdhui"}},
		{AnalyzerFrench, "title:design", []string{"titl", "design"}},
		{AnalyzerFrench, "ŒUVRE", []string{"oeuvr"}},
		{AnalyzerCode, "M1805, N1301", []string{"m1805", "n1301"}},
		{AnalyzerFrench, "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			toks, err := m.AnalyzeText(tt.analyzer, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, tok := range toks {
				got = append(got, string(tok.Term))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("analyze %q mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzSearch checks that no query text makes Search fail or panic: user
// text is analysed, never parsed.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"développeur", "title:*", `"unbalanced`, "+-~ AND OR NOT", "'; DROP TABLE x; --", "\xff\xfe", "l'", "a:b:c"} {
		f.Add(s, false)
	}
	ix, err := NewMemOnly()
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Upsert(f.Context(), []catalog.Record{record("a", "Développeur web"), record("b", "Table de mixage")}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, phrase bool) {
		q := catalog.TextQuery{Clauses: []catalog.TextClause{{Text: text, Phrase: phrase}, {Field: catalog.FieldTitle, Text: text, Boost: 2}}}
		if _, err := ix.Search(t.Context(), q, catalog.Filter{}, 5); err != nil {
			t.Errorf("Search(%q) error: %v", text, err)
		}
	})
}

// TestFamiliesMeet shows the gap of Bleve's stock French analyzer ("fr",
// stemmer_fr_light), where word families get different terms, and that
// tremplin_fr closes it.
func TestFamiliesMeet(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	terms := func(analyzer, s string) string {
		toks, err := m.AnalyzeText(analyzer, []byte(s))
		if err != nil || len(toks) != 1 {
			t.Fatalf("analyze %q with %s: %v, %d tokens", s, analyzer, err, len(toks))
		}
		return string(toks[0].Term)
	}
	pairs := [][2]string{{"développeur", "développement"}, {"gestionnaire", "gestion"}, {"formateur", "formation"}}
	for _, p := range pairs {
		t.Run(p[0], func(t *testing.T) {
			if a, b := terms("fr", p[0]), terms("fr", p[1]); a == b {
				t.Logf("stock fr analyzer already joins %q and %q as %q", p[0], p[1], a)
			}
			if a, b := terms(AnalyzerFrench, p[0]), terms(AnalyzerFrench, p[1]); a != b {
				t.Errorf("%s: %q → %q but %q → %q, want one term", AnalyzerFrench, p[0], a, p[1], b)
			}
		})
	}
}

// FuzzColonFilter checks colonFilter against the regexp char filter it
// replaces, on any bytes.
func FuzzColonFilter(f *testing.F) {
	re := regexp.MustCompile(`[:\x{FE13}\x{FE55}\x{FF1A}]`)
	for _, s := range []string{"title:design", "a︓b﹕c：d", "\xef\xbc", "\xe2\xef\xb8\x93", "sans deux-points", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		want := re.ReplaceAll(in, []byte(" "))
		if got := (colonFilter{}).Filter(bytes.Clone(in)); !bytes.Equal(got, want) {
			t.Errorf("colonFilter(%q) = %q, want %q", in, got, want)
		}
	})
}

// TestTermMemo: the memo gives what its function gives, from many
// goroutines at once, and stops learning at its bound.
func TestTermMemo(t *testing.T) {
	m := &termMemo{max: 50}
	words := strings.Fields("développeuse développement chargé·e·s aujourd'hui salarié.e.s Équipes ÉLECTRICIENNE " +
		"comptabilité gestionnaire paie soudeur soudure logistique conseillère vente")
	for i := range 100 {
		words = append(words, fmt.Sprintf("mot%03d", i))
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 3 {
				for _, w := range words {
					if got, want := string(m.apply([]byte(w), foldTerm)), foldTerm(w); got != want {
						t.Errorf("memo of %q = %q, want %q", w, got, want)
					}
				}
			}
		})
	}
	wg.Wait()
	if n := m.n.Load(); n < 50 || n > 50+8 {
		t.Errorf("memo holds %d terms, want its bound of 50 (give or take the goroutines racing past it)", n)
	}
}

// TestFoldKeeps: foldKeeps says a term is kept only when foldTerm keeps it.
func TestFoldKeeps(t *testing.T) {
	for _, w := range []string{"gestion", "paie", "b2b", "chargé", "Gestion", "salarie.e.s", "aujourd'hui",
		"aujourd`hui", "c++", "x.y", "œuvre", "", "3d", "ÉTÉ", "naïve", "e-commerce"} {
		if keeps, folded := foldKeeps([]byte(w)), foldTerm(w); keeps && folded != w {
			t.Errorf("foldKeeps(%q) = true, but foldTerm gives %q", w, folded)
		}
	}
	if !foldKeeps([]byte("gestion")) || foldKeeps([]byte("chargé")) {
		t.Error("foldKeeps misses the plain case")
	}
}

// TestTermMemoSkipsLongTerms: a term longer than any French word is not
// remembered.
func TestTermMemoSkipsLongTerms(t *testing.T) {
	m := &termMemo{max: 10}
	long := strings.Repeat("x", maxMemoTermBytes+1)
	if got := string(m.apply([]byte(long), strings.ToUpper)); got != strings.ToUpper(long) {
		t.Errorf("apply(long) = %q", got)
	}
	m.apply([]byte("court"), strings.ToUpper)
	if n := m.n.Load(); n != 1 {
		t.Errorf("memo holds %d terms, want 1 (the short one)", n)
	}
}
