package recommender

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// memCounter keeps the counts in memory, all months together.
type memCounter struct {
	skills      map[string]int
	constrained map[string]map[string]int
	unknown     map[string]int
	metiers     map[string]catalog.MetierDemand
}

func newMemCounter() *memCounter {
	return &memCounter{skills: map[string]int{}, constrained: map[string]map[string]int{},
		unknown: map[string]int{}, metiers: map[string]catalog.MetierDemand{}}
}

func (m *memCounter) AddSkills(_ context.Context, _ time.Time, skills, constraints []string) error {
	for _, s := range skills {
		m.skills[s]++
		for _, c := range constraints {
			if m.constrained[s] == nil {
				m.constrained[s] = map[string]int{}
			}
			m.constrained[s][c]++
		}
	}
	return nil
}

func (m *memCounter) AddUnknownSkill(_ context.Context, _ time.Time, label string, n int) error {
	m.unknown[label] += n
	return nil
}

func (m *memCounter) AddUnservedMetier(_ context.Context, _ time.Time, code, label string) error {
	d := m.metiers[code]
	d.Code, d.Label, d.Requests = code, label, d.Requests+1
	m.metiers[code] = d
	return nil
}

func (m *memCounter) Counts(context.Context, time.Time) (catalog.DemandCounts, error) {
	out := catalog.DemandCounts{Skills: m.skills, Constrained: m.constrained, Unknown: m.unknown}
	for _, d := range m.metiers {
		out.Metiers = append(out.Metiers, d)
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
		if err := g.Record(ctx, Request{}, Response{Goal: Goal{GapSkills: req}}, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := counts.skills["mon projet personnel secret"]; ok {
		t.Fatal("free text outside the taxonomy was stored")
	}
	rep, err := g.Report(ctx, GapQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Skills
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
		if err := g.Record(ctx, Request{}, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := g.Report(ctx, GapQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Metiers
	want := []catalog.MetierDemand{
		{Code: "J1506", Label: "Soins infirmiers généralistes", Requests: 2},
		{Code: "D1202", Label: "Coiffure", Requests: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("UnservedMetiers (-want +got):\n%s", diff)
	}
	if rep, _ := g.Report(ctx, GapQuery{Limit: 1}); len(rep.Metiers) != 1 || rep.Metiers[0].Code != "J1506" {
		t.Errorf("Report(limit 1) métiers = %+v, want the most demanded only", rep.Metiers)
	}
	for _, d := range counts.metiers {
		if d.Label == nurse.Matched || d.Label == hair.Matched {
			t.Errorf("the projet's words %q were stored", d.Label)
		}
	}
}

// TestGapReporterCountsOncePerSession: one person's repeated searches count
// a skill once; another session counts again; constraints are broken down;
// unknown skills are written only from the third session on, and never
// what does not look like a skill.
func TestGapReporterCountsOncePerSession(t *testing.T) {
	tax, err := catalog.NewTaxonomy([]catalog.Skill{{ID: "sk-del", Label: "Délégation"}})
	if err != nil {
		t.Fatal(err)
	}
	counts := newMemCounter()
	g := NewGapReporter(counts, memItems{}, tax, nil)
	ctx := t.Context()
	price := 500.0
	record := func(session string, c Constraints, desired ...string) {
		t.Helper()
		req := Request{DesiredSkills: desired, Constraints: c}
		if err := g.Record(ctx, req, Response{Goal: Goal{GapSkills: []string{"Délégation"}}}, session); err != nil {
			t.Fatal(err)
		}
	}
	for range 13 { // the same person searching again and again
		record("session-a", Constraints{}, "Soudure orbitale", "06 12 34 56 78 90 12")
	}
	record("session-b", Constraints{Modality: catalog.ModalityDistanciel, MaxPriceEUR: &price}, "soudure  orbitale")
	record("session-c", Constraints{Modality: catalog.ModalityDistanciel}, "Soudure orbitale", "moi@exemple.fr")
	if got := counts.skills["Délégation"]; got != 3 {
		t.Errorf("Délégation counted %d times, want 3 (one per session)", got)
	}
	if diff := cmp.Diff(map[string]int{"modality": 2, "max_price_eur": 1}, counts.constrained["Délégation"]); diff != "" {
		t.Errorf("constraints (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"Soudure orbitale": 3}, counts.unknown); diff != "" {
		t.Errorf("unknown skills (-want +got):\n%s", diff)
	}
	counts2 := newMemCounter()
	g2 := NewGapReporter(counts2, memItems{}, tax, nil)
	for i := range UnknownSkillSessions - 1 {
		if err := g2.Record(ctx, Request{DesiredSkills: []string{"Soudure orbitale"}}, Response{}, fmt.Sprint("s", i)); err != nil {
			t.Fatal(err)
		}
	}
	if len(counts2.unknown) != 0 {
		t.Errorf("a label asked by %d sessions was written: %v", UnknownSkillSessions-1, counts2.unknown)
	}
}
