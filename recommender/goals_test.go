package recommender

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/recommender/metier"
)

// goalCase is one line of testdata/goals/goals.jsonl: a projet and what
// must be understood of it.
type goalCase struct {
	Projet  string `json:"projet"`
	Target  string `json:"target"`
	Current string `json:"current"`
	// Metier is the ROME code expected first ("" when no métier may be
	// recognised); MetierFamilyOf accepts any fiche of that code's family.
	Metier         string `json:"metier"`
	MetierFamilyOf string `json:"metier_family_of"`
}

func readGoalCases(t *testing.T) []goalCase {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "goals", "goals.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goalCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var c goalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("goals.jsonl:%d: %v", line, err)
		}
		out = append(out, c)
	}
	return out
}

// TestGoals checks goal understanding on real ROME data: the projet is cut
// into target and current role, and the target métier is recognised.
func TestGoals(t *testing.T) {
	r := New(Deps{Metiers: metier.NewIndex(realROME(t))})
	for _, c := range readGoalCases(t) {
		t.Run(c.Projet, func(t *testing.T) {
			u := r.understand(Request{Projet: c.Projet})
			if diff := cmp.Diff([]string{c.Target, c.Current}, []string{u.Target, u.Current}); diff != "" {
				t.Errorf("target, current mismatch (-want +got):\n%s", diff)
			}
			got := ""
			if len(u.Metiers) > 0 {
				got = u.Metiers[0].Code
			}
			switch {
			case c.MetierFamilyOf != "":
				if !contains(r.d.Metiers.Family(c.MetierFamilyOf), got) {
					t.Errorf("first métier = %q, want one of the family of %s", got, c.MetierFamilyOf)
				}
			case got != c.Metier:
				t.Errorf("first métier = %q, want %q", got, c.Metier)
			}
			if c.Metier != "" && len(u.GapSkills) == 0 {
				t.Errorf("no gap skills for a recognised métier")
			}
		})
	}
}

func TestGapSkills(t *testing.T) {
	r := New(Deps{Metiers: metier.NewIndex(realROME(t))})
	u := r.understand(Request{
		Projet:        "Je veux devenir boulanger",
		DesiredSkills: []string{"Pétrir la pâte", "Gérer les stocks"},
		CurrentSkills: []string{"gérer le stock"},
	})
	if len(u.GapSkills) < 2 || u.GapSkills[0] != "Pétrir la pâte" {
		t.Fatalf("GapSkills = %v, want desired skills first, then the métier's core skills", u.GapSkills)
	}
	for _, s := range u.GapSkills {
		if s == "Gérer les stocks" {
			t.Errorf("GapSkills = %v keeps a skill the employee has (gérer le stock)", u.GapSkills)
		}
	}
}

// TestGoalsDemoReferentiel checks goal understanding on the demo company's
// job référentiel: the emploi is recognised, and the current role is never
// listed among the targets.
func TestGoalsDemoReferentiel(t *testing.T) {
	ref, err := demo.Referentiel()
	if err != nil {
		t.Fatal(err)
	}
	r := New(Deps{Metiers: metier.NewIndex(ref)})
	for _, tc := range []struct {
		projet, first, notTarget string
	}{
		{"Je suis technicien de maintenance et je veux devenir responsable de maintenance industrielle.", "Responsable maintenance", "Technicien / Technicienne de maintenance"},
		{"Assistante RH depuis 6 ans, je voudrais évoluer vers un poste de chargée de développement RH", "Chargé / Chargée de développement des ressources humaines", "Assistant / Assistante ressources humaines"},
		{"Je veux devenir data analyst", "Analyste de données", ""},
		{"Je souhaite m'occuper des ruches de l'entreprise et me former à l'apiculture", "", "Formateur / Formatrice interne"},
	} {
		t.Run(tc.projet, func(t *testing.T) {
			u := r.understand(Request{Projet: tc.projet})
			var labels []string
			for _, m := range u.Metiers {
				labels = append(labels, m.Label)
			}
			if got := append(labels, "")[0]; got != tc.first {
				t.Errorf("first emploi %q, want %q (all: %q)", got, tc.first, labels)
			}
			if tc.notTarget != "" && contains(labels, tc.notTarget) {
				t.Errorf("targets %q hold %q", labels, tc.notTarget)
			}
		})
	}
}

// TestTaggerDemoReferentiel tags demo items with the demo emplois: the
// closest emploi first, and no emploi far below it ("développement" makes
// no web developer course an HR development one).
func TestTaggerDemoReferentiel(t *testing.T) {
	ref, err := demo.Referentiel()
	if err != nil {
		t.Fatal(err)
	}
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	tg := metier.NewTagger(ref, 0)
	for _, tc := range []struct{ id, first, never string }{
		{"cert-developpeur-web", "", "HEX-053"},
		{"cert-analyste-donnees", "HEX-011", ""},
		{"cert-responsable-maintenance", "HEX-083", ""},
	} {
		for _, it := range items {
			if it.ID != tc.id {
				continue
			}
			tags := tg.Tag(it)
			if len(tags) == 0 || tc.first != "" && tags[0] != tc.first {
				t.Errorf("%s tagged %v, want %s first", tc.id, tags, tc.first)
			}
			if tc.never != "" && contains(tags, tc.never) {
				t.Errorf("%s tagged %v, never %s", tc.id, tags, tc.never)
			}
		}
	}
}
