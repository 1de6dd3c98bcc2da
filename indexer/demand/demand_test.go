package demand

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

var (
	march = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	may   = time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC)
)

func TestFilePersistsCountsByMonth(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demand.json")
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, step := range []error{
		f.AddSkills(ctx, march, []string{"Langage SQL", "Power BI"}, nil),
		f.AddSkills(ctx, may, []string{"Langage SQL"}, []string{"modality", "cpf_only"}),
		f.AddUnknownSkill(ctx, may, "Soudure orbitale", 3),
		f.AddUnservedMetier(ctx, march, "J1506", "Soins infirmiers généralistes"),
		f.AddUnservedMetier(ctx, may, "J1506", "Soins infirmiers généralistes"),
		f.AddUnservedMetier(ctx, may, "", "sans code"),
		f.Flush(),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	g, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := g.Counts(ctx, time.Time{})
	want := catalog.DemandCounts{
		Skills:      map[string]int{"Langage SQL": 2, "Power BI": 1},
		Constrained: map[string]map[string]int{"Langage SQL": {"modality": 1, "cpf_only": 1}},
		Unknown:     map[string]int{"Soudure orbitale": 3},
		Metiers:     []catalog.MetierDemand{{Code: "J1506", Label: "Soins infirmiers généralistes", Requests: 2}},
	}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("all months after reopen (-want +got):\n%s", diff)
	}
	sinceMay, _ := g.Counts(ctx, may.AddDate(0, 0, 10))
	want = catalog.DemandCounts{
		Skills:      map[string]int{"Langage SQL": 1},
		Constrained: map[string]map[string]int{"Langage SQL": {"modality": 1, "cpf_only": 1}},
		Unknown:     map[string]int{"Soudure orbitale": 3},
		Metiers:     []catalog.MetierDemand{{Code: "J1506", Label: "Soins infirmiers généralistes", Requests: 1}},
	}
	if diff := cmp.Diff(want, sinceMay); diff != "" {
		t.Errorf("since May (-want +got):\n%s", diff)
	}
}

// TestFileReadsOlderLayouts: files of versions 1 and 2 still load, their
// counts undated (in the whole-period report only), and are rewritten in
// version 3.
func TestFileReadsOlderLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		skills     map[string]int
		metiers    int
	}{
		{"version 1", `{"Langage SQL":2,"Power BI":1}`, map[string]int{"Langage SQL": 2, "Power BI": 1}, 0},
		{"version 1 with a skill named skills", `{"skills":3,"version":2}`, map[string]int{"skills": 3, "version": 2}, 0},
		{"version 1 empty", `{}`, map[string]int{}, 0},
		{"null", `null`, map[string]int{}, 0},
		{"version 2", `{"version":2,"skills":{"SQL":4},"metiers_without_offer":{"D1202":{"label":"Coiffure","requests":2}}}`, map[string]int{"SQL": 4}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "demand.json")
			if err := os.WriteFile(path, []byte(tc.file), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			if err := f.AddUnservedMetier(ctx, may, "D1202", "Coiffure"); err != nil {
				t.Fatal(err)
			}
			if err := f.Flush(); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(path)
			if !strings.Contains(string(b), `"version":3`) {
				t.Errorf("rewritten file %s is not version 3", b)
			}
			g, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			all, _ := g.Counts(ctx, time.Time{})
			if diff := cmp.Diff(tc.skills, all.Skills); diff != "" {
				t.Errorf("skills after rewrite (-want +got):\n%s", diff)
			}
			if len(all.Metiers) != 1 || all.Metiers[0].Requests != tc.metiers+1 {
				t.Errorf("métiers after rewrite = %+v, want D1202 %d times", all.Metiers, tc.metiers+1)
			}
			recent, _ := g.Counts(ctx, may)
			if len(recent.Skills) != 0 || len(recent.Metiers) != 1 || recent.Metiers[0].Requests != 1 {
				t.Errorf("since May = %+v, want only the May métier (older counts are undated)", recent)
			}
		})
	}
}

func TestFileRefusesBadLayouts(t *testing.T) {
	for _, file := range []string{`{"version":3,"skills":{}}`, `{"version":4,"months":{}}`, `[1,2]`, `{"SQL":"deux"}`} {
		path := filepath.Join(t.TempDir(), "demand.json")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%s) = %v, want an error naming the file", file, err)
		}
	}
}
