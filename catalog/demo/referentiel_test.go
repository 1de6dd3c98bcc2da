package demo

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/catalog/referentiel"
)

// demoReferentiel loads the demo référentiel or stops the test.
func demoReferentiel(t *testing.T) *catalog.Referentiel {
	t.Helper()
	ref, err := Referentiel()
	if err != nil {
		t.Fatalf("Referentiel: %v", err)
	}
	return ref
}

// demoSkills returns the demo taxonomy, indexed, or stops the test.
func demoSkills(t *testing.T) *catalog.Taxonomy {
	t.Helper()
	skills, err := Taxonomy()
	if err != nil {
		t.Fatalf("Taxonomy: %v", err)
	}
	tx, err := catalog.NewTaxonomy(skills)
	if err != nil {
		t.Fatalf("NewTaxonomy: %v", err)
	}
	return tx
}

func TestReferentielShape(t *testing.T) {
	ref := demoReferentiel(t)
	if n := len(ref.Metiers); n < 45 || n > 60 {
		t.Errorf("%d emplois, want 45 to 60", n)
	}
	skills, err := Taxonomy()
	if err != nil {
		t.Fatalf("Taxonomy: %v", err)
	}
	if len(ref.Skills) != len(skills) {
		t.Errorf("Skills holds %d skills, want the %d of the demo taxonomy", len(ref.Skills), len(skills))
	}
	if len(ref.Attribution) != 1 || !strings.Contains(ref.Attribution[0], "Hexalys") {
		t.Errorf("Attribution = %q, want one notice naming Hexalys", ref.Attribution)
	}
	if slices.Contains(Files(), MetiersFile) {
		t.Errorf("Files() = %v lists the référentiel, which is not a catalog file", Files())
	}
}

var codeRE = regexp.MustCompile(`^HEX-[0-9]{3}$`)

func TestReferentielCodes(t *testing.T) {
	ref := demoReferentiel(t)
	codes := make(map[string]bool)
	for _, m := range ref.Metiers {
		if !codeRE.MatchString(m.Code) {
			t.Errorf("code %q is not HEX- and three digits", m.Code)
		}
		if codes[m.Code] {
			t.Errorf("code %s used twice", m.Code)
		}
		codes[m.Code] = true
		if m.Source != catalog.SourceCompany {
			t.Errorf("%s: source %q, want %q", m.Code, m.Source, catalog.SourceCompany)
		}
	}
	for _, m := range ref.Metiers {
		if m.Parent != "" && (m.Parent == m.Code || !codes[m.Parent]) {
			t.Errorf("%s: parent %q is itself or unknown", m.Code, m.Parent)
		}
		if n := len(m.Mobility); n < 1 || n > 4 {
			t.Errorf("%s: %d mobility codes, want 1 to 4", m.Code, n)
		}
		seen := make(map[string]bool)
		for _, c := range m.Mobility {
			if c == m.Code || !codes[c] || seen[c] {
				t.Errorf("%s: mobility %q is itself, unknown or repeated", m.Code, c)
			}
			seen[c] = true
		}
	}
}

func TestReferentielTexts(t *testing.T) {
	for _, m := range demoReferentiel(t).Metiers {
		texts := []string{m.Label, m.Definition, m.Access, m.Domain, m.DomainCode, m.GrandDomain}
		for _, a := range m.Appellations {
			texts = append(texts, a.Label)
		}
		for i, s := range texts {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: text %d of %q is empty", m.Code, i, m.Label)
			}
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s: %q is not in NFC", m.Code, s)
			}
		}
		for _, s := range []string{m.Definition, m.Access} {
			if !strings.HasSuffix(s, ".") {
				t.Errorf("%s: %q does not end a sentence", m.Code, s)
			}
		}
	}
}

// dividedForms splits a "masculine / feminine" title the way the
// recommender's métier index does: the words before the slash replace as
// many words after it.
func dividedForms(label string) []string {
	before, after, _ := strings.Cut(label, " / ")
	l, r := strings.Fields(before), strings.Fields(after)
	if len(r) <= len(l) {
		return []string{before, after}
	}
	return []string{strings.Join(append(l, r[len(l):]...), " "), after}
}

func TestReferentielGenderedTitles(t *testing.T) {
	for _, m := range demoReferentiel(t).Metiers {
		titles := []string{m.Label}
		for _, a := range m.Appellations {
			titles = append(titles, a.Label)
		}
		for _, title := range titles {
			if !strings.Contains(title, " / ") {
				if strings.Contains(title, "/") {
					t.Errorf("%s: %q has a slash without spaces around it", m.Code, title)
				}
				continue
			}
			before, after, _ := strings.Cut(title, " / ")
			if strings.TrimSpace(before) == "" || strings.TrimSpace(after) == "" || strings.Contains(after, " / ") {
				t.Errorf("%s: %q is not \"masculine / feminine\"", m.Code, title)
				continue
			}
			// Both indexes must read the same two forms.
			forms, divided := referentiel.Forms(title), dividedForms(title)
			if len(forms) != 2 || !slices.Equal(forms, divided) {
				t.Errorf("%s: %q reads as %q in the référentiel index and %q in the recommender", m.Code, title, forms, divided)
			}
		}
	}
}

func TestReferentielAppellations(t *testing.T) {
	for _, m := range demoReferentiel(t).Metiers {
		if n := len(m.Appellations); n < 3 || n > 8 {
			t.Errorf("%s: %d appellations, want 3 to 8", m.Code, n)
		}
		seen := map[string]bool{french.Fold(m.Label): true}
		for _, a := range m.Appellations {
			k := french.Fold(a.Label)
			if seen[k] {
				t.Errorf("%s: appellation %q repeats the label or another appellation", m.Code, a.Label)
			}
			seen[k] = true
		}
	}
}

func TestReferentielSkillsAreTaxonomyLabels(t *testing.T) {
	tx := demoSkills(t)
	for _, m := range demoReferentiel(t).Metiers {
		if n := len(m.CoreSkills); n < 4 || n > 8 {
			t.Errorf("%s: %d core skills, want 4 to 8", m.Code, n)
		}
		if n := len(m.OtherSkills); n < 2 || n > 6 {
			t.Errorf("%s: %d other skills, want 2 to 6", m.Code, n)
		}
		seen := make(map[string]bool)
		for _, s := range slices.Concat(m.CoreSkills, m.OtherSkills) {
			sk, ok := tx.Lookup(s)
			if !ok || sk.Label != s {
				t.Errorf("%s: skill %q is not the preferred label of a taxonomy skill", m.Code, s)
			}
			if seen[s] {
				t.Errorf("%s: skill %q listed twice", m.Code, s)
			}
			seen[s] = true
		}
	}
}

func TestReferentielCoreSkillsAreTaught(t *testing.T) {
	tx := demoSkills(t)
	items, err := Items()
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	taught := make(map[string]bool)
	for _, it := range items {
		for _, s := range it.Skills {
			if sk, ok := tx.Lookup(s); ok {
				taught[sk.Label] = true
			}
		}
	}
	for _, m := range demoReferentiel(t).Metiers {
		n := 0
		for _, s := range m.CoreSkills {
			if taught[s] {
				n++
			}
		}
		if len(m.CoreSkills) < 3 || n < 2 {
			t.Errorf("%s %q: %d core skills of which %d taught by a catalog item, want ≥ 3 and ≥ 2", m.Code, m.Label, len(m.CoreSkills), n)
		}
	}
}

func TestReferentielCoversEveryDomain(t *testing.T) {
	items, err := Items()
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	withFormations := make(map[string]bool)
	for _, it := range items {
		if it.Kind == catalog.KindFormation {
			withFormations[it.Domain] = true
		}
	}
	count := make(map[string]int)
	label := make(map[string]string)
	for _, m := range demoReferentiel(t).Metiers {
		if !withFormations[m.DomainCode] {
			t.Errorf("%s: domain code %q is no demo domain", m.Code, m.DomainCode)
		}
		if l, ok := label[m.DomainCode]; ok && l != m.Domain {
			t.Errorf("%s: domain %q, but %q elsewhere for %s", m.Code, m.Domain, l, m.DomainCode)
		}
		label[m.DomainCode] = m.Domain
		count[m.DomainCode]++
	}
	for d := range withFormations {
		if count[d] < 2 {
			t.Errorf("domain %s has formations but %d emplois, want ≥ 2", d, count[d])
		}
	}
}

func TestDecodeMetiers(t *testing.T) {
	const ok = `{"code":"HEX-001","source":"entreprise","label":"Soudeur / Soudeuse"}`
	tests := []struct {
		name string
		data string
		want string // fragment of the error; "" for success
	}{
		{"valid with blank lines", ok + "\n\n" + `{"code":"HEX-002","label":"Chaudronnier / Chaudronnière"}` + "\n", ""},
		{"unknown field", ok + "\n" + `{"code":"HEX-002","label":"X","salaire":3}`, MetiersFile + ":2: salaire: champ inconnu"},
		{"text after the object", ok + ` {}`, MetiersFile + ":1: texte après l'objet"},
		{"no code", `{"label":"X"}`, MetiersFile + ":1: code: obligatoire"},
		{"no label", `{"code":"HEX-009","label":" "}`, MetiersFile + ":1: label: obligatoire"},
		{"code used twice", ok + "\n" + ok, MetiersFile + ":2: code: code « HEX-001 » déjà utilisé ligne 1"},
		{"unknown mobility", ok + "\n" + `{"code":"HEX-002","label":"X","mobility":["HEX-404"]}`, MetiersFile + ":2: mobility[0]: code « HEX-404 » absent du fichier"},
		{"not JSON", `code: HEX-001`, MetiersFile + ":1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, err := decodeMetiers([]byte(tt.data))
			if tt.want == "" {
				if err != nil || len(ref.Metiers) != 2 {
					t.Fatalf("decodeMetiers = %v; want 2 emplois", err)
				}
				if ref.Metiers[1].Source != catalog.SourceCompany {
					t.Errorf("source %q, want %q when absent", ref.Metiers[1].Source, catalog.SourceCompany)
				}
				if len(ref.Attribution) != 1 || ref.Attribution[0] != referentielAttribution {
					t.Errorf("attribution %q, want the demo's", ref.Attribution)
				}
				return
			}
			if err == nil || !errors.Is(err, catalog.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("decodeMetiers error = %v, want ErrInvalid holding %q", err, tt.want)
			}
		})
	}
}
