package embed

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog/french"
)

// Feature groups of the local embedder; each hashes in its own namespace.
const (
	groupWord   = iota // stemmed content word
	groupBigram        // two consecutive stemmed content words
	groupGram          // character n-gram of a folded word with boundary marks
	numGroups
)

// LocalOptions tunes the local embedder. The zero value gives the defaults;
// a negative weight turns its feature group off.
type LocalOptions struct {
	// Dimensions is the vector size. Default 1,024.
	Dimensions int `json:"dimensions"`
	// MinGram and MaxGram bound the character n-gram sizes. Default 3 and 5.
	MinGram int `json:"min_gram"`
	MaxGram int `json:"max_gram"`
	// WordWeight, BigramWeight and GramWeight scale the three feature
	// groups, each first normalised to unit length. Defaults 1, off (-1)
	// and 2: bigrams did not help on the RNCP eval queries (see
	// TestLocalEval).
	WordWeight   float64 `json:"word_weight"`
	BigramWeight float64 `json:"bigram_weight"`
	GramWeight   float64 `json:"gram_weight"`
	// FirstLineWeight counts each feature of the first line of a text (the
	// title of a catalog item, see catalog.EmbeddingText; the projet of a
	// query) this many times. Default 2; 1 treats all lines alike.
	FirstLineWeight float64 `json:"first_line_weight"`
	// ConceptTop is the number of nearest concepts (see FitLocalConcepts)
	// added to a vector. Default 5.
	ConceptTop int `json:"concept_top"`
	// ConceptWeight scales the concept part against the unit TF-IDF part.
	// Default 1; negative ignores the concepts.
	ConceptWeight float64 `json:"concept_weight"`
	// KeepStopWords keeps French stop words as features.
	KeepStopWords bool `json:"keep_stop_words"`
	// LinearTF weighs a feature by its count rather than 1+ln(count).
	LinearTF bool `json:"linear_tf"`
}

// Default local options.
const (
	DefaultLocalDimensions = 1024
	defaultMinGram         = 3
	defaultMaxGram         = 5
	maxLocalDimensions     = 1 << 16
)

// normalized returns o with defaults applied, or an error naming the bad field.
func (o LocalOptions) normalized() (LocalOptions, error) {
	o.Dimensions = orDefault(o.Dimensions, DefaultLocalDimensions)
	o.MinGram = orDefault(o.MinGram, defaultMinGram)
	o.MaxGram = orDefault(o.MaxGram, defaultMaxGram)
	o.WordWeight = orDefault(o.WordWeight, 1)
	o.BigramWeight = orDefault(o.BigramWeight, -1)
	o.GramWeight = orDefault(o.GramWeight, 2)
	o.FirstLineWeight = orDefault(o.FirstLineWeight, 2)
	o.ConceptTop = orDefault(o.ConceptTop, 5)
	o.ConceptWeight = orDefault(o.ConceptWeight, 1)
	switch {
	case o.Dimensions < 1 || o.Dimensions > maxLocalDimensions:
		return o, fmt.Errorf("%w: dimensions %d hors de [1, %d]", ErrConfig, o.Dimensions, maxLocalDimensions)
	case o.MinGram < 1 || o.MaxGram < o.MinGram || o.MaxGram > 16:
		return o, fmt.Errorf("%w: tailles de n-grammes [%d, %d] invalides", ErrConfig, o.MinGram, o.MaxGram)
	case o.ConceptTop < 1 || o.ConceptTop > 1000:
		return o, fmt.Errorf("%w: nombre de concepts %d hors de [1, 1000]", ErrConfig, o.ConceptTop)
	}
	for _, w := range []float64{o.WordWeight, o.BigramWeight, o.GramWeight, o.FirstLineWeight, o.ConceptWeight} {
		if math.IsNaN(w) || math.IsInf(w, 0) || w > 1e6 {
			return o, fmt.Errorf("%w: poids non fini ou démesuré", ErrConfig)
		}
	}
	if o.FirstLineWeight < 1 {
		return o, fmt.Errorf("%w: poids de la première ligne %v inférieur à 1", ErrConfig, o.FirstLineWeight)
	}
	if o.WordWeight < 0 && o.BigramWeight < 0 && o.GramWeight < 0 {
		return o, fmt.Errorf("%w: tous les groupes de traits sont désactivés", ErrConfig)
	}
	return o, nil
}

func (o *LocalOptions) weight(group int) float64 {
	switch group {
	case groupWord:
		return o.WordWeight
	case groupBigram:
		return o.BigramWeight
	default:
		return o.GramWeight
	}
}

// featureSink receives each occurrence of a hashed feature.
type featureSink func(h uint64, group int, w float32)

// features calls sink for every feature occurrence of text: stemmed content
// words, bigrams of them, and character n-grams of the folded content words
// wrapped in boundary marks ("<developpeuse>"). When text has only stop
// words, they are used. It reports whether any feature was emitted. memo,
// when not nil, remembers the features of each word met.
func (o *LocalOptions) features(text string, memo *wordMemo, sink featureSink) bool {
	first, rest, _ := strings.Cut(text, "\n")
	if o.FirstLineWeight == 1 {
		first, rest = text, ""
	}
	a := o.lineFeatures(first, float32(o.FirstLineWeight), memo, sink)
	b := o.lineFeatures(rest, 1, memo, sink)
	return a || b
}

func (o *LocalOptions) lineFeatures(text string, weight float32, memo *wordMemo, sink featureSink) bool {
	toks := french.Tokens(text)
	words := toks
	if !o.KeepStopWords {
		words = make([]string, 0, len(toks))
		for _, t := range toks {
			if !french.IsStopWord(t) {
				words = append(words, t)
			}
		}
		if len(words) == 0 {
			words = toks
		}
	}
	var prev uint64
	var buf []byte
	var offs []int
	for i, w := range words {
		var wf *wordFeatures
		if memo != nil {
			wf = memo.get(w)
		}
		if wf == nil {
			wf = &wordFeatures{stem: hashString(seedWord, french.Stem(w))}
			if o.GramWeight > 0 {
				buf, offs = o.grams(w, buf, offs, func(h uint64) { wf.grams = append(wf.grams, h) })
			}
			if memo != nil {
				memo.put(w, wf)
			}
		}
		stem := wf.stem
		if o.WordWeight > 0 {
			sink(stem, groupWord, weight)
		}
		if o.BigramWeight > 0 && i > 0 {
			sink(mix(prev*0x9e3779b97f4a7c15^stem^seedBigram), groupBigram, weight)
		}
		prev = stem
		for _, h := range wf.grams {
			sink(h, groupGram, weight)
		}
	}
	return len(words) > 0
}

// wordFeatures are the hashed features of one word: its stem and its
// character n-grams, in order of emission.
type wordFeatures struct {
	stem  uint64
	grams []uint64
}

// wordMemo remembers the features of the words met: a catalog repeats its
// words, and stemming and hashing n-grams are most of the cost of a text.
// It is not safe for concurrent use.
type wordMemo struct {
	words map[string]*wordFeatures
}

// maxWordMemo bounds the words a wordMemo remembers; past it, it starts
// afresh.
const maxWordMemo = 1 << 15

func (m *wordMemo) get(w string) *wordFeatures { return m.words[w] }

func (m *wordMemo) put(w string, f *wordFeatures) {
	if m.words == nil || len(m.words) >= maxWordMemo {
		m.words = make(map[string]*wordFeatures, 1024)
	}
	// w is a piece of the folded text: a copy keeps the memo from holding the text.
	m.words[strings.Clone(w)] = f
}

// grams emits the hashes of the character n-grams of "<w>"; buf and offs
// are reused.
func (o *LocalOptions) grams(w string, buf []byte, offs []int, emit func(h uint64)) ([]byte, []int) {
	buf = append(append(append(buf[:0], '<'), w...), '>')
	offs = offs[:0]
	for i := 0; i < len(buf); {
		offs = append(offs, i)
		_, size := utf8.DecodeRune(buf[i:])
		i += size
	}
	offs = append(offs, len(buf))
	runes := len(offs) - 1
	for n := o.MinGram; n <= o.MaxGram; n++ {
		if n > runes {
			if n == o.MinGram {
				emit(hashBytes(seedGram, buf)) // short word: the whole "<w>"
			}
			break
		}
		for i := 0; i+n <= runes; i++ {
			emit(hashBytes(seedGram, buf[offs[i]:offs[i+n]]))
		}
	}
	return buf, offs
}

// Namespaces of the hashed features.
const (
	seedWord   uint64 = 0x57a0c3d1e2f40001
	seedBigram uint64 = 0x57a0c3d1e2f40002
	seedGram   uint64 = 0x57a0c3d1e2f40003
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString is FNV-1a over s, seeded, then mixed so that every bit is
// usable for the bucket and the sign.
func hashString(seed uint64, s string) uint64 {
	h := uint64(fnvOffset) ^ seed
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return mix(h)
}

func hashBytes(seed uint64, b []byte) uint64 {
	h := uint64(fnvOffset) ^ seed
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return mix(h)
}

// mix is the SplitMix64 finaliser.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// bucket maps a feature hash to a dimension in [0, dims) and a sign, from
// independent bits of the hash.
func bucket(h uint64, dims int) (int, float32) {
	i := int((h >> 32) * uint64(dims) >> 32)
	if h&1 == 1 {
		return i, -1
	}
	return i, 1
}
