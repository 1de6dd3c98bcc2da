package recommender

import (
	"context"

	"github.com/tremplin/tremplin/catalog"
)

// This file exposes single retrievals of Rank for diagnostics (tremplin
// eval measures each alone). Users are never served them: they get
// Recommend.

// TextRanking returns the ids of the first k items of the text (Bleve)
// retrieval alone, with the query and filter Rank would use for req.
func (r *Recommender) TextRanking(ctx context.Context, req Request, k int) ([]string, error) {
	u := r.understand(req)
	s, err := r.d.Text.Search(ctx, buildQuery(u, req, r.weights).text, req.Constraints.Filter(r.d.Now()), k)
	return ids(s, k), err
}

// VectorRanking returns the ids of the first k items (at most
// candidateDepth) of the vector retrieval alone, with the query text and
// filter Rank would use for req; none without an embedder or vector store.
func (r *Recommender) VectorRanking(ctx context.Context, req Request, k int) ([]string, error) {
	u := r.understand(req)
	s, err := r.vectorSearch(ctx, buildQuery(u, req, r.weights).vector, req.Constraints.Filter(r.d.Now()))
	return ids(s, k), err
}

// ids returns the ids of the first k scored items.
func ids(s []catalog.Scored, k int) []string {
	out := make([]string, 0, min(k, len(s)))
	for _, x := range s[:min(k, len(s))] {
		out = append(out, x.ID)
	}
	return out
}
