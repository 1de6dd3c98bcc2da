package catalog_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

var testSkills = []catalog.Skill{
	{ID: "sk-gestion-projet", Label: "Gestion de projet", AltLabels: []string{"conduite de projet", "chef de projet"}, English: []string{"project management"}},
	{ID: "sk-gestion-projet-si", Label: "Gestion de projet informatique", AltLabels: []string{"conduite de projets informatiques", "projet SI"}, Broader: []string{"sk-gestion-projet"}},
	{ID: "sk-conflits", Label: "Gestion des conflits", AltLabels: []string{"médiation", "résolution de conflits"}},
	{ID: "sk-entretien", Label: "Conduite des entretiens annuels", AltLabels: []string{"entretien annuel d'évaluation"}},
	{ID: "sk-sql", Label: "Langage SQL", AltLabels: []string{"SQL", "requêtes SQL"}},
	{ID: "sk-power-bi", Label: "Power BI", AltLabels: []string{"PowerBI"}},
	{ID: "sk-powerpoint", Label: "Microsoft PowerPoint", AltLabels: []string{"PowerPoint"}},
	{ID: "sk-ia", Label: "Intelligence artificielle", AltLabels: []string{"IA"}},
	{ID: "sk-ia-generative", Label: "IA générative", AltLabels: []string{"intelligence artificielle générative"}},
	{ID: "sk-habilitation", Label: "Habilitation électrique", AltLabels: []string{"habilitation BR"}},
	{ID: "sk-cpp", Label: "Langage C++", AltLabels: []string{"C++"}},
	{ID: "sk-dotnet", Label: "Développement .NET", AltLabels: []string{"C#", "ASP.NET"}},
	{ID: "sk-c", Label: "Langage C"},
	{ID: "sk-compta", Label: "Comptabilité"},
	{ID: "sk-sst", Label: "Santé et sécurité au travail", AltLabels: []string{"bien-être au travail"}},
	{ID: "sk-anglais", Label: "Anglais"},
	{ID: "sk-anglais-technique", Label: "Anglais technique"},
	// An alternative label equal to another skill's preferred label loses.
	{ID: "sk-pilotage", Label: "Pilotage de projet", AltLabels: []string{"gestion de projet"}},
}

func ids(skills []catalog.Skill) []string {
	out := []string{}
	for _, s := range skills {
		out = append(out, s.ID)
	}
	return out
}

func newTestTaxonomy(t *testing.T) *catalog.Taxonomy {
	t.Helper()
	tx, err := catalog.NewTaxonomy(testSkills)
	if err != nil {
		t.Fatalf("NewTaxonomy: %v", err)
	}
	return tx
}

func TestNewTaxonomyErrors(t *testing.T) {
	tests := []struct {
		name   string
		skills []catalog.Skill
		want   error
	}{
		{"duplicate id", []catalog.Skill{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}, {ID: "a", Label: "C"}}, catalog.ErrConflict},
		{"empty id", []catalog.Skill{{ID: " ", Label: "A"}}, catalog.ErrInvalid},
		{"empty label", []catalog.Skill{{ID: "a"}}, catalog.ErrInvalid},
		{"valid", []catalog.Skill{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}}, nil},
		{"empty taxonomy", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := catalog.NewTaxonomy(tt.skills)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("NewTaxonomy: got error %v, want %v", err, tt.want)
			}
		})
	}
}

func TestTaxonomyLookup(t *testing.T) {
	tx := newTestTaxonomy(t)
	tests := []struct {
		in   string
		want string // "" when not found
	}{
		{"sk-sql", "sk-sql"},
		{"Langage SQL", "sk-sql"},
		{"sql", "sk-sql"},
		{"Requête SQL", "sk-sql"},
		{"  GESTION DES CONFLITS ", "sk-conflits"},
		{"gestion de conflit", "sk-conflits"},
		{"Mediation", "sk-conflits"},
		{"entretiens annuels d’évaluation", "sk-entretien"},
		{"Gestion de projet", "sk-gestion-projet"},
		{"gestion de projets", "sk-gestion-projet"},
		{"Project Management", "sk-gestion-projet"},
		{"pilotage de projets", "sk-pilotage"},
		{"habilitations électriques", "sk-habilitation"},
		{"IA", "sk-ia"},
		{"ia generative", "sk-ia-generative"},
		{"c++", "sk-cpp"},
		{"C#", "sk-dotnet"},
		{"asp.net", "sk-dotnet"},
		{"langage c", "sk-c"},
		{"Projet SI", "sk-gestion-projet-si"},
		{"SK-SQL", ""},
		{"projet", ""},
		{"", ""},
		{"de la", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, ok := tx.Lookup(tt.in)
			if got := s.ID; got != tt.want || ok != (tt.want != "") {
				t.Errorf("Lookup(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestTaxonomyComplete(t *testing.T) {
	tx := newTestTaxonomy(t)
	tests := []struct {
		prefix string
		n      int
		want   []string
	}{
		{"pow", 0, []string{"sk-power-bi", "sk-powerpoint"}},
		{"Pow", 1, []string{"sk-power-bi"}},
		{"gestion de p", 0, []string{"sk-gestion-projet", "sk-gestion-projet-si", "sk-pilotage"}},
		{"proj", 0, []string{"sk-gestion-projet", "sk-pilotage", "sk-gestion-projet-si"}},
		{"méd", 0, []string{"sk-conflits"}},
		{"intell", 0, []string{"sk-ia", "sk-ia-generative"}},
		{"ia", 0, []string{"sk-ia-generative", "sk-ia"}},
		{"l'entretien", 0, []string{"sk-entretien"}},
		{"zzz", 0, []string{}},
		{"", 0, []string{}},
		{" - ", 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ids(tx.Complete(tt.prefix, tt.n))); diff != "" {
				t.Errorf("Complete(%q, %d) mismatch (-want +got):\n%s", tt.prefix, tt.n, diff)
			}
		})
	}
}

func TestTaxonomyFind(t *testing.T) {
	tx := newTestTaxonomy(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"longest match wins", "Je veux faire de la gestion de projets informatiques", []string{"sk-gestion-projet-si"}},
		{"order of appearance", "Devenir chef de projet, écrire des requêtes SQL et utiliser l'IA générative", []string{"sk-gestion-projet", "sk-sql", "sk-ia-generative"}},
		{"each skill once", "SQL, encore du SQL et Power BI puis PowerBI", []string{"sk-sql", "sk-power-bi"}},
		{"elision and accents", "préparer l'habilitation electrique et la médiation", []string{"sk-habilitation", "sk-conflits"}},
		{"no overlap", "intelligence artificielle générative", []string{"sk-ia-generative"}},
		{"acronym", "Piloter un projet SI, si possible à Lyon", []string{"sk-gestion-projet-si"}},
		{"not an acronym", "Devenir chef de projet si possible", []string{"sk-gestion-projet"}},
		{"symbols", "Développeur C# et .NET, je veux apprendre le C++", []string{"sk-dotnet", "sk-cpp"}},
		{"one-word labels match words", "Prendre en compte les délais, en anglais", []string{"sk-anglais"}},
		{"labels that lose words are not one-word labels", "Travail en équipe", []string{}},
		{"one-word labels match plurals", "les comptabilités des filiales", []string{"sk-compta"}},
		{"not across et", "Améliorer mon anglais et mes techniques de vente", []string{"sk-anglais"}},
		{"not across punctuation", "Anglais. Technique de vente", []string{"sk-anglais"}},
		{"labels with et", "La santé et la sécurité au travail", []string{"sk-sst"}},
		{"across stop words", "l'anglais technique des machines", []string{"sk-anglais-technique"}},
		{"nothing", "Rien à voir avec la choucroute", []string{}},
		{"empty", "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ids(tx.Find(tt.text))); diff != "" {
				t.Errorf("Find(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Gestion des Conflits", "gest conflit"},
		{"gestion de conflit", "gest conflit"},
		{"l’entretien d'évaluation", "entret evalu"},
		{"projet SI", "projet si"},
		{"PROJET SI", "projet"},
		{"si possible", "poss"},
		{"Marquage CE", "marquag ce"},
		{"C++", "cplusplu"},
		{"c#", "csharp"},
		{"ASP.NET", "asp dotnet"},
		{"AI", "ai"},
		{"Santé et sécurité", "sant et secur"},
		{"Recherche & développement", "recherch et develop"},
		{"de la", "de la"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := catalog.Key(tt.in); got != tt.want {
				t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTaxonomySkillsIsACopy(t *testing.T) {
	tx := newTestTaxonomy(t)
	if got, want := tx.Len(), len(testSkills); got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	got := tx.Skills()
	got[0].Label = "changed"
	if diff := cmp.Diff(testSkills, tx.Skills()); diff != "" {
		t.Errorf("Skills() mismatch after modifying a returned copy (-want +got):\n%s", diff)
	}
}

func BenchmarkTaxonomyFind(b *testing.B) {
	tx, err := catalog.NewTaxonomy(testSkills)
	if err != nil {
		b.Fatal(err)
	}
	text := "Je suis technicienne de maintenance et je veux devenir cheffe de projet informatique : " +
		"apprendre le SQL, Power BI, la gestion des conflits et l'IA générative."
	for b.Loop() {
		tx.Find(text)
	}
}
