package recommender

import (
	"strings"

	"github.com/tremplin/tremplin/catalog"
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

// textMaxDocs is the MaxDocs of every text clause: a word found in more
// items than this is left out of the text query. Below 2,000 items it
// changes nothing; in a grown catalog of 100,000 it keeps the Bleve
// disjunction from visiting most of the catalog (130 → 35 ms of CPU per
// query, docs/performance.md). Served nDCG@10 on the dev queries at 4,481
// items: 0.567 with and without it.
const textMaxDocs = 2000

// expansionMaxDocs is the MaxDocs of the métier expansion's words, which
// weigh half the employee's own: a word of the métier found in more than
// 1,000 items says little of which of them fit, and at 100,000 items those
// words make most of the documents Bleve visits (served p50/p95 29/45 →
// 22/33 ms in process). Served nDCG@10 on the dev queries at 4,481 items:
// 0.576 (0.575 with textMaxDocs; 500 gives 0.575, 250 0.571).
const expansionMaxDocs = 1000

// textMaxPostings is the MaxPostings of the text query.
const textMaxPostings = 20000

// buildQuery turns the understood goal into the text and vector queries.
func buildQuery(u understood, req Request, w queryWeights) queries {
	var q queries
	q.text.MaxPostings = textMaxPostings
	add := func(text string, boost float64, maxDocs int) {
		if strings.TrimSpace(text) == "" || boost <= 0 {
			return
		}
		for _, fc := range []struct {
			field string
			w     float64
		}{{catalog.FieldTitle, w.fields.title}, {catalog.FieldSkills, w.fields.skills}, {catalog.FieldDescription, w.fields.description}} {
			if fc.w > 0 {
				q.text.Clauses = append(q.text.Clauses, catalog.TextClause{Field: fc.field, Text: text, Boost: boost * fc.w, MaxDocs: maxDocs})
			}
		}
	}
	desired := strings.Join(req.DesiredSkills, " ; ")
	add(u.content, 1, textMaxDocs)
	add(desired, w.desired, textMaxDocs)
	for _, ww := range u.expansion {
		add(ww.Word, w.expansion*ww.Count, expansionMaxDocs)
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

func nonRare(as []catalog.Appellation) []string {
	out := make([]string, 0, len(as))
	for _, a := range as {
		if !a.Rare {
			out = append(out, a.Label)
		}
	}
	return out
}
