package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/metier"
)

// recommenderOptions are what may differ between the commands that build a
// recommender without changing a single ranking: observation only.
type recommenderOptions struct {
	// observe receives the duration of each stage (serve's metrics).
	observe func(stage string, d time.Duration)
	// countEmbedder wraps the query embedder to count its calls.
	countEmbedder func(recommender.Embedder) recommender.Embedder
}

// newRecommender is the one wiring of the recommender that serve,
// recommend and eval share: the stores' text index, vector store and query
// embedder, the métier tags as stored with the items (kept in step with
// every later write), the référentiel and the taxonomy in use. The same
// request therefore gets the same answer from all three.
func newRecommender(ctx context.Context, s *stores.Set, tax *catalog.Taxonomy, logger *slog.Logger, o recommenderOptions) (*recommender.Recommender, error) {
	build, err := recommenders(ctx, s, logger, o)
	if err != nil {
		return nil, err
	}
	return build(s.Referentiel(), tax), nil
}

// recommenders returns what newRecommender builds, for any référentiel and
// taxonomy: the indexes of the items' tags and words are built once and
// shared by every recommender it returns.
func recommenders(ctx context.Context, s *stores.Set, logger *slog.Logger, o recommenderOptions) (func(*catalog.Referentiel, *catalog.Taxonomy) *recommender.Recommender, error) {
	items, err := s.Vectors().Items(ctx)
	if err != nil {
		return nil, fmt.Errorf("lire les éléments : %w", err)
	}
	tags, scope := recommender.NewTagIndex(items), recommender.NewScope(items)
	s.Indexer().Watch(tags)
	s.Indexer().Watch(scope)
	var emb recommender.Embedder = s.QueryEmbedder()
	if o.countEmbedder != nil {
		emb = o.countEmbedder(emb)
	}
	return func(ref *catalog.Referentiel, tax *catalog.Taxonomy) *recommender.Recommender {
		d := recommender.Deps{
			Text: s.Text(), Vector: s.Vectors(), Embedder: emb, Items: s.Vectors(), Tags: tags, Scope: scope,
			Logger: logger, Observe: o.observe,
		}
		if ref != nil {
			d.Metiers = metier.NewIndex(ref)
		}
		if tax != nil {
			d.Skills = tax
		}
		return recommender.New(d)
	}, nil
}

// taxonomyInUse is the skills taxonomy of the catalog of s (see
// loadTaxonomy): the one L&D imported, the demo's, or the référentiel's.
func taxonomyInUse(ctx context.Context, s *stores.Set) (*catalog.Taxonomy, error) {
	return loadTaxonomy(ctx, s.Docs(), s.Referentiel())
}
