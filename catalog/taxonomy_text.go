package catalog

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/tremplin/tremplin/catalog/french"
)

// Key returns the analysed form under which a skill label is matched: its
// stemmed content words and conjunctions joined by single spaces ("Gestion
// des Conflits" and "gestion de conflit" give the same key; "&" reads
// "et"). A word written in capitals is an
// acronym and is kept even when it is also a stop word ("projet SI",
// "marquage CE"), and the names "C++", "C#" and ".NET" become words. A
// label made only of stop words keys on its folded words, so that it can
// still be looked up but is never found in a text.
func Key(label string) string {
	return key(segments(label, false), french.Tokens(symbolWords(label)))
}

// key is Key given the segments and the folded words of a label.
func key(segs [][]token, words []string) string {
	var stems []string
	for _, seg := range segs {
		for _, tok := range seg {
			stems = append(stems, tok.stem)
		}
	}
	if len(stems) > 0 {
		return strings.Join(stems, " ")
	}
	return strings.Join(words, " ")
}

// token is a content word of a text: its stem, and its folded form without
// a plural mark, which single-word labels must match exactly.
type token struct{ stem, word string }

// segments cuts s into runs of content words. Stop words are dropped, except
// words in capitals when s also has small letters (a text all in capitals
// has no acronyms) and the conjunctions "et" and "ou", which stay so that
// "anglais et techniques de vente" does not read "anglais technique". When
// split is true, punctuation ends a run, so that a label is never found
// across it.
func segments(s string, split bool) [][]token {
	s = symbolWords(norm.NFC.String(s))
	mixed := strings.ContainsFunc(s, unicode.IsLower)
	chunks := []string{s}
	if split {
		chunks = clauses(s)
	}
	var out [][]token
	var cur []token
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, chunk := range chunks {
		for _, raw := range strings.FieldsFunc(chunk, separator) {
			for _, tok := range french.Tokens(raw) {
				if french.IsStopWord(tok) && tok != "et" && tok != "ou" && !(mixed && capitals(raw)) {
					continue
				}
				cur = append(cur, token{stem: french.Stem(tok), word: singular(tok)})
			}
		}
		flush()
	}
	return out
}

// clauses cuts s at punctuation that separates ideas: , ; : ! ? brackets,
// quotes, line breaks, and a full stop followed by a space.
func clauses(s string) []string {
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

// singular drops a final plural s or x.
func singular(w string) string {
	if len(w) > 3 && (strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x")) {
		return w[:len(w)-1]
	}
	return w
}

// separator splits words like french.Tokens does.
func separator(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', '´':
		return false
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// capitals reports whether w has at least two letters, all of them capitals.
func capitals(w string) bool {
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

var symbolNames = []struct {
	re   *regexp.Regexp
	word string
}{
	{regexp.MustCompile(`(?i)\bc\+\+`), " cplusplus "},
	{regexp.MustCompile(`(?i)\bc#`), " csharp "},
	{regexp.MustCompile(`(?i)\.net\b`), " dotnet "},
	{regexp.MustCompile(`&`), " et "},
}

// symbolWords spells out names made of symbols that tokenizing would lose.
func symbolWords(s string) string {
	if !strings.ContainsAny(s, "+#.&") {
		return s
	}
	for _, sn := range symbolNames {
		s = sn.re.ReplaceAllString(s, sn.word)
	}
	return s
}
