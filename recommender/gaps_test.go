package recommender

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// memCounter keeps the counts in memory.
type memCounter struct {
	skills  map[string]int
	metiers map[string]catalog.MetierDemand
}

func newMemCounter() *memCounter {
	return &memCounter{skills: map[string]int{}, metiers: map[string]catalog.MetierDemand{}}
}

func (m *memCounter) Add(_ context.Context, skills []string) error {
	for _, s := range skills {
		m.skills[s]++
	}
	return nil
}

func (m *memCounter) Counts(context.Context) (map[string]int, error) { return m.skills, nil }

func (m *memCounter) AddUnservedMetier(_ context.Context, code, label string) error {
	d := m.metiers[code]
	d.Code, d.Label, d.Requests = code, label, d.Requests+1
	m.metiers[code] = d
	return nil
}

func (m *memCounter) UnservedMetiers(context.Context) ([]catalog.MetierDemand, error) {
	var out []catalog.MetierDemand
	for _, d := range m.metiers {
		out = append(out, d)
	}
	return out, nil
}

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
	counts := newMemCounter()
	g := NewGapReporter(counts, items, tax, nil)
	ctx := t.Context()
	for _, req := range [][]string{
		{"sql", "GMAO", "mon projet personnel secret"},
		{"GMAO", "Power BI"},
		{"gmao"},
	} {
		if err := g.Record(ctx, Response{Goal: Goal{GapSkills: req}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := counts.skills["mon projet personnel secret"]; ok {
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

// TestGapReporterUnservedMetiers: a request that gets no suggestion of any
// kind counts its first target métier, by code and référentiel label; a
// request with a suggestion, a degraded one or one without a métier counts
// none, and the projet's own words are never kept.
func TestGapReporterUnservedMetiers(t *testing.T) {
	nurse := GoalMetier{Code: "J1506", Label: "Soins infirmiers généralistes", Matched: "infirmière en bloc opératoire"}
	hair := GoalMetier{Code: "D1202", Label: "Coiffure", Matched: "coiffeuse à domicile"}
	empty := []KindSuggestions{{Kind: catalog.KindFormation, Items: []Suggestion{}, Notice: "Aucune formation…"},
		{Kind: catalog.KindMission, Items: []Suggestion{}, Notice: "Aucune mission interne…"}}
	served := []KindSuggestions{{Kind: catalog.KindFormation, Items: []Suggestion{{ID: "f1"}}},
		{Kind: catalog.KindMission, Items: []Suggestion{}}}
	responses := []Response{
		{Goal: Goal{Metiers: []GoalMetier{nurse, hair}}, Suggestions: empty, NothingFits: true},
		{Goal: Goal{Metiers: []GoalMetier{nurse}}, Suggestions: nil, NothingFits: true},
		{Goal: Goal{Metiers: []GoalMetier{hair}}, Suggestions: empty},
		{Goal: Goal{Metiers: []GoalMetier{hair}}, Suggestions: served},                   // served: not counted
		{Goal: Goal{Metiers: []GoalMetier{hair}}, Suggestions: empty, Degraded: true},    // partial answer: not counted
		{Goal: Goal{Target: "un métier inconnu"}, Suggestions: empty, NothingFits: true}, // no métier recognised
	}
	counts := newMemCounter()
	g := NewGapReporter(counts, memItems{}, nil, nil)
	ctx := t.Context()
	for _, r := range responses {
		if err := g.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := g.UnservedMetiers(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []catalog.MetierDemand{
		{Code: "J1506", Label: "Soins infirmiers généralistes", Requests: 2},
		{Code: "D1202", Label: "Coiffure", Requests: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("UnservedMetiers (-want +got):\n%s", diff)
	}
	if got, _ := g.UnservedMetiers(ctx, 1); len(got) != 1 || got[0].Code != "J1506" {
		t.Errorf("UnservedMetiers(limit 1) = %+v, want the most demanded only", got)
	}
	for _, d := range counts.metiers {
		if d.Label == nurse.Matched || d.Label == hair.Matched {
			t.Errorf("the projet's words %q were stored", d.Label)
		}
	}
}
