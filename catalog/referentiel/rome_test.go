package referentiel

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// TestImportROMEFixture reads testdata/rome: a BOM before the fiches
// header, a texte file in Latin-1 with a quoted multi-line field and
// doubled apostrophes, parents, a rare appellation, a coherence link to a
// non-skill item, mobility out of order.
func TestImportROMEFixture(t *testing.T) {
	ref, st, err := ImportROME(t.Context(), filepath.Join("testdata", "rome"))
	if err != nil {
		t.Fatal(err)
	}
	want := &catalog.Referentiel{
		Metiers: []catalog.Metier{
			{
				Code: "A1101", Source: catalog.SourceROME, Label: "Conducteur / Conductrice d'engins agricoles",
				Definition:  "Réalise des travaux agricoles mécanisés.\nAménage et prépare les terrains.",
				Access:      "Cet emploi est accessible sans diplôme.\nUn CAP agricole peut être demandé.",
				Domain:      "Engins agricoles et forestiers",
				DomainCode:  "A11",
				GrandDomain: "Agriculture et Pêche, Espaces naturels et Espaces verts, Soins aux animaux",
				Appellations: []catalog.Appellation{
					{Code: "10", Label: "Conducteur / Conductrice d'engins agricoles"},
					{Code: "11", Label: "Chauffeur / Chauffeuse de tracteur", Rare: true},
				},
				CoreSkills:  []string{"Conduire un engin agricole"},
				OtherSkills: []string{"Entretenir le matériel", "Mécanique agricole"},
				Mobility:    []string{"A1102", "M1805"},
			},
			{
				Code: "A1102", Source: catalog.SourceROME, Parent: "A1101",
				Label: "Conducteur / Conductrice d'engins d'exploitation forestière",
				Appellations: []catalog.Appellation{
					{Code: "20", Label: "Conducteur / Conductrice d'engins d'exploitation forestière"},
				},
			},
			{
				Code: "M1805", Source: catalog.SourceROME, Label: "Développeur / Développeuse informatique",
				Definition:  "Participe à l'analyse des besoins des clients.",
				Domain:      "Systèmes d'information et de télécommunication",
				DomainCode:  "M18",
				GrandDomain: "Support à l'entreprise",
				Appellations: []catalog.Appellation{
					{Code: "30", Label: "Développeur / Développeuse informatique"},
					{Code: "31", Label: "Chargé / Chargée de développement web"},
				},
				CoreSkills:  []string{"Coder"},
				OtherSkills: []string{"Faire preuve de rigueur", "Langages de programmation informatique"},
			},
		},
		Skills: []catalog.Skill{
			{ID: "rome:100", Label: "Conduire un engin agricole", Domain: "Savoir-faire"},
			{ID: "rome:101", Label: "Entretenir le matériel", Domain: "Savoir-faire"},
			{ID: "rome:102", Label: "Coder", Domain: "Savoir-faire"},
			{ID: "rome:103", Label: "Faire preuve de rigueur", Domain: "Savoir-être professionnels"},
			{ID: "rome:200", Label: "Mécanique agricole", Domain: "Savoirs"},
			{ID: "rome:201", Label: "Langages de programmation informatique", Domain: "Savoirs"},
		},
		Attribution: []string{"Source : France Travail – ROME 4.0 (v999)"},
	}
	if diff := cmp.Diff(want, ref); diff != "" {
		t.Errorf("référentiel (-want +got):\n%s", diff)
	}
	wantStats := ROMEStats{Version: "v999", Fiches: 3, Appellations: 5, RareAppellations: 1, Skills: 6,
		CoreLinks: 2, OtherLinks: 4, Mobility: 2, Definitions: 2}
	if diff := cmp.Diff(wantStats, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestImportROMEErrors(t *testing.T) {
	tests := []struct {
		dir     string
		wantErr string
		wantIs  error
	}{
		{"missing-column", "unix_referentiel_code_rome_v1_utf8.csv:1: colonne libelle_rome : colonne absente de l'en-tête (colonnes trouvées : code_rome, code_rome_parent)", catalog.ErrInvalid},
		{"unknown-code", `unix_referentiel_appellation_v1_utf8.csv:3: colonne code_rome : code ROME "Z9999" absent de unix_referentiel_code_rome`, catalog.ErrInvalid},
		{"bad-flag", `unix_referentiel_appellation_v1_utf8.csv:3: colonne peu_usite : O ou N attendu, reçu "peut-être"`, catalog.ErrInvalid},
		{"empty-key", "unix_referentiel_code_rome_v1_utf8.csv:3: colonne code_rome : valeur vide", catalog.ErrInvalid},
		{"short-row", "unix_referentiel_appellation_v1_utf8.csv:3: colonne code_rome : valeur absente (2 champs sur la ligne, 4 dans l'en-tête)", catalog.ErrInvalid},
		{"bad-position-after-multiline", `unix_texte_v1_utf8.csv:4: colonne position_phrase : nombre entier attendu, reçu "un"`, catalog.ErrInvalid},
		{"duplicate-code", "unix_referentiel_code_rome_v1_utf8.csv:3: colonne code_rome : code ROME A1101 en double (déjà ligne 2)", catalog.ErrInvalid},
		{"missing-file", "fichier ROME unix_referentiel_appellation_v*_utf8.csv absent de testdata/rome-errors/missing-file", catalog.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			_, _, err := ImportROME(t.Context(), filepath.Join("testdata", "rome-errors", tt.dir))
			if err == nil {
				t.Fatal("got no error")
			}
			if diff := cmp.Diff(tt.wantErr, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.wantIs) {
				t.Errorf("got %v, want it to wrap %v", err, tt.wantIs)
			}
		})
	}
}

func TestImportROMEMissingDir(t *testing.T) {
	if _, _, err := ImportROME(t.Context(), filepath.Join("testdata", "absent")); err == nil {
		t.Error("got no error for a missing directory")
	}
}

// FuzzImportROME feeds arbitrary bytes as the appellation and mobility
// tables next to the fixture fiches: the import must fail cleanly with an
// error wrapping catalog.ErrInvalid, or count every appellation.
func FuzzImportROME(f *testing.F) {
	fiches, err := os.ReadFile(filepath.Join("testdata", "rome", "unix_referentiel_code_rome_v999_utf8.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"unix_referentiel_appellation_v999_utf8.csv", "unix_rubrique_mobilite_v999_utf8.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "rome", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, data)
	}
	f.Fuzz(func(t *testing.T, apps, mobility []byte) {
		dir := t.TempDir()
		for name, data := range map[string][]byte{
			"unix_referentiel_code_rome_v1_utf8.csv":   fiches,
			"unix_referentiel_appellation_v1_utf8.csv": apps,
			"unix_rubrique_mobilite_v1_utf8.csv":       mobility,
		} {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		ref, st, err := ImportROME(t.Context(), dir)
		if err != nil {
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("error %v does not wrap catalog.ErrInvalid", err)
			}
			return
		}
		n := 0
		for _, m := range ref.Metiers {
			n += len(m.Appellations)
		}
		if n != st.Appellations {
			t.Fatalf("stats count %d appellations, métiers hold %d", st.Appellations, n)
		}
	})
}
