package recommender

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog/french"
)

// word is one word of a text with its byte span in the original.
type word struct {
	folded     string
	start, end int
}

// words splits s into folded words with their byte offsets. Apostrophes
// split words, so elided articles become words of their own ("j'aimerais"
// → "j", "aimerais").
func words(s string) []word {
	var out []word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, word{folded: french.Fold(s[start:end]), start: start, end: end})
			start = -1
		}
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// terms returns the search terms of s: folded words without stop words,
// feminine endings brought to the masculine, then stemmed, so that
// "Chargée", "chargé" and "Directrice", "directeur" meet.
func terms(s string) []string {
	out := make([]string, 0, 8)
	eachWord(s, func(w string) { out = append(out, term(w)) })
	return out
}

// termsAndSurfaces returns terms(s) and, one for one, the same words in
// the masculine singular but not stemmed: whole job titles are compared on
// them too ("enseignant" and "enseigniste" share a stem, not a title).
func termsAndSurfaces(s string) (ts, surfaces []string) {
	eachWord(s, func(w string) {
		ts = append(ts, term(w))
		surfaces = append(surfaces, surface(w))
	})
	return ts, surfaces
}

// eachWord calls fn with the folded words of s that are not stop words;
// an acronym gives the words of its expansion.
func eachWord(s string, fn func(w string)) {
	for _, t := range french.Tokens(s) {
		if french.IsStopWord(t) || (len(t) == 1 && !isDigit(t)) {
			continue
		}
		if exp, ok := acronyms[t]; ok {
			for _, w := range exp {
				fn(w)
			}
			continue
		}
		fn(t)
	}
}

// surface is a folded word in the masculine singular, without its final
// e ("agente", "agent"; "cheffe", "chef"; "adjointes", "adjoint").
func surface(t string) string {
	t = masculine(t)
	if len(t) > 3 && (strings.HasSuffix(t, "s") || strings.HasSuffix(t, "x")) {
		t = t[:len(t)-1]
	}
	if len(t) > 3 && strings.HasSuffix(t, "e") {
		t = t[:len(t)-1]
	}
	if n := len(t); n > 3 && t[n-1] == t[n-2] && !strings.ContainsRune("aeiouy", rune(t[n-1])) {
		t = t[:n-1]
	}
	return t
}

// acronyms spells out common job-title acronyms, as folded words.
var acronyms = map[string][]string{
	"rh":  {"ressources", "humaines"},
	"drh": {"directeur", "ressources", "humaines"},
	"rrh": {"responsable", "ressources", "humaines"},
}

// lightWords are the short words that may be dropped from an appellation
// without changing its meaning; any other dropped word makes a whole-title
// match unreliable ("Assistant son" loses "son").
var lightWords = setOf("de", "d", "du", "des", "la", "le", "les", "l", "en", "et", "a", "au", "aux",
	"un", "une", "pour", "par", "sur", "dans", "avec", "ou", "e", "s", "ne", "se")

// lossy reports whether terms(s) dropped a word that carries meaning.
func lossy(s string) bool {
	for _, t := range french.Tokens(s) {
		if (french.IsStopWord(t) || len(t) == 1) && !lightWords[t] && !isDigit(t) {
			return true
		}
	}
	return false
}

// term normalises one folded word.
func term(t string) string {
	return french.Stem(masculine(t))
}

func isDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// femEndings maps feminine word endings to masculine ones, longest first.
var femEndings = [][2]string{
	{"trices", "teurs"}, {"trice", "teur"},
	{"euses", "eurs"}, {"euse", "eur"},
	{"iennes", "iens"}, {"ienne", "ien"},
	{"ieres", "iers"}, {"iere", "ier"},
	{"eres", "ers"}, {"ere", "er"},
	{"ives", "ifs"}, {"ive", "if"},
	{"ennes", "ens"}, {"enne", "en"},
	{"onnes", "ons"}, {"onne", "on"},
	{"ettes", "ets"}, {"ette", "et"},
	{"ees", "es"}, {"ee", "e"},
	{"ales", "aux"}, {"ale", "al"},
	{"elles", "els"}, {"elle", "el"},
	{"fe", "f"},
}

// masculine rewrites a folded word's feminine ending to the masculine one.
// It may also touch words that are not feminine ("matrice"); applied to
// both sides of a comparison, that is harmless.
func masculine(w string) string {
	if len(w) < 5 {
		return w
	}
	for _, e := range femEndings {
		if strings.HasSuffix(w, e[0]) && len(w)-len(e[0]) >= 3 {
			return w[:len(w)-len(e[0])] + e[1]
		}
	}
	return w
}

// goalWords are folded words that say the employee wants something, not
// what: they are dropped from the target before searching.
var goalWords = setOf(
	"je", "j", "me", "m", "mon", "ma", "mes", "veux", "voudrais", "souhaite", "souhaiterais",
	"aimerais", "envisage", "vise", "viser", "devenir", "evoluer", "evolution", "poste", "postes",
	"metier", "metiers", "former", "reconvertir", "reconversion", "travailler",
	"objectif", "professionnel", "professionnelle", "projet", "occuper", "mobilite", "orienter",
	"tant", "comme", "vers", "un", "une", "le", "la", "les", "l", "de", "d", "du", "des", "en",
	"est", "et", "pour", "dans", "domaine", "secteur", "faire", "passer", "aller", "etre",
	"ici", "ans", "an", "deux", "trois", "annees", "bientot", "terme", "rapidement", "idealement",
	"emploi", "job", "carriere", "nouveau", "nouvelle", "plutot", "peut", "pouvoir", "mieux",
)

// strongGoalWords are goal words dropped anywhere in the target, not only
// around it.
var strongGoalWords = setOf(
	"veux", "voudrais", "souhaite", "souhaiterais", "aimerais", "envisage", "vise", "devenir",
	"evoluer", "poste", "metier", "reconvertir", "reconversion", "mobilite", "occuper",
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// stripGenderSuffixes removes gender marks glued to a word: "Conducteur(trice)",
// "Délégué(e)", "financier(ère" become "Conducteur", "Délégué", "financier".
func stripGenderSuffixes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '(' && i > 0 && isWordByte(s[i-1]) {
			j := i + 1
			for j < len(s) && j-i <= 8 && s[j] != ')' && s[j] != ' ' && s[j] != '(' {
				j++
			}
			if j-i <= 8 && (j == len(s) || s[j] != '(') {
				if j < len(s) && s[j] == ')' {
					j++
				}
				i = j - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
