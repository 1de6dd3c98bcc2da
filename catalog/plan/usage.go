package plan

import (
	"cmp"
	"slices"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// MinCell is the smallest count the aggregates for L&D show: a count of
// one or two people could point at someone, so it is hidden.
const MinCell = 3

// ItemUsage is how many people have a catalog item in their plan
// d'action: added (any status), validated (validée, planifiée, en cours or
// réalisée) and completed (réalisée). Counts are of distinct employees,
// over the last version of every record. Validated and Completed are nil
// when below MinCell; items added by fewer than MinCell people are left out.
type ItemUsage struct {
	ItemID    string       `json:"item_id"`
	Title     string       `json:"title"`
	Kind      catalog.Kind `json:"kind"`
	Added     int          `json:"added"`
	Validated *int         `json:"validated"`
	Completed *int         `json:"completed"`
}

// Usage aggregates the catalog actions of es (the last version of each
// record), most added first.
func Usage(es []Entretien) []ItemUsage {
	type people struct {
		snap                        *Snapshot
		latest                      time.Time
		added, validated, completed map[string]bool
	}
	by := map[string]*people{}
	for _, e := range es {
		for _, a := range e.Actions {
			if a.Item == nil {
				continue
			}
			p := by[a.Item.ItemID]
			if p == nil {
				p = &people{added: map[string]bool{}, validated: map[string]bool{}, completed: map[string]bool{}}
				by[a.Item.ItemID] = p
			}
			if p.snap == nil || e.UpdatedAt.After(p.latest) {
				p.snap, p.latest = a.Item, e.UpdatedAt
			}
			p.added[e.EmployeeID] = true
			switch a.Status {
			case StatusValidee, StatusPlanifiee, StatusEnCours:
				p.validated[e.EmployeeID] = true
			case StatusRealisee:
				p.validated[e.EmployeeID] = true
				p.completed[e.EmployeeID] = true
			}
		}
	}
	var out []ItemUsage
	for id, p := range by {
		if len(p.added) < MinCell {
			continue
		}
		out = append(out, ItemUsage{ItemID: id, Title: p.snap.Title, Kind: p.snap.Kind,
			Added: len(p.added), Validated: shown(len(p.validated)), Completed: shown(len(p.completed))})
	}
	slices.SortFunc(out, func(a, b ItemUsage) int {
		return cmp.Or(cmp.Compare(b.Added, a.Added), cmp.Compare(a.ItemID, b.ItemID))
	})
	return out
}

// shown returns n, or nil when it is too small to show.
func shown(n int) *int {
	if n < MinCell {
		return nil
	}
	return &n
}

// MetierDemand is how many people's plans d'action aim at a métier: the
// target métier of each employee's latest record that names one. Métiers
// aimed at by fewer than MinCell people are left out.
type MetierDemand struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	People int    `json:"people"`
}

// Demand aggregates the target métiers of es (the last version of each
// record), most aimed at first: each employee counts once, for the métier
// of their most recently saved record that names one, labelled as in the
// latest record naming it.
func Demand(es []Entretien) []MetierDemand {
	type latest struct {
		m  Metier
		at time.Time
	}
	byEmployee := map[string]latest{}
	labels := map[string]latest{}
	for i := range es {
		e := &es[i]
		if e.TargetMetier == nil || e.TargetMetier.Code == "" {
			continue
		}
		if l, ok := byEmployee[e.EmployeeID]; !ok || e.UpdatedAt.After(l.at) {
			byEmployee[e.EmployeeID] = latest{*e.TargetMetier, e.UpdatedAt}
		}
		if l, ok := labels[e.TargetMetier.Code]; !ok || e.UpdatedAt.After(l.at) {
			labels[e.TargetMetier.Code] = latest{*e.TargetMetier, e.UpdatedAt}
		}
	}
	people := map[string]int{}
	for _, l := range byEmployee {
		people[l.m.Code]++
	}
	var out []MetierDemand
	for code, n := range people {
		if n >= MinCell {
			out = append(out, MetierDemand{Code: code, Label: labels[code].m.Label, People: n})
		}
	}
	slices.SortFunc(out, func(a, b MetierDemand) int {
		return cmp.Or(cmp.Compare(b.People, a.People), cmp.Compare(a.Code, b.Code))
	})
	return out
}
