package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		"  appellations : 5 (dont 1 peu usitées)",
		"  liens cœur de métier : 2 (autres liens fiche–compétence : 4)",
		"  mobilités : 2",
		"  occupations : 2",
		"  compétences : 3",
		"  relations : 5 (2 essentielles, 1 optionnelles ; 2 ignorées : 1 compétences et 1 occupations absentes des fichiers)",
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
		{"no source", nil, 2, "indiquez --rome DOSSIER et/ou --esco DOSSIER"},
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
