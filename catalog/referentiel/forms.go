package referentiel

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Forms returns the masculine and feminine forms of a ROME label written
// "masculine / feminine rest". The feminine words after " / " replace their
// masculine counterparts before it, and the words around them are shared:
//
//	"Conducteur / Conductrice d'engins agricoles" →
//	    "Conducteur d'engins agricoles", "Conductrice d'engins agricoles"
//	"Garde Forestier / Forestière" → "Garde Forestier", "Garde Forestière"
//	"Agent de fabrication polyvalent / Agente de fabrication polyvalente en industrie" →
//	    "Agent de fabrication polyvalent en industrie",
//	    "Agente de fabrication polyvalente en industrie"
//
// Counterparts are found by a common beginning ("Chef"/"Cheffe"); without
// one ("Homme / Femme de pied") the words before the slash are replaced
// one for one. A label without " / " (including "biologie/microbiologie",
// where the slash joins two fields) is returned as is; equal forms are
// returned once. Only the first " / " splits.
func Forms(label string) []string {
	label = strings.Join(strings.Fields(label), " ")
	before, after, ok := strings.Cut(label, " / ")
	if !ok || before == "" || after == "" {
		if label == "" {
			return nil
		}
		return []string{label}
	}
	b, a := strings.Fields(before), strings.Fields(after)
	i := femStart(b, a[0])
	k := femLen(b[i:], a)
	shared := ""
	if k < len(a) {
		shared = " " + strings.Join(a[k:], " ")
	}
	prefix := strings.Join(b[:i], " ")
	if prefix != "" {
		prefix += " "
	}
	masc := before + shared
	fem := prefix + strings.Join(a[:k], " ") + shared
	if masc == fem {
		return []string{masc}
	}
	return []string{masc, fem}
}

// femStart returns the index of the word of b that the feminine segment,
// starting with first, replaces: the first counterpart of first, or 0.
// A word repeated identically after a prefix ("Homme sage-femme /
// Sage-femme") is a different job, not a counterpart.
func femStart(b []string, first string) int {
	for i, w := range b {
		if counterpart(w, first) && (i == 0 || !strings.EqualFold(w, first)) {
			return i
		}
	}
	return 0
}

// femLen returns how many words of a form the feminine segment replacing
// the words b: up to the counterpart of b's last word if there is one,
// else as many words as b has.
func femLen(b, a []string) int {
	last := b[len(b)-1]
	for e := 0; e < len(a) && e <= len(b); e++ {
		if counterpart(last, a[e]) {
			return e + 1
		}
	}
	return min(len(b), len(a))
}

// counterpart reports whether two words look like masculine and feminine
// forms of one another: equal but for case, or sharing their first three
// letters regardless of case and accents ("Directeur"/"Directrice",
// "Chef"/"Cheffe", "Élu"/"élue").
func counterpart(m, f string) bool {
	if strings.EqualFold(m, f) {
		return true
	}
	n := 0
	for n < 3 && m != "" && f != "" {
		rm, sm := utf8.DecodeRuneInString(m)
		rf, sf := utf8.DecodeRuneInString(f)
		if baseLetter(rm) != baseLetter(rf) {
			return false
		}
		m, f, n = m[sm:], f[sf:], n+1
	}
	return n == 3
}

// baseLetter lower-cases r and strips the accents French uses.
func baseLetter(r rune) rune {
	r = unicode.ToLower(r)
	switch r {
	case 'à', 'â', 'ä':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'î', 'ï':
		return 'i'
	case 'ô', 'ö':
		return 'o'
	case 'ù', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	}
	return r
}
