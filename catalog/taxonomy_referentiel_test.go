package catalog_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

func TestNewReferentielTaxonomy(t *testing.T) {
	ref := &catalog.Referentiel{
		Skills: []catalog.Skill{
			{ID: "rome:1", Label: "Gestion de projet", Domain: "Savoir-faire"},
			{ID: "rome:2", Label: "Langage SQL"},
			// same key as rome:1: merged into it
			{ID: "esco:1", Label: "gestion des projets", AltLabels: []string{"conduite de projet", "Langage SQL", "pilotage de projet"}},
			{ID: "esco:2", Label: "Analyse de données", AltLabels: []string{"data analysis", "conduite de projets"}, English: []string{"data analysis"}},
			{ID: "rome:2", Label: "Autre libellé, même id"},
			{ID: "", Label: "Sans id"},
			{ID: "esco:3", Label: "  "},
		},
		Metiers: []catalog.Metier{
			{Code: "EMP-1", CoreSkills: []string{"Paie", "langages SQL"}, OtherSkills: []string{"Droit du travail", "Paie"}},
			{Code: "EMP-2", CoreSkills: []string{"Droit du travail", "Déclaration sociale nominative"}},
		},
	}
	tx, err := catalog.NewReferentielTaxonomy(ref)
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Skill{
		{ID: "rome:1", Label: "Gestion de projet", AltLabels: []string{"gestion des projets", "conduite de projet", "pilotage de projet"}, Domain: "Savoir-faire"},
		{ID: "rome:2", Label: "Langage SQL", AltLabels: []string{"langages SQL"}},
		{ID: "esco:2", Label: "Analyse de données", AltLabels: []string{"data analysis"}, English: []string{"data analysis"}},
		{ID: "Paie", Label: "Paie"},
		{ID: "Droit du travail", Label: "Droit du travail"},
		{ID: "Déclaration sociale nominative", Label: "Déclaration sociale nominative"},
	}
	if diff := cmp.Diff(want, tx.Skills()); diff != "" {
		t.Errorf("skills (-want +got):\n%s", diff)
	}
	for text, id := range map[string]string{
		"gestion des projets": "rome:1", "Conduite de projets": "rome:1", "langages SQL": "rome:2",
		"paie": "Paie", "Paie": "Paie", "droit du travail": "Droit du travail", "data analysis": "esco:2",
	} {
		if got, ok := tx.Resolve(text); !ok || got.ID != id {
			t.Errorf("Resolve(%q) = %q, %v; want %q", text, got.ID, ok, id)
		}
	}
}

func TestNewReferentielTaxonomyEmpty(t *testing.T) {
	for name, ref := range map[string]*catalog.Referentiel{
		"nil":       nil,
		"no skills": {Metiers: []catalog.Metier{{Code: "EMP-1", Label: "Sans compétences"}}},
	} {
		if tx, err := catalog.NewReferentielTaxonomy(ref); tx != nil || err != nil {
			t.Errorf("%s: got %v, %v; want nil, nil", name, tx, err)
		}
	}
}
