package metier

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// Tagger tags catalog items with the ROME fiches they most likely
// prepare for, by TF-IDF similarity of the item's text with each fiche's
// appellations, skills and definition. The indexer stores the codes in
// catalog.Item.Metiers; the recommender reads them back at query time.
type Tagger struct {
	metiers []catalog.Metier
	voc     *vocab
	names   *invIndex
	full    *invIndex
	n       int
	version string
	pool    sync.Pool // *tagScratch
}

// taggerVersion names the tagging method; bump it when Tags changes its
// results for the same fiches (weights, thresholds, analysis).
const taggerVersion = "metier-tagger-v1"

// DefaultTags is the number of ROME codes given to an item by default
// (more than the five a certifier declares: recall matters at query time).
const DefaultTags = 10

// Weights of the two similarities the tagger adds: item title against
// fiche names (label and appellations), and whole item against whole fiche.
const (
	tagNameWeight = 0.5
	tagFullWeight = 1.0
)

// Tag is a ROME code with its similarity to an item.
type Tag struct {
	Code  string
	Score float64
}

// NewTagger builds a tagger over the structured fiches of ref (ROME
// or a company référentiel; ESCO occupations are skipped) that returns
// the n best codes per item (n ≤ 0 means DefaultTags).
func NewTagger(ref *catalog.Referentiel, n int) *Tagger {
	if n <= 0 {
		n = DefaultTags
	}
	t := &Tagger{voc: newVocab(), n: n}
	if ref != nil {
		for _, m := range ref.Metiers {
			if m.Structured() {
				t.metiers = append(t.metiers, m)
			}
		}
	}
	// The terms of the fiches are found on every CPU, then added to the
	// vocabulary in the fiches' order.
	names, full := make([][]string, len(t.metiers)), make([][]string, len(t.metiers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(t.metiers)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(t.metiers); i = int(next.Add(1)) - 1 {
				names[i], full[i] = metierTerms(t.metiers[i])
			}
		})
	}
	wg.Wait()
	for _, fl := range full {
		t.voc.add(fl)
	}
	t.version = tagVersion(t.metiers, names, full, n)
	nv, fv := make([]svec, len(names)), make([]svec, len(full))
	for i := range names {
		nv[i] = t.voc.vector(weighted{names[i], 1})
		fv[i] = t.voc.vector(weighted{names[i], 2}, weighted{full[i], 1})
	}
	t.names, t.full = newInvIndex(nv), newInvIndex(fv)
	t.pool.New = func() any { return new(tagScratch) }
	return t
}

// tagVersion hashes what an item's tags depend on besides the item: the
// method, the number of tags, and each fiche's code and terms.
func tagVersion(ms []catalog.Metier, names, full [][]string, n int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%v\x00%v\x00%v\x00", taggerVersion, n, tagNameWeight, tagFullWeight, minTagRelative)
	for i, m := range ms {
		h.Write([]byte(m.Code + "\x00" + strings.Join(names[i], " ") + "\x00" + strings.Join(full[i], " ") + "\x00"))
	}
	return taggerVersion + "-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// Version identifies the tagger and its fiches: two taggers of the same
// version give every item the same tags. The indexer keys stored items
// with it, so that a new référentiel re-tags them.
func (t *Tagger) Version() string { return t.version }

// metierTerms returns the terms of a fiche's names (label and non-rare
// appellations) and of its whole text.
func metierTerms(m catalog.Metier) (names, full []string) {
	labels := []string{m.Label}
	for _, a := range m.Appellations {
		if !a.Rare {
			labels = append(labels, a.Label)
		}
	}
	names = french.Terms(french.StripGenderSuffixes(strings.Join(labels, " ; ")))
	var b strings.Builder
	for _, a := range m.Appellations {
		if a.Rare {
			b.WriteString(a.Label + " ; ")
		}
	}
	for _, parts := range [][]string{m.CoreSkills, m.OtherSkills, {m.Definition, m.Access, m.Domain}} {
		b.WriteString(strings.Join(parts, " ; "))
		b.WriteString(" ; ")
	}
	full = append(append([]string(nil), names...), french.Terms(b.String())...)
	return names, full
}

// itemVectors returns the vectors of an item's title and of its whole
// text, with the terms of memo.
func (t *Tagger) itemVectors(it catalog.Item, memo *french.TermMemo) (title, full svec) {
	tt := memo.Terms(french.StripGenderSuffixes(it.Title))
	rest := memo.Terms(strings.Join(it.Skills, " ; ") + " ; " + it.Description + " ; " + strings.Join(it.Tags, " ; "))
	return t.voc.vector(weighted{tt, 1}), t.voc.vector(weighted{tt, 2}, weighted{rest, 1})
}

// minTagRelative is the lowest similarity, relative to the item's best
// fiche, of a fiche it is tagged with. In a small référentiel (the 60
// emplois of the demo) the tenth closest fiche is often unrelated; on the
// RNCP eval 0 / 0.3 / 0.5 / 0.7 give nDCG@10 0.570 / 0.570 / 0.561 / 0.559.
const minTagRelative = 0.3

// Tags returns the item's best codes, at most n and down to minTagRelative
// times the best similarity, with their similarity, best first (ties by
// fiche order). It is safe for concurrent use.
func (t *Tagger) Tags(it catalog.Item) []Tag {
	s := t.pool.Get().(*tagScratch)
	defer t.pool.Put(s)
	title, full := t.itemVectors(it, &s.memo)
	s.reset(len(t.metiers))
	t.full.accumulate(s.full, s.touch, full)
	t.names.accumulate(s.names, s.touch, title)

	// The best t.n fiches among those sharing a term with the item, in
	// the order of sortHits (by score, then by fiche): a strict order, so
	// the selection does not depend on the order fiches are visited in.
	top := s.top[:0]
	for _, d := range s.touch.list {
		h := hit{doc: d, score: tagFullWeight*s.full[d] + tagNameWeight*s.names[d]}
		if len(top) == t.n && !before(h, top[len(top)-1]) {
			continue
		}
		if len(top) < t.n {
			top = append(top, h)
		} else {
			top[len(top)-1] = h
		}
		for i := len(top) - 1; i > 0 && before(top[i], top[i-1]); i-- {
			top[i], top[i-1] = top[i-1], top[i]
		}
	}
	s.top = top
	out := make([]Tag, 0, t.n)
	for _, h := range top {
		if h.score < minTagRelative*top[0].score {
			break
		}
		out = append(out, Tag{Code: t.metiers[h.doc].Code, Score: h.score})
	}
	return out
}

// before reports whether a ranks before b in the order of sortHits.
func before(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc < b.doc
}

// tagScratch is the working memory of one Tags call: dense score
// accumulators over the fiches (full text and names) and the fiches
// touched, so that tagging costs the postings visited, not a map.
type tagScratch struct {
	full, names []float64
	touch       *touchSet
	top         []hit
	memo        french.TermMemo
}

func (s *tagScratch) reset(n int) {
	if len(s.full) != n {
		s.full, s.names = make([]float64, n), make([]float64, n)
		s.touch = newTouchSet(n)
	}
	for _, d := range s.touch.list {
		s.full[d], s.names[d] = 0, 0
	}
	s.touch.clear()
}

// Tag returns the item's best ROME codes, best first, for Item.Metiers.
func (t *Tagger) Tag(it catalog.Item) []string {
	tags := t.Tags(it)
	out := make([]string, len(tags))
	for i, tg := range tags {
		out[i] = tg.Code
	}
	return out
}
