package catalog

// Skill is one entry of the skills taxonomy.
type Skill struct {
	ID string `json:"id"`
	// Label is the French preferred label.
	Label string `json:"label"`
	// AltLabels are French synonyms and variants.
	AltLabels []string `json:"alt_labels,omitempty"`
	// English holds English equivalents.
	English []string `json:"english,omitempty"`
	Broader []string `json:"broader,omitempty"`
	Related []string `json:"related,omitempty"`
	Domain  string   `json:"domain,omitempty"`
}

// Labels returns the preferred label followed by every alternative, French then English.
func (s Skill) Labels() []string {
	out := make([]string, 0, 1+len(s.AltLabels)+len(s.English))
	out = append(out, s.Label)
	out = append(out, s.AltLabels...)
	return append(out, s.English...)
}

// SkillGap is one line of the L&D skill-gap report: a skill employees ask
// for, how often (aggregate count, no person), and how many active catalog
// items cover it.
type SkillGap struct {
	Skill    string `json:"skill"`
	Requests int    `json:"requests"`
	Coverage int    `json:"coverage"`
	// Constrained counts, among the requests, those that set each kind of
	// constraint: modality, max_price_eur, max_hours, cpf_only, location,
	// language, kinds.
	Constrained map[string]int `json:"constrained,omitempty"`
}

// MetierDemand is one line of the L&D report of métiers demanded without
// offer: a target métier (référentiel code and label) recognised in
// requests that got no suggestion at all, and how many there were. It is
// an aggregate count: no person, no projet text.
type MetierDemand struct {
	Code     string `json:"code"`
	Label    string `json:"label"`
	Requests int    `json:"requests"`
}

// DemandCounts are the aggregate demand counts of a period: requests per
// known skill, per constraint for those skills, per skill label the
// taxonomy does not know, and per target métier demanded without offer.
type DemandCounts struct {
	Skills map[string]int
	// Constrained counts, per skill, the requests that carried each kind
	// of constraint ("modalité", "budget"…).
	Constrained map[string]map[string]int
	Unknown     map[string]int
	Metiers     []MetierDemand
}

// SkillDemand is one line of the L&D report of skills the taxonomy does
// not know: a label as employees wrote it and how many plan-building
// sessions asked for it.
type SkillDemand struct {
	Skill    string `json:"skill"`
	Requests int    `json:"requests"`
}
