package demo_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
)

func TestTaxonomySize(t *testing.T) {
	tx := loadTaxonomy(t)
	if tx.Len() < 300 {
		t.Errorf("taxonomy has %d skills, want at least 300", tx.Len())
	}
	per := map[string]int{}
	for _, s := range tx.Skills() {
		if !slices.Contains(domains, s.Domain) {
			t.Errorf("skill %s: domain %q is not one of the shared demo domains", s.ID, s.Domain)
		}
		per[s.Domain]++
	}
	for _, d := range domains {
		if per[d] < 20 {
			t.Errorf("domain %s has %d skills, want at least 20", d, per[d])
		}
	}
}

func TestTaxonomyReferences(t *testing.T) {
	tx := loadTaxonomy(t)
	for _, s := range tx.Skills() {
		if !strings.HasPrefix(s.ID, "sk-") {
			t.Errorf("skill %s: id should start with \"sk-\"", s.ID)
		}
		if len(s.English) == 0 {
			t.Errorf("skill %s: no English equivalent", s.ID)
		}
		for _, ref := range slices.Concat(s.Broader, s.Related) {
			if ref == s.ID {
				t.Errorf("skill %s refers to itself", s.ID)
			}
			if r, ok := tx.Lookup(ref); !ok || r.ID != ref {
				t.Errorf("skill %s refers to unknown skill %q", s.ID, ref)
			}
		}
	}
}

// TestTaxonomyLabelsAreUnambiguous checks that every label of a skill finds
// that skill: no two skills share a label once analysed.
func TestTaxonomyLabelsAreUnambiguous(t *testing.T) {
	tx := loadTaxonomy(t)
	for _, s := range tx.Skills() {
		for _, l := range s.Labels() {
			got, ok := tx.Lookup(l)
			if !ok {
				t.Errorf("skill %s: label %q is made only of stop words", s.ID, l)
			} else if got.ID != s.ID {
				t.Errorf("skill %s: label %q finds skill %s (%q) instead", s.ID, l, got.ID, got.Label)
			}
		}
	}
}

// TestFindSkillsInProjets checks that the demo taxonomy recognises the
// skills in typical projets professionnels.
func TestFindSkillsInProjets(t *testing.T) {
	tx := loadTaxonomy(t)
	tests := []struct {
		projet string
		want   []string
	}{
		{"Je suis technicien de maintenance et je voudrais devenir responsable maintenance, en passant par l'habilitation électrique et la GMAO.",
			[]string{"sk-maintenance", "sk-management-maintenance", "sk-habilitation-electrique", "sk-gmao"}},
		{"Contrôleuse de gestion, je veux évoluer vers la data : SQL, Power BI et un peu de machine learning.",
			[]string{"sk-controle-gestion", "sk-sql", "sk-power-bi", "sk-machine-learning"}},
		{"Devenir manager : conduire les entretiens annuels, donner du feedback, gérer les conflits.",
			[]string{"sk-entretien-annuel", "sk-feedback"}},
		{"Passer en RH pour travailler sur la GPEC et la paie.",
			[]string{"sk-rh", "sk-gepp", "sk-paie"}},
	}
	for _, tt := range tests {
		t.Run(tt.projet[:20], func(t *testing.T) {
			var got []string
			for _, s := range tx.Find(tt.projet) {
				got = append(got, s.ID)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Find(%q) = %v, missing %s", tt.projet, got, w)
				}
			}
		})
	}
}

func TestTaxonomyFileIsNotACatalogFile(t *testing.T) {
	if slices.Contains(demo.Files(), demo.TaxonomyFile) {
		t.Errorf("Files() = %v lists the taxonomy, which is not a catalog file", demo.Files())
	}
}

const benchProjet = "Technicienne de maintenance depuis dix ans sur le site de Lyon, je voudrais devenir " +
	"responsable d'équipe : conduire les entretiens annuels, gérer un budget de maintenance, piloter la GMAO " +
	"et me former à l'analyse de données avec Power BI et un peu de Python. Je peux me former à distance, " +
	"deux jours par mois, avec un budget de 3 000 euros."

func BenchmarkNewTaxonomy(b *testing.B) {
	skills, err := demo.Taxonomy()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := catalog.NewTaxonomy(skills); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFind(b *testing.B) {
	tx := benchTaxonomy(b)
	for b.Loop() {
		tx.Find(benchProjet)
	}
}

func BenchmarkLookup(b *testing.B) {
	tx := benchTaxonomy(b)
	for b.Loop() {
		tx.Lookup("gestion des entretiens annuels d'évaluation")
	}
}

func BenchmarkComplete(b *testing.B) {
	tx := benchTaxonomy(b)
	for b.Loop() {
		tx.Complete("gest", 10)
	}
}

func benchTaxonomy(b *testing.B) *catalog.Taxonomy {
	b.Helper()
	skills, err := demo.Taxonomy()
	if err != nil {
		b.Fatal(err)
	}
	tx, err := catalog.NewTaxonomy(skills)
	if err != nil {
		b.Fatal(err)
	}
	return tx
}
