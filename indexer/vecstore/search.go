package vecstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/tremplin/tremplin/catalog"
)

// Search returns the k items whose vectors are closest to vec by cosine
// similarity among those matching f, best first, ties broken by id. A zero
// vec or k <= 0 gives no result; a vector of another dimension than the
// store's gives catalog.ErrInvalid. From annMinItems items with sparse
// vectors the search is approximate (see postings): the candidates come
// from an int8 inverted index, their scores from the exact float32 vectors,
// and k results come back whenever k items match f.
func (s *Store) Search(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error) {
	return s.search(vec, f, k, true)
}

// Warm builds what the approximate search of the current content needs
// (a few seconds at 100,000 items), which the first Search would
// otherwise build.
func (s *Store) Warm(ctx context.Context) error {
	_, err := s.cur.Load().annIndex()
	return err
}

// SearchExact is Search by a scan of every item, never approximate: the
// reference the approximate search's recall is measured against.
func (s *Store) SearchExact(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error) {
	return s.search(vec, f, k, false)
}

func (s *Store) search(vec []float32, f catalog.Filter, k int, approx bool) ([]catalog.Scored, error) {
	st := s.cur.Load()
	if k <= 0 || len(st.ids) == 0 {
		return nil, nil
	}
	if err := catalog.CheckVector(vec, st.dims); err != nil {
		if isZero(vec) && len(vec) == st.dims {
			return nil, nil
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	q := make([]float32, st.dims)
	normalise(q, vec)
	hits, ok := []hit(nil), false
	if approx {
		p, err := st.annIndex()
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if p != nil {
			if hits, ok, err = p.search(st, q, f, k); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
		}
	}
	if !ok {
		var err error
		if hits, err = st.exact(q, f, k); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(st.ids[a.i], st.ids[b.i])
	})
	out := make([]catalog.Scored, len(hits))
	for n, h := range hits {
		out[n] = catalog.Scored{ID: st.ids[h.i], Score: float64(h.score)}
	}
	return out, nil
}

// exact returns the k best hits for the unit query q by a scan of every
// item matching f.
func (st *state) exact(q []float32, f catalog.Filter, k int) ([]hit, error) {
	top := topK{ids: st.ids, hits: make([]hit, 0, k)}
	err := st.vectors().each(func(i int, v []float32) error {
		if f.Match(&st.views[i]) {
			top.offer(hit{i, dot(q, v)}, k)
		}
		return nil
	})
	return top.hits, err
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// dot is the inner product of two vectors of equal length, unrolled by
// eight with independent accumulators so the loop pipelines well.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	for len(a) >= 8 {
		x, y := a[:8:8], b[:8:8]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		s4 += x[4] * y[4]
		s5 += x[5] * y[5]
		s6 += x[6] * y[6]
		s7 += x[7] * y[7]
		a, b = a[8:], b[8:]
	}
	for i := range a {
		s0 += a[i] * b[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// hit is a candidate: the item's position in the state and its score.
type hit struct {
	i     int
	score float32
}

// topK keeps the k best hits seen so far in a min-heap: hits[0] is the
// worst of them, the one a better hit replaces.
type topK struct {
	ids  []string
	hits []hit
}

// worse reports whether a ranks below b (lower score, then greater id).
func (t *topK) worse(a, b hit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return t.ids[a.i] > t.ids[b.i]
}

// offer adds h if fewer than k hits are kept or h beats the worst of them.
func (t *topK) offer(h hit, k int) {
	if len(t.hits) < k {
		t.hits = append(t.hits, h)
		t.up(len(t.hits) - 1)
		return
	}
	if !t.worse(t.hits[0], h) {
		return
	}
	t.hits[0] = h
	t.down(0)
}

func (t *topK) up(j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !t.worse(t.hits[j], t.hits[parent]) {
			return
		}
		t.hits[j], t.hits[parent] = t.hits[parent], t.hits[j]
		j = parent
	}
}

func (t *topK) down(j int) {
	n := len(t.hits)
	for {
		least := j
		for _, c := range []int{2*j + 1, 2*j + 2} {
			if c < n && t.worse(t.hits[c], t.hits[least]) {
				least = c
			}
		}
		if least == j {
			return
		}
		t.hits[j], t.hits[least] = t.hits[least], t.hits[j]
		j = least
	}
}
