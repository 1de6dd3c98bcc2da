package eval

import (
	"context"

	"github.com/tremplin/tremplin/recommender"
)

// Recommender answers recommendation requests, as the API serves them.
type Recommender interface {
	Recommend(ctx context.Context, req recommender.Request) (recommender.Response, error)
}

// Served returns the ranking users receive, computed in process: the
// answer of rec.Recommend to Query.Request, read by ServedIDs.
func Served(rec Recommender) Ranker {
	return Ranker{Name: "served", Rank: func(ctx context.Context, q Query) ([]string, error) {
		resp, err := rec.Recommend(ctx, q.Request())
		if err != nil {
			return nil, err
		}
		return ServedIDs(resp, K), nil
	}}
}

// ServedIDs returns the ids of a response's suggestions in the order
// served (kinds in response order, items in order), cut to k. What the
// response leaves out (below the floor, beyond per_kind) is simply absent
// and counts as a miss.
func ServedIDs(resp recommender.Response, k int) []string {
	var out []string
	for _, ks := range resp.Suggestions {
		for _, s := range ks.Items {
			if len(out) == k {
				return out
			}
			out = append(out, s.ID)
		}
	}
	return out
}

// Diagnostics returns the rankings of rec's internals, each measured alone
// from the same understood goal: "fused" (Rank's fused order, before
// grouping by kind, the floor and the diversity pass), "bleve" (the text
// retrieval) and "vector" (the vector retrieval). Users never receive them.
func Diagnostics(rec *recommender.Recommender) []Ranker {
	return []Ranker{
		{Name: "fused", Diagnostic: true, Rank: func(ctx context.Context, q Query) ([]string, error) {
			rk, err := rec.Rank(ctx, q.Request())
			if err != nil {
				return nil, err
			}
			out := make([]string, 0, K)
			for _, s := range rk.Fused[:min(K, len(rk.Fused))] {
				out = append(out, s.ID)
			}
			return out, nil
		}},
		{Name: "bleve", Diagnostic: true, Rank: func(ctx context.Context, q Query) ([]string, error) {
			return rec.TextRanking(ctx, q.Request(), K)
		}},
		{Name: "vector", Diagnostic: true, Rank: func(ctx context.Context, q Query) ([]string, error) {
			return rec.VectorRanking(ctx, q.Request(), K)
		}},
	}
}
