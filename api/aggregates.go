package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	records "github.com/tremplin/tremplin/catalog/plan"
)

// planActionsReport is the JSON of GET /reports/plan-actions: how many
// people have each catalog item in their plan d'action, never who.
type planActionsReport struct {
	// MinCell is the smallest count shown: smaller ones are null, and items
	// added by fewer people are left out.
	MinCell int               `json:"min_cell"`
	Items   []planActionUsage `json:"items"`
	// Metiers are the target métiers of plans d'action: how many people
	// aim at each (each employee once, for their latest aim).
	Metiers []metierDemand `json:"metiers"`
}

// metierDemand is one target métier's count of people.
type metierDemand struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	People int    `json:"people"`
}

// planActionUsage is one item's counts of people.
type planActionUsage struct {
	ItemID    string `json:"item_id"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Added     int    `json:"added"`
	Validated *int   `json:"validated"`
	Completed *int   `json:"completed"`
}

func newPlanActionsReport(us []records.ItemUsage, ms []records.MetierDemand) planActionsReport {
	r := planActionsReport{MinCell: records.MinCell, Items: []planActionUsage{}, Metiers: []metierDemand{}}
	for _, m := range ms {
		r.Metiers = append(r.Metiers, metierDemand{Code: m.Code, Label: m.Label, People: m.People})
	}
	for _, u := range us {
		r.Items = append(r.Items, planActionUsage{ItemID: u.ItemID, Title: u.Title, Kind: string(u.Kind),
			Added: u.Added, Validated: u.Validated, Completed: u.Completed})
	}
	return r
}

// handlePlanActions answers the aggregates of plans d'action for L&D and
// HR; with no record store, an empty report.
func (s *server) handlePlanActions() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.deps.Plans == nil {
			c.JSON(http.StatusOK, newPlanActionsReport(nil, nil))
			return
		}
		us, err := s.deps.Plans.ItemUsage(c.Request.Context())
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		ms, err := s.deps.Plans.MetierDemand(c.Request.Context())
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusOK, newPlanActionsReport(us, ms))
	}
}

// itemUsage returns the aggregates of plans d'action for the pages: none
// without a record store, and none (logged) when the store fails, so the
// rest of the page still shows.
func (s *server) itemUsage(ctx context.Context) []records.ItemUsage {
	if s.deps.Plans == nil {
		return nil
	}
	us, err := s.deps.Plans.ItemUsage(ctx)
	if err != nil {
		s.logger.ErrorContext(ctx, "plan action aggregates", "err", err)
		return nil
	}
	return us
}

// metierDemand returns the target métiers of plans d'action for the pages:
// none without a record store, and none (logged) when the store fails.
func (s *server) metierDemand(ctx context.Context) []records.MetierDemand {
	if s.deps.Plans == nil {
		return nil
	}
	ms, err := s.deps.Plans.MetierDemand(ctx)
	if err != nil {
		s.logger.ErrorContext(ctx, "plan metier aggregates", "err", err)
		return nil
	}
	return ms
}
