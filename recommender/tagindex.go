package recommender

import (
	"sort"

	"github.com/tremplin/tremplin/catalog"
)

// TagIndex reads items off their métier tags: for a ROME code, the items
// tagged with it, closest first. It holds the items so that it can apply a
// catalog.Filter.
type TagIndex struct {
	items  map[string]*catalog.Item
	byCode map[string][]tagPosting
}

type tagPosting struct {
	id    string
	score float64
}

// NewTagIndex indexes items by their Item.Metiers, whose order ranks
// them: the first code of an item weighs most.
func NewTagIndex(items []catalog.Item) *TagIndex {
	x := &TagIndex{items: make(map[string]*catalog.Item, len(items)), byCode: make(map[string][]tagPosting)}
	for i := range items {
		it := &items[i]
		tags := make([]Tag, len(it.Metiers))
		for p, c := range it.Metiers {
			tags[p] = Tag{Code: c, Score: positionScore(p)}
		}
		x.add(it, tags)
	}
	return x
}

// positionScore is the weight of an item's p-th tag (0-based).
func positionScore(p int) float64 { return 1 / float64(p+1) }

// NewScoredTagIndex indexes items with scored tags (from MetierTagger.Tags),
// for callers that keep the similarities.
func NewScoredTagIndex(items []catalog.Item, tags [][]Tag) *TagIndex {
	x := &TagIndex{items: make(map[string]*catalog.Item, len(items)), byCode: make(map[string][]tagPosting)}
	for i := range items {
		var tg []Tag
		if i < len(tags) {
			tg = tags[i]
		}
		x.add(&items[i], tg)
	}
	return x
}

func (x *TagIndex) add(it *catalog.Item, tags []Tag) {
	x.items[it.ID] = it
	for _, t := range tags {
		x.byCode[t.Code] = append(x.byCode[t.Code], tagPosting{id: it.ID, score: t.Score})
	}
}

// Item returns an indexed item.
func (x *TagIndex) Item(id string) (*catalog.Item, bool) {
	it, ok := x.items[id]
	return it, ok
}

// Search returns up to k items matching f, scored by the sum over codes of
// the code's weight times the item's tag score; ties break by id.
func (x *TagIndex) Search(codes map[string]float64, f catalog.Filter, k int) []catalog.Scored {
	acc := make(map[string]float64)
	for _, c := range sortedKeys(codes) { // a fixed order: float sums, and so ties, do not vary
		w := codes[c]
		for _, p := range x.byCode[c] {
			acc[p.id] += w * p.score
		}
	}
	out := make([]catalog.Scored, 0, len(acc))
	for id, s := range acc {
		if it := x.items[id]; it != nil && f.Match(it) {
			out = append(out, catalog.Scored{ID: id, Score: s})
		}
	}
	sortScored(out)
	if len(out) > k {
		out = out[:k]
	}
	return out
}

// sortScored orders by score, best first, then by id.
func sortScored(s []catalog.Scored) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Score != s[j].Score {
			return s[i].Score > s[j].Score
		}
		return s[i].ID < s[j].ID
	})
}
