// Package french analyses French text for search: normalisation, accent
// and case folding, elision removal, stop words and a light stemmer that
// brings word families together ("développeur", "développement",
// "développer" → "develop").
package french

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in NFC-independent lower case with accents and ligatures
// removed ("Œuvre Éphémère" → "oeuvre ephemere").
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case 'œ', 'Œ':
			b.WriteString("oe")
			continue
		case 'æ', 'Æ':
			b.WriteString("ae")
			continue
		case '’', 'ʼ', '`', '´':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Tokens splits s into folded words: letters and digits, with elided
// articles removed ("l'entreprise" → "entreprise", "d'équipe" → "equipe").
// Stop words are kept.
func Tokens(s string) []string {
	f := Fold(s)
	words := Fields(f)
	out := words[:0]
	for _, w := range words {
		if i := strings.LastIndexByte(w, '\''); i >= 0 {
			if i <= 2 || elided(w[:i]) {
				w = w[i+1:]
			} else {
				w = strings.ReplaceAll(w, "'", "")
			}
		}
		w = strings.Trim(w, "'")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func elided(prefix string) bool {
	switch prefix {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu":
		return true
	}
	return false
}

// Analyze returns the stemmed content words of s: Tokens minus stop words,
// each passed through Stem.
func Analyze(s string) []string {
	toks := Tokens(s)
	out := toks[:0]
	for _, t := range toks {
		if IsStopWord(t) {
			continue
		}
		out = append(out, Stem(t))
	}
	return out
}
