package embed

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"
)

// localModelPrefix starts every Local model name; bump the version when the
// features change meaning.
const localModelPrefix = "local-hashtfidf-v1-"

// minStoredDF is the smallest document frequency kept in the weights: rarer
// features get the weight of an unseen one.
const minStoredDF = 2

// idfFloor keeps the most common features from vanishing entirely.
const idfFloor = 1.0

// Local is the offline embedder: hashed French features (stemmed words,
// word bigrams, character n-grams) weighted by sub-linear TF × IDF, the IDF
// learned from a corpus, projected with signed hashing into a fixed number
// of dimensions and L2-normalised; with concepts (FitLocalConcepts), the
// vector also points at the nearest reference texts. It is deterministic
// and safe for concurrent use.
type Local struct {
	opts  LocalOptions
	docs  int
	df    map[uint64]uint32 // learned document frequencies, as saved
	idfs  *table[float32]   // their IDF, precomputed
	rare  float64           // IDF of a feature seen in at most one document
	cpt   *concepts         // nil without concepts
	model string
	pool  sync.Pool // *scratch
}

// scratch is the per-call working memory of Local.vector: the distinct
// features of a text in order of first occurrence (so that sums, and thus
// vectors, do not depend on map order) and their positions.
type scratch struct {
	pos   *table[int32]
	feats []feature
	sims  []float32 // similarity to each concept
	top   []int     // best concepts
	dims  []int     // strongest dimensions of the vector
	abs   []float32 // their magnitudes, sorted
	memo  wordMemo
}

type feature struct {
	h     uint64
	w     float64
	group int
}

// FitLocal learns the document frequencies of the features of texts (the
// catalog and référentiel texts) and returns a Local embedder.
func FitLocal(texts []string, opts LocalOptions) (*Local, error) {
	opts, err := opts.normalized()
	if err != nil {
		return nil, err
	}
	counts := countFeatures(texts, &opts)
	df := make(map[uint64]uint32)
	if counts != nil {
		counts.each(func(h uint64, n uint32) {
			if n >= minStoredDF {
				df[h] = n
			}
		})
	}
	return newLocal(opts, len(texts), df, nil), nil
}

// countFeatures returns, for every feature, the number of texts that have
// it, spreading the texts over the CPUs.
func countFeatures(texts []string, opts *LocalOptions) *table[uint32] {
	workers := min(runtime.GOMAXPROCS(0), (len(texts)+255)/256)
	parts := make([]*table[uint32], workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			counts := newTable[uint32](1 << 16)
			seen := newTable[struct{}](1024)
			var memo wordMemo
			for i := w; i < len(texts); i += workers {
				seen.reset()
				opts.features(texts[i], &memo, func(h uint64, _ int, _ float32) {
					if _, added := seen.put(h); added {
						n, _ := counts.put(h)
						*n++
					}
				})
			}
			parts[w] = counts
		})
	}
	wg.Wait()
	if len(parts) == 0 {
		return nil
	}
	total := parts[0]
	for _, p := range parts[1:] {
		p.each(func(h uint64, n uint32) {
			m, _ := total.put(h)
			*m += n
		})
	}
	return total
}

func newLocal(opts LocalOptions, docs int, df map[uint64]uint32, conceptVecs [][]float32) *Local {
	l := &Local{opts: opts, docs: docs, df: df, idfs: newTable[float32](len(df)), cpt: newConcepts(conceptVecs, opts.Dimensions)}
	for h, n := range df {
		w, _ := l.idfs.put(h)
		*w = float32(l.idfOf(n))
	}
	l.rare = l.idfOf(1)
	l.model = localModelPrefix + l.weightsHash()[:8]
	l.pool.New = func() any { return &scratch{pos: newTable[int32](512)} }
	return l
}

// weightsHash is the hex SHA-256 of the options and learned weights.
func (l *Local) weightsHash() string {
	h := sha256.New()
	opts, _ := json.Marshal(l.opts) // plain struct of numbers and bools: cannot fail
	h.Write(opts)
	var b [12]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(l.docs))
	h.Write(b[:8])
	for _, k := range l.sortedKeys() {
		binary.LittleEndian.PutUint64(b[:8], k)
		binary.LittleEndian.PutUint32(b[8:], l.df[k])
		h.Write(b[:])
	}
	if l.cpt != nil {
		binary.LittleEndian.PutUint64(b[:8], uint64(l.cpt.n))
		h.Write(b[:8])
		for _, x := range l.cpt.t {
			binary.LittleEndian.PutUint32(b[:4], math.Float32bits(x))
			h.Write(b[:4])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (l *Local) sortedKeys() []uint64 {
	keys := make([]uint64, 0, len(l.df))
	for k := range l.df {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Model names the embedder and its weights, e.g. "local-hashtfidf-v1-1a2b3c4d":
// refitting on other texts or options changes it, and so the cache key.
func (l *Local) Model() string { return l.model }

// Dimensions returns the vector size.
func (l *Local) Dimensions() int { return l.opts.Dimensions }

// Options returns the options in effect, defaults applied.
func (l *Local) Options() LocalOptions { return l.opts }

// idf is the smoothed inverse document frequency of feature h.
func (l *Local) idf(h uint64) float64 {
	if w, ok := l.idfs.get(h); ok {
		return float64(w)
	}
	return l.rare
}

func (l *Local) idfOf(df uint32) float64 {
	return math.Log(float64(l.docs+1)/float64(df+1)) + idfFloor
}

// Embed returns one unit vector per text. A text without a letter or digit
// is refused with ErrEmptyText. Large inputs are spread over the CPUs.
func (l *Local) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	workers := min(runtime.GOMAXPROCS(0), (len(texts)+63)/64)
	g, ctx := errgroup.WithContext(ctx)
	for w := range workers {
		g.Go(func() error {
			for i := w; i < len(texts); i += workers {
				if i%64 == 0 && ctx.Err() != nil {
					return context.Cause(ctx)
				}
				v, ok := l.vector(texts[i])
				if !ok {
					return fmt.Errorf("texte n° %d: %w", i+1, ErrEmptyText)
				}
				out[i] = v
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// vector embeds one text; ok is false when it has no feature.
func (l *Local) vector(text string) (v []float32, ok bool) {
	s := l.pool.Get().(*scratch)
	defer l.pool.Put(s)
	s.pos.reset()
	s.feats = s.feats[:0]
	l.opts.features(text, &s.memo, func(h uint64, group int, w float32) {
		i, added := s.pos.put(h)
		if added {
			*i = int32(len(s.feats))
			s.feats = append(s.feats, feature{h: h, group: group})
		}
		s.feats[*i].w += float64(w)
	})
	if len(s.feats) == 0 {
		return nil, false
	}
	// Weigh each feature, then scale each group to unit norm times its weight.
	var sumsq [numGroups]float64
	for i := range s.feats {
		f := &s.feats[i]
		f.w = l.tfWeight(f.w) * l.idf(f.h)
		sumsq[f.group] += f.w * f.w
	}
	var scale [numGroups]float64
	for g := range scale {
		if sumsq[g] > 0 {
			scale[g] = l.opts.weight(g) / math.Sqrt(sumsq[g])
		}
	}
	v = make([]float32, l.opts.Dimensions)
	for _, f := range s.feats {
		i, sign := bucket(f.h, len(v))
		v[i] += sign * float32(f.w*scale[f.group])
	}
	if !normalize(v) {
		return nil, false
	}
	if l.cpt != nil && l.opts.ConceptWeight > 0 {
		l.cpt.mix(v, s, l.opts.ConceptTop, l.opts.ConceptWeight)
		normalize(v)
	}
	return v, true
}

func sqrt(x float64) float64 { return math.Sqrt(x) }

func (l *Local) tfWeight(n float64) float64 {
	if l.opts.LinearTF {
		return n
	}
	return 1 + math.Log(n)
}

// normalize scales v to unit length; it reports false for a zero vector.
func normalize(v []float32) bool {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	if s == 0 {
		return false
	}
	inv := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i] *= inv
	}
	return true
}
