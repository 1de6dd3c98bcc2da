// Package metier recognises ROME métiers in text: Index finds the métiers
// a projet names, for ranking, and Tagger tags catalog items with the
// fiches they prepare for, for indexing. Both compare French terms
// (french.Terms) by TF-IDF.
package metier

import (
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// Index recognises ROME métiers in free text: whole appellations
// (any gender form, accents, case, elision and plurals aside) first, then,
// when none is found, the closest appellations by TF-IDF similarity.
type Index struct {
	metiers []catalog.Metier
	byCode  map[string]int
	// family maps a code_rome_parent to the fiches that share it.
	family map[string][]int

	seqs    []appSeq
	byFirst map[string][]int
	voc     *vocab
	fuzzy   *invIndex
	// text holds term frequencies over the fiches' whole texts.
	text *vocab
	// expansions caches Expansion by code.
	expansions sync.Map
}

// appSeq is one gender form of an appellation or label, as terms.
type appSeq struct {
	terms []string
	// surface holds the same words unstemmed (french.TermsAndSurfaces), for whole-title matches.
	surface []string
	metier  int
	label   string
	rare    bool
	// lossy forms lost a meaningful word to stop-word removal: they never
	// count as found whole.
	lossy bool
}

// NewIndex indexes the structured métiers of ref: ROME fiches or a
// company référentiel (ESCO entries are skipped).
func NewIndex(ref *catalog.Referentiel) *Index {
	x := &Index{byCode: make(map[string]int), family: make(map[string][]int), byFirst: make(map[string][]int), voc: newVocab(), text: newVocab()}
	if ref == nil {
		x.fuzzy = newInvIndex(nil)
		return x
	}
	for _, m := range ref.Metiers {
		if !m.Structured() {
			continue
		}
		i := len(x.metiers)
		x.metiers = append(x.metiers, m)
		x.byCode[m.Code] = i
		x.family[parentOf(m)] = append(x.family[parentOf(m)], i)
		x.addLabel(i, m.Label, false)
		for _, a := range m.Appellations {
			x.addLabel(i, a.Label, a.Rare)
		}
	}
	for _, s := range x.seqs {
		x.voc.add(s.terms)
	}
	for _, m := range x.metiers {
		_, full := metierTerms(m)
		x.text.add(full)
	}
	vecs := make([]svec, len(x.seqs))
	for i, s := range x.seqs {
		vecs[i] = x.voc.vector(weighted{s.terms, 1})
	}
	x.fuzzy = newInvIndex(vecs)
	return x
}

func parentOf(m catalog.Metier) string {
	if m.Parent != "" {
		return m.Parent
	}
	return m.Code
}

func (x *Index) addLabel(metier int, label string, rare bool) {
	seen := make(map[string]bool)
	for _, f := range GenderForms(label) {
		ts, surfaces := french.TermsAndSurfaces(f)
		key := strings.Join(ts, " ")
		if len(ts) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		x.byFirst[ts[0]] = append(x.byFirst[ts[0]], len(x.seqs))
		x.seqs = append(x.seqs, appSeq{terms: ts, surface: surfaces, metier: metier, label: label, rare: rare, lossy: french.Lossy(f)})
	}
}

// GenderForms splits "Chargé / Chargée de clientèle" into "Chargé de
// clientèle" and "Chargée de clientèle" (masculine first): the words before
// the slash replace as many words after it. A label without one " / "
// comes back alone.
func GenderForms(label string) []string {
	parts := strings.Split(label, " / ")
	if len(parts) != 2 {
		return []string{label}
	}
	left, right := strings.Fields(parts[0]), strings.Fields(parts[1])
	if len(right) <= len(left) {
		return []string{parts[0], parts[1]}
	}
	masc := strings.Join(append(append([]string(nil), left...), right[len(left):]...), " ")
	return []string{masc, parts[1]}
}

// Metier returns the métier with this code.
func (x *Index) Metier(code string) (catalog.Metier, bool) {
	i, ok := x.byCode[code]
	if !ok {
		return catalog.Metier{}, false
	}
	return x.metiers[i], true
}

// Family returns the codes of the fiches sharing code's code_rome_parent,
// code first.
func (x *Index) Family(code string) []string {
	i, ok := x.byCode[code]
	if !ok {
		return nil
	}
	out := []string{code}
	for _, j := range x.family[parentOf(x.metiers[i])] {
		if c := x.metiers[j].Code; c != code {
			out = append(out, c)
		}
	}
	return out
}

// TermIDF returns the inverse document frequency of a term (see french.Terms)
// among the fiches' texts; unknown terms get the highest.
func (x *Index) TermIDF(t string) float64 {
	if id, ok := x.text.ids[t]; ok {
		return x.text.idf(id)
	}
	return math.Log(1 + float64(x.text.docs+1))
}

// Expansion returns the weighted expansion terms of a fiche, what a
// recognised métier adds to the text query: its texts and its siblings'
// labels (see expansionText), computed once. Unknown codes give nil.
func (x *Index) Expansion(code string) []WeightedWord {
	if v, ok := x.expansions.Load(code); ok {
		return v.([]WeightedWord)
	}
	m, ok := x.Metier(code)
	if !ok {
		return nil
	}
	var siblings []string
	for _, c := range x.Family(code)[1:] {
		if s, ok := x.Metier(c); ok {
			siblings = append(siblings, s.Label)
		}
	}
	ws := expansionTerms(expansionText(m, siblings), x.TermIDF, maxExpansionTerms)
	x.expansions.Store(code, ws)
	return ws
}

// Len returns the number of indexed métiers.
func (x *Index) Len() int { return len(x.metiers) }

// Match is a métier recognised in a text.
type Match struct {
	Code  string
	Label string
	// Matched is the appellation or label recognised in the text.
	Matched string
	Score   float64
	// Exact is true when a whole appellation was found in the text, false
	// for a fuzzy match.
	Exact bool
}

// Match returns up to n métiers named in text, best first, scored by the
// TF-IDF cosine of text with their appellations, with a bonus for an
// appellation found whole in text (Exact) and a small penalty for rare ones.
func (x *Index) Match(text string, n int) []Match {
	clean := dropGoalVerbs(french.StripGenderSuffixes(text))
	ts, surfaces := french.TermsAndSurfaces(clean)
	if len(ts) == 0 || n <= 0 {
		return nil
	}
	q := x.voc.vector(weighted{ts, 1})
	acc := x.fuzzy.scores(q)
	exact := make(map[int32]bool)
	for _, si := range x.exact(ts, surfaces) {
		exact[int32(si)] = true
	}
	hits := make([]hit, 0, len(acc))
	for d, s := range acc {
		if exact[d] {
			s += exactBonus
		}
		if x.seqs[d].rare {
			s *= rarePenalty
		}
		hits = append(hits, hit{doc: int(d), score: s})
	}
	sortHits(hits)
	return x.goalMetiers(hits, n, exact)
}

// goalVerbs are verbs of a projet that no job title holds but whose stems
// meet some ("me former à l'apiculture" is no trainer's job, "formateur").
var goalVerbs = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range []string{"former", "devenir", "evoluer", "reconvertir", "occuper", "travailler",
		"viser", "passer", "aller", "faire", "apprendre", "progresser", "monter", "changer"} {
		m[w] = true
	}
	return m
}()

// dropGoalVerbs blanks out the goalVerbs of s, leaving the rest as it is
// ("jusqu'à", "aujourd'hui" keep their apostrophes).
func dropGoalVerbs(s string) string {
	b := []byte(s)
	for _, w := range french.Words(s) {
		if goalVerbs[w.Folded] {
			for i := w.Start; i < w.End; i++ {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// minFuzzyScore is the lowest cosine at which an appellation not found
// whole still names the target ("conduire mes entretiens" is no driving
// instructor).
const minFuzzyScore = 0.65

// rarePenalty scales the score of appellations flagged rare (peu usité), so
// that a common title wins a tie.
const rarePenalty = 0.95

// exactBonus is added to the cosine of an appellation found whole in the text.
const exactBonus = 0.25

// exact returns the appellation forms found whole in ts (the projet's
// terms; surface, its words unstemmed). A one-word title must also match
// unstemmed: "enseignante" shares a stem with "Enseigniste", not a job.
// Longer titles keep the stem match (on the RNCP dev queries, requiring it
// of every title costs 0.002 nDCG@10; of one-word titles only, nothing).
func (x *Index) exact(ts, surface []string) []int {
	var out []int
	for i := range ts {
		for _, si := range x.byFirst[ts[i]] {
			if !x.seqs[si].lossy && hasTerms(ts[i:], x.seqs[si].terms) && (len(x.seqs[si].terms) > 1 || hasTerms(surface[i:], x.seqs[si].surface)) {
				out = append(out, si)
			}
		}
	}
	return out
}

func hasTerms(ts, seq []string) bool {
	if len(ts) < len(seq) {
		return false
	}
	for j := range seq {
		if ts[j] != seq[j] {
			return false
		}
	}
	return true
}

// goalMetiers keeps the best hit per métier, up to n, dropping those far
// below the best.
func (x *Index) goalMetiers(hits []hit, n int, exact map[int32]bool) []Match {
	var out []Match
	seen := make(map[int]bool)
	for _, h := range hits {
		s := x.seqs[h.doc]
		if seen[s.metier] || (len(out) > 0 && h.score < 0.5*out[0].Score) || (!exact[int32(h.doc)] && h.score < minFuzzyScore) {
			continue
		}
		seen[s.metier] = true
		m := x.metiers[s.metier]
		out = append(out, Match{Code: m.Code, Label: m.Label, Matched: s.label, Score: h.score, Exact: exact[int32(h.doc)]})
		if len(out) == n {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}
