package grow_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/grow"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// grown grows the RNCP benchmark catalog to n items with ROME 4.0.
func grown(t *testing.T, n int) []catalog.Item {
	t.Helper()
	items, err := grow.FromFiles(t.Context(), sharedtest.Path(t, "eval/catalog-rncp.jsonl"),
		sharedtest.Path(t, "referentiels"), n)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// TestGrownCatalogIsValid writes a grown catalog as JSON Lines and reads it
// back with the catalog rules (decoding, validation, duplicate ids): no
// problem, the RNCP items first and unchanged, every kind present.
func TestGrownCatalogIsValid(t *testing.T) {
	const n = 12_000
	items := grown(t, n)
	path := filepath.Join(t.TempDir(), "grown.jsonl")
	if err := writeJSONL(path, items); err != nil {
		t.Fatal(err)
	}
	back, problems, err := catalog.LoadFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range problems {
		if i == 10 {
			t.Fatalf("… %d problems in all", len(problems))
		}
		t.Error(p.Error())
	}
	if len(back) != n {
		t.Fatalf("read %d items back, want %d", len(back), n)
	}
	base, _, err := catalog.LoadFiles(sharedtest.Path(t, "eval/catalog-rncp.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(base, back[:len(base)]); diff != "" {
		t.Errorf("RNCP items changed (-want +got):\n%s", diff)
	}
	checkShapes(t, back[len(base):])
}

// checkShapes checks that derived items have what their kind offers:
// formations with sessions (some on several sites), certifications with
// blocs, mentors and missions with their details.
func checkShapes(t *testing.T, derived []catalog.Item) {
	t.Helper()
	kinds := map[catalog.Kind]int{}
	multiSite := 0
	for _, it := range derived {
		kinds[it.Kind]++
		switch it.Kind {
		case catalog.KindFormation:
			if len(it.Sessions) == 0 {
				t.Errorf("%s: formation without sessions", it.ID)
			}
			if len(it.Sessions) > 1 && it.Sessions[0].Location != "" && it.Sessions[0].Location != it.Sessions[1].Location {
				multiSite++
			}
		case catalog.KindCertification:
			if len(it.Blocs) < 2 {
				t.Errorf("%s: certification with %d bloc(s), want 2 or more", it.ID, len(it.Blocs))
			}
		case catalog.KindMentoring:
			if it.Mentor == nil || it.Mentor.Name == "" {
				t.Errorf("%s: mentoring without a mentor", it.ID)
			}
		case catalog.KindMission:
			if it.Mission == nil || it.Mission.StartDate.IsZero() {
				t.Errorf("%s: mission without dates", it.ID)
			}
		}
		if len(it.Skills) == 0 {
			t.Errorf("%s: no skills", it.ID)
		}
	}
	for _, k := range catalog.Kinds {
		if kinds[k] < len(derived)/10 {
			t.Errorf("%d derived %s items out of %d, want at least a tenth", kinds[k], k, len(derived))
		}
	}
	if multiSite == 0 {
		t.Error("no formation has sessions on several sites")
	}
}

// TestGrownCatalogIsDeterministic grows the same catalog twice.
func TestGrownCatalogIsDeterministic(t *testing.T) {
	a, b := grown(t, 6000), grown(t, 6000)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two runs differ (-first +second):\n%s", diff)
	}
}

func TestCatalogSizes(t *testing.T) {
	base := []catalog.Item{
		{ID: "a", Kind: catalog.KindFormation, Title: "A", Active: true},
		{ID: "b", Kind: catalog.KindFormation, Title: "B", Active: true},
	}
	ref := &catalog.Referentiel{Metiers: []catalog.Metier{{
		Code: "M1805", Source: catalog.SourceROME, Label: "Études et développement informatique",
		Appellations: []catalog.Appellation{{Label: "Développeur / Développeuse web"}},
		CoreSkills:   []string{"Programmer en Go", "Concevoir une base de données"},
	}}}
	got, err := grow.Catalog(base, ref, 1)
	if err != nil || len(got) != 1 || got[0].ID != "a" {
		t.Errorf("Catalog(base, ref, 1) = %d item(s), %v; want the first base item", len(got), err)
	}
	got, err = grow.Catalog(base, ref, 42)
	if err != nil || len(got) != 42 {
		t.Fatalf("Catalog(base, ref, 42) = %d item(s), %v; want 42", len(got), err)
	}
	for _, it := range got {
		if ps := catalog.Validate(&it); len(ps) > 0 {
			t.Errorf("%s: %v", it.ID, ps)
		}
	}
	for _, tc := range []struct {
		name string
		ref  *catalog.Referentiel
		n    int
	}{
		{"no référentiel", nil, 3},
		{"no usable fiche", &catalog.Referentiel{Metiers: []catalog.Metier{{Code: "X", Source: catalog.SourceROME, Label: "X"}}}, 3},
		{"negative", ref, -1},
		{"too many", ref, grow.MaxItems + 1},
	} {
		if _, err := grow.Catalog(base, tc.ref, tc.n); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", tc.name, err)
		}
	}
}
