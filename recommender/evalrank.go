package recommender

import (
	"context"

	"github.com/tremplin/tremplin/catalog"
)

// EvalRankers returns the rankings tremplin eval compares: the product's
// fused ranking ("tremplin") and its text-only ("bleve") and vector-only
// ("vector") rankings, each built from the same understood goal, then
// "response": the suggestions as the API returns them (per kind, after the
// relevance floor and the diversity pass), whose latency is that of a whole
// recommendation.
func (r *Recommender) EvalRankers() []Ranker {
	return []Ranker{
		{Name: "tremplin", Rank: func(ctx context.Context, q EvalQuery) ([]string, error) {
			rk, err := r.Rank(ctx, q.Request())
			return ids(rk.Fused, EvalK), err
		}},
		{Name: "bleve", Rank: func(ctx context.Context, q EvalQuery) ([]string, error) {
			req := q.Request()
			u := r.understand(req)
			s, err := r.d.Text.Search(ctx, buildQuery(u, req, r.weights).text, req.Constraints.Filter(r.d.Now()), EvalK)
			return ids(s, EvalK), err
		}},
		{Name: "vector", Rank: func(ctx context.Context, q EvalQuery) ([]string, error) {
			req := q.Request()
			u := r.understand(req)
			s, err := r.vectorSearch(ctx, buildQuery(u, req, r.weights).vector, req.Constraints.Filter(r.d.Now()))
			return ids(s, EvalK), err
		}},
		{Name: "response", Rank: func(ctx context.Context, q EvalQuery) ([]string, error) {
			req := q.Request()
			req.PerKind = EvalK
			resp, err := r.Recommend(ctx, req)
			var out []string
			for _, ks := range resp.Suggestions {
				for _, s := range ks.Items {
					out = append(out, s.ID)
				}
			}
			return out[:min(len(out), EvalK)], err
		}},
	}
}

func ids(s []catalog.Scored, k int) []string {
	out := make([]string, 0, min(k, len(s)))
	for _, x := range s[:min(k, len(s))] {
		out = append(out, x.ID)
	}
	return out
}
