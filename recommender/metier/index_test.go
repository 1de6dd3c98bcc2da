package metier

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

var (
	romeOnce sync.Once
	romeRef  *catalog.Referentiel
	romeErr  error
)

// realROME imports the shared ROME 4.0 files once (skips, or fails in CI,
// when they are absent).
func realROME(t testing.TB) *catalog.Referentiel {
	t.Helper()
	dir := sharedtest.Path(t, "referentiels/rome4_v460")
	romeOnce.Do(func() { romeRef, _, romeErr = referentiel.ImportROME(t.Context(), dir) })
	if romeErr != nil {
		t.Fatal(romeErr)
	}
	return romeRef
}

func TestMatchRealROME(t *testing.T) {
	x := NewIndex(realROME(t))
	tests := []struct {
		text      string
		wantCode  string
		wantExact bool
	}{
		{"chargée de développement RH", "M1508", true},
		{"data analyst", "M1419", true},
		{"Comptables", "M1203", true},
		{"l'infirmière puéricultrice", "J1507", true},
		{"DÉVELOPPEUSE INFORMATIQUE", "M1805", true},
		{"Boulangère", "D1102", true},
		{"contrôleur de gestion", "M1204", true},
		{"Conducteur(trice) de travaux", "F1201", true},
		{"assistant ressources humaines", "M1501", false},
		// "Assistant son" loses "son" to stop words: not a whole-title match.
		{"Assistante RH", "M1501", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := x.Match(tt.text, 3)
			if len(ms) == 0 {
				t.Fatalf("Match(%q) found nothing, want %s", tt.text, tt.wantCode)
			}
			got := []any{ms[0].Code, ms[0].Exact}
			if diff := cmp.Diff([]any{tt.wantCode, tt.wantExact}, got); diff != "" {
				t.Errorf("Match(%q)[0] = %s %q (%s) mismatch (-want +got):\n%s", tt.text, ms[0].Code, ms[0].Label, ms[0].Matched, diff)
			}
		})
	}
}

func TestMatchNothing(t *testing.T) {
	x := NewIndex(realROME(t))
	// "conduire" alone is no driving instructor: a weak partial match is no target.
	for _, text := range []string{"", "   ", "de la et", "!!!", "mieux conduire mes entretiens"} {
		if ms := x.Match(text, 3); len(ms) != 0 {
			t.Errorf("Match(%q) = %v, want nothing", text, ms)
		}
	}
	if ms := NewIndex(nil).Match("comptable", 3); len(ms) != 0 {
		t.Errorf("Match on an empty index = %v, want nothing", ms)
	}
}

// TestMatchNotByStemAlone: a one-word title sharing only a stem with the
// projet's word is never found whole ("enseignante" is no "Enseigniste",
// "restauration" no "Restaurateur").
func TestMatchNotByStemAlone(t *testing.T) {
	x := NewIndex(realROME(t))
	for _, tc := range []struct{ text, notMatched string }{
		{"enseignante d'art", "Enseigniste"},
		{"agent de restauration rapide", "Restaurateur / Restauratrice"},
		{"préparatrice logistique en entrepôt", "Logisticien / Logisticienne"},
	} {
		for _, m := range x.Match(tc.text, 3) {
			if m.Exact && m.Matched == tc.notMatched {
				t.Errorf("Match(%q) found %q whole", tc.text, m.Matched)
			}
		}
	}
}

func TestFamily(t *testing.T) {
	x := NewIndex(realROME(t))
	fam := x.Family("A1102")
	if len(fam) < 2 || fam[0] != "A1102" {
		t.Fatalf("Family(A1102) = %v, want A1102 first and its siblings", fam)
	}
	if !contains(fam, "A1101") {
		t.Errorf("Family(A1102) = %v, want the parent fiche A1101 in it", fam)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestTaggerRealROME(t *testing.T) {
	ref := realROME(t)
	tg := NewTagger(ref, 5)
	x := NewIndex(ref)
	tests := []struct {
		item catalog.Item
		want string // a code whose family must be among the tags
	}{
		{catalog.Item{ID: "a", Title: "Titre professionnel Comptable assistant", Skills: []string{"Assurer les travaux courants de comptabilité", "Préparer la paie et les déclarations sociales courantes"}}, "M1203"},
		{catalog.Item{ID: "b", Title: "CAP Boulanger", Description: "Fabrication du pain et des viennoiseries."}, "D1102"},
		{catalog.Item{ID: "c", Title: "Diplôme d'État d'aide-soignant", Skills: []string{"Accompagner la personne dans les activités de sa vie quotidienne", "Évaluer l'état clinique d'une personne"}}, "J1501"},
	}
	for _, tt := range tests {
		t.Run(tt.item.Title, func(t *testing.T) {
			tags := tg.Tag(tt.item)
			if len(tags) == 0 || len(tags) > 5 {
				t.Fatalf("Tag gave %d codes, want 1 to 5", len(tags))
			}
			scored := tg.Tags(tt.item)
			if last := scored[len(scored)-1].Score; last < minTagRelative*scored[0].Score {
				t.Errorf("tag %s at %.3f is below %.1f × the best (%.3f)", scored[len(scored)-1].Code, last, minTagRelative, scored[0].Score)
			}
			fam := x.Family(tt.want)
			found := false
			for _, c := range tags {
				found = found || contains(fam, c)
			}
			if !found {
				t.Errorf("Tag(%q) = %v, want one of the family of %s %v", tt.item.Title, tags, tt.want, fam)
			}
		})
	}
}
