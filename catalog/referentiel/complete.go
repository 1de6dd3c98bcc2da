package referentiel

import (
	"cmp"
	"math/bits"
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
// use before rare ones (peu usité); then titles holding every typed word in
// full ("rh" in "Assistant RH"); then titles that begin with the text typed;
// then titles whose first word is matched by the first word typed; then
// métier labels before appellations; then ROME before ESCO; then shorter
// titles. Each métier appears once.
func (ix *Index) Suggest(prefix string, n int) []Suggestion {
	q := strings.TrimSpace(french.Fold(strings.Join(strings.Fields(prefix), " ")))
	words := french.Tokens(prefix)
	if n <= 0 || len(words) == 0 {
		return nil
	}
	slot := make([]int32, len(ix.metiers)) // 1 + position in cands of each métier's best
	var cands []candidate
	for _, e := range ix.candidates(words) {
		en := &ix.entries[e]
		if !matchesWords(en.words, words) {
			continue
		}
		c := ix.rank(e, q, words)
		switch j := slot[en.metier] - 1; {
		case j < 0:
			cands = append(cands, c)
			slot[en.metier] = int32(len(cands))
		case c.compare(cands[j]) < 0:
			cands[j] = c
		}
	}
	slices.SortFunc(cands, candidate.compare)
	out := make([]Suggestion, 0, min(n, len(cands)))
	for _, c := range cands[:min(n, len(cands))] {
		en := &ix.entries[c.entry]
		out = append(out, Suggestion{Metier: ix.metiers[en.metier], Label: en.label, Rare: en.rare})
	}
	return out
}

// candidate is a matching entry with its ranking key: the tiers of Suggest
// packed in key (lower is better), then the folded label.
type candidate struct {
	entry int
	key   uint64
	label string
}

// Ranking tiers, most significant first; a set bit ranks lower.
const (
	tierRare uint64 = 1 << (38 - iota)
	tierNotExact
	tierNotPrefix
	tierNotHead
	tierNotOwn
	tierESCO
)

// rank computes the ranking key of entry e for the folded query q whose
// words are typed.
func (ix *Index) rank(e int, q string, words []string) candidate {
	en := &ix.entries[e]
	key := uint64(min(len(en.folded), 1<<32-1))
	set := func(cond bool, tier uint64) {
		if cond {
			key |= tier
		}
	}
	set(en.rare, tierRare)
	set(!exactWords(en.words, words), tierNotExact)
	set(!strings.HasPrefix(en.folded, q), tierNotPrefix)
	set(!strings.HasPrefix(en.words[0], words[0]), tierNotHead)
	set(!en.own, tierNotOwn)
	set(ix.metiers[en.metier].Source == catalog.SourceESCO, tierESCO)
	return candidate{entry: e, key: key, label: en.folded}
}

// compare orders candidates best first.
func (c candidate) compare(d candidate) int {
	if r := cmp.Compare(c.key, d.key); r != 0 {
		return r
	}
	return strings.Compare(c.label, d.label)
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

// buildVocab fills the sorted word list and its postings.
func (ix *Index) buildVocab() {
	post := make(map[string][]int32)
	for e, en := range ix.entries {
		for _, w := range en.words {
			p := post[w]
			if len(p) == 0 || p[len(p)-1] != int32(e) {
				post[w] = append(p, int32(e))
			}
		}
	}
	ix.vocab = make([]string, 0, len(post))
	for w := range post {
		ix.vocab = append(ix.vocab, w)
	}
	slices.Sort(ix.vocab)
	ix.postings = make([][]int32, len(ix.vocab))
	for i, w := range ix.vocab {
		ix.postings[i] = post[w]
	}
}

// candidates returns, in ascending order, the entries having a word that
// begins with the longest query word: a superset of the matches.
func (ix *Index) candidates(words []string) []int {
	q := slices.MaxFunc(words, func(a, b string) int { return cmp.Compare(len(a), len(b)) })
	seen := make([]uint64, (len(ix.entries)+63)/64)
	i, _ := slices.BinarySearch(ix.vocab, q)
	for ; i < len(ix.vocab) && strings.HasPrefix(ix.vocab[i], q); i++ {
		for _, e := range ix.postings[i] {
			seen[e/64] |= 1 << (e % 64)
		}
	}
	var out []int
	for b, word := range seen {
		for ; word != 0; word &= word - 1 {
			out = append(out, b*64+bits.TrailingZeros64(word))
		}
	}
	return out
}
