package embed

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog"
)

// seedConcept namespaces the buckets of concepts.
const seedConcept uint64 = 0x57a0c3d1e2f40004

// concepts holds the TF-IDF vectors of reference texts (one per ROME fiche
// métier, say), transposed: t[d*n+j] is dimension d of concept j, so that a
// text's similarity to every concept is a sum of contiguous rows over its
// non-zero dimensions.
type concepts struct {
	n int
	t []float32
}

// FitLocalConcepts fits a Local on texts, as FitLocal does, and adds
// concepts: reference texts, typically one per structured métier fiche
// (label, appellations, definition, skills). Each embedded text is then
// also pointed at its ConceptTop most similar concepts, a form of explicit
// semantic analysis that brings together texts sharing a métier but few
// words ("berger d'estive" and "élevage ovin"). texts should include the
// concepts so that their words get weights.
//
// Pass the structured fiches (catalog.Metier.Structured: the ROME fiches
// and the company's emplois, ESCO excluded), built with ConceptText. On the
// RNCP eval (TestLocalEvalROME) the 1,584 ROME fiches as concepts raise
// nDCG@10 of cosine ranking from 0.316 to 0.396 at 1,024 dimensions, while
// adding the ESCO occupations as concepts lowers it to 0.337: hence no
// ESCO. The company's emplois were not part of that measure.
func FitLocalConcepts(texts, conceptTexts []string, opts LocalOptions) (*Local, error) {
	base, err := FitLocal(texts, opts)
	if err != nil {
		return nil, err
	}
	if len(conceptTexts) == 0 {
		return base, nil
	}
	vecs, err := base.Embed(context.Background(), conceptTexts)
	if err != nil {
		return nil, fmt.Errorf("concepts: %w", err)
	}
	return newLocal(base.opts, base.docs, base.df, vecs), nil
}

func newConcepts(vecs [][]float32, dims int) *concepts {
	if len(vecs) == 0 {
		return nil
	}
	c := &concepts{n: len(vecs), t: make([]float32, dims*len(vecs))}
	for j, v := range vecs {
		for d, x := range v {
			c.t[d*c.n+j] = x
		}
	}
	return c
}

// vectors returns the concept vectors, one per concept (for Save).
func (c *concepts) vectors(dims int) [][]float32 {
	out := make([][]float32, c.n)
	for j := range out {
		out[j] = make([]float32, dims)
		for d := range dims {
			out[j][d] = c.t[d*c.n+j]
		}
	}
	return out
}

// similarities sets sims[j] to the dot product of v and concept j over the
// dimensions dims, four rows at a time so that sims is read and written a
// quarter as often.
func (c *concepts) similarities(sims, v []float32, dims []int) {
	row := func(d int) []float32 { return c.t[d*c.n : (d+1)*c.n : (d+1)*c.n] }
	i := 0
	for ; i+4 <= len(dims); i += 4 {
		x0, x1, x2, x3 := v[dims[i]], v[dims[i+1]], v[dims[i+2]], v[dims[i+3]]
		r0, r1, r2, r3 := row(dims[i]), row(dims[i+1]), row(dims[i+2]), row(dims[i+3])
		axpy4(sims, r0[:len(sims)], r1[:len(sims)], r2[:len(sims)], r3[:len(sims)], x0, x1, x2, x3)
	}
	for ; i < len(dims); i++ {
		x, r := v[dims[i]], row(dims[i])[:len(sims)]
		for j := range sims {
			sims[j] += x * r[j]
		}
	}
}

// axpy4Go adds x0*r0[j] + x1*r1[j] + x2*r2[j] + x3*r3[j] to sims[j] for
// every j, in float32, in that order. The rows must be at least as long
// as sims.
func axpy4Go(sims, r0, r1, r2, r3 []float32, x0, x1, x2, x3 float32) {
	r0, r1, r2, r3 = r0[:len(sims)], r1[:len(sims)], r2[:len(sims)], r3[:len(sims)]
	for j := range sims {
		sims[j] += x0*r0[j] + x1*r1[j] + x2*r2[j] + x3*r3[j]
	}
}

// selectNth returns what x[k] would be were x sorted in increasing order,
// reordering x (quickselect: linear time on average, where sorting would
// be n log n).
func selectNth(x []float32, k int) float32 {
	lo, hi := 0, len(x)-1
	for lo < hi {
		// Median of three as the pivot, then a three-way partition:
		// [lo, lt) < p, [lt, gt] == p, (gt, hi] > p.
		mid := lo + (hi-lo)/2
		a, b, c := x[lo], x[mid], x[hi]
		p := max(min(a, b), min(max(a, b), c))
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch {
			case x[i] < p:
				x[lt], x[i] = x[i], x[lt]
				lt++
				i++
			case x[i] > p:
				x[i], x[gt] = x[gt], x[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return p
		}
	}
	return x[k]
}

// conceptProbe is how many of a vector's largest dimensions are used to
// find its nearest concepts: beyond it the top concepts barely change and
// the cost grows linearly.
var conceptProbe = 256

// strongest returns the indexes of the (at most) n largest |v[d]|, ties
// going to the lower index, in increasing order of d.
func (s *scratch) strongest(v []float32, n int) []int {
	s.dims, s.abs = s.dims[:0], s.abs[:0]
	for d, x := range v {
		if x != 0 {
			s.dims = append(s.dims, d)
			s.abs = append(s.abs, abs32(x))
		}
	}
	if len(s.dims) <= n {
		return s.dims
	}
	threshold := selectNth(s.abs, len(s.abs)-n)
	ties := n
	for _, a := range s.abs {
		if a > threshold {
			ties--
		}
	}
	out := s.dims[:0] // filtered in place: writes never pass reads
	for _, d := range s.dims {
		switch a := abs32(v[d]); {
		case a > threshold:
			out = append(out, d)
		case a == threshold && ties > 0:
			ties--
			out = append(out, d)
		}
	}
	return out
}

func abs32(x float32) float32 {
	if x < 0 {
		return -x
	}
	return x
}

// mix adds to the unit TF-IDF vector v the unit vector of its top concept
// similarities, each in its own hashed bucket, weighted by weight.
func (c *concepts) mix(v []float32, s *scratch, top int, weight float64) {
	if cap(s.sims) < c.n {
		s.sims = make([]float32, c.n)
	}
	sims := s.sims[:c.n]
	clear(sims)
	c.similarities(sims, v, s.strongest(v, conceptProbe))
	s.top = s.top[:0]
	for j, x := range sims {
		if x <= 0 {
			continue
		}
		if len(s.top) < top {
			s.top = append(s.top, j)
			continue
		}
		// Replace the weakest of the current top when x beats it.
		w := 0
		for k, i := range s.top {
			if sims[i] < sims[s.top[w]] || (sims[i] == sims[s.top[w]] && i > s.top[w]) {
				w = k
			}
		}
		if x > sims[s.top[w]] {
			s.top[w] = j
		}
	}
	slices.Sort(s.top)
	var norm float64
	for _, j := range s.top {
		norm += float64(sims[j]) * float64(sims[j])
	}
	if norm == 0 {
		return
	}
	scale := weight / sqrt(norm)
	for _, j := range s.top {
		i, sign := bucket(mix(seedConcept^uint64(j)), len(v))
		v[i] += sign * float32(float64(sims[j])*scale)
	}
}

// ConceptText is the text of a métier used as a concept by
// FitLocalConcepts: its label, appellations, definition, access (diplomas
// and certifications that lead to it) and skills, one part per line.
func ConceptText(m catalog.Metier) string {
	parts := []string{m.Label}
	for _, a := range m.Appellations {
		parts = append(parts, a.Label)
	}
	parts = append(parts, m.Definition, m.Access)
	parts = append(parts, m.CoreSkills...)
	parts = append(parts, m.OtherSkills...)
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(p)
		}
	}
	return b.String()
}
