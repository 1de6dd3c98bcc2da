package recommender

import (
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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
	// ids numbers the words seen (never removed: the vocabulary of a
	// catalog is bounded); df counts, per word id, the items using it in
	// their title or skills, ddf those using it in their description only.
	ids     map[string]int32
	df, ddf []int32
	// items holds each active item's distinct word ids, for its removal.
	items map[string]itemWords
}

// itemWords are the distinct words of one item: in its title or skills,
// and in its description only.
type itemWords struct {
	words, desc []int32
}

// NewScope indexes the words of items.
func NewScope(items []catalog.Item) *Scope {
	s := &Scope{ids: make(map[string]int32), items: make(map[string]itemWords, len(items))}
	s.Changed(items, nil)
	return s
}

// scopeChunk is how many items Changed reads the words of at once, on
// every CPU: the words of a chunk are held until counted.
const scopeChunk = 512

// Changed applies a change of the catalog (indexer.Watcher).
func (s *Scope) Changed(upserted []catalog.Item, removed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range removed {
		s.remove(id)
	}
	seen := make(map[int32]bool)
	words := make([]surfaceWords, min(scopeChunk, len(upserted)))
	for c := 0; c < len(upserted); c += scopeChunk {
		part := upserted[c:min(c+scopeChunk, len(upserted))]
		readSurfaces(part, words)
		for i := range part {
			it := &part[i]
			s.remove(it.ID)
			if !it.Active {
				continue
			}
			clear(seen)
			var iw itemWords
			for _, w := range words[i].words {
				if id, ok := s.word(w); ok && !seen[id] {
					seen[id] = true
					iw.words = append(iw.words, id)
					s.df[id]++
				}
			}
			for _, w := range words[i].desc {
				if id, ok := s.word(w); ok && !seen[id] {
					seen[id] = true
					iw.desc = append(iw.desc, id)
					s.ddf[id]++
				}
			}
			s.items[it.ID] = itemWords{words: slices.Clip(iw.words), desc: slices.Clip(iw.desc)}
		}
	}
}

// surfaceWords are the surfaces of an item's title and skills, and of its
// description.
type surfaceWords struct {
	words, desc []string
}

// readSurfaces sets out[i] to the words of the active items[i], on every
// CPU (tokenizing is most of the cost of Changed).
func readSurfaces(items []catalog.Item, out []surfaceWords) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(items)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(items); i = int(next.Add(1)) - 1 {
				it := &items[i]
				out[i] = surfaceWords{}
				if !it.Active {
					continue
				}
				var w []string
				for _, text := range append([]string{it.Title}, itemSkills(it)...) {
					w = append(w, french.Surfaces(text)...)
				}
				out[i] = surfaceWords{words: w, desc: french.Surfaces(it.Description)}
			}
		})
	}
	wg.Wait()
}

// word returns the id of w, numbering it when new; false for "".
func (s *Scope) word(w string) (int32, bool) {
	if w == "" {
		return 0, false
	}
	id, ok := s.ids[w]
	if !ok {
		id = int32(len(s.df))
		s.ids[strings.Clone(w)] = id
		s.df, s.ddf = append(s.df, 0), append(s.ddf, 0)
	}
	return id, true
}

func (s *Scope) remove(id string) {
	iw, ok := s.items[id]
	if !ok {
		return
	}
	for _, w := range iw.words {
		s.df[w]--
	}
	for _, w := range iw.desc {
		s.ddf[w]--
	}
	delete(s.items, id)
}

// counts returns the df and ddf of the word w (0, 0 when unknown).
func (s *Scope) counts(w string) (df, ddf float64) {
	id, ok := s.ids[w]
	if !ok {
		return 0, 0
	}
	return float64(s.df[id]), float64(s.ddf[id])
}

// Known returns the share of text's words, each weighed by its rarity in
// the catalog (a word no item uses weighs most), that some item's title or
// skills use — a word found only in descriptions counts half; 1 for a
// text without words.
func (s *Scope) Known(text string) float64 {
	_, surfaces := french.TermsAndSurfaces(text)
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := float64(len(s.items))
	var known, total float64
	seen := make(map[string]bool)
	for _, w := range surfaces {
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		df, ddf := s.counts(w)
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
