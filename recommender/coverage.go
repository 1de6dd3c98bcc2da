package recommender

import (
	"github.com/tremplin/tremplin/catalog"
)

// gapSkill is one skill of the gap with its analysed forms.
type gapSkill struct {
	label string
	key   string
	terms map[string]bool
}

// newGapSkills analyses the gap skills, in order.
func newGapSkills(gap []string) []gapSkill {
	out := make([]gapSkill, 0, len(gap))
	for _, g := range gap {
		out = append(out, gapSkill{label: g, key: catalog.Key(g), terms: termSet(g)})
	}
	return out
}

// candidate is a retrieved item with what diversity, reasons and the plan
// read from it.
type candidate struct {
	item catalog.Item
	// score orders candidates for selection: the fused score, then the
	// confidence once computed.
	score float64
	// fused is the fused score of the retrieval rankings.
	fused float64
	// confidence is the calibrated probability that the item is relevant,
	// pertinence its wording.
	confidence float64
	pertinence Pertinence
	// covers are the indexes of the gap skills the item covers, in gap order.
	covers []int
	// title and skills are the item's title and skill terms.
	title, skills map[string]bool
	// fit says how the item fits the goal, once its reason is written
	// (the plan's action reasons reuse it).
	fit string
}

// newCandidate analyses an item against the gap.
func newCandidate(it catalog.Item, score float64, gap []gapSkill) *candidate {
	labels := itemSkills(&it)
	c := &candidate{item: it, score: score, fused: score, title: catalogTerms(it.Title), skills: make(map[string]bool)}
	sets := make([]map[string]bool, 0, len(labels))
	for _, l := range labels {
		s := catalogTerms(l)
		sets = append(sets, s)
		for t := range s {
			c.skills[t] = true
		}
	}
	for i, g := range gap {
		if coversGap(g, labels, sets, c.skills, c.title) {
			c.covers = append(c.covers, i)
		}
	}
	return c
}

// itemSkills returns the item's skills then its blocs' skills.
func itemSkills(it *catalog.Item) []string {
	out := append([]string(nil), it.Skills...)
	for _, b := range it.Blocs {
		out = append(out, b.Skills...)
	}
	return out
}

// coversGap reports whether an item covers gap skill g: one of its skills
// contains every term of g ("SQL" in "Langage SQL") or, for a label made
// of stop words only, has the same catalog.Key,
// its title contains every term of g, or, for a long g of four terms or
// more (a référentiel phrase), its skills together hold at least half of
// its terms.
func coversGap(g gapSkill, labels []string, sets []map[string]bool, union, title map[string]bool) bool {
	if len(g.terms) == 0 {
		for _, l := range labels {
			if g.key != "" && catalog.Key(l) == g.key {
				return true
			}
		}
		return false
	}
	if subset(g.terms, title) {
		return true
	}
	for _, s := range sets {
		if subset(g.terms, s) {
			return true
		}
	}
	// Short labels ("Management d'une équipe de maintenance") must stand
	// whole in one skill or the title: two of their three words across
	// skills ("Management d'équipe commerciale") are another skill.
	if len(g.terms) <= 3 {
		return false
	}
	n := 0
	for t := range g.terms {
		if union[t] {
			n++
		}
	}
	return n >= 2 && 2*n >= len(g.terms)
}

func subset(a, b map[string]bool) bool {
	if len(a) == 0 {
		return false
	}
	for t := range a {
		if !b[t] {
			return false
		}
	}
	return true
}

// overlap is |a∩b| / min(|a|, |b|): 1 when one set holds the other.
func overlap(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// jaccard is |a∩b| / |a∪b|.
func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}
