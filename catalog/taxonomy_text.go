package catalog

import (
	"strings"

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
	return key(segments(label, false), french.Tokens(french.SpellSymbols(label)))
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

// segments cuts s into runs of content words, as french.AnalyzeText does
// with symbols spelled out, keeping conjunctions and acronyms. When split
// is true, punctuation ends a run, so that a label is never found across
// it.
func segments(s string, split bool) [][]token {
	s = french.SpellSymbols(norm.NFC.String(s))
	runs := french.AnalyzeText(s, french.Options{Conjunctions: true, Acronyms: true, Clauses: split})
	out := make([][]token, len(runs))
	for i, run := range runs {
		out[i] = make([]token, len(run))
		for j, w := range run {
			out[i][j] = token{stem: w.Stem, word: french.Singular(w.Folded)}
		}
	}
	return out
}
