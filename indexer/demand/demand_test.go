package demand

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

func TestFilePersistsCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demand.json")
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := f.Add(ctx, []string{"Langage SQL", "Power BI"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Add(ctx, []string{"Langage SQL"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := g.Counts(ctx)
	want := map[string]int{"Langage SQL": 2, "Power BI": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts after reopen (-want +got):\n%s", diff)
	}
}

func TestFilePersistsUnservedMetiers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demand.json")
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, m := range []struct{ code, label string }{
		{"J1506", "Soins infirmiers généralistes"},
		{"D1202", "Coiffure"},
		{"J1506", "Soins infirmiers généralistes"},
		{"", "sans code"},
	} {
		if err := f.AddUnservedMetier(ctx, m.code, m.label); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Add(ctx, []string{"Langage SQL"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := g.UnservedMetiers(ctx)
	want := []catalog.MetierDemand{
		{Code: "D1202", Label: "Coiffure", Requests: 1},
		{Code: "J1506", Label: "Soins infirmiers généralistes", Requests: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("métiers after reopen (-want +got):\n%s", diff)
	}
	skills, _ := g.Counts(ctx)
	if diff := cmp.Diff(map[string]int{"Langage SQL": 1}, skills); diff != "" {
		t.Errorf("skills after reopen (-want +got):\n%s", diff)
	}
}

// TestFileReadsOlderLayouts: a file written before métiers were counted
// (a bare object, skill → count) still loads, even with skills named like
// the fields of the new layout, and is rewritten in the new one.
func TestFileReadsOlderLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       map[string]int
	}{
		{"version 1", `{"Langage SQL":2,"Power BI":1}`, map[string]int{"Langage SQL": 2, "Power BI": 1}},
		{"version 1 with a skill named skills", `{"skills":3,"version":2}`, map[string]int{"skills": 3, "version": 2}},
		{"version 1 empty", `{}`, map[string]int{}},
		{"null", `null`, map[string]int{}},
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
			got, _ := f.Counts(ctx)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			if err := f.AddUnservedMetier(ctx, "D1202", "Coiffure"); err != nil {
				t.Fatal(err)
			}
			if err := f.Flush(); err != nil {
				t.Fatal(err)
			}
			g, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := g.Counts(ctx)
			if diff := cmp.Diff(tc.want, again); diff != "" {
				t.Errorf("counts after rewrite (-want +got):\n%s", diff)
			}
			if m, _ := g.UnservedMetiers(ctx); len(m) != 1 || m[0].Requests != 1 {
				t.Errorf("métiers after rewrite = %+v, want D1202 once", m)
			}
		})
	}
}

func TestFileRefusesBadLayouts(t *testing.T) {
	for _, file := range []string{`{"version":3,"skills":{}}`, `[1,2]`, `{"SQL":"deux"}`} {
		path := filepath.Join(t.TempDir(), "demand.json")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(path); err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Open(%s) = %v, want an error naming the file", file, err)
		}
	}
}
