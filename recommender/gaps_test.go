package recommender

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

type memCounter map[string]int

func (m memCounter) Add(_ context.Context, skills []string) error {
	for _, s := range skills {
		m[s]++
	}
	return nil
}

func (m memCounter) Counts(context.Context) (map[string]int, error) { return m, nil }

type memItems []catalog.Item

func (m memItems) Items(context.Context) ([]catalog.Item, error) { return m, nil }

func TestGapReporter(t *testing.T) {
	tax, err := catalog.NewTaxonomy([]catalog.Skill{
		{ID: "sk-sql", Label: "Langage SQL", AltLabels: []string{"SQL"}},
		{ID: "sk-pbi", Label: "Power BI"},
		{ID: "sk-gmao", Label: "GMAO"},
	})
	if err != nil {
		t.Fatal(err)
	}
	items := memItems{
		{ID: "a", Kind: catalog.KindFormation, Active: true, Skills: []string{"Langage SQL", "Power BI"}},
		{ID: "b", Kind: catalog.KindFormation, Active: true, Skills: []string{"SQL"}},
		{ID: "c", Kind: catalog.KindFormation, Active: false, Skills: []string{"GMAO"}},
	}
	counts := memCounter{}
	g := NewGapReporter(counts, items, tax, nil)
	ctx := t.Context()
	for _, req := range [][]string{
		{"sql", "GMAO", "mon projet personnel secret"},
		{"GMAO", "Power BI"},
		{"gmao"},
	} {
		if err := g.Record(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := counts["mon projet personnel secret"]; ok {
		t.Fatal("free text outside the taxonomy was stored")
	}
	got, err := g.Report(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.SkillGap{
		{Skill: "GMAO", Requests: 3, Coverage: 0},
		{Skill: "Power BI", Requests: 1, Coverage: 1},
		{Skill: "Langage SQL", Requests: 1, Coverage: 2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Report (-want +got):\n%s", diff)
	}
}
