package recommender

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
)

// FuzzReason builds reasons, diversity and a plan from arbitrary items and
// goals: never a panic, never an empty reason.
func FuzzReason(f *testing.F) {
	f.Add("SQL : les bases", "Langage SQL", "SQL", "data analyst", 1190.0, 21.0, 3, 1, int64(0), int64(120))
	f.Add("", "", "", "", 0.0, 0.0, 0, 0, int64(-5), int64(-10))
	f.Add("Excel : (niveau", "(", ": (", "« »", -1.0, 1e308, -2, 5, int64(1e6), int64(0))
	f.Add("\xff\xfe", "\xc3", "é", "Électricien", 3.5, 0.5, 1, 1, int64(31), int64(59))
	f.Fuzz(func(t *testing.T, title, skill, gap, target string, price, hours float64, capacity, mentees int, start, end int64) {
		base := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		its := []catalog.Item{
			{ID: "f", Kind: catalog.KindFormation, Title: title, Skills: []string{skill}, PriceEUR: &price, DurationHours: &hours,
				Modality: catalog.ModalityPresentiel, Location: target, Provider: skill},
			{ID: "f2", Kind: catalog.KindFormation, Title: title + " 2", Skills: []string{skill}, Provider: skill},
			{ID: "c", Kind: catalog.KindCertification, Title: title, PriceEUR: &price, DurationHours: &hours, VAEEligible: true,
				Blocs: []catalog.Bloc{{Code: skill, Title: title, Skills: []string{skill, gap}}, {Title: gap}}},
			{ID: "m", Kind: catalog.KindMentoring, Title: title, Mentor: &catalog.Mentor{Name: skill, Capacity: capacity, CurrentMentees: mentees}},
			{ID: "mn", Kind: catalog.KindMentoring, Title: title},
			{ID: "mi", Kind: catalog.KindMission, Title: title, Mission: &catalog.Mission{Department: gap,
				StartDate: catalog.Date{Time: base.AddDate(0, 0, int(start%100000))}, EndDate: catalog.Date{Time: base.AddDate(0, 0, int(end%100000))}, TimeSharePct: capacity}},
		}
		goal := Goal{Target: target, GapSkills: []string{gap, skill}, Metiers: []GoalMetier{{Code: skill, Label: target, Exact: true}}}
		g := newGapSkills(goal.GapSkills)
		rc := newReasonContext(goal, g, Constraints{MaxPriceEUR: &price, MaxHours: &hours})
		picked := make(map[catalog.Kind][]*candidate)
		for _, it := range its {
			c := newCandidate(it, price, g)
			valid := utf8.ValidString(title) && utf8.ValidString(skill) && utf8.ValidString(gap) && utf8.ValidString(target)
			r := rc.reason(c)
			if r == "" || valid && !utf8.ValidString(r) || strings.Contains(r, ":  —") || strings.HasSuffix(r, ": ") {
				t.Fatalf("reason %q for %+v", r, it)
			}
			// A price or duration that is not a finite number ≥ 0 is never said.
			if !strings.Contains(title+skill+gap+target, "Inf") && !strings.Contains(title+skill+gap+target, "NaN") &&
				(strings.Contains(r, "Inf") || strings.Contains(r, "NaN")) {
				t.Fatalf("reason %q says a non-finite number", r)
			}
			if (price < 0 || hours < 0) && !strings.Contains(title+skill+gap+target, "-") && strings.Contains(r, "-") {
				t.Fatalf("reason %q says a negative number", r)
			}
			picked[it.Kind] = append(picked[it.Kind], c)
		}
		for k, cs := range picked {
			picked[k] = diversify(cs, 2)
		}
		p := composePlan(picked, g, rc.c, false)
		for _, a := range p.Actions {
			if a.Reason == "" {
				t.Fatalf("empty plan reason for %s", a.ID)
			}
		}
	})
}
