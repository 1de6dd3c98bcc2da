package catalog

import (
	"strings"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog/french"
)

// Resolve returns the one skill that text names as a whole: its id, or
// one of its labels (preferred, alternative or English) compared as Lookup
// does, by analysed form (Key: case, accents, elision, plurals and word
// families do not matter, so "gestion de conflit" names "Gestion des
// conflits").
//
// Unlike Lookup, Resolve never takes a fragment for a skill. Key drops
// stop words, elided articles and one-letter words, so a skill typed
// halfway ("Management d", "Management d'", "Excel a", "Langage" for
// "Langage C") can have the key of another label ("management", "Excel",
// "Langage C"). Resolve also wants the last word of text to be, up to its
// stem, the last word of a label of that key, and refuses a text ending
// with an apostrophe or a hyphen unless that label does too. A text that is only the start of a
// label ("Gestion de proj") has no label's key and names nothing either.
func (t *Taxonomy) Resolve(text string) (Skill, bool) {
	if t == nil {
		return Skill{}, false
	}
	if i, ok := t.byID[strings.TrimSpace(text)]; ok {
		return t.skills[i], true
	}
	text = NormText(text)
	k := Key(text)
	i, ok := t.byKey[k]
	if !ok || !endsLabel(t.skills[i], k, text) {
		return Skill{}, false
	}
	return t.skills[i], true
}

// lastWord returns the last folded word of s, stop words included.
func lastWord(s string) string {
	words := french.Tokens(french.SpellSymbols(s))
	if len(words) == 0 {
		return ""
	}
	return words[len(words)-1]
}

// endsLabel reports whether a label of s with key k ends like text: with
// a word of the same stem, and with an apostrophe or hyphen only if text
// does.
func endsLabel(s Skill, k, text string) bool {
	stem, mark := french.Stem(lastWord(text)), endsWithMark(text)
	for _, l := range s.Labels() {
		if french.Stem(lastWord(l)) == stem && (!mark || endsWithMark(l)) && Key(l) == k {
			return true
		}
	}
	return false
}

// endsWithMark reports whether s ends with an apostrophe or a hyphen, the
// sign of a word typed halfway ("Management d'", "Savoir-").
func endsWithMark(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune("'’ʼ`´-‐", r)
}
