package french

import (
	"sort"
	"strings"
)

// rule rewrites a word ending: suffix is replaced by repl when at least
// minStem letters stay before it.
type rule struct{ suffix, repl string }

// feminines put feminine forms back to their masculine ending before
// derivation is stripped ("professionnelle" → "professionnel").
var feminines = []rule{
	{"elle", "el"}, {"enne", "en"}, {"onne", "on"}, {"ette", "et"},
	{"euse", "eur"}, {"trice", "teur"}, {"ere", "er"}, {"ive", "if"},
	{"ale", "al"}, {"ante", "ant"}, {"eure", "eur"},
}

// exceptions are words whose family the rules would get wrong; they map the
// singular form to its stem ("professeur" is not "profession").
var exceptions = map[string]string{
	"professeur": "professeur", "professeure": "professeur",
}

// derivations strip derivational and inflectional suffixes so that agent
// nouns, action nouns, adjectives and verbs of one family meet. They are
// tried longest first; only the first that fits is applied.
var derivations = sortRules([]rule{
	{"issement", ""}, {"ationnel", ""}, {"ionnaire", ""}, {"ionnel", ""},
	{"abilite", ""}, {"ibilite", ""}, {"ateur", ""}, {"ation", ""},
	{"icien", ""}, {"ement", ""}, {"ment", ""}, {"eur", ""},
	{"ance", ""}, {"ence", ""}, {"ique", ""}, {"isme", ""}, {"iste", ""},
	{"able", ""}, {"ible", ""}, {"ite", ""}, {"if", ""}, {"ion", ""},
	{"aire", ""}, {"ial", ""}, {"iel", ""}, {"ien", ""}, {"ant", ""},
	{"eux", ""}, {"ier", ""}, {"ir", ""}, {"er", ""}, {"ez", ""},
	{"erie", ""}, {"ie", ""}, {"ee", ""}, {"e", ""},
})

func sortRules(rs []rule) []rule {
	sort.SliceStable(rs, func(i, j int) bool { return len(rs[i].suffix) > len(rs[j].suffix) })
	return rs
}

const minStem = 4

// Stem reduces a folded word (see Fold) to a light stem. It is deliberately
// aggressive on derivation so that job titles meet their activities, and
// it removes plural and feminine marks:
// "developpeur", "developpeuses", "developpement", "developper" all give
// "develop"; "gestionnaire" and "gestion" give "gest"; "formateur",
// "formatrice" and "formation" give "form"; "chargee" and "charge" give
// "charg". Words of minStem letters or fewer are returned unchanged.
func Stem(w string) string {
	if len(w) <= minStem {
		return w
	}
	w = dropPlural(w)
	if s, ok := exceptions[w]; ok {
		return s
	}
	w = apply(w, feminines)
	w = apply(w, derivations)
	return undouble(w)
}

// dropPlural removes the plural mark: -aux → -al, -eaux → -eau, final -s or -x.
func dropPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "eaux"):
		return w[:len(w)-1]
	case strings.HasSuffix(w, "aux") && len(w)-3 >= minStem:
		return w[:len(w)-3] + "al"
	case strings.HasSuffix(w, "eux"):
		return w // -eux is singular too ("heureux"); derivations handle it.
	case strings.HasSuffix(w, "ss"):
		return w
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"):
		if len(w)-1 >= minStem {
			return w[:len(w)-1]
		}
	}
	return w
}

// apply rewrites the first (longest) matching suffix of rs.
func apply(w string, rs []rule) string {
	for _, r := range rs {
		if strings.HasSuffix(w, r.suffix) && len(w)-len(r.suffix) >= minStem {
			return w[:len(w)-len(r.suffix)] + r.repl
		}
	}
	return w
}

// undouble removes a doubled final ASCII consonant ("developp" → "develop",
// "conseill" → "conseil").
func undouble(w string) string {
	n := len(w)
	if n <= minStem {
		return w
	}
	c := w[n-1]
	if c == w[n-2] && c >= 'a' && c <= 'z' && !isVowel(c) {
		return w[:n-1]
	}
	return w
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
