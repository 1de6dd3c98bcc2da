package recommender

import (
	"math"
	"strings"
)

// Diversity settings of the per-kind re-ranking. A candidate's value is
// its fused score relative to the kind's best, plus a bonus for the gap
// skills it newly covers, minus its redundancy with what is already picked.
const (
	// coverWeight is the bonus of a candidate covering new gap skills:
	// coverWeight·(1 − ½ⁿ) for n newly covered skills. Relevance is now a
	// calibrated confidence: on the RNCP dev queries (served nDCG@10,
	// held-back folds) cover/redundancy 0.3/0.3 → 0.553, 0.1/0.1 → 0.563,
	// 0/0 → 0.568 (docs/eval.md).
	coverWeight = 0.1
	// redundancyWeight scales the candidate's highest similarity to an
	// already picked item (title and skills); near-duplicates of one
	// provider are pushed back by nearDuplicatePenalty regardless.
	redundancyWeight = 0.0
	// nearDuplicatePenalty pushes back an item from the same provider with
	// a near-identical title as the item just before it, so that it comes
	// only when nothing else is left.
	nearDuplicatePenalty = 1.0
	// nearDuplicateOverlap is the title overlap from which two items of one
	// provider are near-identical.
	nearDuplicateOverlap = 0.5
	// poolFactor bounds the candidates considered per kind to poolFactor
	// times the number wanted (at least minPool), so that diversity never
	// pulls up items far down the ranking.
	poolFactor = 3
	minPool    = 10
)

// poolSize is the number of candidates of one kind diversify looks at.
func poolSize(n int) int { return max(poolFactor*n, minPool) }

// diversify picks n candidates of one kind: the best scored first, then
// greedily (maximal marginal relevance) the candidate of highest value
// given those already picked. pool must be sorted by score, best first;
// ties break by score, then id.
func diversify(pool []*candidate, n int) []*candidate {
	if len(pool) == 0 || n <= 0 {
		return nil
	}
	top := pool[0].score
	left := append([]*candidate(nil), pool...)
	covered := make(map[int]bool)
	var out []*candidate
	for len(out) < n && len(left) > 0 {
		best, bestVal := 0, math.Inf(-1)
		for i, c := range left {
			v := c.score
			if len(out) > 0 {
				v = value(c, top, out, covered)
			}
			if v > bestVal || v == bestVal && better(c, left[best]) {
				best, bestVal = i, v
			}
		}
		c := left[best]
		left = append(left[:best], left[best+1:]...)
		out = append(out, c)
		for _, g := range c.covers {
			covered[g] = true
		}
	}
	return out
}

// value is a candidate's worth given the picked ones.
func value(c *candidate, top float64, picked []*candidate, covered map[int]bool) float64 {
	v := 0.0
	if top > 0 {
		v = c.score / top
	}
	fresh := 0
	for _, g := range c.covers {
		if !covered[g] {
			fresh++
		}
	}
	v += coverWeight * (1 - math.Pow(0.5, float64(fresh)))
	if redundancyWeight != 0 { // at 0, no need to compare c with every item picked
		red := 0.0
		for _, p := range picked {
			red = max(red, similarity(c, p))
		}
		v -= redundancyWeight * red
	}
	if len(picked) > 0 && nearDuplicate(c, picked[len(picked)-1]) {
		v -= nearDuplicatePenalty
	}
	return v
}

// better breaks ties: higher score, then smaller id.
func better(a, b *candidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.item.ID < b.item.ID
}

// similarity of two items: mean of their title overlap and skill Jaccard.
func similarity(a, b *candidate) float64 {
	return (overlap(a.title, b.title) + jaccard(a.skills, b.skills)) / 2
}

// nearDuplicate reports two items of one provider whose titles are nearly
// the same ("Excel : les bases", "Excel : niveau intermédiaire"): their
// titles, or the heads of their titles before a colon or dash, overlap.
func nearDuplicate(a, b *candidate) bool {
	pa, pb := strings.TrimSpace(a.item.Provider), strings.TrimSpace(b.item.Provider)
	if pa == "" || !strings.EqualFold(pa, pb) {
		return false
	}
	if overlap(a.title, b.title) >= nearDuplicateOverlap {
		return true
	}
	return overlap(catalogTerms(titleHead(a.item.Title)), catalogTerms(titleHead(b.item.Title))) >= 1
}

// titleHead is the part of a title before its first colon, dash or
// parenthesis; the whole title when there is none.
func titleHead(t string) string {
	if i := strings.IndexAny(t, ":—–("); i > 0 {
		return t[:i]
	}
	return t
}
