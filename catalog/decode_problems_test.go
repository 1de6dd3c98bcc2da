package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		input  string
		want   []string // Problem.Error() of every problem, in order
		ids    []string // ids of the valid items
	}{
		{
			name: "jsonl/broken lines and wrong types", format: FormatJSONL,
			input: `{"id":"a","kind":"formation","title":"T"}` + "\n" +
				`{"id":"b","kind":"formation","title":"T"} trailing` + "\n" +
				`[1,2]` + "\n" +
				`{"id":"c","kind":"formation","title":"T","price_eur":"douze","cpf_eligible":"peut-être","skills":"Python"}` + "\n" +
				`{"id":7,"kind":"formation","title":"T"}` + "\n",
			want: []string{
				"f.jsonl:2: JSON mal formé vers la colonne 42",
				"f.jsonl:3: chaque élément doit être un objet, reçu une liste",
				"f.jsonl:4: skills: doit être une liste de textes, reçu « Python »",
				"f.jsonl:4: price_eur: doit être un nombre, par exemple 21, 1 200, 1 200,50 ou 1 200 €, reçu « douze »",
				"f.jsonl:4: cpf_eligible: doit être oui ou non (aussi : vrai/faux, true/false, 1/0), reçu « peut-être »",
				"f.jsonl:5: id: doit être un texte, reçu 7",
			},
			ids: []string{"a"},
		},
		{
			name: "jsonl/required fields and kind rules", format: FormatJSONL,
			input: `{"kind":"formation"}` + "\n" +
				`{"id":"m","kind":"mentoring","title":"M"}` + "\n" +
				`{"id":"x","kind":"mission","title":"X","mission":{"start_date":"2026-05-01","end_date":"2026-04-01","time_share_pct":120}}` + "\n" +
				`{"id":"d","kind":"formation","title":"D","duration_hours":0,"modality":"par correspondance","url":"ftp://x"}` + "\n",
			want: []string{
				"f.jsonl:1: id: obligatoire",
				"f.jsonl:1: title: obligatoire",
				"f.jsonl:2: mentor: obligatoire pour un élément de type mentoring",
				"f.jsonl:3: mission.time_share_pct: doit être entre 0 et 100, reçu 120",
				"f.jsonl:3: mission.end_date: doit être postérieure ou égale à start_date (2026-05-01), reçu 2026-04-01",
				"f.jsonl:4: url: doit être une adresse http(s) absolue, reçu « ftp://x »",
				"f.jsonl:4: modality: modalité inconnue « par correspondance » (valeurs acceptées : présentiel, distanciel ou hybride (aussi : sur site, à distance, en ligne, e-learning, mixte, blended))",
				"f.jsonl:4: duration_hours: doit être > 0, reçu 0",
			},
		},
		{
			name: "jsonl/invalid utf-8 and bad dates", format: FormatJSONL,
			input: "{\"id\":\"u\",\"kind\":\"formation\",\"title\":\"caf\xe9\"}\n" +
				`{"id":"s","kind":"formation","title":"S","sessions":[{"start":"2026-02-30"},{"end":"2026-01-01"}]}` + "\n",
			want: []string{
				"f.jsonl:1: texte non encodé en UTF-8 (enregistrez le fichier en UTF-8)",
				"f.jsonl:2: sessions[0].start: date invalide, attendu AAAA-MM-JJ, reçu « 2026-02-30 »",
				"f.jsonl:2: sessions[1].start: obligatoire",
			},
		},
		{
			name: "jsonl/normalization", format: FormatJSONL,
			input: "\ufeff" + `{"id":" n1 ","kind":" Formation ","title":"  Cafe\u0301  ","skills":[" a ","",null," "],"modality":"Présentiel"}` + "\n\n" +
				`{"id":"n1","kind":"formation","title":"dup after trim"}` + "\n",
			want: []string{`f.jsonl:3: id: identifiant « n1 » déjà utilisé (f.jsonl:1)`},
			ids:  []string{"n1"},
		},
		{
			name: "json/element lines and syntax error", format: FormatJSON,
			input: "[\n  {\"id\":\"a\",\"kind\":\"formation\",\"title\":\"A\"},\n" +
				"  {\"id\":\"b\",\"kind\":\"formation\",\"title\":\"B\",\n   \"price_eur\":-1},\n" +
				"  {\"id\":\"c\" \"kind\":\"x\"}\n]",
			want: []string{
				"f.json:3: élément 2: price_eur: doit être ≥ 0, reçu -1",
				"f.json:5: élément 3: JSON mal formé",
			},
			ids: []string{"a"},
		},
		{
			name: "jsonl/duplicate keys", format: FormatJSONL,
			input: `{"id":"a","kind":"formation","title":"A","price_eur":10,"price_eur":-1}` + "\n" +
				`{"id":"b","kind":"mentoring","title":"B","mentor":{"name":"Léa","name":"Max"}}` + "\n" +
				`[{"k":1,"k":2}]` + "\n" +
				`{"id":"c","kind":"formation","title":"C","skills":["x","x"],"Title":"c"}` + "\n",
			want: []string{
				"f.jsonl:1: price_eur: clé « price_eur » présente deux fois dans le même objet",
				"f.jsonl:2: mentor.name: clé « name » présente deux fois dans le même objet",
				"f.jsonl:3: [0].k: clé « k » présente deux fois dans le même objet",
			},
			ids: []string{"c"},
		},
		{
			name: "json/duplicate key on its own line", format: FormatJSON,
			input: "[\n  {\"id\":\"a\",\"kind\":\"formation\",\"title\":\"A\"},\n" +
				"  {\"id\":\"b\",\"kind\":\"formation\",\n   \"title\":\"B\",\n   \"id\":\"c\"}\n]",
			want: []string{"f.json:5: élément 2: id: clé « id » présente deux fois dans le même objet"},
			ids:  []string{"a"},
		},
		{
			name: "jsonl/huge numbers and ids with separators", format: FormatJSONL,
			input: `{"id":"a/b/../x","kind":"formation","title":"A","price_eur":1.797e308,"duration_hours":1e6}` + "\n" +
				`{"id":"..","kind":"formation","title":"B"}` + "\n",
			want: []string{
				"f.jsonl:1: id: caractère « / » interdit dans un identifiant (interdits : / \\ ? #), reçu « a/b/../x »",
				"f.jsonl:1: price_eur: doit être ≤ 1 000 000 €, reçu 1.797e+308",
				"f.jsonl:1: duration_hours: doit être ≤ 100 000 heures, reçu 1000000",
				"f.jsonl:2: id: « .. » n'est pas un identifiant valide",
			},
		},
		{
			name: "csv/huge numbers and ids with separators", format: FormatCSV,
			input: "id,kind,title,price_eur\n../deconnexion,formation,A,10\nb,formation,B,1e9\nc?x,formation,C,\n",
			want: []string{
				"f.csv:2: id: caractère « / » interdit dans un identifiant (interdits : / \\ ? #), reçu « ../deconnexion »",
				"f.csv:3: price_eur: doit être ≤ 1 000 000 €, reçu 1000000000",
				"f.csv:4: id: caractère « ? » interdit dans un identifiant (interdits : / \\ ? #), reçu « c?x »",
			},
		},
		{
			name: "yaml/huge numbers and ids with separators", format: FormatYAML,
			input: "- {id: 'a\\b', kind: formation, title: A}\n- {id: '#x', kind: formation, title: B, duration_hours: 100001}\n",
			want: []string{
				"f.yaml:1: élément 1: id: caractère « \\ » interdit dans un identifiant (interdits : / \\ ? #), reçu « a\\b »",
				"f.yaml:2: élément 2: id: caractère « # » interdit dans un identifiant (interdits : / \\ ? #), reçu « #x »",
				"f.yaml:2: élément 2: duration_hours: doit être ≤ 100 000 heures, reçu 100001",
			},
		},
		{
			name: "json/not an array", format: FormatJSON,
			input: `{"id":"a","kind":"formation","title":"A"}`,
			want:  []string{"f.json:1: un tableau JSON d'éléments est attendu (pour un élément par ligne, nommez le fichier .jsonl)"},
		},
		{
			name: "json/unclosed array", format: FormatJSON,
			input: `[{"id":"a","kind":"formation","title":"A"}`,
			want:  []string{"f.json:1: JSON incomplet : le tableau n'est pas refermé"},
			ids:   []string{"a"},
		},
		{
			name: "yaml/types, unknown kind, NaN", format: FormatYAML,
			input: "- id: a\n  kind: atelier\n  title: A\n" +
				"- id: b\n  kind: formation\n  title: B\n  price_eur: .nan\n  duration_hours: \"7\"\n" +
				"- id: c\n  kind: mentoring\n  title: C\n  mentor: {name: Léa, capacity: 2.5, current_mentees: -1}\n" +
				"- plain text\n",
			want: []string{
				"f.yaml:1: élément 1: kind: type inconnu « atelier » (attendu : formation, certification, mentoring ou mission)",
				"f.yaml:4: élément 2: price_eur: doit être un nombre fini, reçu NaN",
				"f.yaml:9: élément 3: mentor.capacity: doit être un nombre entier, reçu 2.5",
				"f.yaml:9: élément 3: mentor.current_mentees: doit être ≥ 0, reçu -1",
				"f.yaml:13: élément 4: chaque élément doit être un objet, reçu « plain text »",
			},
		},
		{
			name: "yaml/duplicate keys", format: FormatYAML,
			input: "- id: a\n  kind: formation\n  title: A\n  title: B\n" +
				"- id: b\n  kind: mentoring\n  title: M\n  mentor:\n    name: Léa\n    name: Max\n" +
				"- id: c\n  kind: formation\n  title: C\n",
			want: []string{
				"f.yaml:4: élément 1: clé « title » présente deux fois dans le même objet",
				"f.yaml:10: élément 2: clé « name » présente deux fois dans le même objet",
			},
			ids: []string{"c"},
		},
		{
			name: "yaml/syntax error", format: FormatYAML,
			input: "- id: a\n  kind: formation\n title: A\n",
			want:  []string{"f.yaml:2: YAML mal formé (did not find expected '-' indicator)"},
		},
		{
			name: "yaml/not a list", format: FormatYAML,
			input: "id: a\nkind: formation\n",
			want:  []string{"f.yaml:1: une liste YAML d'éléments est attendue (chaque élément commence par « - »)"},
		},
		{
			name: "yaml/alias bomb", format: FormatYAML,
			input: "- &a [x, x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
				"- &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n- &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
				"- &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n- [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
			want: []string{
				"f.yaml:1: élément 1: chaque élément doit être un objet, reçu une liste",
				"f.yaml:2: élément 2: chaque élément doit être un objet, reçu une liste",
				"f.yaml:3: élément 3: chaque élément doit être un objet, reçu une liste",
				"f.yaml:4: élément 4: chaque élément doit être un objet, reçu une liste",
				"f.yaml:5: élément 5: élément YAML trop grand ou trop imbriqué",
				"f.yaml:6: élément 6: élément YAML trop grand ou trop imbriqué",
			},
		},
		{
			name: "csv/rows", format: FormatCSV,
			input: "id,kind,title,price_eur,cpf_eligible,mentor.name,mentor.capacity,title\n" +
				"a,formation,A,\"12,5\",oui,,,\n" +
				"b,formation,B,douze,peut-être,,,\n" +
				",,,,,,,\n" +
				"c,mentoring,\"C\nsuite\",,,Léa,deux,\n" +
				"d,formation\n" +
				"e,formation,E\"x,,,,,\n",
			want: []string{
				"f.csv:1: title: colonne en double dans l'en-tête ; seule la première est lue",
				"f.csv:3: price_eur: doit être un nombre, par exemple 21, 1 200, 1 200,50 ou 1 200 €, reçu « douze »",
				"f.csv:3: cpf_eligible: doit être oui ou non (aussi : vrai/faux, true/false, 1/0), reçu « peut-être »",
				"f.csv:5: mentor.capacity: doit être un nombre entier, par exemple 3, reçu « deux »",
				"f.csv:7: la ligne a 2 colonnes, l'en-tête en a 8",
				"f.csv:8: CSV mal formé : guillemet isolé dans une cellule sans guillemets (colonne 14)",
			},
			ids: []string{"a"},
		},
		{
			name: "csv/invalid utf-8", format: FormatCSV,
			input: "id,kind,title\nl1,formation,caf\xe9\n",
			want:  []string{"f.csv:2: title: texte non encodé en UTF-8"},
		},
		{
			name: "jsonl/pretty-printed JSON array", format: FormatJSONL,
			input: "\n[\n  {\"id\": \"a\", \"kind\": \"formation\", \"title\": \"A\"}\n]\n",
			want:  []string{"f.jsonl:2: le fichier commence par « [ » : c'est un tableau JSON, nommez-le .json (JSON Lines attend un objet par ligne)"},
		},
		{
			name: "csv/semicolon separated", format: FormatCSV,
			input: "id;kind;title\na;formation;A\n",
			want:  []string{"f.csv:1: l'en-tête est séparé par des « ; » : le CSV doit utiliser la virgule comme séparateur de colonnes (le « ; » sépare les entrées des listes)"},
		},
		{name: "empty jsonl", format: FormatJSONL, input: ""},
		{name: "empty json", format: FormatJSON, input: " "},
		{name: "empty yaml", format: FormatYAML, input: "# rien\n"},
		{name: "empty csv", format: FormatCSV, input: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, problems, err := Decode(strings.NewReader(tt.input), "f."+string(tt.format), tt.format)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.ids, ids(items)); diff != "" {
				t.Errorf("valid items (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeYAMLMergeKeys(t *testing.T) {
	in := `
- &base
  id: f1
  kind: formation
  title: Excel
  provider: Clic & Compétences
  modality: distanciel
- <<: *base
  id: f2
  title: Word
- <<: [{language: fr, provider: A}, {provider: B, location: Lyon}]
  id: f3
  kind: formation
  title: PowerPoint
`
	items, problems, err := Decode(strings.NewReader(in), "f.yaml", FormatYAML)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Decode: %v %v", problems, err)
	}
	want := []Item{
		{ID: "f1", Kind: KindFormation, Title: "Excel", Provider: "Clic & Compétences", Modality: ModalityDistanciel, Active: true},
		{ID: "f2", Kind: KindFormation, Title: "Word", Provider: "Clic & Compétences", Modality: ModalityDistanciel, Active: true},
		{ID: "f3", Kind: KindFormation, Title: "PowerPoint", Provider: "A", Language: "fr", Location: "Lyon", Active: true},
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestDecodeNormalizes(t *testing.T) {
	in := `{"id":" n1 ","kind":" Formation ","title":"  Cafe\u0301 \n\t  au  lait ","skills":[" a ","",null," "],` +
		`"description":" l1\n\tl2 ","modality":"Présentiel"}`
	items, problems, err := Decode(strings.NewReader(in), "f.jsonl", FormatJSONL)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Decode: %v %v", problems, err)
	}
	want := []Item{{ID: "n1", Kind: KindFormation, Title: "Caf\u00e9 au lait", Description: "l1\n\tl2", Skills: []string{"a"},
		Modality: ModalityPresentiel, Active: true}}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

// TestDecodeYAMLAliasBudgetIsShared checks that many small alias
// expansions in one document add up against one budget.
func TestDecodeYAMLAliasBudgetIsShared(t *testing.T) {
	var b strings.Builder
	b.WriteString("- &big {id: a, kind: formation, title: A, skills: [" + strings.Repeat("s, ", 999) + "s]}\n")
	for range 300 {
		b.WriteString("- *big\n")
	}
	_, problems, err := Decode(strings.NewReader(b.String()), "f.yaml", FormatYAML)
	if err != nil {
		t.Fatal(err)
	}
	tooBig := 0
	for _, p := range problems {
		if p.Code == CodeTooLong && p.Field == "" {
			tooBig++
		}
	}
	// 1,000 skills per expansion: the budget of 100,000 nodes lasts about 99 copies.
	if tooBig < 200 {
		t.Errorf("%d elements rejected as too big, want the copies past the budget (≥ 200)", tooBig)
	}
}
