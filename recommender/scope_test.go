package recommender

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// TestScopeChunksAsOneByOne: a Scope built from many items at once (read
// in chunks, on every CPU) counts the same words as one fed an item at a
// time, and goes back to the same counts when the items are removed and
// edited.
func TestScopeChunksAsOneByOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	vocab := []string{"comptabilité", "gestion", "paie", "développeuse", "données", "logistique", "soudure",
		"électricien", "managers", "équipes", "analyste", "cuisine", "vente", "conseillère", "réseaux"}
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	items := make([]catalog.Item, 3*scopeChunk+17)
	for i := range items {
		items[i] = catalog.Item{ID: fmt.Sprintf("it-%04d", i), Kind: catalog.KindFormation, Active: i%9 != 0,
			Title: text(3), Skills: []string{text(2), text(1)}, Description: text(12)}
	}
	all := NewScope(items)
	one := NewScope(nil)
	for i := range items {
		one.Changed(items[i:i+1], nil)
	}
	counts := func(s *Scope) map[string][2]int32 {
		out := map[string][2]int32{}
		for w, id := range s.ids {
			if s.df[id] != 0 || s.ddf[id] != 0 {
				out[w] = [2]int32{s.df[id], s.ddf[id]}
			}
		}
		return out
	}
	if len(counts(all)) == 0 {
		t.Fatal("no word counted")
	}
	if diff := cmp.Diff(referenceCounts(items, nil), counts(all)); diff != "" {
		t.Errorf("scope of all items differs from the words french.TermsAndSurfaces gives (-reference +scope):\n%s", diff)
	}
	if diff := cmp.Diff(counts(one), counts(all)); diff != "" {
		t.Errorf("scope of all items at once differs from one by one (-one +all):\n%s", diff)
	}
	// Edit half, remove a tenth: both ways again.
	var removed []string
	for i := range items {
		switch {
		case i%10 == 3:
			removed = append(removed, items[i].ID)
		case i%2 == 0:
			items[i].Description = text(5)
		}
	}
	all.Changed(items, removed)
	for _, id := range removed {
		one.Changed(nil, []string{id})
	}
	for i := range items {
		if i%10 != 3 {
			one.Changed(items[i:i+1], nil)
		}
	}
	for _, id := range removed { // all.Changed upserted them again after the removal
		all.Changed(nil, []string{id})
	}
	if diff := cmp.Diff(counts(one), counts(all)); diff != "" {
		t.Errorf("after edits and removals (-one +all):\n%s", diff)
	}
	gone := map[string]bool{}
	for _, id := range removed {
		gone[id] = true
	}
	if diff := cmp.Diff(referenceCounts(items, gone), counts(all)); diff != "" {
		t.Errorf("after edits and removals (-reference +scope):\n%s", diff)
	}
	if got, want := len(all.items), len(one.items); got != want {
		t.Errorf("%d items in scope, want %d", got, want)
	}
}

// referenceCounts counts, word by word, the active items (but those gone)
// using it in their title or skills and those using it in their
// description only, from french.TermsAndSurfaces: what Scope counts.
func referenceCounts(items []catalog.Item, gone map[string]bool) map[string][2]int32 {
	out := map[string][2]int32{}
	for i := range items {
		it := &items[i]
		if !it.Active || gone[it.ID] {
			continue
		}
		seen := map[string]bool{}
		count := func(text string, slot int) {
			_, surfaces := french.TermsAndSurfaces(text)
			for _, w := range surfaces {
				if w != "" && !seen[w] {
					seen[w] = true
					c := out[w]
					c[slot]++
					out[w] = c
				}
			}
		}
		for _, text := range append([]string{it.Title}, it.Skills...) {
			count(text, 0)
		}
		count(it.Description, 1)
	}
	return out
}
