package vecstore

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sync"

	"github.com/tremplin/tremplin/catalog"
)

// The approximate search (postings) stands in for the exact scan once a
// store holds annMinItems items or more whose vectors are sparse enough
// (the local embedder's hashed TF-IDF vectors have about a third of their
// dimensions non-zero). It is an inverted index over dimensions: for each
// dimension, the items whose vector is clearly non-zero there (see
// annMinLevel), with that value quantised to int8 (one scale per item). A
// query walks the postings of its strongest dimensions only, accumulating
// approximate scores, keeps the best candidates that match the filter, and
// re-scores them exactly on the float32 vectors. Dense vectors (an OpenAI-compatible embedder) keep the
// exact scan: their postings would be the whole matrix.
const (
	// annMinItems is the store size from which the postings are used: the
	// exact scan of 1,536 dimensions costs about 1 ms per 1,000 items.
	annMinItems = 2000
	// annMaxDensity is the largest share of non-zero dimensions for which
	// postings are built.
	annMaxDensity = 0.5
	// annQueryEnergy is the share of the query's squared norm carried by
	// the dimensions whose postings are walked.
	annQueryEnergy = 0.95
	// annCandidates is the number of candidates re-scored exactly per
	// result asked for, with annMinCandidates at least.
	annCandidates    = 4
	annMinCandidates = 400
	// annMinLevel is the smallest magnitude, on the int8 scale of its item
	// (127 its largest), of a value kept in the postings: the values below
	// it, 7 % of the item's largest or less, hardly move an approximate
	// score, and the exact re-score sees them all. At 100,000 grown items
	// they were three in four postings: keeping them cost 13.6 / 23 ms per
	// search (p50 / p95) instead of 5.1 / 7.7, for a recall@100 of 1.000
	// either way; at the 4,481 RNCP items recall@100 is 0.995 (0.9996
	// with every value), served nDCG@10 unchanged at 0.577.
	annMinLevel = 9
)

// postings is the inverted index of one state, built once, read-only after.
// Per dimension, the positions of the items non-zero there ascend, stored
// as uvarint gaps (one byte each for all but the sparsest dimensions: a
// fifth of the 4-byte positions they replace), beside their int8 values.
type postings struct {
	gaps  [][]byte  // per dimension: uvarint position gaps, the first from 0
	vals  [][]int8  // per dimension: quantised values, one per position
	scale []float32 // per item, value = vals × scale
	accs  sync.Pool // *[]float32 of len(items of the state)
}

// annIndex returns the state's postings, building them on first use, or nil
// when the state is too small or its vectors too dense.
func (st *state) annIndex() (*postings, error) {
	st.annOnce.Do(func() {
		st.ann, st.annErr = buildPostings(st)
		st.annBuilt.Store(true)
	})
	return st.ann, st.annErr
}

// annMaxExtra is the most items a state derived from another's postings
// scores exactly besides them (a vector read each, about 2 µs); past it,
// or once a tenth of the postings are stale, the next search builds the
// postings of the state anew.
const annMaxExtra = 500

// deriveAnn gives next, written from old, the postings of old when old
// has them and the write changed few items: an edit of a large store
// then costs its next search a few exact scores, not a rebuild of the
// postings (1–2 s at 100,000 items). Call it before next is published.
func deriveAnn(old, next *state) {
	if !old.annBuilt.Load() || old.ann == nil {
		return
	}
	core, n := old.ann, len(next.ids)
	extra := make(map[int]struct{}, len(old.annExtra)+len(next.touched))
	for _, i := range old.annExtra {
		extra[i] = struct{}{}
	}
	for i := range next.touched {
		extra[i] = struct{}{}
	}
	for i := range extra {
		if i >= n {
			delete(extra, i)
		}
	}
	stale, staleN, copied := old.annStale, old.annStaleN, false
	mark := func(i int) {
		if i >= len(core.scale) || (stale != nil && stale[i]) {
			return
		}
		if !copied { // old's marks are old's: mark a copy
			stale = append(make([]bool, 0, len(core.scale)), old.annStale...)[:len(core.scale)]
			copied = true
		}
		stale[i] = true
		staleN++
	}
	for i := range next.touched {
		mark(i)
	}
	for _, i := range next.gone {
		mark(i)
	}
	if len(extra) > annMaxExtra || 10*staleN > len(core.scale) {
		return
	}
	next.ann, next.annStale, next.annStaleN = core, stale, staleN
	next.annExtra = make([]int, 0, len(extra))
	for i := range extra {
		next.annExtra = append(next.annExtra, i)
	}
	slices.Sort(next.annExtra)
	next.annOnce.Do(func() {})
	next.annBuilt.Store(true)
}

// buildPostings builds the postings of st, or returns nil when they would
// not pay (see annMinItems, annMaxDensity).
func buildPostings(st *state) (*postings, error) {
	n, dims := len(st.ids), st.dims
	if n < annMinItems || dims == 0 {
		return nil, nil
	}
	var nnz int
	err := st.vectors().each(func(_ int, v []float32) error {
		for _, x := range v {
			if x != 0 {
				nnz++
			}
		}
		return nil
	})
	if err != nil || float64(nnz) > annMaxDensity*float64(n)*float64(dims) {
		return nil, err
	}
	p := &postings{gaps: make([][]byte, dims), vals: make([][]int8, dims), scale: make([]float32, n)}
	last := make([]int, dims) // per dimension, the last position written
	err = st.vectors().each(func(i int, vec []float32) error {
		var m float32
		for _, x := range vec {
			m = max(m, abs32(x))
		}
		if m == 0 {
			return nil
		}
		p.scale[i] = m / 127
		inv := 127 / m
		for d, x := range vec {
			q := math.Round(float64(x * inv))
			if math.Abs(q) < annMinLevel {
				continue
			}
			p.gaps[d] = binary.AppendUvarint(p.gaps[d], uint64(i-last[d]))
			last[d] = i
			p.vals[d] = append(p.vals[d], int8(q))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for d := range dims {
		p.gaps[d], p.vals[d] = slices.Clip(p.gaps[d]), slices.Clip(p.vals[d])
	}
	p.accs.New = func() any { a := make([]float32, n); return &a }
	return p, nil
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

// search returns up to k hits for the unit query q among the items matching
// f, or ok false when fewer than k candidates were found, for the caller
// to fall back on the exact scan (which then finds every match).
func (p *postings) search(st *state, q []float32, f catalog.Filter, k int) (hits []hit, ok bool, err error) {
	dims := p.queryDims(q)
	ap := p.accs.Get().(*[]float32)
	acc := *ap
	defer func() {
		clear(acc)
		p.accs.Put(ap)
	}()
	for _, d := range dims {
		p.walk(acc, q[d], d)
	}
	// The best candidates by approximate score that match the filter; the
	// filter is only asked about items that would enter the list.
	c := max(annCandidates*k, annMinCandidates)
	cand := topK{ids: st.ids, hits: make([]hit, 0, c)}
	n := len(st.ids)
	for i, a := range acc {
		if a <= 0 || i >= n || (st.annStale != nil && st.annStale[i]) {
			continue
		}
		s := a * p.scale[i]
		if len(cand.hits) == c && s <= cand.hits[0].score {
			continue
		}
		if !f.Match(&st.views[i]) {
			continue
		}
		cand.offer(hit{i, s}, c)
	}
	// The items the postings do not cover (written since they were
	// built) are scored exactly.
	top := topK{ids: st.ids, hits: make([]hit, 0, k)}
	vr := st.vectors()
	extra := 0
	for _, i := range st.annExtra {
		if !f.Match(&st.views[i]) {
			continue
		}
		v, err := vr.at(i)
		if err != nil {
			return nil, false, err
		}
		top.offer(hit{i, dot(q, v)}, k)
		extra++
	}
	if len(cand.hits)+extra < k {
		return nil, false, nil
	}
	// Re-score in position order: reads of nearby vectors of the file.
	slices.SortFunc(cand.hits, func(a, b hit) int { return cmp.Compare(a.i, b.i) })
	for _, h := range cand.hits {
		v, err := vr.at(h.i)
		if err != nil {
			return nil, false, err
		}
		top.offer(hit{h.i, dot(q, v)}, k)
	}
	return top.hits, true, nil
}

// walk adds w times the values of dimension d to acc, by item position.
func (p *postings) walk(acc []float32, w float32, d int) {
	gaps, vals := p.gaps[d], p.vals[d]
	i, j := 0, 0
	for _, v := range vals {
		if b := gaps[j]; b < 0x80 {
			i += int(b)
			j++
		} else {
			g, n := binary.Uvarint(gaps[j:])
			i += int(g)
			j += n
		}
		acc[i] += w * float32(v)
	}
}

// queryDims returns the dimensions of q, strongest first, that carry
// annQueryEnergy of its squared norm.
func (p *postings) queryDims(q []float32) []int {
	dims := make([]int, 0, len(q))
	for d, x := range q {
		if x != 0 && len(p.vals[d]) > 0 {
			dims = append(dims, d)
		}
	}
	slices.SortFunc(dims, func(a, b int) int { return cmp.Compare(abs32(q[b]), abs32(q[a])) })
	var total, sum float64
	for _, d := range dims {
		total += float64(q[d]) * float64(q[d])
	}
	for n, d := range dims {
		sum += float64(q[d]) * float64(q[d])
		if sum >= annQueryEnergy*total {
			return dims[:n+1]
		}
	}
	return dims
}
