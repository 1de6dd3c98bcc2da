package recommender

import (
	"slices"
	"sort"
	"sync"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender/metier"
)

// TagIndex reads items off their métier tags: for a ROME code, the items
// tagged with it, closest first. It holds the items so that it can apply a
// catalog.Filter. It is the one source of métier tags at query time, kept
// in step with the stores by Changed; it is safe for concurrent use.
type TagIndex struct {
	mu     sync.RWMutex
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
		tags := make([]metier.Tag, len(it.Metiers))
		for p, c := range it.Metiers {
			tags[p] = metier.Tag{Code: c, Score: positionScore(p)}
		}
		x.add(it, tags)
	}
	return x
}

// positionScore is the weight of an item's p-th tag (0-based).
func positionScore(p int) float64 { return 1 / float64(p+1) }

// NewScoredTagIndex indexes items with scored tags (from metier.Tagger.Tags),
// for callers that keep the similarities.
func NewScoredTagIndex(items []catalog.Item, tags [][]metier.Tag) *TagIndex {
	x := &TagIndex{items: make(map[string]*catalog.Item, len(items)), byCode: make(map[string][]tagPosting)}
	for i := range items {
		var tg []metier.Tag
		if i < len(tags) {
			tg = tags[i]
		}
		x.add(&items[i], tg)
	}
	return x
}

func (x *TagIndex) add(it *catalog.Item, tags []metier.Tag) {
	v := it.FilterView() // what Search filters on, not the texts
	x.items[it.ID] = &v
	for _, t := range tags {
		x.byCode[t.Code] = append(x.byCode[t.Code], tagPosting{id: it.ID, score: t.Score})
	}
}

// remove drops an item and its postings.
func (x *TagIndex) remove(id string) {
	it, ok := x.items[id]
	if !ok {
		return
	}
	delete(x.items, id)
	for _, c := range it.Metiers {
		ps := slices.DeleteFunc(x.byCode[c], func(p tagPosting) bool { return p.id == id })
		if len(ps) == 0 {
			delete(x.byCode, c)
		} else {
			x.byCode[c] = ps
		}
	}
}

// Changed applies a change of the catalog: upserted items replace their
// previous version (tags from Item.Metiers, first weighs most), removed
// ids go. It implements indexer.Watcher.
func (x *TagIndex) Changed(upserted []catalog.Item, removed []string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, id := range removed {
		x.remove(id)
	}
	for i := range upserted {
		it := upserted[i]
		x.remove(it.ID)
		tags := make([]metier.Tag, len(it.Metiers))
		for p, c := range it.Metiers {
			tags[p] = metier.Tag{Code: c, Score: positionScore(p)}
		}
		x.add(&it, tags)
	}
}

// Has reports whether some item is tagged with code.
func (x *TagIndex) Has(code string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byCode[code]) > 0
}

// Len is the number of indexed items.
func (x *TagIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.items)
}

// Item returns an indexed item as catalog.Item.FilterView gives it.
func (x *TagIndex) Item(id string) (*catalog.Item, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	it, ok := x.items[id]
	return it, ok
}

// Search returns up to k items matching f, scored by the sum over codes of
// the code's weight times the item's tag score; ties break by id.
func (x *TagIndex) Search(codes map[string]float64, f catalog.Filter, k int) []catalog.Scored {
	x.mu.RLock()
	defer x.mu.RUnlock()
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
