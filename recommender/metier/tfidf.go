package metier

import (
	"math"
	"sort"
)

// vocab holds the document frequencies of a corpus of term lists, for
// TF-IDF weighting.
type vocab struct {
	ids  map[string]int32
	df   []int32
	docs int
}

func newVocab() *vocab { return &vocab{ids: make(map[string]int32)} }

// add counts one document of the corpus.
func (v *vocab) add(ts []string) {
	v.docs++
	seen := make(map[int32]bool, len(ts))
	for _, t := range ts {
		id, ok := v.ids[t]
		if !ok {
			id = int32(len(v.df))
			v.ids[t] = id
			v.df = append(v.df, 0)
		}
		if !seen[id] {
			seen[id] = true
			v.df[id]++
		}
	}
}

func (v *vocab) idf(id int32) float64 {
	return math.Log(1 + float64(v.docs)/float64(v.df[id]))
}

// entry is one weighted term of a sparse vector.
type entry struct {
	id int32
	w  float32
}

// svec is a sparse vector sorted by term id.
type svec []entry

// weighted is a list of terms with a weight for the whole list, so that a
// document can weigh its fields differently.
type weighted struct {
	terms []string
	w     float64
}

// vector returns the L2-normalised TF-IDF vector (sublinear tf) of the
// weighted term lists; terms outside the vocabulary are ignored.
func (v *vocab) vector(parts ...weighted) svec {
	tf := make(map[int32]float64)
	for _, p := range parts {
		counts := make(map[int32]int)
		for _, t := range p.terms {
			if id, ok := v.ids[t]; ok {
				counts[id]++
			}
		}
		for id, c := range counts {
			tf[id] += p.w * (1 + math.Log(float64(c)))
		}
	}
	out := make(svec, 0, len(tf))
	var norm float64
	for id, x := range tf {
		w := x * v.idf(id)
		norm += w * w
		out = append(out, entry{id: id, w: float32(w)})
	}
	if norm == 0 {
		return nil
	}
	n := float32(1 / math.Sqrt(norm))
	for i := range out {
		out[i].w *= n
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// invIndex finds the documents closest to a query vector (cosine).
type invIndex struct {
	postings map[int32][]posting
	docs     int
}

type posting struct {
	doc int32
	w   float32
}

func newInvIndex(vecs []svec) *invIndex {
	ix := &invIndex{postings: make(map[int32][]posting), docs: len(vecs)}
	for d, v := range vecs {
		for _, e := range v {
			ix.postings[e.id] = append(ix.postings[e.id], posting{doc: int32(d), w: e.w})
		}
	}
	return ix
}

// hit is a document and its similarity.
type hit struct {
	doc   int
	score float64
}

// scores returns the cosine of q with every document that shares a term.
func (ix *invIndex) scores(q svec) map[int32]float64 {
	acc := make(map[int32]float64)
	for _, e := range q {
		for _, p := range ix.postings[e.id] {
			acc[p.doc] += float64(e.w) * float64(p.w)
		}
	}
	return acc
}

// accumulate adds to acc[d] the cosine of q with every document d that
// shares a term with it, in the order scores sums them (so the sums are
// the same floats), and marks d in touch.
func (ix *invIndex) accumulate(acc []float64, touch *touchSet, q svec) {
	for _, e := range q {
		for _, p := range ix.postings[e.id] {
			acc[p.doc] += float64(e.w) * float64(p.w)
			touch.add(int(p.doc))
		}
	}
}

// touchSet is a set of documents [0, n) that lists its members and
// clears in the time of their number.
type touchSet struct {
	in   []bool
	list []int
}

func newTouchSet(n int) *touchSet { return &touchSet{in: make([]bool, n)} }

func (s *touchSet) add(d int) {
	if !s.in[d] {
		s.in[d] = true
		s.list = append(s.list, d)
	}
}

func (s *touchSet) clear() {
	for _, d := range s.list {
		s.in[d] = false
	}
	s.list = s.list[:0]
}

// top returns the k best documents for q, best first, ties by document.
func (ix *invIndex) top(q svec, k int) []hit {
	acc := ix.scores(q)
	out := make([]hit, 0, len(acc))
	for d, s := range acc {
		out = append(out, hit{doc: int(d), score: s})
	}
	sortHits(out)
	if len(out) > k {
		out = out[:k]
	}
	return out
}

func sortHits(hs []hit) {
	sort.Slice(hs, func(i, j int) bool {
		if hs[i].score != hs[j].score {
			return hs[i].score > hs[j].score
		}
		return hs[i].doc < hs[j].doc
	})
}
