package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func ptr(x float64) *float64 { return &x }

func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// validItems is the content of testdata/decode/valid.*.
func validItems() []Item {
	return []Item{
		{
			ID: "F-DATA-01", Kind: KindFormation, Title: "Analyse de données avec Python",
			Description: "Trois jours pour passer du tableur à pandas.",
			Skills:      []string{"Python", "pandas", "esco:analyse-de-donnees"},
			Level:       "intermédiaire", Language: "fr", Location: "Lyon", Provider: "Académie Interne",
			URL: "https://formation.example.fr/data-01", Tags: []string{"data", "IA"}, Domain: "data & IA",
			DurationHours: ptr(21), Modality: ModalityHybride, PriceEUR: ptr(1490.5), CPFEligible: true,
			Sessions: []Session{{Start: day("2026-03-02"), End: day("2026-03-04"), Location: "Lyon"}},
			Active:   true,
		},
		{
			ID: "RNCP35288", Kind: KindCertification, Title: "Manager de la cybersécurité",
			Skills: []string{"Piloter la sécurité des systèmes d'information"}, Level: "7",
			CertificationCode: "RNCP35288", VAEEligible: true, CPFEligible: true,
			Blocs:  []Bloc{{Code: "RNCP35288BC01", Title: "Définir la politique de sécurité", Skills: []string{"Analyse de risques"}}},
			Active: true,
		},
		{
			ID: "M-0042", Kind: KindMentoring, Title: "Mentorat en contrôle de gestion",
			Skills: []string{"contrôle de gestion", "budget"},
			Mentor: &Mentor{Name: "Élodie Martin", JobTitle: "Contrôleuse de gestion senior", Department: "Finance",
				Capacity: 3, CurrentMentees: 1, Languages: []string{"fr", "en"}},
			Active: true,
		},
		{
			ID: "MI-007", Kind: KindMission, Title: "Référent qualité sur le site de Nantes",
			Skills: []string{"ISO 9001"},
			Mission: &Mission{Department: "QHSE", StartDate: day("2026-01-15"), EndDate: day("2026-06-30"),
				TimeSharePct: 20},
		},
	}
}

func TestDecodeFormats(t *testing.T) {
	for _, name := range []string{"valid.jsonl", "valid.json", "valid.yaml", "valid.csv"} {
		t.Run(name, func(t *testing.T) {
			f, err := FormatFromName(name)
			if err != nil {
				t.Fatal(err)
			}
			file, err := os.Open(filepath.Join("testdata", "decode", name))
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			got, problems, err := Decode(file, name, f)
			if err != nil {
				t.Fatal(err)
			}
			want := validItems()
			if f == FormatCSV { // CSV has no columns for lists of objects
				want[0].Sessions, want[1].Blocs = nil, nil
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if len(problems) > 0 {
				t.Errorf("problems = %v, want none", problems)
			}
		})
	}
}

func TestDecodeMustShow(t *testing.T) {
	file, err := os.Open(filepath.Join("testdata", "decode", "mustshow.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	items, problems, err := Decode(file, "mustshow.jsonl", FormatJSONL)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{File: "mustshow.jsonl", Line: 2, Code: CodeSyntax, Reason: "JSON incomplet : l'objet n'est pas refermé"},
		{File: "mustshow.jsonl", Line: 3, Field: "price_eur", ID: "F-3", Code: CodeRange, Reason: "doit être ≥ 0, reçu -3"},
		{File: "mustshow.jsonl", Line: 4, Field: "id", ID: "F-1", Code: CodeDuplicate, Reason: "identifiant « F-1 » déjà utilisé (mustshow.jsonl:1)"},
		{File: "mustshow.jsonl", Line: 5, Field: "kind", ID: "S-1", Code: CodeEnum,
			Reason: "type inconnu « stage » (attendu : formation, certification, mentoring ou mission)"},
	}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"F-1"}, ids(items)); diff != "" {
		t.Errorf("valid items (-want +got):\n%s", diff)
	}
}

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestFormatFromName(t *testing.T) {
	tests := []struct {
		name string
		want Format
		ok   bool
	}{
		{"a.jsonl", FormatJSONL, true},
		{"dir/a.NDJSON", FormatJSONL, true},
		{"a.json", FormatJSON, true},
		{"a.yaml", FormatYAML, true},
		{"a.YML", FormatYAML, true},
		{"a.csv", FormatCSV, true},
		{"a.txt", "", false},
		{"jsonl", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatFromName(tt.name)
			if got != tt.want || (err == nil) != tt.ok {
				t.Errorf("FormatFromName(%q) = %q, %v; want %q, ok=%v", tt.name, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestProblemError(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "catalog.jsonl", Line: 12, Field: "price_eur", Reason: "doit être ≥ 0, reçu -3"},
			"catalog.jsonl:12: price_eur: doit être ≥ 0, reçu -3"},
		{Problem{File: "c.jsonl", Line: 2, Reason: "JSON mal formé"}, "c.jsonl:2: JSON mal formé"},
		{Problem{File: "c.txt", Reason: "extension inconnue"}, "c.txt: extension inconnue"},
		{Problem{Field: "title", Reason: "obligatoire"}, "title: obligatoire"},
		{Problem{Line: 3, Field: "title", Reason: "obligatoire"}, "ligne 3: title: obligatoire"},
		{Problem{File: "c.json", Line: 1, Element: 7, Field: "price_eur", Reason: "doit être ≥ 0, reçu -3"},
			"c.json:1: élément 7: price_eur: doit être ≥ 0, reçu -3"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.p.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.jsonl", `{"id":"X","kind":"formation","title":"A"}`+"\n")
	b := write("b.yaml", "- {id: Y, kind: formation, title: B}\n- {id: X, kind: formation, title: C}\n")
	c := write("c.txt", "")
	missing := filepath.Join(dir, "absent.csv")
	items, problems, err := LoadFiles(a, b, c, missing)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, strings.ReplaceAll(p.Error(), dir+string(filepath.Separator), ""))
	}
	want := []string{
		"b.yaml:2: élément 2: id: identifiant « X » déjà utilisé (a.jsonl:1)",
		"c.txt: extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)",
		"absent.csv: fichier introuvable",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"X", "Y"}, ids(items)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a/one.jsonl": {Data: []byte(`{"id":"X","kind":"formation","title":"A"}` + "\n")},
		"two.csv":     {Data: []byte("id,kind,title\nX,formation,B\nY,formation,C\n")},
	}
	items, problems, err := LoadFS(fsys, "a/one.jsonl", "two.csv", "three.yaml", "notes.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		"two.csv:2: id: identifiant « X » déjà utilisé (a/one.jsonl:1)",
		"three.yaml: fichier introuvable",
		"notes.txt: extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"X", "Y"}, ids(items)); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}
