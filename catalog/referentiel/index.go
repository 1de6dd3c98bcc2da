package referentiel

import (
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// Index answers lookups on a référentiel: métier by code, exact title
// match, and title autocomplete. It is read-only and safe for concurrent use.
type Index struct {
	metiers []catalog.Metier
	skillv  []catalog.Skill
	byCode  map[string]int
	skills  map[string]int
	byTitle map[string][]int // folded form → métier positions
	entries []entry
	// vocab lists the words of all entries, sorted; postings[i] lists the
	// entries holding vocab[i], ascending.
	vocab    []string
	postings [][]int32
}

// entry is one searchable title form of a métier.
type entry struct {
	metier int
	label  string   // as displayed: "Conductrice d'engins agricoles"
	folded string   // french.Fold(label)
	words  []string // french.Tokens(label)
	rare   bool
	own    bool // the métier's own label rather than an appellation
}

// Suggestion is an autocomplete answer: a métier and the title form that matched.
type Suggestion struct {
	Metier catalog.Metier
	// Label is the matching title in one gender, e.g. "Développeuse informatique".
	Label string
	// Rare is true when the title is flagged peu usité.
	Rare bool
}

// NewIndex indexes ref: every métier label and appellation, in its
// masculine and feminine forms (see Forms), plus the ESCO alternative
// labels. A nil ref gives an empty index.
func NewIndex(ref *catalog.Referentiel) *Index {
	ix := &Index{byCode: make(map[string]int), skills: make(map[string]int), byTitle: make(map[string][]int)}
	if ref == nil {
		return ix
	}
	ix.metiers, ix.skillv = ref.Metiers, ref.Skills
	for i, s := range ref.Skills {
		if _, dup := ix.skills[s.ID]; !dup {
			ix.skills[s.ID] = i
		}
	}
	for i, m := range ref.Metiers {
		if _, dup := ix.byCode[m.Code]; dup {
			continue
		}
		ix.byCode[m.Code] = i
		seen := make(map[string]bool)
		forms := Forms
		if m.Source == catalog.SourceESCO {
			forms = escoForms
		}
		ix.add(i, forms(m.Label), false, true, seen)
		for _, a := range m.Appellations {
			ix.add(i, forms(a.Label), a.Rare, false, seen)
		}
	}
	ix.buildVocab()
	return ix
}

// add indexes the forms of one title of métier i, once per métier.
func (ix *Index) add(i int, forms []string, rare, own bool, seen map[string]bool) {
	for _, f := range forms {
		folded := french.Fold(f)
		if seen[folded] {
			continue
		}
		seen[folded] = true
		ix.byTitle[folded] = append(ix.byTitle[folded], i)
		ix.entries = append(ix.entries, entry{metier: i, label: f, folded: folded,
			words: french.Tokens(f), rare: rare, own: own})
	}
}

// escoForms splits an ESCO label written "masculine/feminine" in full
// ("directeur technique/directrice technique") on its only slash.
func escoForms(label string) []string {
	label = strings.Join(strings.Fields(label), " ")
	a, b, ok := strings.Cut(label, "/")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	switch {
	case label == "":
		return nil
	case !ok || strings.Contains(b, "/") || a == "" || b == "":
		return []string{label}
	case a == b:
		return []string{a}
	}
	return []string{a, b}
}

// Len returns the number of métiers indexed.
func (ix *Index) Len() int { return len(ix.byCode) }

// Metier returns the métier with the given code (ROME code or ESCO URI).
func (ix *Index) Metier(code string) (catalog.Metier, bool) {
	i, ok := ix.byCode[code]
	if !ok {
		return catalog.Metier{}, false
	}
	return ix.metiers[i], true
}

// Metiers returns every indexed métier in référentiel order. The slice is
// shared: do not modify it.
func (ix *Index) Metiers() []catalog.Metier { return ix.metiers }

// Title returns the métiers that have a label or appellation equal to
// title in either gender, ignoring case and accents.
func (ix *Index) Title(title string) []catalog.Metier {
	pos := ix.byTitle[french.Fold(strings.Join(strings.Fields(title), " "))]
	out := make([]catalog.Metier, 0, len(pos))
	for _, i := range pos {
		out = append(out, ix.metiers[i])
	}
	return out
}

// Skill returns the skill with the given ID (e.g. "rome:100023" or an ESCO URI).
func (ix *Index) Skill(id string) (catalog.Skill, bool) {
	i, ok := ix.skills[id]
	if !ok {
		return catalog.Skill{}, false
	}
	return ix.skillv[i], true
}
