package referentiel

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// Complete returns up to n métiers whose label or appellation matches
// prefix, for autocomplete. See Suggest for the matching and ranking rules.
func (ix *Index) Complete(prefix string, n int) []catalog.Metier {
	sug := ix.Suggest(prefix, n)
	if len(sug) == 0 {
		return nil
	}
	out := make([]catalog.Metier, len(sug))
	for i, s := range sug {
		out[i] = s.Metier
	}
	return out
}

// Suggest returns up to n métiers matching prefix, each with the title form
// that matched best. Matching ignores case and accents and works on words:
// every word typed must begin a word of the title ("dev info" finds
// "Développeuse informatique"), in either gender. Ranking: titles in common
// use before rare ones (peu usité); then titles that begin with the text
// titles holding every typed word in full ("rh" in "Assistant RH"); then
// titles that begin with the text typed; then titles whose first word is
// matched by the first word typed; then métier labels before appellations;
// then ROME before ESCO; then shorter titles. Each métier appears once.
func (ix *Index) Suggest(prefix string, n int) []Suggestion {
	q := strings.TrimSpace(french.Fold(strings.Join(strings.Fields(prefix), " ")))
	words := french.Tokens(prefix)
	if n <= 0 || len(words) == 0 {
		return nil
	}
	best := make(map[int]candidate)
	for e := range ix.entries {
		en := &ix.entries[e]
		if !matchesWords(en.words, words) {
			continue
		}
		c := ix.rank(e, q, words)
		if old, ok := best[en.metier]; !ok || c.less(old) {
			best[en.metier] = c
		}
	}
	cands := make([]candidate, 0, len(best))
	for _, c := range best {
		cands = append(cands, c)
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.less(b) {
			return -1
		}
		if b.less(a) {
			return 1
		}
		return 0
	})
	out := make([]Suggestion, 0, min(n, len(cands)))
	for _, c := range cands[:min(n, len(cands))] {
		en := &ix.entries[c.entry]
		out = append(out, Suggestion{Metier: ix.metiers[en.metier], Label: en.label, Rare: en.rare})
	}
	return out
}

// candidate is a matching entry with its ranking key.
type candidate struct {
	entry                     int
	rare, notExact, notPrefix bool
	notHead, notOwn, esco     bool
	length                    int
	label                     string
}

// rank computes the ranking key of entry e for the folded query q whose
// words are typed.
func (ix *Index) rank(e int, q string, words []string) candidate {
	head := words[0]
	en := &ix.entries[e]
	return candidate{
		entry:     e,
		rare:      en.rare,
		notExact:  !exactWords(en.words, words),
		notPrefix: !strings.HasPrefix(en.folded, q),
		notHead:   !strings.HasPrefix(en.words[0], head),
		esco:      ix.metiers[en.metier].Source == catalog.SourceESCO,
		notOwn:    !en.own,
		length:    len(en.folded),
		label:     en.folded,
	}
}

// less orders candidates best first.
func (c candidate) less(d candidate) bool {
	for _, p := range [][2]bool{{c.rare, d.rare}, {c.notExact, d.notExact}, {c.notPrefix, d.notPrefix},
		{c.notHead, d.notHead}, {c.notOwn, d.notOwn}, {c.esco, d.esco}} {
		if p[0] != p[1] {
			return !p[0]
		}
	}
	if r := cmp.Compare(c.length, d.length); r != 0 {
		return r < 0
	}
	return c.label < d.label
}

// matchesWords reports whether every query word begins some title word,
// each title word serving once.
func matchesWords(title, query []string) bool {
	if len(query) > len(title) {
		return false
	}
	var used uint64
	for _, q := range query {
		found := false
		for i, w := range title {
			if i < 64 && used&(1<<i) != 0 {
				continue
			}
			if strings.HasPrefix(w, q) {
				if i < 64 {
					used |= 1 << i
				}
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// exactWords reports whether every query word is a whole word of the title.
func exactWords(title, query []string) bool {
	for _, q := range query {
		if !slices.Contains(title, q) {
			return false
		}
	}
	return true
}
