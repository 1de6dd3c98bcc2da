package recommender

import (
	"math"
	"sort"

	"github.com/tremplin/tremplin/catalog"
)

// fusionMethod is how the three rankings are combined.
type fusionMethod int

// The fusion methods measured by tremplin eval.
const (
	// fuseRRF sums w/(k+rank) over the rankings (reciprocal rank fusion).
	fuseRRF fusionMethod = iota
	// fuseSum sums w·score/max(score) over the rankings.
	fuseSum
)

// fusion combines the text, vector and métier rankings.
type fusion struct {
	method fusionMethod
	// k is the RRF rank constant.
	k float64
	// Weights of the text, vector and métier rankings.
	text, vector, metier float64
}

var defaultFusion = fusion{method: fuseRRF, k: 30, text: 1, vector: 0.3, metier: 1}

// fuse returns every candidate with its fused score, best first, ties by id.
func (f fusion) fuse(l Lists) []catalog.Scored {
	acc := make(map[string]float64)
	for _, in := range []struct {
		list []catalog.Scored
		w    float64
	}{{l.Text, f.text}, {l.Vector, f.vector}, {l.Metier, f.metier}} {
		if in.w == 0 || len(in.list) == 0 {
			continue
		}
		top := in.list[0].Score
		rank := 0
		for i, s := range in.list {
			// Equal scores share a rank: ties (items tagged alike) get equal
			// credit, and the other lists order them.
			if i == 0 || !sameScore(s.Score, in.list[i-1].Score) {
				rank = i + 1
			}
			switch {
			case f.method == fuseSum && top > 0:
				acc[s.ID] += in.w * s.Score / top
			default:
				acc[s.ID] += in.w / (f.k + float64(rank))
			}
		}
	}
	out := make([]catalog.Scored, 0, len(acc))
	for id, s := range acc {
		out = append(out, catalog.Scored{ID: id, Score: s})
	}
	sortScored(out)
	return out
}

// sameScore reports scores equal but for float rounding: two indexes of
// the same documents built in other batches score a document in the last
// bits differently, and that must not change a rank.
func sameScore(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// rankOf returns the 1-based rank of id in list and its score, or 0.
func rankOf(list []catalog.Scored, id string) (int, float64) {
	for i, s := range list {
		if s.ID == id {
			return i + 1, s.Score
		}
	}
	return 0, 0
}

func sortedKeys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
