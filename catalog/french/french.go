// Package french analyses French text for search: normalisation, accent
// and case folding, elision removal, stop words and a light stemmer that
// brings word families together ("développeur", "développement",
// "développer" → "develop").
package french

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in NFC-independent lower case with accents and ligatures
// removed ("Œuvre Éphémère" → "oeuvre ephemere").
func Fold(s string) string {
	change := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return foldRunes(s)
		}
		change = change || ('A' <= c && c <= 'Z') || c == '`'
	}
	if !change {
		return s // lower-case ASCII already
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = foldTable[s[i]][0]
	}
	return string(b)
}

// foldRunes is Fold of a string with some non-ASCII byte: by foldTable
// when every rune is in it, else by the Unicode decomposition.
func foldRunes(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, foldTable[c][0])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= foldTableSize {
			return foldNFD(s)
		}
		b = append(b, foldTable[r]...)
		i += size
	}
	return string(b)
}

// foldTableSize bounds the runes of foldTable: ASCII, Latin-1 and Latin
// Extended-A and B, below the first combining mark (U+0300).
const foldTableSize = 0x250

// foldTable holds foldNFD of each rune below foldTableSize. For a string of
// such runes, foldNFD is the concatenation of its runes' folds: none is a
// combining mark, and each decomposes into a starter and its own marks, so
// no reordering crosses runes. The table gives Fold without decomposing.
var foldTable = func() (t [foldTableSize]string) {
	for r := range rune(foldTableSize) {
		t[r] = foldNFD(string(r))
	}
	return t
}()

// foldNFD is Fold by the Unicode canonical decomposition: drop the
// non-spacing marks, spell the ligatures, lower the case.
func foldNFD(s string) string {
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
