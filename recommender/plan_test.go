package recommender

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// planItem is a compact item for plan tests.
func planItem(id string, k catalog.Kind, price, hours float64, skills ...string) catalog.Item {
	it := catalog.Item{ID: id, Kind: k, Title: id, Skills: skills}
	if price >= 0 {
		it.PriceEUR = ptr(price)
	}
	if hours >= 0 {
		it.DurationHours = ptr(hours)
	}
	switch k {
	case catalog.KindMentoring:
		it.Mentor = &catalog.Mentor{Name: "Marc", Capacity: 2}
	case catalog.KindMission:
		it.Mission = &catalog.Mission{Department: "RH"}
	}
	return it
}

func TestComposePlan(t *testing.T) {
	gap := []string{"Langage SQL", "Power BI", "Python", "Anglais"}
	cert := planItem("cert", catalog.KindCertification, 4000, 400, "Langage SQL", "Power BI", "Python", "Anglais")
	cert.Blocs = []catalog.Bloc{
		{Code: "B1", Title: "Données", Skills: []string{"Langage SQL", "Python"}},
		{Code: "B2", Title: "Restitution", Skills: []string{"Power BI", "Anglais"}},
	}
	suggestions := map[catalog.Kind][]catalog.Item{
		catalog.KindFormation: {
			planItem("f-sql-bi", catalog.KindFormation, 900, 21, "Langage SQL", "Power BI"),
			planItem("f-sql", catalog.KindFormation, 300, 7, "Langage SQL"),
			planItem("f-python", catalog.KindFormation, 700, 14, "Python"),
			planItem("f-excel", catalog.KindFormation, 100, 7, "Excel"),
		},
		catalog.KindCertification: {cert},
		catalog.KindMentoring:     {planItem("m-bi", catalog.KindMentoring, -1, -1, "Power BI"), planItem("m-en", catalog.KindMentoring, -1, -1, "Anglais")},
		catalog.KindMission:       {planItem("mi-other", catalog.KindMission, -1, -1, "Excel")},
	}
	type step struct {
		ID, Bloc string
		Covers   []string
	}
	for _, tc := range []struct {
		name      string
		c         Constraints
		drop      []string
		want      []step
		uncovered []string
		price     float64
	}{
		{
			name:  "no limit: the certification covers everything, then a mentor and a mission",
			want:  []step{{ID: "cert", Covers: gap}, {ID: "m-bi", Covers: []string{"Power BI"}}, {ID: "mi-other", Covers: []string{}}},
			price: 4000,
		},
		{
			name: "budget 2 000 €: formations first, then the mentor working on what is left",
			c:    Constraints{MaxPriceEUR: ptr(2000)},
			want: []step{
				{ID: "f-sql-bi", Covers: []string{"Langage SQL", "Power BI"}},
				{ID: "f-python", Covers: []string{"Python"}},
				{ID: "m-en", Covers: []string{"Anglais"}},
				{ID: "mi-other", Covers: []string{}},
			},
			uncovered: []string{},
			price:     1600,
		},
		{
			name: "budget 2 500 € and 30 h: the restitution bloc fits neither, Anglais comes from the mentor",
			c:    Constraints{MaxPriceEUR: ptr(2500), MaxHours: ptr(30)},
			want: []step{
				{ID: "f-sql-bi", Covers: []string{"Langage SQL", "Power BI"}},
				{ID: "m-en", Covers: []string{"Anglais"}},
				{ID: "mi-other", Covers: []string{}},
			},
			uncovered: []string{"Python"},
			price:     900,
		},
		{
			name: "250 h and few formations: a bloc of the certification instead of the whole",
			c:    Constraints{MaxPriceEUR: ptr(5000), MaxHours: ptr(250)},
			drop: []string{"f-sql-bi", "f-python"},
			want: []step{
				{ID: "cert", Bloc: "B1", Covers: []string{"Langage SQL", "Python"}},
				{ID: "m-bi", Covers: []string{"Power BI"}},
				{ID: "mi-other", Covers: []string{}},
			},
			uncovered: []string{"Anglais"},
			price:     2000,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGapSkills(gap)
			picked := make(map[catalog.Kind][]*candidate)
			for k, its := range suggestions {
				for _, it := range its {
					if slices.Contains(tc.drop, it.ID) {
						continue
					}
					picked[k] = append(picked[k], newCandidate(it, 1, g))
				}
			}
			p := composePlan(picked, g, tc.c, false)
			var got []step
			for _, a := range p.Actions {
				got = append(got, step{ID: a.ID, Bloc: a.Bloc, Covers: a.Covers})
				if a.Reason == "" {
					t.Errorf("%s: empty reason", a.ID)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("actions (-want +got):\n%s", diff)
			}
			if tc.uncovered == nil {
				tc.uncovered = []string{}
			}
			if diff := cmp.Diff(tc.uncovered, p.Uncovered); diff != "" {
				t.Errorf("uncovered (-want +got):\n%s", diff)
			}
			if p.TotalPriceEUR != tc.price {
				t.Errorf("total price = %v, want %v", p.TotalPriceEUR, tc.price)
			}
		})
	}
}

func TestComposePlanEmpty(t *testing.T) {
	p := composePlan(nil, newGapSkills([]string{"SQL"}), Constraints{}, false)
	want := Plan{Actions: []PlanAction{}, Uncovered: []string{"SQL"}}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
}

// TestComposePlanHugeTotalsStayFinite: two items at the largest price and
// duration a float holds make totals that saturate instead of +Inf, which
// JSON cannot encode.
func TestComposePlanHugeTotalsStayFinite(t *testing.T) {
	g := newGapSkills([]string{"Langage SQL", "Python"})
	picked := map[catalog.Kind][]*candidate{
		catalog.KindFormation:     {newCandidate(planItem("f-sql", catalog.KindFormation, math.MaxFloat64, math.MaxFloat64, "Langage SQL"), 1, g)},
		catalog.KindCertification: {newCandidate(planItem("c-python", catalog.KindCertification, math.MaxFloat64, math.MaxFloat64, "Python"), 1, g)},
	}
	p := composePlan(picked, g, Constraints{}, false)
	if len(p.Actions) != 2 {
		t.Fatalf("plan has %d actions, want 2", len(p.Actions))
	}
	for name, v := range map[string]float64{"total price": p.TotalPriceEUR, "total hours": p.TotalHours} {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			t.Errorf("%s = %v, want a finite number", name, v)
		}
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("plan cannot be encoded: %v", err)
	}
}

// TestActionReason: every action says what it brings, specifically: the
// skills it covers, else how it fits the goal, else what it works on;
// departments with their article; no "accompagné(e)".
func TestActionReason(t *testing.T) {
	mentor := catalog.Item{Kind: catalog.KindMentoring, Title: "Mentorat", Skills: []string{"Recrutement"},
		Mentor: &catalog.Mentor{Name: "Léa Martin", Department: "DRH", Capacity: 2}}
	mission := catalog.Item{Kind: catalog.KindMission, Title: "Mission", Skills: []string{"GMAO", "Planification"},
		Mission: &catalog.Mission{Department: "Maintenance"}}
	formation := catalog.Item{Kind: catalog.KindFormation, Title: "Atelier"}
	for _, tc := range []struct {
		name   string
		item   catalog.Item
		covers []string
		fit    string
		want   string
	}{
		{"mentor covering a gap skill", mentor, []string{"Recrutement"}, "",
			"Vous faire accompagner par Léa Martin, de la DRH : couvre Recrutement"},
		{"mentor without a gap skill: its fit", mentor, nil, "prépare au métier de chargée de recrutement",
			"Vous faire accompagner par Léa Martin, de la DRH : prépare au métier de chargée de recrutement"},
		{"mission without a gap skill nor fit: what it works on", mission, nil, "",
			"Mettre en pratique dans une mission auprès du service Maintenance : aborde GMAO, Planification"},
		{"formation with nothing more to say", formation, nil, "", "Vous former"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCandidate(tc.item, 1, nil)
			c.fit = tc.fit
			got := actionReason(&PlanAction{Kind: tc.item.Kind, Covers: tc.covers}, c)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("reason (-want +got):\n%s", diff)
			}
		})
	}
}
