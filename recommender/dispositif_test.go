package recommender

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/tremplin/tremplin/catalog"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestReadDispositifs reads the dispositifs of the projets in
// testdata/dispositifs/projets.jsonl and what is left of each projet.
func TestReadDispositifs(t *testing.T) {
	f, err := os.Open("testdata/dispositifs/projets.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c struct {
			Projet      string       `json:"projet"`
			Dispositifs []Dispositif `json:"dispositifs"`
			Rest        string       `json:"rest"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		t.Run(c.Projet, func(t *testing.T) {
			rest, ds := readDispositifs(c.Projet)
			if diff := cmp.Diff(c.Dispositifs, ds, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("dispositifs (-want +got):\n%s", diff)
			}
			if rest != c.Rest {
				t.Errorf("rest = %q, want %q", rest, c.Rest)
			}
		})
	}
}

// TestSkillsUnderTaxonomyLabels checks that synonyms of one skill are one
// gap skill under its label, that whole skills resolve and that a skill
// typed half-way is refused with the field named.
func TestSkillsUnderTaxonomyLabels(t *testing.T) {
	tax, err := catalog.NewTaxonomy([]catalog.Skill{
		{ID: "sql", Label: "Langage SQL", AltLabels: []string{"SQL"}},
		{ID: "mgt", Label: "Management d'équipe", AltLabels: []string{"Encadrement d'équipe"}},
		{ID: "k8s", Label: "Kubernetes et Docker"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := New(Deps{Skills: tax})
	if got := r.canonicalGap([]string{"SQL", "Langage SQL", "Power BI", "encadrement d'équipe"}); !cmp.Equal(got, []string{"Langage SQL", "Power BI", "Management d'équipe"}) {
		t.Errorf("canonicalGap = %q", got)
	}
	got, err := r.resolveSkills("desired_skills", []string{"sql", "Kubernetes", "Management d'équipe"})
	if err != nil || !cmp.Equal(got, []string{"Langage SQL", "Kubernetes", "Management d'équipe"}) {
		t.Errorf("resolveSkills = %q, %v", got, err)
	}
	for _, frag := range []string{"Management d", "Management d'", "Kuber"} {
		_, err := r.resolveSkills("desired_skills", []string{"SQL", frag})
		var se *SkillError
		if !errors.As(err, &se) || se.Field != "desired_skills[1]" {
			t.Errorf("resolveSkills(%q) = %v, want a SkillError on desired_skills[1]", frag, err)
		}
	}
}
