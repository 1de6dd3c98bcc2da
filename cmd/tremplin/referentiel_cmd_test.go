package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// referentielTestdata is the fixture folder of package catalog/referentiel.
var referentielTestdata = filepath.Join("..", "..", "catalog", "referentiel", "testdata")

// runReferentiel runs tremplin with args and TREMPLIN_DATA=dataDir.
func runReferentiel(t *testing.T, dataDir string, args ...string) (string, string, error) {
	t.Helper()
	getenv := func(k string) string {
		if k == "TREMPLIN_DATA" {
			return dataDir
		}
		return ""
	}
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func wantLines(t *testing.T, out string, lines ...string) {
	t.Helper()
	for _, l := range lines {
		if !strings.Contains(out, l+"\n") {
			t.Errorf("output lacks line %q:\n%s", l, out)
		}
	}
}

func TestReferentielImportFixtures(t *testing.T) {
	data := t.TempDir()
	out, _, err := runReferentiel(t, data, "referentiel", "import",
		"--rome", filepath.Join(referentielTestdata, "rome"), "--esco", filepath.Join(referentielTestdata, "esco"))
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out,
		"  fiches ROME : 3",
		"  appellations : 5 (dont 1 peu usitée)",
		"  liens cœur de métier : 2 (autres liens fiche–compétence : 4)",
		"  mobilités : 2",
		"  occupations : 2",
		"  compétences : 3",
		"  relations : 5 (2 essentielles, 1 optionnelle ; 2 ignorées : 1 compétence et 1 occupation absentes des fichiers)",
		"Référentiel enregistré dans "+filepath.Join(data, "referentiel.json.gz")+" (5 métiers, 9 compétences)",
		"Source : France Travail – ROME 4.0 (v999)",
		"Source : Commission européenne – ESCO v1.1.1",
	)
	out, _, err = runReferentiel(t, data, "referentiel", "show", "A1101")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out, "A1101 — Conducteur / Conductrice d'engins agricoles (rome)", "  Chauffeur / Chauffeuse de tracteur (peu usité)")
	out, _, err = runReferentiel(t, data, "referentiel", "complete", "développeuse")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out, "M1805\tDéveloppeuse informatique — Développeur / Développeuse informatique")
}

func TestReferentielImportErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"broken file", []string{"--rome", filepath.Join(referentielTestdata, "rome-errors", "unknown-code")}, 1,
			`unix_referentiel_appellation_v1_utf8.csv:3: colonne code_rome : code ROME "Z9999" absent de unix_referentiel_code_rome`},
		{"missing column", []string{"--rome", filepath.Join(referentielTestdata, "rome-errors", "missing-column")}, 1,
			"unix_referentiel_code_rome_v1_utf8.csv:1: colonne libelle_rome : colonne absente"},
		{"no source", nil, 2, "indiquez au moins une source : --rome DOSSIER, --esco DOSSIER et/ou --entreprise FICHIER"},
		{"company file with problems", []string{"--entreprise", filepath.Join(referentielTestdata, "entreprise-erreurs.jsonl")}, 1,
			"entreprise-erreurs.jsonl:1: mobility[0]: code « EMP-009 » absent du fichier"},
		{"company file missing", []string{"--entreprise", filepath.Join(referentielTestdata, "absent.jsonl")}, 1,
			"absent.jsonl introuvable"},
		{"company file is a directory", []string{"--entreprise", referentielTestdata}, 1,
			"testdata: est un dossier ; attendu un fichier JSON Lines"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := t.TempDir()
			_, stderr, err := runReferentiel(t, data, append([]string{"referentiel", "import"}, tt.args...)...)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != tt.wantCode {
				t.Fatalf("got error %v, want exit code %d", err, tt.wantCode)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.wantErr)
			}
			if _, err := os.Stat(filepath.Join(data, "referentiel.json.gz")); err == nil {
				t.Error("a référentiel was saved despite the error")
			}
		})
	}
}

func TestReferentielShowWithoutImport(t *testing.T) {
	_, stderr, err := runReferentiel(t, t.TempDir(), "referentiel", "show", "M1805")
	if err == nil || !strings.Contains(stderr, "tremplin referentiel import") {
		t.Errorf("got %v / %q, want an error telling to run the import", err, stderr)
	}
}

func TestReferentielImportShared(t *testing.T) {
	out, _, err := runReferentiel(t, t.TempDir(), "referentiel", "import",
		"--rome", sharedtest.Path(t, "referentiels/rome4_v460"), "--esco", sharedtest.Path(t, "referentiels/esco"))
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out,
		"  fiches ROME : 1584",
		"  appellations : 13120 (dont 199 peu usitées)",
		"  occupations : 3007",
		"  compétences : 13485",
		"Source : France Travail – ROME 4.0 (v460)",
		"Source : Commission européenne – ESCO v1.1.1",
	)
}

// companyFixture is the valid company job référentiel of package
// catalog/referentiel: 7 emplois EMP-001 to EMP-007.
var companyFixture = filepath.Join(referentielTestdata, "entreprise.jsonl")

// TestReferentielImportCompany imports a company job référentiel alone:
// its counts are printed, its emplois can be shown, and recommend
// recognises one of its appellations as the target métier.
func TestReferentielImportCompany(t *testing.T) {
	data := t.TempDir()
	out, _, err := runReferentiel(t, data, "referentiel", "import", "--entreprise", companyFixture)
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out,
		"Référentiel des emplois (entreprise.jsonl) — "+companyFixture,
		"  emplois : 7 (dont 1 rattaché à un emploi parent)",
		"  appellations : 14 (dont 2 peu usitées)",
		"  compétences citées : 25",
		"  liens cœur de métier : 21 (autres liens emploi–compétence : 10)",
		"  mobilités : 8",
		"Référentiel enregistré dans "+filepath.Join(data, "referentiel.json.gz")+" (7 métiers)",
		"Source : référentiel des emplois de l'entreprise",
	)
	out, _, err = runReferentiel(t, data, "referentiel", "show", "EMP-006")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out, "EMP-006 — Coordinateur / Coordinatrice de maintenance (entreprise)", "Fiche parente : EMP-005",
		"  Planificateur / Planificatrice de maintenance")
	out, _, err = runReferentiel(t, data, "referentiel", "complete", "approvisionneuse")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out, "EMP-007\tApprovisionneuse — Gestionnaire des approvisionnements")

	// recommend indexes the demo catalog in this data directory, but
	// recognises métiers with the imported référentiel, not the demo's.
	for projet, code := range map[string]string{
		"Je veux devenir approvisionneuse":                         "EMP-007",
		"Je veux devenir coordinatrice de maintenance":             "EMP-006",
		"Conseiller clientèle, je vise superviseur service client": "EMP-002",
	} {
		resp, _ := runRecommendJSON(t, data, projet)
		if len(resp.Goal.Metiers) == 0 || resp.Goal.Metiers[0].Code != code {
			t.Errorf("%q: target métiers %+v, want %s first", projet, resp.Goal.Metiers, code)
		}
	}
}

// TestReferentielImportCompanyWithROME imports ROME and the company file
// together: both are kept, each with its source and attribution.
func TestReferentielImportCompanyWithROME(t *testing.T) {
	data := t.TempDir()
	out, _, err := runReferentiel(t, data, "referentiel", "import",
		"--rome", filepath.Join(referentielTestdata, "rome"), "--entreprise", companyFixture)
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out,
		"  fiches ROME : 3",
		"  emplois : 7 (dont 1 rattaché à un emploi parent)",
		"Référentiel enregistré dans "+filepath.Join(data, "referentiel.json.gz")+" (10 métiers, 6 compétences)",
		"Source : France Travail – ROME 4.0 (v999)",
		"Source : référentiel des emplois de l'entreprise",
	)
	ref, err := referentiel.Load(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	sources := make(map[string]string)
	for _, m := range ref.Metiers {
		sources[m.Code] = string(m.Source)
	}
	if sources["M1805"] != "rome" || sources["EMP-001"] != "entreprise" {
		t.Errorf("sources after merge: %v", sources)
	}
}

// TestReferentielImportCompanyKeepsPrevious checks that a company file
// with problems, or with a code that a ROME fiche already has, saves
// nothing: the référentiel imported before stays as it was.
func TestReferentielImportCompanyKeepsPrevious(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runReferentiel(t, data, "referentiel", "import", "--rome", filepath.Join(referentielTestdata, "rome")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, "referentiel.json.gz")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantRef, err := referentiel.Load(t.Context(), data)
	if err != nil {
		t.Fatal(err)
	}
	clash := filepath.Join(t.TempDir(), "emplois.jsonl")
	if err := os.WriteFile(clash, []byte(`{"code":"EMP-1","label":"Comptable"}`+"\n"+
		`{"code":"M1805","label":"Développeur / Développeuse"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	clashes := filepath.Join(t.TempDir(), "emplois.jsonl")
	if err := os.WriteFile(clashes, []byte(`{"code":"M1805","label":"Développeur / Développeuse"}`+"\n"+
		`{"code":"A1101","label":"Conducteur / Conductrice"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string // in the error and on stderr
	}{
		{"problems", []string{"--entreprise", filepath.Join(referentielTestdata, "entreprise-erreurs.jsonl")}, []string{
			"5 problèmes dans entreprise-erreurs.jsonl :",
			"  entreprise-erreurs.jsonl:1: mobility[0]: code « EMP-009 » absent du fichier",
			"  entreprise-erreurs.jsonl:2: salaire: champ inconnu",
			"  entreprise-erreurs.jsonl:2: parent: code « EMP-000 » absent du fichier",
			"  entreprise-erreurs.jsonl:4: source: doit être « entreprise » ou absent, reçu « rome »",
			"  entreprise-erreurs.jsonl:4: code: code « EMP-001 » déjà utilisé ligne 1",
			"Rien n'a été enregistré",
		}},
		{"problems with ROME", []string{"--rome", filepath.Join(referentielTestdata, "rome"),
			"--entreprise", filepath.Join(referentielTestdata, "entreprise-erreurs.jsonl")}, []string{
			"entreprise-erreurs.jsonl:2: salaire: champ inconnu",
		}},
		{"code of a ROME fiche", []string{"--rome", filepath.Join(referentielTestdata, "rome"), "--entreprise", clash}, []string{
			"1 code d'emploi déjà pris par un autre référentiel, donnez-lui un code propre à l'entreprise : ",
			"M1805 (« Développeur / Développeuse », déjà « Développeur / Développeuse informatique » dans ROME)",
		}},
		{"codes of ROME fiches", []string{"--rome", filepath.Join(referentielTestdata, "rome"), "--entreprise", clashes}, []string{
			"2 codes d'emploi déjà pris par un autre référentiel, donnez-leur un code propre à l'entreprise : ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runReferentiel(t, data, append([]string{"referentiel", "import"}, tt.args...)...)
			var ee *exitError
			if !errors.As(err, &ee) || ee.code != 1 {
				t.Fatalf("got error %v, want exit code 1", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) || !strings.Contains(stderr, w) {
					t.Errorf("error or stderr lacks %q:\n%s", w, stderr)
				}
			}
			after, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(before, after) {
				t.Fatalf("the saved référentiel changed (%v)", err)
			}
			gotRef, err := referentiel.Load(t.Context(), data)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantRef, gotRef); diff != "" {
				t.Errorf("loaded référentiel changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "rattaché", 1: "rattaché", 2: "rattachés", 15: "rattachés"} {
		if got := plural(n, "rattaché", "rattachés"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPrintCounts checks that the counts printed after an import agree in
// number with the words they go with: singular for 0 and 1.
func TestPrintCounts(t *testing.T) {
	tests := []struct {
		name  string
		print func(w io.Writer)
		want  []string
	}{
		{"company, singular", func(w io.Writer) {
			printCompany(w, "e.jsonl", referentiel.CompanyStats{Emplois: 1, Appellations: 1, RareAppellations: 1, Parents: 1})
		}, []string{"  emplois : 1 (dont 1 rattaché à un emploi parent)", "  appellations : 1 (dont 1 peu usitée)"}},
		{"company, none", func(w io.Writer) {
			printCompany(w, "e.jsonl", referentiel.CompanyStats{Emplois: 3})
		}, []string{"  emplois : 3 (dont 0 rattaché à un emploi parent)", "  appellations : 0 (dont 0 peu usitée)"}},
		{"company, plural", func(w io.Writer) {
			printCompany(w, "e.jsonl", referentiel.CompanyStats{Emplois: 3, Appellations: 4, RareAppellations: 2, Parents: 2})
		}, []string{"  emplois : 3 (dont 2 rattachés à un emploi parent)", "  appellations : 4 (dont 2 peu usitées)"}},
		{"ROME, singular", func(w io.Writer) {
			printROME(w, "rome", referentiel.ROMEStats{Version: "v1", Appellations: 3, RareAppellations: 1, Missing: []string{"unix_x"}})
		}, []string{"  appellations : 3 (dont 1 peu usitée)", "  attention, table absente : unix_x"}},
		{"ROME, plural", func(w io.Writer) {
			printROME(w, "rome", referentiel.ROMEStats{Version: "v1", Appellations: 3, RareAppellations: 2, Missing: []string{"unix_x", "unix_y"}})
		}, []string{"  appellations : 3 (dont 2 peu usitées)", "  attention, tables absentes : unix_x, unix_y"}},
		{"ESCO, singular", func(w io.Writer) {
			printESCO(w, "esco", referentiel.ESCOStats{Relations: 3, Essential: 1, Optional: 1, UnknownSkill: 1})
		}, []string{"  relations : 3 (1 essentielle, 1 optionnelle ; 1 ignorée : 1 compétence absente des fichiers)"}},
		{"ESCO, one occupation", func(w io.Writer) {
			printESCO(w, "esco", referentiel.ESCOStats{Relations: 1, UnknownOccupation: 1})
		}, []string{"  relations : 1 (0 essentielle, 0 optionnelle ; 1 ignorée : 1 occupation absente des fichiers)"}},
		{"ESCO, plural", func(w io.Writer) {
			printESCO(w, "esco", referentiel.ESCOStats{Relations: 9, Essential: 2, Optional: 3, UnknownSkill: 2, UnknownOccupation: 2})
		}, []string{"  relations : 9 (2 essentielles, 3 optionnelles ; 4 ignorées : 2 compétences et 2 occupations absentes des fichiers)"}},
		{"ESCO, nothing ignored", func(w io.Writer) {
			printESCO(w, "esco", referentiel.ESCOStats{Relations: 2, Essential: 2})
		}, []string{"  relations : 2 (2 essentielles, 0 optionnelle)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			tt.print(&b)
			wantLines(t, b.String(), tt.want...)
		})
	}
}

// TestReferentielImportSavedCounts checks the count of the saved
// référentiel in the singular.
func TestReferentielImportSavedCounts(t *testing.T) {
	data := t.TempDir()
	one := filepath.Join(t.TempDir(), "emplois.jsonl")
	if err := os.WriteFile(one, []byte(`{"code":"EMP-1","label":"Comptable"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runReferentiel(t, data, "referentiel", "import", "--entreprise", one)
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out,
		"Référentiel des emplois (emplois.jsonl) — "+one,
		"  emplois : 1 (dont 0 rattaché à un emploi parent)",
		"Référentiel enregistré dans "+filepath.Join(data, "referentiel.json.gz")+" (1 métier)",
		"Source : référentiel des emplois de l'entreprise",
	)
}
