package recommender

import (
	"math"

	"github.com/tremplin/tremplin/catalog"
)

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
	// Covers lists the gap skills this action works on.
	Covers []string `json:"covers"`
	// Reason says in French why the action is in the plan.
	Reason string `json:"reason"`
}

// planSlots is the most actions of kind k in a plan.
func planSlots(k catalog.Kind) int {
	info, _ := k.Info()
	return info.PlanSlots
}

// planOption is a possible action: an item, or one bloc of a certification.
type planOption struct {
	c    *candidate
	bloc *catalog.Bloc
	// rank is the option's position among its kind's suggestions.
	rank   int
	covers []int
	// price and hours are the known cost; a bloc's is the certification's
	// shared equally among its blocs.
	price, hours float64
}

// composePlan builds the plan from the suggestions. Learning comes first:
// formations and certifications (or one bloc of a certification) chosen
// greedily, each step taking the option covering the most gap skills not
// yet covered, within the slots per kind and the budget
// (Constraints.MaxPriceEUR) and time (Constraints.MaxHours) of the whole
// plan; the best formation when none covers the gap. Then support and
// practice: the mentor and the mission working on the most gap skills,
// those still uncovered counting double.
//
// For a VAE the plan starts with the best certification open to it.
func composePlan(picked map[catalog.Kind][]*candidate, gap []gapSkill, c Constraints, vae bool) Plan {
	p := &planner{c: c, covered: make(map[int]bool), used: make(map[catalog.Kind]int), taken: make(map[string]bool)}
	var learn, support []planOption
	for _, k := range catalog.Kinds {
		for i, cand := range picked[k] {
			if info, _ := k.Info(); info.Learning {
				learn = append(learn, options(cand, i, gap)...)
			} else {
				support = append(support, options(cand, i, gap)...)
			}
		}
	}
	if vae {
		p.takeFirst(learn, catalog.KindCertification)
	}
	for {
		o, ok := p.best(learn)
		if !ok {
			break
		}
		p.take(o)
	}
	if p.used[catalog.KindFormation]+p.used[catalog.KindCertification] == 0 {
		p.takeFirst(learn, catalog.KindFormation)
	}
	p.takeSupport(support, catalog.KindMentoring)
	p.takeSupport(support, catalog.KindMission)
	for i, g := range gap {
		if !p.covered[i] {
			p.plan.Uncovered = append(p.plan.Uncovered, g.label)
		}
	}
	if p.plan.Actions == nil {
		p.plan.Actions = []PlanAction{}
	}
	if p.plan.Uncovered == nil {
		p.plan.Uncovered = []string{}
	}
	p.label(gap)
	return p.plan
}

// takeFirst takes the best ranked whole item of kind k that fits.
func (p *planner) takeFirst(opts []planOption, k catalog.Kind) {
	for _, o := range opts {
		if o.c.item.Kind == k && o.bloc == nil && p.fits(o) {
			p.take(o)
			return
		}
	}
}

// takeSupport takes the option of kind k that fits and works on the most
// gap skills, uncovered ones counting double; ties go to the better ranked.
func (p *planner) takeSupport(opts []planOption, k catalog.Kind) {
	best, bestV := -1, -1
	for i, o := range opts {
		if o.c.item.Kind != k || !p.fits(o) {
			continue
		}
		if v := 2*p.fresh(o) + len(o.covers); v > bestV || v == bestV && o.rank < opts[best].rank {
			best, bestV = i, v
		}
	}
	if best >= 0 {
		p.take(opts[best])
	}
}

// options returns the item as an option and, for a certification with
// several blocs, each bloc.
func options(c *candidate, rank int, gap []gapSkill) []planOption {
	price, _ := c.item.Price()
	hours, _ := c.item.Duration()
	out := []planOption{{c: c, rank: rank, covers: c.covers, price: price, hours: hours}}
	if c.item.Kind != catalog.KindCertification || len(c.item.Blocs) < 2 {
		return out
	}
	n := float64(len(c.item.Blocs))
	for i := range c.item.Blocs {
		b := &c.item.Blocs[i]
		bc := newCandidate(catalog.Item{Title: b.Title, Skills: b.Skills}, 0, gap)
		out = append(out, planOption{c: c, bloc: b, rank: rank, covers: bc.covers, price: price / n, hours: hours / n})
	}
	return out
}

// planner is the state of the greedy plan composition.
type planner struct {
	c       Constraints
	plan    Plan
	covered map[int]bool
	used    map[catalog.Kind]int
	taken   map[string]bool
	// covers keeps, per action, the gap indexes it covers.
	covers [][]int
	// cands keeps, per action, its candidate.
	cands []*candidate
}

// fresh counts the gap skills o covers that the plan does not yet cover.
func (p *planner) fresh(o planOption) int {
	n := 0
	for _, g := range o.covers {
		if !p.covered[g] {
			n++
		}
	}
	return n
}

// fits reports whether o has a free slot and keeps the plan within budget and time.
func (p *planner) fits(o planOption) bool {
	k := o.c.item.Kind
	if p.taken[o.c.item.ID] || p.used[k] >= planSlots(k) {
		return false
	}
	if p.c.MaxPriceEUR != nil && saturatingAdd(p.plan.TotalPriceEUR, o.price) > *p.c.MaxPriceEUR {
		return false
	}
	return p.c.MaxHours == nil || saturatingAdd(p.plan.TotalHours, o.hours) <= *p.c.MaxHours
}

// best returns the fitting option with the most fresh gap skills; ties go
// to the cheaper, then the better ranked, then the smaller id.
func (p *planner) best(opts []planOption) (planOption, bool) {
	var best planOption
	bestN := 0
	for _, o := range opts {
		n := p.fresh(o)
		if n == 0 || !p.fits(o) {
			continue
		}
		if n > bestN || n == bestN && cheaper(o, best) {
			best, bestN = o, n
		}
	}
	return best, bestN > 0
}

func cheaper(a, b planOption) bool {
	if a.price != b.price {
		return a.price < b.price
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.c.item.ID < b.c.item.ID
}

// saturatingAdd returns a+b, capped at the largest finite float64: totals
// of huge prices or durations stay finite, so the answer can be encoded.
func saturatingAdd(a, b float64) float64 {
	return min(a+b, math.MaxFloat64)
}

// take adds o to the plan.
func (p *planner) take(o planOption) {
	for _, g := range o.covers {
		p.covered[g] = true
	}
	p.covers = append(p.covers, o.covers)
	p.cands = append(p.cands, o.c)
	p.taken[o.c.item.ID] = true
	p.used[o.c.item.Kind]++
	p.plan.TotalPriceEUR = saturatingAdd(p.plan.TotalPriceEUR, o.price)
	p.plan.TotalHours = saturatingAdd(p.plan.TotalHours, o.hours)
	a := PlanAction{Kind: o.c.item.Kind, ID: o.c.item.ID, Title: o.c.item.Title}
	if o.bloc != nil {
		a.Bloc = o.bloc.Code
		a.Title = o.c.item.Title + " — bloc « " + o.bloc.Title + " »"
	}
	p.plan.Actions = append(p.plan.Actions, a)
}

// label fills each action's Covers and Reason.
func (p *planner) label(gap []gapSkill) {
	for i := range p.plan.Actions {
		a := &p.plan.Actions[i]
		a.Covers = make([]string, 0, len(p.covers[i]))
		for _, g := range p.covers[i] {
			a.Covers = append(a.Covers, gap[g].label)
		}
		a.Reason = actionReason(a, p.cands[i])
	}
}

// actionReason says in French what an action brings to the plan: its kind
// of step, then the gap skills it covers, else how it fits the goal, else
// the skills it works on. The plan view shows no facts row: the mentor's
// name and department stay.
func actionReason(a *PlanAction, c *candidate) string {
	it := &c.item
	var why string
	switch {
	case a.Bloc != "":
		why = "Valider un bloc de compétences, certifiable seul, sans passer tout le titre"
	case a.Kind == catalog.KindCertification:
		why = "Faire reconnaître vos compétences par une certification"
	case a.Kind == catalog.KindMentoring && it.Mentor != nil && it.Mentor.Name != "":
		why = "Vous faire accompagner par " + it.Mentor.Name
		if d := ofUnit(it.Mentor.Department); d != "" {
			why += ", " + d
		}
	case a.Kind == catalog.KindMentoring:
		why = "Vous faire accompagner par un mentor"
	case a.Kind == catalog.KindMission && it.Mission != nil && ofUnit(it.Mission.Department) != "":
		why = "Mettre en pratique dans une mission auprès " + ofUnit(it.Mission.Department)
	case a.Kind == catalog.KindMission:
		why = "Mettre en pratique dans une mission interne"
	default:
		why = "Vous former"
	}
	switch sk := nonBlank(it.Skills); {
	case len(a.Covers) > 0:
		return why + " : couvre " + listSkills(shortSkills(a.Covers), maxCovers)
	case c.fit != "":
		return why + " : " + c.fit
	case len(sk) > 0:
		return why + " : aborde " + listSkills(sk, 3)
	}
	return why
}
