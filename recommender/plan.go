package recommender

import "github.com/tremplin/tremplin/catalog"

// Plan is the plan d'action: a few actions across kinds chosen to cover
// the most gap skills within the request's budget and time.
type Plan struct {
	Actions []PlanAction `json:"actions"`
	// Uncovered are the gap skills no action covers (they feed the L&D gap report).
	Uncovered []string `json:"uncovered"`
	// TotalPriceEUR is the sum of the actions' known prices.
	TotalPriceEUR float64 `json:"total_price_eur"`
	// TotalHours is the sum of the actions' known durations.
	TotalHours float64 `json:"total_hours"`
}

// PlanAction is one step of the plan d'action.
type PlanAction struct {
	Kind  catalog.Kind `json:"kind"`
	ID    string       `json:"id"`
	Title string       `json:"title"`
	// Bloc is the code of the bloc de compétences when the action is one
	// bloc of a certification rather than the whole of it.
	Bloc string `json:"bloc,omitempty"`
	// Covers lists the gap skills this action covers first in the plan.
	Covers []string `json:"covers"`
	// Reason says in French why the action is in the plan.
	Reason string `json:"reason"`
}
