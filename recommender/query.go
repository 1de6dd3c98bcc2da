package recommender

import (
	"sort"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// queries are the texts sent to the text index and to the embedder.
type queries struct {
	text   catalog.TextQuery
	vector string
}

// fieldWeights weigh one text over the item fields.
type fieldWeights struct {
	title, skills, description float64
}

// queryWeights are the weights of the text query: the employee's words
// weigh most, desired skills half as much, the métier expansion half too.
type queryWeights struct {
	fields    fieldWeights
	desired   float64
	expansion float64
	// vectorAppellations is the number of appellations added to the vector text.
	vectorAppellations int
}

var defaultWeights = queryWeights{
	fields:             fieldWeights{title: 2, skills: 1, description: 0.5},
	desired:            0.5,
	expansion:          0.5,
	vectorAppellations: 3,
}

// buildQuery turns the understood goal into the text and vector queries.
func buildQuery(u understood, req Request, w queryWeights) queries {
	var q queries
	add := func(text string, boost float64) {
		if strings.TrimSpace(text) == "" || boost <= 0 {
			return
		}
		for _, fc := range []struct {
			field string
			w     float64
		}{{catalog.FieldTitle, w.fields.title}, {catalog.FieldSkills, w.fields.skills}, {catalog.FieldDescription, w.fields.description}} {
			if fc.w > 0 {
				q.text.Clauses = append(q.text.Clauses, catalog.TextClause{Field: fc.field, Text: text, Boost: boost * fc.w})
			}
		}
	}
	desired := strings.Join(req.DesiredSkills, " ; ")
	add(u.content, 1)
	add(desired, w.desired)
	for _, ww := range u.expansion {
		add(ww.word, w.expansion*ww.count)
	}
	parts := []string{u.content, desired}
	if len(u.metiers) > 0 {
		m := u.metiers[0]
		parts = append(parts, m.Label)
		for i, a := range nonRare(m.Appellations) {
			if i == w.vectorAppellations {
				break
			}
			parts = append(parts, a)
		}
	}
	q.vector = strings.TrimSpace(strings.Join(parts, " ; "))
	return q
}

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

// weightedWord is a word of the expansion with how often its term occurs.
type weightedWord struct {
	word  string
	count float64
}

// expansionTerms returns the distinct terms of the expansion text as a
// surface word and a count, keeping the n most distinctive by count·idf.
// One weighted clause per term costs far less than the repeated words.
func expansionTerms(text string, idf func(string) float64, n int) []weightedWord {
	idx := make(map[string]int)
	var out []weightedWord
	var keys []string
	for _, w := range words(text) {
		if len(w.folded) < 2 || french.IsStopWord(w.folded) {
			continue
		}
		t := term(w.folded)
		if i, ok := idx[t]; ok {
			out[i].count++
			continue
		}
		idx[t] = len(out)
		out = append(out, weightedWord{word: text[w.start:w.end], count: 1})
		keys = append(keys, t)
	}
	score := make([]float64, len(out))
	order := make([]int, len(out))
	for i := range out {
		score[i] = out[i].count * idf(keys[i])
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	kept := make([]weightedWord, 0, min(n, len(out)))
	for _, i := range order[:min(n, len(order))] {
		kept = append(kept, out[i])
	}
	return kept
}

func nonRare(as []catalog.Appellation) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if !a.Rare {
			out = append(out, a.Label)
		}
	}
	return out
}
