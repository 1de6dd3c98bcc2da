package metier

import (
	"math"
	"testing"

	"github.com/tremplin/tremplin/catalog/demo"
)

// FuzzMatch recognises métiers of the demo job référentiel in arbitrary
// text: never a panic, at most n métiers, each known, with a finite score,
// and the same answer twice.
func FuzzMatch(f *testing.F) {
	ref, err := demo.Referentiel()
	if err != nil {
		f.Fatal(err)
	}
	x := NewIndex(ref)
	for _, s := range []string{"data analyst", "Chargé(e) / Chargée de recrutement", "RH", "drh rrh", "enseignante d'art",
		"me former à l'apiculture", "", "  /  ", "Cheffe de projet", "\xff\xfe", "l'l'l' d' de de"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = n % 8
		got := x.Match(text, n)
		if len(got) > max(n, 0) {
			t.Fatalf("Match(%q, %d) gave %d métiers", text, n, len(got))
		}
		for _, m := range got {
			if _, ok := x.Metier(m.Code); !ok || math.IsNaN(m.Score) || math.IsInf(m.Score, 0) {
				t.Fatalf("Match(%q) gave %+v", text, m)
			}
		}
		if again := x.Match(text, n); len(again) != len(got) || len(got) > 0 && again[0] != got[0] {
			t.Fatalf("Match(%q) is not deterministic: %v then %v", text, got, again)
		}
	})
}
