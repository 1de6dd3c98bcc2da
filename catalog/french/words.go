package french

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Word is one word of a text: its folded form (see Fold) and its byte span
// in the original text.
type Word struct {
	Folded     string
	Start, End int
}

// Words splits s into folded words with their byte offsets in s.
// Apostrophes split words, so elided articles become words of their own
// ("j'aimerais" → "j", "aimerais"); stop words are kept.
func Words(s string) []Word {
	var out []Word
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, Word{Folded: Fold(s[start:end]), Start: start, End: end})
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

// Terms returns the search terms of s: its folded words (Tokens) without
// stop words and single letters, job-title acronyms spelled out ("RH" →
// "ressources humaines"), feminine endings brought to the masculine, then
// stemmed, so that "Chargée", "chargé" and "Directrice", "directeur" meet.
// Unlike Analyze, it is meant for job titles and skills written in any
// gender.
func Terms(s string) []string {
	out := make([]string, 0, 8)
	eachWord(s, func(w string) { out = append(out, Term(w)) })
	return out
}

// TermsAndSurfaces returns Terms(s) and, one for one, the same words as
// Surface gives them: in the masculine singular but not stemmed. Whole job
// titles are compared on them too ("enseignant" and "enseigniste" share a
// stem, not a title).
func TermsAndSurfaces(s string) (terms, surfaces []string) {
	eachWord(s, func(w string) {
		terms = append(terms, Term(w))
		surfaces = append(surfaces, Surface(w))
	})
	return terms, surfaces
}

// Surfaces returns the surfaces of TermsAndSurfaces without the terms
// (no stemming).
func Surfaces(s string) []string {
	var out []string
	eachWord(s, func(w string) { out = append(out, Surface(w)) })
	return out
}

// eachWord calls fn with the folded words of s that are not stop words;
// an acronym gives the words of its expansion.
func eachWord(s string, fn func(w string)) {
	for _, t := range Tokens(s) {
		if IsStopWord(t) || (len(t) == 1 && !isDigit(t)) {
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

// Term normalises one folded word into a search term: Masculine, then Stem.
func Term(w string) string {
	return Stem(Masculine(w))
}

// Surface returns a folded word in the masculine singular, without its
// final e ("agente" → "agent"; "cheffe" → "chef"; "adjointes" → "adjoint").
func Surface(w string) string {
	w = Singular(Masculine(w))
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	if n := len(w); n > 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouy", rune(w[n-1])) {
		w = w[:n-1]
	}
	return w
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
var lightWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range []string{"de", "d", "du", "des", "la", "le", "les", "l", "en", "et", "a", "au", "aux",
		"un", "une", "pour", "par", "sur", "dans", "avec", "ou", "e", "s", "ne", "se"} {
		m[w] = true
	}
	return m
}()

// Lossy reports whether Terms(s) dropped a word that carries meaning: a
// stop word or a single letter other than an article or a preposition
// ("Assistant son" loses "son").
func Lossy(s string) bool {
	for _, t := range Tokens(s) {
		if (IsStopWord(t) || len(t) == 1) && !lightWords[t] && !isDigit(t) {
			return true
		}
	}
	return false
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

// Masculine rewrites a folded word's feminine ending to the masculine one
// ("directrice" → "directeur", "chargee" → "charge"). It may also touch
// words that are not feminine ("matrice"); applied to both sides of a
// comparison, that is harmless.
func Masculine(w string) string {
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

// StripGenderSuffixes removes gender marks glued to a word in parentheses:
// "Conducteur(trice)", "Délégué(e)", "financier(ère" become "Conducteur",
// "Délégué", "financier". The rest of s is left as it is.
func StripGenderSuffixes(s string) string {
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

// isWordByte reports whether c may end a word: an ASCII letter or any byte
// of a multi-byte rune.
func isWordByte(c byte) bool {
	return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// TermMemo gives Terms, remembering the term of every word it has met:
// a catalog repeats its words, and Term is most of the cost of Terms. The
// zero value is ready to use; a TermMemo is not safe for concurrent use.
type TermMemo struct {
	terms map[string]string
}

// maxTermMemo bounds the words a TermMemo remembers; past it, it starts
// afresh.
const maxTermMemo = 1 << 16

// Terms returns Terms(s).
func (m *TermMemo) Terms(s string) []string {
	out := make([]string, 0, 8)
	eachWord(s, func(w string) { out = append(out, m.term(w)) })
	return out
}

func (m *TermMemo) term(w string) string {
	if t, ok := m.terms[w]; ok {
		return t
	}
	if m.terms == nil || len(m.terms) >= maxTermMemo {
		m.terms = make(map[string]string, 1024)
	}
	t := Term(w)
	// w is a piece of the folded text: a copy keeps the memo from holding the text.
	m.terms[strings.Clone(w)] = t
	return t
}
