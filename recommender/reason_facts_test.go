package recommender

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
)

// TestReasonsRepeatNoFacts writes the reason of every demo item, with and
// without a place asked for: none repeats what the card's facts row shows
// (price, duration, modality, certification code, CPF, mentor's name and
// places, mission's department, dates and time share), none writes both
// gender forms, none is the generic fallback.
func TestReasonsRepeatNoFacts(t *testing.T) {
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	goal := Goal{Target: "chargée de recrutement", GapSkills: []string{"Recrutement", "Management d'équipe", "Langage SQL"},
		Metiers: []GoalMetier{{Code: "HEX-052", Label: "Chargé / Chargée de recrutement", Matched: "Chargé / Chargée de recrutement", Exact: true}}}
	gap := newGapSkills(goal.GapSkills)
	for _, place := range []string{"", "Lyon"} {
		rc := newReasonContext(goal, gap, Constraints{Location: place})
		for _, it := range items {
			it.Metiers = []string{"HEX-052"}
			got := rc.reason(newCandidate(it, 1, gap))
			for _, f := range shownFacts(&it) {
				if f != "" && strings.Contains(got, f) {
					t.Errorf("%s (place %q): reason %q repeats the fact %q", it.ID, place, got, f)
				}
			}
			for _, bad := range []string{" / ", "(e)", "Correspond à votre recherche", "Chargée de", "Chargé de"} {
				if strings.Contains(got, bad) {
					t.Errorf("%s: reason %q says %q", it.ID, got, bad)
				}
			}
		}
	}
}

// shownFacts are the texts of an item's facts row (api/web/static/app.js
// facts), as a reason would write them.
func shownFacts(it *catalog.Item) []string {
	var out []string
	if p, ok := it.Price(); ok {
		out = append(out, FormatPrice(p))
	}
	if h, ok := it.Duration(); ok {
		out = append(out, FormatHours(h))
	}
	out = append(out, it.CertificationCode, "éligible CPF", "en présentiel", "en hybride", "accessible par VAE", "dans votre budget")
	if m := it.Mentor; m != nil {
		out = append(out, m.Name, "place libre", "places libres")
	}
	if m := it.Mission; m != nil {
		out = append(out, "— "+m.Department, period(m.StartDate.Time, m.EndDate.Time), "% du temps")
		if m.TimeSharePct > 0 {
			out = append(out, strconv.Itoa(m.TimeSharePct)+" %")
		}
	}
	return out
}
