package recommender

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	r := New(Deps{Metiers: NewMetierIndex(realROME(t))})
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
	r := New(Deps{Metiers: NewMetierIndex(realROME(t))})
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
