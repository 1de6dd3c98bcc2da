package french

import "strings"

// suffixes are stripped longest first; each keeps a stem of at least
// minStem letters. Derivational suffixes bring agent nouns, action nouns and
// verbs of one family together.
var suffixes = []string{
	"ionnaires", "ionnaire", "issements", "issement", "atrices", "ateurs", "ations", "atrice", "ateur", "ation",
	"ements", "ement", "ements", "ments", "ment",
	"euses", "euse", "eurs", "eur",
	"ances", "ance", "ences", "ence",
	"iques", "ique", "ismes", "isme", "istes", "iste",
	"ables", "able", "ibles", "ible",
	"ites", "ite", "ives", "ive", "ifs", "if",
	"aires", "aire", "ions", "ion",
	"ees", "ee", "es", "er", "ez", "e", "s", "x",
}

const minStem = 4

// Stem reduces a folded word (see Fold) to a light stem. It is deliberately
// aggressive on derivation so that job titles meet their activities:
// "developpeur", "developpement", "developper" all give "developp";
// "gestionnaire" and "gestion" give "gest".
func Stem(w string) string {
	if len(w) <= minStem {
		return w
	}
	for _, suf := range suffixes {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= minStem {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	// Undouble a final consonant left by a suffix ("gestionn" → "gestion").
	if n := len(w); n > minStem && w[n-1] == w[n-2] && !isVowel(w[n-1]) && w[n-1] != 'p' && w[n-1] != 's' {
		w = w[:n-1]
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
