package referentiel

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

func TestImportESCOShared(t *testing.T) {
	dir := sharedtest.Path(t, "referentiels/esco")
	ref, st, err := ImportESCO(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	// 4,891 relations name skills absent from this skills_fr.csv (v1.0
	// labels) and 67 name occupations absent from occupations_fr.csv.
	want := ESCOStats{Occupations: 3007, Skills: 13485, Relations: 123855,
		Essential: 62316, Optional: 56581, UnknownSkill: 4891, UnknownOccupation: 67}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if len(ref.Metiers) != 3007 || len(ref.Skills) != 13485 {
		t.Fatalf("got %d occupations and %d skills", len(ref.Metiers), len(ref.Skills))
	}
	m, ok := NewIndex(ref).Metier("http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34")
	if !ok {
		t.Fatal("directeur technique missing")
	}
	if m.Label != "directeur technique/directrice technique" || m.Source != catalog.SourceESCO ||
		m.DomainCode != "2654" || m.Domain == "" || len(m.Appellations) == 0 || len(m.CoreSkills) == 0 {
		t.Errorf("directeur technique = %+v", m)
	}
}

// TestImportESCOFixture reads testdata/esco: multi-line altLabels and
// description, a BOM before the skills header, relations naming an
// unknown skill and an unknown occupation.
func TestImportESCOFixture(t *testing.T) {
	ref, st, err := ImportESCO(t.Context(), filepath.Join("testdata", "esco"))
	if err != nil {
		t.Fatal(err)
	}
	const occ, skill = "http://data.europa.eu/esco/occupation/", "http://data.europa.eu/esco/skill/"
	want := &catalog.Referentiel{
		Metiers: []catalog.Metier{
			{
				Code: occ + "o1", Source: catalog.SourceESCO, Label: "développeur logiciel/développeuse logiciel",
				Definition: "Les développeurs logiciels mettent en œuvre des logiciels.\nIls programment.",
				Domain:     "Développeurs de logiciels", DomainCode: "2512",
				GrandDomain: "Professions intellectuelles et scientifiques",
				Appellations: []catalog.Appellation{
					{Label: "développeuse logiciel"}, {Label: "développeur logiciel"}, {Label: "programmeur"},
				},
				CoreSkills:  []string{"programmer"},
				OtherSkills: []string{"Haskell"},
			},
			{
				Code: occ + "o2", Source: catalog.SourceESCO, DomainCode: "8341",
				Label:      "conducteur d'engins agricoles/conductrice d'engins agricoles",
				CoreSkills: []string{"conduire des engins agricoles"},
			},
		},
		Skills: []catalog.Skill{
			{ID: skill + "s1", Label: "programmer", AltLabels: []string{"coder", "écrire du code"}, Domain: "skill/competence"},
			{ID: skill + "s2", Label: "Haskell", Domain: "knowledge"},
			{ID: skill + "s3", Label: "conduire des engins agricoles", Domain: "skill/competence"},
		},
		Attribution: []string{ESCOAttribution},
	}
	if diff := cmp.Diff(want, ref); diff != "" {
		t.Errorf("référentiel (-want +got):\n%s", diff)
	}
	wantStats := ESCOStats{Occupations: 2, Skills: 3, Relations: 5, Essential: 2, Optional: 1,
		UnknownSkill: 1, UnknownOccupation: 1}
	if diff := cmp.Diff(wantStats, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestImportESCOMissingFile(t *testing.T) {
	_, _, err := ImportESCO(t.Context(), filepath.Join("testdata", "rome"))
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("got %v, want an error wrapping catalog.ErrNotFound", err)
	}
}
