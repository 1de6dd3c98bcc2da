package textindex

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/tremplin/tremplin/catalog"
)

// maxHashPage bounds the number of ids read per request by Hashes.
// It is a variable for the test of paging.
var maxHashPage = 1 << 20

// Search runs q under f and returns the k best items by Bleve (BM25) score,
// ties broken by ascending id. Clause texts are analysed as French text and
// never parsed as query syntax. A query without text returns nothing.
func (ix *Index) Search(ctx context.Context, q catalog.TextQuery, f catalog.Filter, k int) ([]catalog.Scored, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if k <= 0 {
		return nil, nil
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
	}
	// One reader answers the term counts the query is built from.
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
	}
	defer r.Close()
	q, terms, err := ix.dropCommon(ctx, r, everyField(q), n)
	if err != nil {
		return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
	}
	tq, err := textQuery(q, terms)
	if err != nil {
		return nil, err
	}
	if tq == nil {
		return nil, nil
	}
	if uint64(k) > n { // Bleve sizes its collector by k
		k = int(n)
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(tq)
	everyServable, err := everyServable(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
	}
	if fq := filterQuery(f, everyServable); fq != nil {
		bq.AddFilter(fq) // a Bleve filter does not score
	}
	// Sorting by "_id" after the score would read the id of every matching
	// document (a sixth of the query's time at 100,000 items). Instead the
	// k+tieMargin best by score alone are sorted here; that is the exact
	// answer unless the scores tied at rank k run past the margin, in which
	// case Bleve sorts by id itself.
	size := k + tieMargin
	if uint64(size) > n {
		size = int(n)
	}
	res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, size, 0, false))
	if err != nil {
		return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
	}
	hits := res.Hits
	if len(hits) > k && len(hits) == size && hits[len(hits)-1].Score == hits[k-1].Score {
		req := bleve.NewSearchRequestOptions(bq, k, 0, false)
		req.SortBy([]string{"-_score", "_id"})
		if res, err = ix.bi.SearchInContext(ctx, req); err != nil {
			return nil, fmt.Errorf("search text index: %w", wrapClosed(err))
		}
		hits = res.Hits
	}
	out := make([]catalog.Scored, len(hits))
	for i, h := range hits {
		out[i] = catalog.Scored{ID: h.ID, Score: h.Score}
	}
	slices.SortFunc(out, func(a, b catalog.Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out[:min(k, len(out))], nil
}

// everyField returns q with each clause without a field replaced by one
// clause per text field, the same otherwise: the index keeps no composite
// of its text fields, which would index every word twice (a fifth of
// indexing) for the catalog browser's queries alone.
func everyField(q catalog.TextQuery) catalog.TextQuery {
	if !slices.ContainsFunc(q.Clauses, func(c catalog.TextClause) bool { return c.Field == "" }) {
		return q
	}
	out := catalog.TextQuery{Clauses: make([]catalog.TextClause, 0, len(q.Clauses)+len(textFields))}
	for _, c := range q.Clauses {
		if c.Field != "" {
			out.Clauses = append(out.Clauses, c)
			continue
		}
		for _, f := range textFieldOrder {
			c.Field = f
			out.Clauses = append(out.Clauses, c)
		}
	}
	return out
}

// tieMargin is how many hits past k a text search reads to break ties at
// rank k by id without Bleve's sort by id.
const tieMargin = 16

// dropCommon applies the clauses' MaxDocs and the query's MaxPostings, in
// an index of docs documents: it returns q without the clauses whose every
// term, as the field's analyser sees it, is in more than MaxDocs documents
// of the field or was left out to fit MaxPostings, and for the clauses
// that lose only some of their terms, the terms kept (nil for a clause
// kept whole).
func (ix *Index) dropCommon(ctx context.Context, r index.IndexReader, q catalog.TextQuery, docs uint64) (catalog.TextQuery, [][]string, error) {
	counted := func(c catalog.TextClause) bool { return c.MaxDocs > 0 && textFields[c.Field] && !c.Phrase }
	if !slices.ContainsFunc(q.Clauses, counted) {
		return q, nil, nil
	}
	m := ix.bi.Mapping()
	var ts []clauseTerm                // the terms of the counted clauses within MaxDocs
	all := make([]int, len(q.Clauses)) // how many terms each clause has
	analysed := make([]bool, len(q.Clauses))
	for i, c := range q.Clauses {
		if !counted(c) {
			continue
		}
		an := m.AnalyzerNamed(m.AnalyzerNameForPath(c.Field))
		if an == nil {
			continue
		}
		analysed[i] = true
		for _, t := range an.Analyze([]byte(c.Text)) {
			all[i]++
			tfr, err := r.TermFieldReader(ctx, t.Term, c.Field, false, false, false)
			if err != nil {
				return q, nil, err
			}
			df := tfr.Count()
			tfr.Close()
			if df <= uint64(c.MaxDocs) {
				ts = append(ts, clauseTerm{clause: i, term: string(t.Term), df: df, weight: clauseBoost(c) * bm25IDF(df, docs)})
			}
		}
	}
	ts = withinPostings(ts, q.MaxPostings)
	byClause := make([][]string, len(q.Clauses))
	for _, t := range ts {
		byClause[t.clause] = append(byClause[t.clause], t.term)
	}
	kept := make([]catalog.TextClause, 0, len(q.Clauses))
	var terms [][]string
	for i, c := range q.Clauses {
		var keep []string
		if analysed[i] {
			keep = byClause[i]
			if len(keep) == 0 {
				continue
			}
			if len(keep) == all[i] {
				keep = nil // every term: the clause as it is
			}
		}
		kept = append(kept, c)
		terms = append(terms, keep)
	}
	return catalog.TextQuery{Clauses: kept}, terms, nil
}

// clauseTerm is an analysed term of a clause, with its document count in
// the clause's field and its weight in the query.
type clauseTerm struct {
	clause int
	term   string
	df     uint64
	weight float64
}

// withinPostings returns ts, in their order, without the terms of least
// weight (the latest of equal weight first) that would make the document
// counts of ts sum to more than max; max 0 bounds nothing.
func withinPostings(ts []clauseTerm, max int) []clauseTerm {
	var sum uint64
	for _, t := range ts {
		sum += t.df
	}
	if max <= 0 || sum <= uint64(max) {
		return ts
	}
	order := make([]int, len(ts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ts[b].weight, ts[a].weight) })
	drop := make([]bool, len(ts))
	for k := len(order) - 1; k >= 0 && sum > uint64(max); k-- {
		i := order[k]
		drop[i] = true
		sum -= ts[i].df
	}
	out := ts[:0:0]
	for i, t := range ts {
		if !drop[i] {
			out = append(out, t)
		}
	}
	return out
}

// clauseBoost is the boost a clause's terms are searched with.
func clauseBoost(c catalog.TextClause) float64 {
	if c.Boost == 0 {
		return 1
	}
	return c.Boost
}

// bm25IDF is the inverse document frequency BM25 gives a term found in df
// of docs documents.
func bm25IDF(df, docs uint64) float64 {
	return math.Log(1 + (float64(docs)-float64(df)+0.5)/(float64(df)+0.5))
}

// textQuery builds the weighted disjunction of q's clauses, or nil when no
// clause has text; a clause i with terms[i] set searches those analysed
// terms instead of its text. Unknown fields and bad boosts wrap
// catalog.ErrInvalid.
func textQuery(q catalog.TextQuery, terms [][]string) (query.Query, error) {
	var qs []query.Query
	for i, c := range q.Clauses {
		if strings.TrimSpace(c.Text) == "" {
			continue
		}
		field := c.Field
		if !textFields[field] {
			return nil, fmt.Errorf("clause %d : champ de recherche inconnu %q: %w", i+1, c.Field, catalog.ErrInvalid)
		}
		boost := c.Boost
		if boost == 0 {
			boost = 1
		}
		if boost < 0 || math.IsNaN(boost) || math.IsInf(boost, 0) {
			return nil, fmt.Errorf("clause %d : poids invalide %v: %w", i+1, c.Boost, catalog.ErrInvalid)
		}
		var cq query.Query
		if i < len(terms) && terms[i] != nil {
			// What a MatchQuery with the OR operator builds from its tokens.
			tqs := make([]query.Query, len(terms[i]))
			for j, t := range terms[i] {
				tq := bleve.NewTermQuery(t)
				tq.SetField(field)
				tq.SetBoost(boost)
				tqs[j] = tq
			}
			dq := bleve.NewDisjunctionQuery(tqs...)
			dq.SetBoost(boost)
			cq = dq
		} else if c.Phrase {
			mq := bleve.NewMatchPhraseQuery(c.Text)
			mq.SetField(field)
			mq.SetBoost(boost)
			cq = mq
		} else {
			mq := bleve.NewMatchQuery(c.Text)
			mq.SetField(field)
			mq.SetBoost(boost)
			mq.SetOperator(query.MatchQueryOperatorOr)
			cq = mq
		}
		qs = append(qs, cq)
	}
	if len(qs) == 0 {
		return nil, nil
	}
	return bleve.NewDisjunctionQuery(qs...), nil
}

// everyServable reports whether every indexed item is active and available
// (the common case): the default filter then excludes nothing, and a query
// need not check it document by document.
func everyServable(ctx context.Context, r index.IndexReader) (bool, error) {
	for _, field := range []string{fieldActive, fieldAvailable} { // both are set on every document
		tfr, err := r.TermFieldReader(ctx, []byte("F"), field, false, false, false)
		if err != nil {
			return false, err
		}
		n := tfr.Count()
		tfr.Close()
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// filterQuery mirrors catalog.Filter.Match: a conjunction where every
// constraint also accepts items that lack the attribute; nil when f
// excludes nothing (everyServable: no item is inactive or unavailable).
func filterQuery(f catalog.Filter, everyServable bool) query.Query {
	var qs []query.Query
	if !f.IncludeInactive && !everyServable {
		qs = append(qs, boolQuery(fieldActive, true), boolQuery(fieldAvailable, true))
	}
	if len(f.Kinds) > 0 {
		ks := make([]query.Query, len(f.Kinds))
		for i, k := range f.Kinds {
			ks[i] = termQuery(fieldKind, string(k))
		}
		qs = append(qs, bleve.NewDisjunctionQuery(ks...))
	}
	if f.MaxPriceEUR != nil && !math.IsNaN(*f.MaxPriceEUR) {
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasPrice, false), atMost(fieldPrice, *f.MaxPriceEUR)))
	}
	if f.MaxHours != nil && !math.IsNaN(*f.MaxHours) {
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasHours, false), atMost(fieldHours, *f.MaxHours)))
	}
	if f.Modality != "" {
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasModality, false), termQuery(fieldModality, string(f.Modality))))
	}
	if f.Language != "" {
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasLanguage, false), termQuery(fieldLanguage, f.Language)))
	}
	if f.CPFOnly {
		qs = append(qs, boolQuery(fieldCPFOK, true))
	}
	if f.Location != "" {
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasLocation, false),
			termQuery(fieldModality, string(catalog.ModalityDistanciel)),
			termQuery(fieldLocation, catalog.FoldCase(f.Location))))
	}
	if !f.To.IsZero() { // missions starting after To are closed
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasStart, false), atMost(fieldStart, float64(f.To.Unix()))))
	}
	if !f.From.IsZero() { // missions ending before From are closed
		min, incl := float64(f.From.Unix()), f.From.Nanosecond() == 0
		r := bleve.NewNumericRangeInclusiveQuery(&min, nil, &incl, nil)
		r.SetField(fieldEnd)
		qs = append(qs, bleve.NewDisjunctionQuery(boolQuery(fieldHasEnd, false), r))
	}
	if len(qs) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(qs...)
}

func boolQuery(field string, v bool) query.Query {
	q := bleve.NewBoolFieldQuery(v)
	q.SetField(field)
	return q
}

func termQuery(field, v string) query.Query {
	q := bleve.NewTermQuery(v)
	q.SetField(field)
	return q
}

// atMost matches numbers ≤ max.
func atMost(field string, max float64) query.Query {
	incl := true
	q := bleve.NewNumericRangeInclusiveQuery(nil, &max, nil, &incl)
	q.SetField(field)
	return q
}

// HashesOf returns the content hash of the items of ids the index holds,
// by id: a few lookups where Hashes reads every document.
func (ix *Index) HashesOf(ctx context.Context, ids []string) (map[string]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fieldHash}
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("read text index hashes: %w", wrapClosed(err))
	}
	addHashes(out, res)
	return out, nil
}

// addHashes adds the stored hash of each hit of res to out by id.
func addHashes(out map[string]string, res *bleve.SearchResult) {
	for _, h := range res.Hits {
		s, _ := h.Fields[fieldHash].(string)
		out[h.ID] = s
	}
}

// Hashes returns the content hash of every indexed item by id: in one
// unsorted request when the index holds fewer than maxHashPage items (each
// request visits every item, and sorting them by id only serves paging:
// pages of 1,000 in id order took 24 s at 100,000 items, one request 8 s),
// else in pages of maxHashPage in id order.
func (ix *Index) Hashes(ctx context.Context) (map[string]string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	count, err := ix.bi.DocCount()
	if err != nil {
		return nil, fmt.Errorf("read text index hashes: %w", wrapClosed(err))
	}
	paged := count >= uint64(maxHashPage)
	page := maxHashPage
	if !paged {
		page = int(count) + 1
	}
	out := make(map[string]string, count)
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, 0, false)
		if paged {
			req.SortBy([]string{"_id"})
			req.SearchAfter = after
		}
		req.Fields = []string{fieldHash}
		res, err := ix.bi.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("read text index hashes: %w", wrapClosed(err))
		}
		addHashes(out, res)
		if len(res.Hits) < page {
			return out, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
