package api

import (
	"strconv"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// gapPeriod is a period of the demand report.
type gapPeriod struct {
	Key, Label string
	// Phrase is the period within a sentence.
	Phrase string
	months int // 0: everything recorded
}

// gapPeriods are the periods offered, the default last.
var gapPeriods = []gapPeriod{
	{"month", "Ce mois-ci", "ce mois-ci", 1},
	{"3m", "3 derniers mois", "3 derniers mois", 3},
	{"12m", "12 derniers mois", "12 derniers mois", 12},
	{"all", "Depuis le début", "depuis le début", 0},
}

// parseGapPeriod returns the period named key ("" is all); ok is false for
// an unknown name.
func parseGapPeriod(key string) (gapPeriod, bool) {
	if key == "" {
		key = "all"
	}
	for _, p := range gapPeriods {
		if p.Key == key {
			return p, true
		}
	}
	return gapPeriod{}, false
}

// since is the first day of the period's first month, zero for all.
func (p gapPeriod) since(now time.Time) time.Time {
	if p.months == 0 {
		return time.Time{}
	}
	y, m, _ := now.UTC().Date()
	return time.Date(y, m-time.Month(p.months-1), 1, 0, 0, 0, 0, time.UTC)
}

// constraintLabels name the constraint kinds of catalog.SkillGap.Constrained.
var constraintLabels = []struct{ Key, Label string }{
	{"modality", "modalité"}, {"max_price_eur", "budget"}, {"max_hours", "durée"}, {"cpf_only", "CPF"},
	{"location", "lieu"}, {"language", "langue"}, {"kinds", "types"},
}

// constraintSummary says in French how many requests of a row set each
// kind of constraint: "modalité 4, budget 2"; "" when none.
func constraintSummary(c map[string]int) string {
	out := ""
	for _, l := range constraintLabels {
		if n := c[l.Key]; n > 0 {
			if out != "" {
				out += ", "
			}
			out += l.Label + " " + strconv.Itoa(n)
		}
	}
	return out
}

// fillGapReport turns nil tables into empty ones, as the spec says.
func fillGapReport(r recommender.GapReport) recommender.GapReport {
	if r.Skills == nil {
		r.Skills = []catalog.SkillGap{}
	}
	if r.Unknown == nil {
		r.Unknown = []catalog.SkillDemand{}
	}
	if r.Metiers == nil {
		r.Metiers = []catalog.MetierDemand{}
	}
	return r
}
