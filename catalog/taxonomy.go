package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tremplin/tremplin/catalog/french"
)

// Taxonomy is a read-only set of skills with lookups that tolerate the
// variations of written French: case, accents, elision, plurals and word
// families ("gestion de conflit", "GESTION DES CONFLITS" and "Gestion des
// conflits" name the same skill). Build it with NewTaxonomy; it is safe for
// concurrent use. A nil *Taxonomy is an empty taxonomy: it finds,
// completes and looks up nothing.
type Taxonomy struct {
	skills []Skill
	byID   map[string]int
	// byKey maps the analysed form of a label (stemmed content words joined
	// by spaces) to a skill index. Preferred labels win over alternatives,
	// and earlier skills over later ones.
	byKey map[string]int
	// byWord maps the folded singular word of a one-word label to a skill
	// index: Find matches one-word labels on words, not stems, since a lone
	// stem is too loose ("compte" is not "comptabilité"). Labels of several
	// words reduced to one by stop words ("bien-être au travail") are left
	// out: alone, their last word says too little.
	byWord map[string]int
	// maxWords is the number of words of the longest analysed label.
	maxWords int
	// words lists, for autocompletion, every label of every skill as
	// folded words, in ranking order.
	words []labelWords
}

// labelWords is one label of a skill cut into folded words.
type labelWords struct {
	skill int
	// rank orders labels: 0 for preferred labels, 1 for the others.
	rank  int
	words []string
	// sortKey is the folded label, for a stable order within a rank.
	sortKey string
}

// NewTaxonomy indexes skills. It returns an error wrapping ErrInvalid when
// a skill has an empty id or label, and ErrConflict when two skills share
// an id. Broader and related ids are not checked here.
func NewTaxonomy(skills []Skill) (*Taxonomy, error) {
	return newTaxonomy(skills, analyseLabel)
}

// newTaxonomy is NewTaxonomy with the analysis of labels given: a builder
// that analysed them already passes what it kept.
func newTaxonomy(skills []Skill, analyse func(label string) labelForms) (*Taxonomy, error) {
	t := &Taxonomy{
		skills: make([]Skill, len(skills)),
		byID:   make(map[string]int, len(skills)),
		byKey:  make(map[string]int, 4*len(skills)),
		byWord: make(map[string]int, len(skills)),
	}
	copy(t.skills, skills)
	for i, s := range t.skills {
		if strings.TrimSpace(s.ID) == "" {
			return nil, fmt.Errorf("skill %d: id: %w: identifiant vide", i+1, ErrInvalid)
		}
		if strings.TrimSpace(s.Label) == "" {
			return nil, fmt.Errorf("skill %q: label: %w: libellé vide", s.ID, ErrInvalid)
		}
		if _, dup := t.byID[s.ID]; dup {
			return nil, fmt.Errorf("skill %q: id: %w: identifiant en double", s.ID, ErrConflict)
		}
		t.byID[s.ID] = i
	}
	t.indexLabels(analyse)
	return t, nil
}

// indexLabels fills byKey and words: preferred labels first so that they
// win over an alternative label of another skill with the same key.
func (t *Taxonomy) indexLabels(analyse func(string) labelForms) {
	for i, s := range t.skills {
		t.addLabel(i, 0, analyse(s.Label))
	}
	for i, s := range t.skills {
		for _, l := range s.AltLabels {
			t.addLabel(i, 1, analyse(l))
		}
		for _, l := range s.English {
			t.addLabel(i, 1, analyse(l))
		}
	}
	slices.SortStableFunc(t.words, func(a, b labelWords) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(len(a.words), len(b.words)),
			strings.Compare(a.sortKey, b.sortKey))
	})
}

// labelForms is what the indexes need of one label.
type labelForms struct {
	key string // Key of the label
	// word is the folded singular word of a one-word label, "" otherwise.
	word  string
	words []string // folded words, stop words included
}

// analyseLabel returns the forms of label.
func analyseLabel(label string) labelForms {
	segs := segments(label, false)
	words := french.Tokens(french.SpellSymbols(label))
	f := labelForms{key: key(segs, words), words: words}
	if len(segs) == 1 && len(segs[0]) == 1 && len(words) == 1 {
		f.word = segs[0][0].word
	}
	return f
}

func (t *Taxonomy) addLabel(i, rank int, f labelForms) {
	if k := f.key; k != "" {
		if _, taken := t.byKey[k]; !taken {
			t.byKey[k] = i
		}
		if n := strings.Count(k, " ") + 1; n > t.maxWords {
			t.maxWords = n
		}
	}
	if f.word != "" {
		if _, taken := t.byWord[f.word]; !taken {
			t.byWord[f.word] = i
		}
	}
	if len(f.words) > 0 {
		t.words = append(t.words, labelWords{skill: i, rank: rank, words: f.words, sortKey: strings.Join(f.words, " ")})
	}
}

// Len returns the number of skills.
func (t *Taxonomy) Len() int {
	if t == nil {
		return 0
	}
	return len(t.skills)
}

// Skills returns a copy of the skills in the order given to NewTaxonomy;
// the label and id lists inside each skill are shared and must not be
// modified.
func (t *Taxonomy) Skills() []Skill {
	if t == nil {
		return nil
	}
	out := make([]Skill, len(t.skills))
	copy(out, t.skills)
	return out
}

// Lookup returns the skill whose id is labelOrID, or else the skill one of
// whose labels (preferred, alternative or English) has the same analysed
// form as labelOrID.
func (t *Taxonomy) Lookup(labelOrID string) (Skill, bool) {
	if t == nil {
		return Skill{}, false
	}
	if i, ok := t.byID[strings.TrimSpace(labelOrID)]; ok {
		return t.skills[i], true
	}
	if i, ok := t.byKey[Key(labelOrID)]; ok {
		return t.skills[i], true
	}
	return Skill{}, false
}

// Complete returns at most n skills (all when n ≤ 0) with a label whose
// folded words continue prefix: every word of prefix but the last must
// appear in the label in order, and the last must start the next label
// word ("gestion de p" completes "Gestion de projet"). Skills matched by
// their preferred label come first, then those matched by another label;
// within each group, labels starting with prefix come first, then shorter
// labels, then the order is alphabetical on the folded label.
func (t *Taxonomy) Complete(prefix string, n int) []Skill {
	p := french.Tokens(french.SpellSymbols(prefix))
	if len(p) == 0 || t == nil {
		return nil
	}
	type hit struct{ skill, tier int }
	var hits []hit
	for _, lw := range t.words {
		pos, ok := continues(lw.words, p)
		if !ok {
			continue
		}
		tier := 2 * lw.rank
		if pos > 0 {
			tier++
		}
		hits = append(hits, hit{lw.skill, tier})
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].tier < hits[b].tier })
	var out []Skill
	seen := make(map[int]bool)
	for _, h := range hits {
		if seen[h.skill] {
			continue
		}
		seen[h.skill] = true
		out = append(out, t.skills[h.skill])
		if n > 0 && len(out) == n {
			break
		}
	}
	return out
}

// continues reports the first position of words at which prefix starts,
// its last word being a prefix of a word.
func continues(words, prefix []string) (int, bool) {
	last := len(prefix) - 1
	for pos := 0; pos+last < len(words); pos++ {
		ok := strings.HasPrefix(words[pos+last], prefix[last])
		for j := 0; ok && j < last; j++ {
			ok = words[pos+j] == prefix[j]
		}
		if ok {
			return pos, true
		}
	}
	return 0, false
}

// Find returns every skill one of whose labels occurs in text, in order of
// first occurrence, each once. Labels of several words are compared with
// the text as sequences of stemmed content words, labels of one word as
// words; no label is found across punctuation. Longer matches
// are taken first and matches never overlap, so "gestion de projet
// informatique" gives the skill of that label rather than "Gestion de
// projet".
func (t *Taxonomy) Find(text string) []Skill {
	if t == nil {
		return nil
	}
	var out []Skill
	seen := make(map[int]bool)
	for _, seg := range segments(text, true) {
		for _, s := range t.match(seg) {
			if !seen[s] {
				seen[s] = true
				out = append(out, t.skills[s])
			}
		}
	}
	return out
}

// match returns the skills whose labels occur in seg, in order of position.
func (t *Taxonomy) match(seg []token) []int {
	type match struct{ start, size, skill int }
	var cands []match
	stems := make([]string, len(seg))
	for i, tok := range seg {
		stems[i] = tok.stem
	}
	for i := range seg {
		for size := min(t.maxWords, len(seg)-i); size > 1; size-- {
			if s, ok := t.byKey[strings.Join(stems[i:i+size], " ")]; ok {
				cands = append(cands, match{i, size, s})
			}
		}
		if s, ok := t.byWord[seg[i].word]; ok {
			cands = append(cands, match{i, 1, s})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].size > cands[b].size })
	taken := make([]bool, len(seg))
	var kept []match
	for _, c := range cands {
		if overlaps(taken[c.start : c.start+c.size]) {
			continue
		}
		for j := c.start; j < c.start+c.size; j++ {
			taken[j] = true
		}
		kept = append(kept, c)
	}
	sort.Slice(kept, func(a, b int) bool { return kept[a].start < kept[b].start })
	out := make([]int, len(kept))
	for i, m := range kept {
		out[i] = m.skill
	}
	return out
}

func overlaps(taken []bool) bool {
	for _, b := range taken {
		if b {
			return true
		}
	}
	return false
}
