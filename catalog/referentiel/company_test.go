package referentiel

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// companyFixture is a valid company référentiel: 7 emplois, a blank line
// 4, one parent, rare appellations.
var companyFixture = filepath.Join("testdata", "entreprise.jsonl")

func TestImportCompanyFixture(t *testing.T) {
	ref, st, err := ImportCompany(t.Context(), companyFixture)
	if err != nil {
		t.Fatal(err)
	}
	want := CompanyStats{Emplois: 7, Appellations: 14, RareAppellations: 2, Skills: 25,
		CoreLinks: 21, OtherLinks: 10, Mobility: 8, Parents: 1}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	var codes []string
	for _, m := range ref.Metiers {
		codes = append(codes, m.Code)
		if m.Source != catalog.SourceCompany || !m.Structured() {
			t.Errorf("%s: source %q, want %q", m.Code, m.Source, catalog.SourceCompany)
		}
	}
	if diff := cmp.Diff([]string{"EMP-001", "EMP-002", "EMP-003", "EMP-004", "EMP-005", "EMP-006", "EMP-007"}, codes); diff != "" {
		t.Errorf("codes, in file order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Source : référentiel des emplois de l'entreprise"}, ref.Attribution); diff != "" {
		t.Errorf("attribution (-want +got):\n%s", diff)
	}
	if len(ref.Skills) != 0 {
		t.Errorf("Skills = %d, want none: company skills are labels", len(ref.Skills))
	}
	ix := NewIndex(ref)
	m, ok := ix.Metier("EMP-006")
	wantM := catalog.Metier{
		Code: "EMP-006", Source: catalog.SourceCompany, Label: "Coordinateur / Coordinatrice de maintenance",
		Parent:     "EMP-005",
		Definition: "Le coordinateur ou la coordinatrice de maintenance planifie les interventions, suit les stocks de pièces et pilote les prestataires.",
		Domain:     "Production et maintenance", DomainCode: "PRO",
		Appellations: []catalog.Appellation{{Code: "APP-61", Label: "Planificateur / Planificatrice de maintenance"}},
		CoreSkills:   []string{"Planification", "GMAO", "Maintenance préventive"},
		OtherSkills:  []string{"Gestion des prestataires"},
		Mobility:     []string{"EMP-005", "EMP-007"},
	}
	if diff := cmp.Diff(wantM, m); !ok || diff != "" {
		t.Errorf("EMP-006 (-want +got):\n%s", diff)
	}
	// Both gendered forms of an appellation find the emploi.
	for _, title := range []string{"Approvisionneuse", "approvisionneur", "Chargée de recrutement"} {
		got := ix.Title(title)
		if len(got) != 1 {
			t.Errorf("Title(%q) = %d emplois, want 1", title, len(got))
		}
	}
}

// TestDecodeCompanyNormalizes reads a file saved by a spreadsheet-minded
// tool: BOM, CRLF line ends, decomposed accents, stray spaces.
func TestDecodeCompanyNormalizes(t *testing.T) {
	input := "\ufeff" + `{"code":" EMP-1 ","label":"Charge\u0301  /  Charge\u0301e de paie","definition":"Ligne 1.\r\nLigne 2.",` +
		`"appellations":[{"label":" Gestionnaire\tde paie "}],"core_skills":[" Paie "],"mobility":["EMP-2 "]}` + "\r\n" +
		`{"code":"EMP-2","source":"Entreprise","label":"Comptable"}` + "\r\n"
	ref, _, err := DecodeCompany("e.jsonl", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.Metier{
		{Code: "EMP-1", Source: catalog.SourceCompany, Label: "Chargé / Chargée de paie", Definition: "Ligne 1.\nLigne 2.",
			Appellations: []catalog.Appellation{{Label: "Gestionnaire de paie"}}, CoreSkills: []string{"Paie"}, Mobility: []string{"EMP-2"}},
		{Code: "EMP-2", Source: catalog.SourceCompany, Label: "Comptable"},
	}
	if diff := cmp.Diff(want, ref.Metiers); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeCompanyProblems(t *testing.T) {
	const (
		a = `{"code":"A","label":"Chargé / Chargée de paie"}`
		b = `{"code":"B","label":"Comptable"}`
	)
	tests := []struct {
		name  string
		input string
		want  []string // every problem, in order
	}{
		{"empty file", "", []string{"f.jsonl: fichier vide : aucun emploi (attendu un objet JSON par ligne)"}},
		{"blank lines only", "\ufeff\n  \n\r\n", []string{"f.jsonl: fichier vide : aucun emploi (attendu un objet JSON par ligne)"}},
		{"unknown fields", a + "\n" + `{"code":"B","label":"Comptable","salaire":3,"Code":"b"}`, []string{
			"f.jsonl:2: salaire: champ inconnu (champs possibles : code, source, label, parent, definition, access, domain, domain_code, grand_domain, appellations, core_skills, other_skills, mobility)",
			"f.jsonl:2: Code: champ inconnu (champs possibles : code, source, label, parent, definition, access, domain, domain_code, grand_domain, appellations, core_skills, other_skills, mobility)",
		}},
		{"invalid JSON", a + "\n" + `{"code":"B","label":"Comptable",}` + "\n" + `{"code":"C"` + "\n" + `code: D`, []string{
			"f.jsonl:2: JSON mal formé vers la colonne 33",
			"f.jsonl:3: JSON incomplet : l'objet n'est pas refermé",
			"f.jsonl:4: JSON mal formé vers la colonne 1",
		}},
		{"two objects on a line", a + ` {}`, []string{"f.jsonl:1: texte après l'objet JSON, vers la colonne 49 (un emploi par ligne)"}},
		{"not an object", `["A","B"]` + "\n" + `null`, []string{
			"f.jsonl:1: chaque ligne doit être un objet JSON, reçu une liste",
			"f.jsonl:2: chaque ligne doit être un objet JSON, reçu null",
		}},
		{"field twice", `{"code":"A","label":"X","label":"Y"}`, []string{`f.jsonl:1: champ « label » présent deux fois`}},
		{"invalid UTF-8", "{\"code\":\"A\",\"label\":\"Charg\xe9\"}", []string{"f.jsonl:1: texte non encodé en UTF-8 (enregistrez le fichier en UTF-8)"}},
		{"missing code and label", `{"definition":"D."}` + "\n" + `{"code":"  ","label":null}`, []string{
			"f.jsonl:1: code: obligatoire : le code unique de l'emploi",
			"f.jsonl:1: label: obligatoire : l'intitulé de l'emploi",
			"f.jsonl:2: code: obligatoire : le code unique de l'emploi",
			"f.jsonl:2: label: obligatoire : l'intitulé de l'emploi",
		}},
		{"wrong types", `{"code":7,"label":["X"],"core_skills":"Paie","other_skills":[3,null],"appellations":{"label":"X"},"mobility":"B"}`, []string{
			"f.jsonl:1: code: doit être un texte, reçu 7",
			"f.jsonl:1: label: doit être un texte, reçu une liste",
			`f.jsonl:1: core_skills: doit être une liste de libellés, par exemple ["Langage SQL"], reçu « Paie »`,
			"f.jsonl:1: other_skills[0]: doit être un libellé (texte), reçu 3",
			"f.jsonl:1: other_skills[1]: doit être un libellé (texte), reçu null",
			`f.jsonl:1: appellations: doit être une liste d'objets {"label": "…"}, reçu un objet`,
			`f.jsonl:1: mobility: doit être une liste de codes d'emplois, par exemple ["EMP-002"], reçu « B »`,
		}},
		{"duplicate code", a + "\n" + b + "\n\n" + `{"code":" A","label":"Autre"}` + "\n" + `{"code":"A\u0301","label":"NFD"}` + "\n" + `{"code":"Á","label":"NFC"}`, []string{
			"f.jsonl:4: code: code « A » déjà utilisé ligne 1",
			"f.jsonl:6: code: code « Á » déjà utilisé ligne 5",
		}},
		{"source", `{"code":"A","label":"X","source":"rome"}` + "\n" + `{"code":"B","label":"Y","source":"ESCO"}` + "\n" + `{"code":"C","label":"Z","source":"entreprise"}`, []string{
			"f.jsonl:1: source: doit être « entreprise » ou absent, reçu « rome »",
			"f.jsonl:2: source: doit être « entreprise » ou absent, reçu « ESCO »",
		}},
		{"parent", `{"code":"A","label":"X","parent":"A"}` + "\n" + `{"code":"B","label":"Y","parent":"Z9"}` + "\n" + `{"code":"C","label":"Y","parent":"A"}`, []string{
			"f.jsonl:1: parent: un emploi ne peut pas être son propre parent",
			"f.jsonl:2: parent: code « Z9 » absent du fichier",
		}},
		{"mobility", `{"code":"A","label":"X","mobility":["B","A","Z9","B",""]}` + "\n" + b, []string{
			"f.jsonl:1: mobility[3]: code « B » déjà listé",
			"f.jsonl:1: mobility[4]: code vide",
			"f.jsonl:1: mobility[1]: un emploi ne peut pas être sa propre mobilité",
			"f.jsonl:1: mobility[2]: code « Z9 » absent du fichier",
		}},
		{"mobility references", `{"code":"A","label":"X","mobility":["B","A","Z9"]}` + "\n" + b, []string{
			"f.jsonl:1: mobility[1]: un emploi ne peut pas être sa propre mobilité",
			"f.jsonl:1: mobility[2]: code « Z9 » absent du fichier",
		}},
		{"mobility index in the file", `{"code":"A","label":"X","mobility":["","B","B","Z9"]}` + "\n" + b, []string{
			"f.jsonl:1: mobility[0]: code vide",
			"f.jsonl:1: mobility[2]: code « B » déjà listé",
			"f.jsonl:1: mobility[3]: code « Z9 » absent du fichier",
		}},
		{"references of an emploi with other problems", `{"code":"A","label":"X","appellations":[{"rare":true}],"parent":"Q","mobility":["Z9"]}` + "\n" +
			`{"code":"B","label":"Y","salaire":3,"parent":"B"}` + "\n" + `{"code":"A","label":"Z","mobility":["A","B"]}`, []string{
			"f.jsonl:1: appellations[0].label: obligatoire : l'intitulé de l'appellation",
			"f.jsonl:1: parent: code « Q » absent du fichier",
			"f.jsonl:1: mobility[0]: code « Z9 » absent du fichier",
			"f.jsonl:2: salaire: champ inconnu (champs possibles : code, source, label, parent, definition, access, domain, domain_code, grand_domain, appellations, core_skills, other_skills, mobility)",
			"f.jsonl:2: parent: un emploi ne peut pas être son propre parent",
			"f.jsonl:3: code: code « A » déjà utilisé ligne 1",
			"f.jsonl:3: mobility[0]: un emploi ne peut pas être sa propre mobilité",
		}},
		{"no references without a code", `{"code":7,"label":"X","parent":"Q","mobility":["Z9"]}`, []string{
			"f.jsonl:1: code: doit être un texte, reçu 7",
		}},
		{"reference to an emploi with problems", `{"code":"A","label":"X","mobility":["B"]}` + "\n" + `{"code":"B","label":""}`, []string{
			"f.jsonl:2: label: obligatoire : l'intitulé de l'emploi",
		}},
		{"blank skill labels", `{"code":"A","label":"X","core_skills":["Paie"," "],"other_skills":["\n"]}`, []string{
			"f.jsonl:1: core_skills[1]: libellé vide",
			"f.jsonl:1: other_skills[0]: libellé vide",
		}},
		{"appellations", `{"code":"A","label":"X","appellations":[{"label":"Y"},{"rare":true},{"label":" "},"Z",{"label":"W","rare":"oui","titre":"V"},{"label":3},{"label":"U","label":"U"}]}`, []string{
			"f.jsonl:1: appellations[1].label: obligatoire : l'intitulé de l'appellation",
			"f.jsonl:1: appellations[2].label: obligatoire : l'intitulé de l'appellation",
			`f.jsonl:1: appellations[3]: doit être un objet {"label": "…"}, reçu « Z »`,
			"f.jsonl:1: appellations[4].rare: doit être un booléen (true ou false), reçu « oui »",
			"f.jsonl:1: appellations[4].titre: champ inconnu (champs possibles : code, label, rare)",
			"f.jsonl:1: appellations[5].label: doit être un texte, reçu 3",
			"f.jsonl:1: appellations[6]: champ « label » présent deux fois",
		}},
		{"problems by line", `{"code":"A","label":"X","parent":"Z"}` + "\n" + `{"code":"B"}` + "\n" + `{"code":"C","label":"Y","mobility":["Z"]}` + "\n" + `{"code":"B","label":"Y"}`, []string{
			"f.jsonl:1: parent: code « Z » absent du fichier",
			"f.jsonl:2: label: obligatoire : l'intitulé de l'emploi",
			"f.jsonl:3: mobility[0]: code « Z » absent du fichier",
			"f.jsonl:4: code: code « B » déjà utilisé ligne 2",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, st, err := DecodeCompany("f.jsonl", strings.NewReader(tt.input))
			if ref != nil || st != (CompanyStats{}) {
				t.Errorf("got a référentiel (%+v) despite the problems", st)
			}
			var ce *CompanyError
			if !errors.As(err, &ce) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v, want a *CompanyError wrapping ErrInvalid", err)
			}
			var got []string
			for _, p := range ce.Problems {
				got = append(got, p.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if ce.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", ce.Total, len(tt.want))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), "\n  "+w) {
					t.Errorf("error text lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

func TestDecodeCompanyCapsProblems(t *testing.T) {
	tests := []struct {
		name     string
		lines    int    // each with an unknown field and a missing mobility code
		total    int    // problems found
		lastLine int    // line of the last problem listed
		suffix   string // end of the error text
	}{
		{"many", 150, 300, 50, "\n  … et 200 autres problèmes"},
		{"one left out", 51, 102, 50, "\n  … et 2 autres problèmes"},
		{"one left out, singular", 0, 101, 50, "\n  … et 1 autre problème"},
		{"none left out", 50, 100, 50, "\n  f.jsonl:50: mobility[0]: code « Z » absent du fichier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			for i := range tt.lines {
				fmt.Fprintf(&b, `{"code":"C%d","label":"X","mobility":["Z"],"x":1}`+"\n", i)
			}
			if tt.lines == 0 { // 50 lines with 2 problems, one with 1
				for i := range 50 {
					fmt.Fprintf(&b, `{"code":"C%d","label":"X","mobility":["Z"],"x":1}`+"\n", i)
				}
				b.WriteString(`{"code":"D","label":"X","mobility":["Z"]}` + "\n")
			}
			_, _, err := DecodeCompany("f.jsonl", strings.NewReader(b.String()))
			var ce *CompanyError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *CompanyError", err)
			}
			if ce.Total != tt.total || len(ce.Problems) != MaxCompanyProblems {
				t.Errorf("Total %d, %d listed; want %d, %d", ce.Total, len(ce.Problems), tt.total, MaxCompanyProblems)
			}
			if last := ce.Problems[len(ce.Problems)-1]; last.Line != tt.lastLine {
				t.Errorf("last problem listed at line %d, want %d (the first ones by line)", last.Line, tt.lastLine)
			}
			prefix := fmt.Sprintf("%d problèmes dans f.jsonl :\n", tt.total)
			if !strings.HasPrefix(err.Error(), prefix) || !strings.HasSuffix(err.Error(), tt.suffix) {
				t.Errorf("error text does not start with %q or end with %q:\n%.200s\n…\n%s", prefix, tt.suffix, err, err.Error()[len(err.Error())-100:])
			}
		})
	}
}

func TestImportCompanyFiles(t *testing.T) {
	_, _, err := ImportCompany(t.Context(), filepath.Join("testdata", "entreprise-erreurs.jsonl"))
	want := "5 problèmes dans entreprise-erreurs.jsonl :\n" +
		"  entreprise-erreurs.jsonl:1: mobility[0]: code « EMP-009 » absent du fichier\n" +
		"  entreprise-erreurs.jsonl:2: salaire: champ inconnu (champs possibles : code, source, label, parent, definition, access, domain, domain_code, grand_domain, appellations, core_skills, other_skills, mobility)\n" +
		"  entreprise-erreurs.jsonl:2: parent: code « EMP-000 » absent du fichier\n" +
		"  entreprise-erreurs.jsonl:4: source: doit être « entreprise » ou absent, reçu « rome »\n" +
		"  entreprise-erreurs.jsonl:4: code: code « EMP-001 » déjà utilisé ligne 1"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	var ce *CompanyError
	if errors.As(err, &ce) {
		var codes []catalog.ProblemCode
		for _, p := range ce.Problems {
			codes = append(codes, p.Code)
		}
		wantCodes := []catalog.ProblemCode{catalog.CodeFormat, catalog.CodeFormat, catalog.CodeFormat, catalog.CodeEnum, catalog.CodeDuplicate}
		if diff := cmp.Diff(wantCodes, codes); diff != "" {
			t.Errorf("problem codes (-want +got):\n%s", diff)
		}
	}
	_, _, err = ImportCompany(t.Context(), filepath.Join("testdata", "absent.jsonl"))
	if !errors.Is(err, catalog.ErrNotFound) || err.Error() != "fichier "+filepath.Join("testdata", "absent.jsonl")+" introuvable" {
		t.Errorf("missing file: %v, want ErrNotFound naming the file", err)
	}
}

// TestImportCompanyUnreadable checks that a path ImportCompany cannot read
// is explained in French, not with the OS's English message.
func TestImportCompanyUnreadable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rv")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err := ImportCompany(t.Context(), dir)
	var ce *CompanyError
	if !errors.As(err, &ce) || len(ce.Problems) != 1 || ce.Problems[0].Code != catalog.CodeUnreadable {
		t.Fatalf("directory: %v, want a *CompanyError with one unreadable problem", err)
	}
	if want := "1 problème dans rv :\n  rv: est un dossier ; attendu un fichier JSON Lines"; err.Error() != want {
		t.Errorf("directory: %q, want %q", err, want)
	}

	// Running as root, a file without read permission can still be read:
	// the OS errors are given to companyFileError directly.
	path := filepath.Join("tmp", "emplois.jsonl")
	tests := []struct {
		name string
		err  error
		want string
		is   error
	}{
		{"permission", &fs.PathError{Op: "open", Path: path, Err: syscall.EACCES},
			"1 problème dans emplois.jsonl :\n  emplois.jsonl: lecture refusée (droits insuffisants)", catalog.ErrInvalid},
		{"not found", &fs.PathError{Op: "stat", Path: path, Err: syscall.ENOENT},
			"fichier " + path + " introuvable", catalog.ErrNotFound},
		{"other", &fs.PathError{Op: "open", Path: path, Err: syscall.EIO},
			"lecture de " + path + " impossible : open " + path + ": input/output error", syscall.EIO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := companyFileError(path, tt.err)
			if err.Error() != tt.want || !errors.Is(err, tt.is) {
				t.Errorf("got %q, want %q wrapping %v", err, tt.want, tt.is)
			}
		})
	}
}

// FuzzDecodeCompany checks that DecodeCompany never panics, that it
// returns a référentiel or problems but never both, and that a référentiel
// holds emplois with unique non-empty codes, labels, references inside
// the file, and source "entreprise".
func FuzzDecodeCompany(f *testing.F) {
	for _, name := range []string{"entreprise.jsonl", "entreprise-erreurs.jsonl"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			f.Add(bytes.Clone(sc.Bytes()))
		}
	}
	f.Add([]byte("\ufeff"))
	f.Add([]byte(`{"code":"A","label":"X","appellations":[{"label":"Y","rare":true}],"mobility":["B"]}` + "\n" + `{"code":"B","label":"Z","parent":"A"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ref, st, err := DecodeCompany("f.jsonl", bytes.NewReader(data))
		if err != nil {
			var ce *CompanyError
			if ref != nil || !errors.As(err, &ce) || len(ce.Problems) == 0 || ce.Total < len(ce.Problems) {
				t.Fatalf("error %v with ref %v: want a *CompanyError with problems and no référentiel", err, ref != nil)
			}
			for i, p := range ce.Problems {
				if p.Reason == "" || i > 0 && p.Line < ce.Problems[i-1].Line {
					t.Fatalf("problem %d %q is empty or out of line order", i, p.Error())
				}
			}
			return
		}
		if ref == nil || len(ref.Metiers) == 0 || st.Emplois != len(ref.Metiers) {
			t.Fatalf("no error but %v emplois (stats %d)", ref != nil, st.Emplois)
		}
		codes := make(map[string]bool)
		for _, m := range ref.Metiers {
			if m.Code == "" || strings.TrimSpace(m.Code) != m.Code || codes[m.Code] {
				t.Fatalf("code %q is empty, untrimmed or repeated", m.Code)
			}
			codes[m.Code] = true
			if m.Label == "" || m.Source != catalog.SourceCompany {
				t.Fatalf("%s: label %q, source %q", m.Code, m.Label, m.Source)
			}
			for _, a := range m.Appellations {
				if a.Label == "" {
					t.Fatalf("%s: appellation without label", m.Code)
				}
			}
			for _, s := range append(m.CoreSkills, m.OtherSkills...) {
				if strings.TrimSpace(s) == "" {
					t.Fatalf("%s: blank skill label", m.Code)
				}
			}
		}
		for _, m := range ref.Metiers {
			if m.Parent != "" && (m.Parent == m.Code || !codes[m.Parent]) {
				t.Fatalf("%s: parent %q is itself or unknown", m.Code, m.Parent)
			}
			for _, c := range m.Mobility {
				if c == m.Code || !codes[c] {
					t.Fatalf("%s: mobility %q is itself or unknown", m.Code, c)
				}
			}
		}
	})
}
