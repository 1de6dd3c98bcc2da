package catalog_test

import (
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
)

// resolveCases are typed skills and the id Resolve must give ("" for
// none), against the demo taxonomy.
var resolveCases = []struct {
	text, want string
}{
	// whole labels, any case or accents
	{"Management d'équipe", "sk-management-equipe"},
	{"management d'équipe", "sk-management-equipe"},
	{"MANAGEMENT D’EQUIPE", "sk-management-equipe"},
	{"  management  d'équipe ", "sk-management-equipe"},
	{"Gestion des conflits", "sk-gestion-conflits"},
	{"gestion de conflit", "sk-gestion-conflits"},
	// plurals and word families
	{"langages SQL", "sk-sql"},
	{"Conduite de l'entretien annuel", "sk-entretien-annuel"},
	// synonyms (alternative and English labels) and ids
	{"SQL", "sk-sql"},
	{"requêtes SQL", "sk-sql"},
	{"relational databases", "sk-sql"},
	{"encadrement d'équipe", "sk-management-equipe"},
	{"management", "sk-management-equipe"},
	{"sk-sql", "sk-sql"},
	{"PowerBI", "sk-power-bi"},
	// fragments: the start of a label, a word typed halfway
	{"Management d", ""},
	{"Management d'", ""},
	{"Management de", ""},
	{"management d'é", ""},
	{"Gestion de", ""},
	{"Gestion des conf", ""},
	{"Langage", ""},
	{"Langage S", ""},
	{"Excel a", ""},
	{"Power", ""},
	{"sk-sq", ""},
	// more than a label, or nothing
	{"Langage SQL avancé", ""},
	{"SQL et Python", ""},
	{"", ""},
	{"  ", ""},
	{"de la", ""},
	{"'", ""},
}

func TestResolve(t *testing.T) {
	skills, err := demo.Taxonomy()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := catalog.NewTaxonomy(skills)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range resolveCases {
		t.Run(tt.text, func(t *testing.T) {
			got, ok := tx.Resolve(tt.text)
			if ok != (tt.want != "") || got.ID != tt.want {
				t.Errorf("Resolve(%q) = %q, %v; want %q", tt.text, got.ID, ok, tt.want)
			}
		})
	}
}

// TestResolveLabelsEndingInStopWords checks that labels whose last word is
// a stop word or a single letter still resolve whole, and only whole.
func TestResolveLabelsEndingInStopWords(t *testing.T) {
	tx := newTestTaxonomy(t)
	for _, tt := range []struct{ text, want string }{
		{"Langage C", "sk-c"},
		{"langage c", "sk-c"},
		{"Langage", ""},
		{"Langage C++", "sk-cpp"},
		{"C++", "sk-cpp"},
		{"C#", "sk-dotnet"},
		{"bien-être au travail", "sk-sst"},
		{"bien-", ""},
		{"projet SI", "sk-gestion-projet-si"},
		{"projet", ""},
	} {
		got, ok := tx.Resolve(tt.text)
		if ok != (tt.want != "") || got.ID != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tt.text, got.ID, ok, tt.want)
		}
	}
}

// TestNilTaxonomy checks that a nil taxonomy (none in use) is empty, as
// what serves a catalog without taxonomy relies on.
func TestNilTaxonomy(t *testing.T) {
	var tx *catalog.Taxonomy
	if _, ok := tx.Resolve("SQL"); ok {
		t.Error("Resolve found a skill in a nil taxonomy")
	}
	if _, ok := tx.Lookup("SQL"); ok {
		t.Error("Lookup found a skill in a nil taxonomy")
	}
	if got := tx.Find("Je veux apprendre le SQL"); got != nil {
		t.Errorf("Find = %v, want nil", got)
	}
	if got := tx.Complete("SQ", 5); got != nil {
		t.Errorf("Complete = %v, want nil", got)
	}
	if tx.Len() != 0 || tx.Skills() != nil {
		t.Errorf("Len = %d, Skills = %v; want 0, nil", tx.Len(), tx.Skills())
	}
}
