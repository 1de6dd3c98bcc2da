package indexer

import (
	"context"
	"fmt"

	"github.com/tremplin/tremplin/catalog"
)

// maxBrowseHits bounds how deep a catalog text search pages.
const maxBrowseHits = 1000

// Item returns one stored item (the vector store is the source of truth).
func (ix *Indexer) Item(ctx context.Context, id string) (catalog.Item, error) {
	return ix.vec.Item(ctx, id)
}

// Items returns every stored item, ordered by id.
func (ix *Indexer) Items(ctx context.Context) ([]catalog.Item, error) {
	return ix.vec.Items(ctx)
}

// Browse returns one page of the items matching q (every item when q is
// empty, ordered by id; by relevance otherwise) and f, with the number of
// matches (capped at 1,000 for a text search).
func (ix *Indexer) Browse(ctx context.Context, q string, f catalog.Filter, offset, limit int) ([]catalog.Item, int, error) {
	if q == "" {
		all, err := ix.vec.Items(ctx)
		if err != nil {
			return nil, 0, err
		}
		var match []catalog.Item
		for i := range all {
			if f.Match(&all[i]) {
				match = append(match, all[i])
			}
		}
		return page(match, offset, limit), len(match), nil
	}
	tq := catalog.TextQuery{Clauses: []catalog.TextClause{
		{Field: catalog.FieldTitle, Text: q, Boost: 3},
		{Field: catalog.FieldSkills, Text: q, Boost: 2},
		{Text: q},
	}}
	hits, err := ix.text.Search(ctx, tq, f, maxBrowseHits)
	if err != nil {
		return nil, 0, fmt.Errorf("search catalog: %w", err)
	}
	var items []catalog.Item
	for _, h := range page(hits, offset, limit) {
		it, err := ix.vec.Item(ctx, h.ID)
		if err != nil {
			return nil, 0, fmt.Errorf("read item %s: %w", h.ID, err)
		}
		items = append(items, it)
	}
	return items, len(hits), nil
}

func page[T any](all []T, offset, limit int) []T {
	if offset >= len(all) {
		return nil
	}
	return all[offset:min(offset+limit, len(all))]
}
