package vecstore

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"

	"github.com/tremplin/tremplin/catalog"
)

// Search returns the k items whose vectors are closest to vec by cosine
// similarity among those matching f, best first, ties broken by id. The
// search is exact. A zero vec or k <= 0 gives no result; a vector of
// another dimension than the store's gives catalog.ErrInvalid.
func (s *Store) Search(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error) {
	st := s.cur.Load()
	if k <= 0 || len(st.ids) == 0 {
		return nil, nil
	}
	if err := checkVector(vec, st.dims); err != nil {
		if isZero(vec) && len(vec) == st.dims {
			return nil, nil
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	q := make([]float32, st.dims)
	normalise(q, vec)
	top := make(topK, 0, k+1)
	for i := range st.ids {
		if !f.Match(&st.items[i]) {
			continue
		}
		score := dot(q, st.vecs[i*st.dims:(i+1)*st.dims])
		if len(top) == k && !top.beats(hit{i, score}, 0, st.ids) {
			continue
		}
		heap.Push(&topHeap{top: &top, ids: st.ids}, hit{i, score})
		if len(top) > k {
			heap.Pop(&topHeap{top: &top, ids: st.ids})
		}
	}
	slices.SortFunc(top, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(st.ids[a.i], st.ids[b.i])
	})
	out := make([]catalog.Scored, len(top))
	for n, h := range top {
		out[n] = catalog.Scored{ID: st.ids[h.i], Score: float64(h.score)}
	}
	return out, nil
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

// topK holds the best hits seen so far as a min-heap: top[0] is the worst.
type topK []hit

// beats reports whether h ranks above top[j] (higher score, then lower id).
func (t topK) beats(h hit, j int, ids []string) bool {
	if h.score != t[j].score {
		return h.score > t[j].score
	}
	return ids[h.i] < ids[t[j].i]
}

// topHeap adapts topK to container/heap, worst hit first.
type topHeap struct {
	top *topK
	ids []string
}

func (h *topHeap) Len() int           { return len(*h.top) }
func (h *topHeap) Less(a, b int) bool { return (*h.top).beats((*h.top)[b], a, h.ids) }
func (h *topHeap) Swap(a, b int)      { (*h.top)[a], (*h.top)[b] = (*h.top)[b], (*h.top)[a] }
func (h *topHeap) Push(x any)         { *h.top = append(*h.top, x.(hit)) }
func (h *topHeap) Pop() any {
	old := *h.top
	x := old[len(old)-1]
	*h.top = old[:len(old)-1]
	return x
}
