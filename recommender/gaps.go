package recommender

import (
	"context"
	"fmt"
	"sort"

	"github.com/tremplin/tremplin/catalog"
)

// DemandCounter stores aggregate counts of demanded skills, and of target
// métiers demanded without offer.
type DemandCounter interface {
	Add(ctx context.Context, skills []string) error
	Counts(ctx context.Context) (map[string]int, error)
	AddUnservedMetier(ctx context.Context, code, label string) error
	UnservedMetiers(ctx context.Context) ([]catalog.MetierDemand, error)
}

// ItemLister lists the catalog.
type ItemLister interface {
	Items(ctx context.Context) ([]catalog.Item, error)
}

// GapReporter records which skills employees ask for and reports those the
// catalog covers poorly, and which target métiers get no suggestion at all.
// Only skills known to the taxonomy or the référentiel are counted, under
// their canonical label, and métiers under their référentiel code and
// label: free text typed by an employee is never stored.
type GapReporter struct {
	counts DemandCounter
	items  ItemLister
	tax    *catalog.Taxonomy
	known  map[string]string // catalog.Key → référentiel skill label
}

// NewGapReporter returns a reporter over counts and the items of items.
// ref may be nil.
func NewGapReporter(counts DemandCounter, items ItemLister, tax *catalog.Taxonomy, ref *catalog.Referentiel) *GapReporter {
	g := &GapReporter{counts: counts, items: items, tax: tax, known: map[string]string{}}
	if ref != nil {
		for _, s := range ref.Skills {
			g.known[catalog.Key(s.Label)] = s.Label
		}
	}
	return g
}

// canonical returns the canonical label of a known skill.
func (g *GapReporter) canonical(skill string) (string, bool) {
	if g.tax != nil {
		if s, ok := g.tax.Lookup(skill); ok {
			return s.Label, true
		}
	}
	l, ok := g.known[catalog.Key(skill)]
	return l, ok
}

// Record counts one answered request: one request for each known gap
// skill of the goal and, when no kind has a suggestion, one for the first
// target métier recognised (none when no métier was recognised). A
// degraded answer (part of the retrieval failed) proves nothing about the
// catalog, so its métier is not counted.
func (g *GapReporter) Record(ctx context.Context, resp Response) error {
	seen := map[string]bool{}
	var keep []string
	for _, s := range resp.Goal.GapSkills {
		if l, ok := g.canonical(s); ok && !seen[l] {
			seen[l] = true
			keep = append(keep, l)
		}
	}
	if err := g.counts.Add(ctx, keep); err != nil {
		return err
	}
	if resp.Degraded || len(resp.Goal.Metiers) == 0 || suggestionCount(resp) > 0 {
		return nil
	}
	m := resp.Goal.Metiers[0] // Code and Label come from the référentiel; Matched is projet text and is never kept
	return g.counts.AddUnservedMetier(ctx, m.Code, m.Label)
}

// suggestionCount is the number of suggestions of every kind.
func suggestionCount(resp Response) int {
	n := 0
	for _, ks := range resp.Suggestions {
		n += len(ks.Items)
	}
	return n
}

// UnservedMetiers returns at most limit target métiers demanded without
// offer, most demanded first, then by code.
func (g *GapReporter) UnservedMetiers(ctx context.Context, limit int) ([]catalog.MetierDemand, error) {
	rows, err := g.counts.UnservedMetiers(ctx)
	if err != nil {
		return nil, fmt.Errorf("read métier demand: %w", err)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Requests != rows[j].Requests {
			return rows[i].Requests > rows[j].Requests
		}
		return rows[i].Code < rows[j].Code
	})
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	return rows, nil
}

// Report returns at most limit demanded skills, worst covered first: by
// requests per covering item, then by requests, then by label.
func (g *GapReporter) Report(ctx context.Context, limit int) ([]catalog.SkillGap, error) {
	counts, err := g.counts.Counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("read skill demand: %w", err)
	}
	items, err := g.items.Items(ctx)
	if err != nil {
		return nil, fmt.Errorf("list catalog: %w", err)
	}
	coverage := map[string]int{}
	for _, it := range items {
		if !it.Active {
			continue
		}
		seen := map[string]bool{}
		for _, s := range it.Skills {
			if l, ok := g.canonical(s); ok && !seen[l] {
				seen[l] = true
				coverage[l]++
			}
		}
	}
	rows := make([]catalog.SkillGap, 0, len(counts))
	for skill, n := range counts {
		rows = append(rows, catalog.SkillGap{Skill: skill, Requests: n, Coverage: coverage[skill]})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		ra, rb := float64(a.Requests)/float64(1+a.Coverage), float64(b.Requests)/float64(1+b.Coverage)
		if ra != rb {
			return ra > rb
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Skill < b.Skill
	})
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	return rows, nil
}
