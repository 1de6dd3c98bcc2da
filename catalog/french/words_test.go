package french

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWords(t *testing.T) {
	s := "J'aimerais être Chargée"
	var got []string
	for _, w := range Words(s) {
		got = append(got, w.Folded+"="+s[w.Start:w.End])
	}
	want := []string{"j=J", "aimerais=aimerais", "etre=être", "chargee=Chargée"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Words(%q) mismatch (-want +got):\n%s", s, diff)
	}
}

// TestTermsMeetAcrossGender: feminine and masculine titles, and an acronym
// and its spelling out, give the same terms.
func TestTermsMeetAcrossGender(t *testing.T) {
	for _, p := range [][2]string{
		{"Chargée de clientèle", "chargé de clientèle"},
		{"Directrice commerciale", "directeur commercial"},
		{"Infirmière puéricultrice", "infirmier puériculteur"},
		{"Assistante RH", "assistant ressources humaines"},
		{"Cheffe de projet", "chef de projet"},
	} {
		if a, b := Terms(p[0]), Terms(p[1]); !slices.Equal(a, b) {
			t.Errorf("Terms(%q) = %v but Terms(%q) = %v, want the same", p[0], a, p[1], b)
		}
	}
}

func TestSurface(t *testing.T) {
	for in, want := range map[string]string{
		"agente": "agent", "cheffe": "chef", "adjointes": "adjoint", "enseignante": "enseignant",
		"enseigniste": "enseignist", "directrice": "directeur", "rh": "rh",
	} {
		if got := Surface(in); got != want {
			t.Errorf("Surface(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLossy(t *testing.T) {
	for s, want := range map[string]bool{
		"Assistant son":          true,
		"Chargé de la clientèle": false,
		"Agent d'accueil":        false,
		"Technicien niveau 2":    false,
	} {
		if got := Lossy(s); got != want {
			t.Errorf("Lossy(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestStripGenderSuffixes(t *testing.T) {
	for in, want := range map[string]string{
		"Conducteur(trice) de travaux": "Conducteur de travaux",
		"Délégué(e) syndical(e)":       "Délégué syndical",
		"directeur financier(ère":      "directeur financier",
		"Chef (de chantier)":           "Chef (de chantier)",
		"Agent (H/F)":                  "Agent (H/F)",
	} {
		if got := StripGenderSuffixes(in); got != want {
			t.Errorf("StripGenderSuffixes(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzTermsAndSurfaces: never a panic, one surface per term, the terms
// those of Terms, gender marks only removed and word spans within the text.
func FuzzTermsAndSurfaces(f *testing.F) {
	for _, s := range []string{"Chargé(e) / Chargée de recrutement", "drh rrh", "l'l'l' d'", "\xff(e)", "a(", "Directrice(teur)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, surfaces := TermsAndSurfaces(s)
		if len(ts) != len(surfaces) {
			t.Fatalf("TermsAndSurfaces(%q) gave %d terms and %d surfaces", s, len(ts), len(surfaces))
		}
		if got := Terms(s); !slices.Equal(got, ts) && len(got)+len(ts) > 0 {
			t.Fatalf("Terms(%q) = %v, TermsAndSurfaces gave %v", s, got, ts)
		}
		if stripped := StripGenderSuffixes(s); len(stripped) > len(s) {
			t.Fatalf("StripGenderSuffixes(%q) = %q grew the text", s, stripped)
		}
		for _, w := range Words(s) {
			if w.Start >= w.End || w.End > len(s) {
				t.Fatalf("Words(%q) gave the span %d:%d", s, w.Start, w.End)
			}
		}
	})
}

// FuzzTermMemo wants a TermMemo used over many texts to give Terms of each.
func FuzzTermMemo(f *testing.F) {
	var m TermMemo
	for _, s := range []string{"Chargée de clientèle", "Développeuse web ; DRH", "l'infirmière", "BTS SIO option SLAM"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if diff := cmp.Diff(Terms(s), m.Terms(s)); diff != "" {
			t.Errorf("TermMemo.Terms(%q) differs from Terms (-want +got):\n%s", s, diff)
		}
	})
}
