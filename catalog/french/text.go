package french

import (
	"regexp"
	"strings"
	"unicode"
)

// Options tunes AnalyzeText. The zero value drops every stop word and
// keeps the text in one run, as Analyze does.
type Options struct {
	// Conjunctions keeps "et" and "ou", so that "anglais et techniques de
	// vente" does not read "anglais technique".
	Conjunctions bool
	// Acronyms keeps a stop word written in capitals (see InCapitals:
	// "projet SI", "marquage CE"), unless the text has no small letter at
	// all: a text all in capitals has no acronyms.
	Acronyms bool
	// Clauses cuts the text into its clauses (see Clauses), one run each,
	// so that a phrase is never found across punctuation.
	Clauses bool
}

// Stemmed is a content word of a text: its folded form (see Tokens) and
// its stem (see Stem).
type Stemmed struct{ Folded, Stem string }

// AnalyzeText returns the content words of s in runs: one run, or one per
// clause with o.Clauses, runs without a content word left out. Words are
// cut as Fields does, then folded as Tokens does; stop words are dropped
// except those o keeps. Symbols are not spelled out: see SpellSymbols.
func AnalyzeText(s string, o Options) [][]Stemmed {
	acronyms := o.Acronyms && strings.ContainsFunc(s, unicode.IsLower)
	chunks := []string{s}
	if o.Clauses {
		chunks = Clauses(s)
	}
	var out [][]Stemmed
	for _, chunk := range chunks {
		var run []Stemmed
		for _, raw := range Fields(chunk) {
			for _, tok := range Tokens(raw) {
				if IsStopWord(tok) && !(o.Conjunctions && (tok == "et" || tok == "ou")) && !(acronyms && InCapitals(raw)) {
					continue
				}
				run = append(run, Stemmed{Folded: tok, Stem: Stem(tok)})
			}
		}
		if len(run) > 0 {
			out = append(out, run)
		}
	}
	return out
}

// Fields splits s into words as written, cut where Tokens cuts: at every
// rune that is not a letter, a digit or an apostrophe. Unlike Tokens, it
// neither folds the words nor removes elided articles ("L’ÉQUIPE RH" →
// "L’ÉQUIPE", "RH").
func Fields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// isWordRune reports whether r belongs to a word: a letter, a digit or an
// apostrophe (', or one of the variants ’ ʼ ` ´ that Fold maps to ').
func isWordRune(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', '´':
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// Singular drops a final plural s or x from a folded word of more than
// three bytes ("bureaux" → "bureau", "cours" → "cour", "bts" stays). It is
// cruder than what Stem does, and meant for words compared whole.
func Singular(w string) string {
	if len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) {
		return w[:len(w)-1]
	}
	return w
}

// InCapitals reports whether w has at least two letters and no small
// letter, as an acronym is written ("SI", "CE", "B2B"); digits and other
// runes do not count.
func InCapitals(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// Clauses cuts s at the punctuation that separates ideas: , ; : ! ?
// brackets, quotes, bullets, line breaks, and a full stop at the end or
// followed by a space or a line break ("v1.2" and "S.A." inside a clause
// stay whole). The punctuation itself is dropped; clauses may be empty.
func Clauses(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		brk := strings.ContainsRune(",;:!?()[]{}«»\"“”\n\r•", r)
		if r == '.' {
			next := s[i+1:]
			brk = next == "" || next[0] == ' ' || next[0] == '\n'
		}
		if brk {
			out = append(out, s[start:i])
			start = i + len(string(r))
		}
	}
	return append(out, s[start:])
}

var symbolNames = []struct {
	re   *regexp.Regexp
	word string
}{
	{regexp.MustCompile(`(?i)\bc\+\+`), " cplusplus "},
	{regexp.MustCompile(`(?i)\bc#`), " csharp "},
	{regexp.MustCompile(`(?i)\.net\b`), " dotnet "},
	{regexp.MustCompile(`&`), " et "},
}

// SpellSymbols spells out the names made of symbols that Tokens would
// lose, as words set apart by spaces: "C++" → "cplusplus", "C#" →
// "csharp", ".NET" → "dotnet" (any case), and "&" → "et".
func SpellSymbols(s string) string {
	if !strings.ContainsAny(s, "+#.&") {
		return s
	}
	for _, sn := range symbolNames {
		s = sn.re.ReplaceAllString(s, sn.word)
	}
	return s
}
