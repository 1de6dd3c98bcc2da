package metier

import (
	"sort"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// expansionText is what a recognised métier adds to the text query: its
// label, appellations, non-core skills, définition, access text, domain and
// the labels of its sibling fiches.
func expansionText(m catalog.Metier, siblings []string) string {
	parts := []string{m.Label}
	parts = append(parts, nonRare(m.Appellations)...)
	parts = append(parts, m.OtherSkills...)
	parts = append(parts, m.Definition, m.Access, m.Domain)
	parts = append(parts, siblings...)
	return strings.Join(parts, " ; ")
}

// maxExpansionTerms caps the distinct terms of the expansion, which bounds
// the cost of the text query.
const maxExpansionTerms = 30

// WeightedWord is a word of the expansion, as written in the fiche, with
// how often its term occurs.
type WeightedWord struct {
	Word  string
	Count float64
}

// expansionTerms returns the distinct terms of the expansion text as a
// surface word and a count, keeping the n most distinctive by count·idf.
// One weighted clause per term costs far less than the repeated words.
func expansionTerms(text string, idf func(string) float64, n int) []WeightedWord {
	idx := make(map[string]int)
	var out []WeightedWord
	var keys []string
	for _, w := range french.Words(text) {
		if len(w.Folded) < 2 || french.IsStopWord(w.Folded) {
			continue
		}
		t := french.Term(w.Folded)
		if i, ok := idx[t]; ok {
			out[i].Count++
			continue
		}
		idx[t] = len(out)
		out = append(out, WeightedWord{Word: text[w.Start:w.End], Count: 1})
		keys = append(keys, t)
	}
	score := make([]float64, len(out))
	order := make([]int, len(out))
	for i := range out {
		score[i] = out[i].Count * idf(keys[i])
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	kept := make([]WeightedWord, 0, min(n, len(out)))
	for _, i := range order[:min(n, len(order))] {
		kept = append(kept, out[i])
	}
	return kept
}

// nonRare returns the labels of the appellations not flagged rare.
func nonRare(as []catalog.Appellation) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if !a.Rare {
			out = append(out, a.Label)
		}
	}
	return out
}
