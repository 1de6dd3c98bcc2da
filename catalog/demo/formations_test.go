package demo_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
)

// formationDomains are the domains of the demo formations, each with its
// file name part and the short form used in ids.
var formationDomains = map[string]string{
	"data-ia":                    "data",
	"developpement-logiciel":     "dev",
	"cybersecurite":              "cyber",
	"management":                 "mgt",
	"rh":                         "rh",
	"finance-controle-gestion":   "fin",
	"commercial-relation-client": "com",
	"industrie-maintenance":      "indus",
	"qhse":                       "qhse",
	"logistique":                 "log",
	"langues":                    "lang",
	"bureautique":                "buro",
	"competences-transverses":    "transv",
}

var (
	formationLevels = []string{"débutant", "intermédiaire", "avancé", "expert"}
	formationSites  = []string{"Lyon", "Nantes", "Lille", "Toulouse", "Paris"}
)

// formationFile is one decoded formations-<domain>.jsonl file.
type formationFile struct {
	name, domain string
	items        []catalog.Item
}

// decodeFormationFiles decodes every embedded formation file and fails the test on
// any problem reported by the decoder.
func decodeFormationFiles(t *testing.T) []formationFile {
	t.Helper()
	names, err := fs.Glob(demo.FS(), "formations-*.jsonl")
	if err != nil {
		t.Fatalf("glob formations: %v", err)
	}
	var out []formationFile
	for _, name := range names {
		data, err := fs.ReadFile(demo.FS(), name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		items, probs, err := catalog.Decode(bytes.NewReader(data), name, catalog.FormatJSONL)
		if err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		for _, p := range probs {
			t.Errorf("%v", p)
		}
		domain := strings.TrimSuffix(strings.TrimPrefix(name, "formations-"), ".jsonl")
		out = append(out, formationFile{name: name, domain: domain, items: items})
	}
	return out
}

// formationTaxonomyLabels returns the preferred labels of the demo taxonomy.
func formationTaxonomyLabels(t *testing.T) map[string]bool {
	t.Helper()
	skills, err := demo.Taxonomy()
	if err != nil {
		t.Fatalf("demo.Taxonomy() error: %v", err)
	}
	labels := make(map[string]bool, len(skills))
	for _, s := range skills {
		labels[s.Label] = true
	}
	return labels
}

func TestFormationFilesCoverEveryDomain(t *testing.T) {
	files := decodeFormationFiles(t)
	got := map[string]int{}
	total := 0
	for _, f := range files {
		got[f.domain] = len(f.items)
		total += len(f.items)
	}
	for domain := range formationDomains {
		if got[domain] < 18 {
			t.Errorf("domain %s: got %d formations, want at least 18", domain, got[domain])
		}
	}
	for domain := range got {
		if _, ok := formationDomains[domain]; !ok {
			t.Errorf("file formations-%s.jsonl: domain not in the list of demo domains", domain)
		}
	}
	if total < 260 {
		t.Errorf("got %d formations in all, want at least 260", total)
	}
}

func TestFormationsFollowTheDemoRules(t *testing.T) {
	labels := formationTaxonomyLabels(t)
	for _, f := range decodeFormationFiles(t) {
		t.Run(f.domain, func(t *testing.T) {
			for _, it := range f.items {
				for _, msg := range formationMistakes(it, f.domain, labels) {
					t.Errorf("%s: %s: %s", f.name, it.ID, msg)
				}
			}
		})
	}
}

// formationMistakes lists the demo rules that it breaks.
func formationMistakes(it catalog.Item, domain string, labels map[string]bool) []string {
	var m []string
	add := func(format string, args ...any) { m = append(m, fmt.Sprintf(format, args...)) }
	if want := "form-" + formationDomains[domain] + "-"; !strings.HasPrefix(it.ID, want) {
		add("id should start with %q", want)
	}
	if it.Kind != catalog.KindFormation || it.Domain != domain {
		add("kind %q, domain %q: want formation, %s", it.Kind, it.Domain, domain)
	}
	if n := strings.Count(it.Description, ". "); n < 1 || len(it.Description) < 150 {
		add("description too short for a catalog entry (%d characters)", len(it.Description))
	}
	if len(it.Skills) < 2 || len(it.Skills) > 5 {
		add("got %d skills, want 2 to 5", len(it.Skills))
	}
	for _, s := range it.Skills {
		if !labels[s] {
			add("skill %q is not a preferred label of the taxonomy", s)
		}
	}
	if !slices.Contains(formationLevels, it.Level) {
		add("level %q unknown", it.Level)
	}
	if d, ok := it.Duration(); !ok || d < 3.5 || d > 105 {
		add("duration_hours %v: want 3.5 to 105", d)
	}
	if p, ok := it.Price(); !ok || (p != 0 && (p < 180 || p > 4500)) {
		add("price_eur %v: want 0 or 180 to 4,500", p)
	}
	switch {
	case it.Modality == catalog.ModalityDistanciel && it.Location != "":
		add("distanciel formation with location %q", it.Location)
	case it.Modality != catalog.ModalityDistanciel && !slices.Contains(formationSites, it.Location):
		add("%s formation at %q, not a Hexalys site", it.Modality, it.Location)
	}
	if want := "https://formation.hexalys.example/" + it.ID; it.URL != want {
		add("url %q, want %q", it.URL, want)
	}
	if it.Provider == "" || len(it.Tags) < 2 || len(it.Tags) > 4 || len(it.Sessions) > 3 {
		add("provider %q, %d tags, %d sessions: want a provider, 2 to 4 tags, at most 3 sessions",
			it.Provider, len(it.Tags), len(it.Sessions))
	}
	return m
}

// TestFormationsServeTheShowcaseGoals checks that the catalog offers
// formations for the goals the demo is shown with: every skill a goal needs
// is taught by at least one active formation.
func TestFormationsServeTheShowcaseGoals(t *testing.T) {
	taught := map[string]int{} // skill -> number of active formations
	for _, f := range decodeFormationFiles(t) {
		for _, it := range f.items {
			if !it.Active {
				continue
			}
			for _, s := range it.Skills {
				taught[s]++
			}
		}
	}
	tests := []struct {
		goal   string
		skills []string
	}{
		{"Je veux devenir data analyst", []string{"Langage SQL", "Power BI", "Statistiques", "Programmation Python", "Visualisation de données", "Analyse de données"}},
		{"Manager d'équipe depuis peu, je veux mieux conduire mes entretiens", []string{"Conduite des entretiens annuels", "Conduite des entretiens professionnels", "Feedback", "Posture managériale", "Entretien de recadrage"}},
		{"Technicien de maintenance, je vise un poste de responsable maintenance", []string{"Management d'une équipe de maintenance", "GMAO", "Maintenance préventive", "Budget de maintenance", "TPM", "AMDEC"}},
		{"Reconversion vers les RH", []string{"Gestion des ressources humaines", "Droit du travail", "Recrutement", "Gestion de la paie", "GEPP"}},
	}
	for _, tt := range tests {
		t.Run(tt.goal, func(t *testing.T) {
			var missing []string
			for _, s := range tt.skills {
				if taught[s] == 0 {
					missing = append(missing, s)
				}
			}
			if diff := cmp.Diff([]string(nil), missing); diff != "" {
				t.Errorf("skills taught by no active formation (-want +got):\n%s", diff)
			}
		})
	}
}
