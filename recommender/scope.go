package recommender

import (
	"math"
	"sync"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// Scope knows the words of the catalog's titles and skills, unstemmed
// (french.Surface), with how many items use each: whether a goal's words
// are words of this catalog at all. The confidence model is learned on
// goals a catalog serves; Scope estimates whether this one is such a goal.
// It is kept in step with the stores as an indexer.Watcher and is safe for
// concurrent use.
type Scope struct {
	mu sync.RWMutex
	// df counts the items using a word in their title or skills, ddf
	// those using it in their description only.
	df, ddf map[string]int
	// words and descWords are each item's distinct surfaces.
	words, descWords map[string][]string
}

// NewScope indexes the words of items.
func NewScope(items []catalog.Item) *Scope {
	s := &Scope{df: make(map[string]int), ddf: make(map[string]int), words: make(map[string][]string), descWords: make(map[string][]string)}
	s.Changed(items, nil)
	return s
}

// Changed applies a change of the catalog (indexer.Watcher).
func (s *Scope) Changed(upserted []catalog.Item, removed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range removed {
		s.remove(id)
	}
	for i := range upserted {
		it := &upserted[i]
		s.remove(it.ID)
		if !it.Active {
			continue
		}
		seen := make(map[string]bool)
		var ws []string
		for _, text := range append([]string{it.Title}, itemSkills(it)...) {
			_, surfaces := french.TermsAndSurfaces(text)
			for _, w := range surfaces {
				if w != "" && !seen[w] {
					seen[w] = true
					ws = append(ws, w)
					s.df[w]++
				}
			}
		}
		s.words[it.ID] = ws
		var ds []string
		_, surfaces := french.TermsAndSurfaces(it.Description)
		for _, w := range surfaces {
			if w != "" && !seen[w] {
				seen[w] = true
				ds = append(ds, w)
				s.ddf[w]++
			}
		}
		s.descWords[it.ID] = ds
	}
}

func (s *Scope) remove(id string) {
	for _, w := range s.words[id] {
		if s.df[w]--; s.df[w] <= 0 {
			delete(s.df, w)
		}
	}
	for _, w := range s.descWords[id] {
		if s.ddf[w]--; s.ddf[w] <= 0 {
			delete(s.ddf, w)
		}
	}
	delete(s.words, id)
	delete(s.descWords, id)
}

// Known returns the share of text's words, each weighed by its rarity in
// the catalog (a word no item uses weighs most), that some item's title or
// skills use — a word found only in descriptions counts half; 1 for a
// text without words.
func (s *Scope) Known(text string) float64 {
	_, surfaces := french.TermsAndSurfaces(text)
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := float64(len(s.words))
	var known, total float64
	seen := make(map[string]bool)
	for _, w := range surfaces {
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		df, ddf := float64(s.df[w]), float64(s.ddf[w])
		idf := math.Log(n + 1)
		if df+ddf > 0 {
			idf = math.Log((n + 1) / (df + ddf + 1))
		}
		total += idf
		switch {
		case df > 0:
			known += idf
		case ddf > 0:
			known += idf / 2
		}
	}
	if total == 0 {
		return 1
	}
	return known / total
}
