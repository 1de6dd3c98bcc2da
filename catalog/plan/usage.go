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
