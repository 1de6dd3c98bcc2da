package eval

import "math"

// K is the cut-off of every metric, and the number of suggestions per kind
// the served ranking asks for.
const K = 10

// NDCG returns nDCG@k of ranked ids with binary relevance; the ideal DCG
// ranks min(k, |relevant|) relevant items first.
func NDCG(ranked []string, relevant map[string]bool, k int) float64 {
	ideal := min(k, len(relevant))
	if ideal == 0 {
		return 0
	}
	var dcg, idcg float64
	for i := 0; i < ideal; i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	for i, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	return dcg / idcg
}

// Recall returns the relevant ids in the top k divided by min(k, |relevant|).
func Recall(ranked []string, relevant map[string]bool, k int) float64 {
	den := min(k, len(relevant))
	if den == 0 {
		return 0
	}
	hits := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			hits++
		}
	}
	return float64(hits) / float64(den)
}

// MRR returns the reciprocal rank of the first relevant id in the top k, or 0.
func MRR(ranked []string, relevant map[string]bool, k int) float64 {
	for i, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			return 1 / float64(i+1)
		}
	}
	return 0
}
