package textindex

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // registers the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/tremplin/tremplin/catalog/french"
)

// Names under which the analysis pieces are registered with Bleve. They are
// saved in the index mapping, so they must never change.
const (
	// AnalyzerFrench analyses French text: Unicode words, lower case,
	// elision (l', d', qu'...), Bleve's French stop words, accent folding
	// and inclusive-writing marks, our folded stop words, then french.Stem.
	AnalyzerFrench = "tremplin_fr"
	// AnalyzerCode analyses codes (ROME, RNCP): Unicode words in lower case.
	AnalyzerCode = "tremplin_code"

	charColon  = "tremplin_colon_space"
	filterFold = "tremplin_fold_fr"
	filterStop = "tremplin_stop_fr"
	filterStem = "tremplin_stem_fr"
)

func init() {
	err := registry.RegisterCharFilter(charColon,
		func(map[string]interface{}, *registry.Cache) (analysis.CharFilter, error) { return colonFilter{}, nil })
	if err != nil {
		panic(fmt.Sprintf("textindex: %v", err)) // only on a duplicate name, a programming error
	}
	for name, f := range map[string]analysis.TokenFilter{
		filterFold: foldFilter{},
		filterStop: stopFilter{},
		filterStem: stemFilter{},
	} {
		f := f
		err := registry.RegisterTokenFilter(name,
			func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) { return f, nil })
		if err != nil {
			panic(fmt.Sprintf("textindex: %v", err)) // only on a duplicate name, a programming error
		}
	}
}

// colonFilter turns colons (":" and its presentation forms ︓ ﹕ ：) into
// spaces: they join letters into one word for Unicode word breaking
// ("title:design"). Every other byte, valid UTF-8 or not, is kept. It does
// what a regexp char filter of the four would, without the regexp
// engine (a fortieth of indexing).
type colonFilter struct{}

// colonForms are the UTF-8 encodings of the colons other than ":".
var colonForms = [][]byte{[]byte("\uFE13"), []byte("\uFE55"), []byte("\uFF1A")}

func (colonFilter) Filter(in []byte) []byte {
	if bytes.IndexByte(in, ':') < 0 && bytes.IndexByte(in, 0xEF) < 0 {
		return in
	}
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); {
		switch {
		case in[i] == ':':
			out = append(out, ' ')
			i++
			continue
		case in[i] == 0xEF:
			if k := slices.IndexFunc(colonForms, func(f []byte) bool { return bytes.HasPrefix(in[i:], f) }); k >= 0 {
				out = append(out, ' ')
				i += len(colonForms[k])
				continue
			}
		}
		out = append(out, in[i])
		i++
	}
	return out
}

// analyzers returns the custom analyzer definitions added to every mapping.
func analyzers() map[string]map[string]interface{} {
	return map[string]map[string]interface{}{
		AnalyzerFrench: {
			"type":         "custom",
			"char_filters": []interface{}{charColon},
			"tokenizer":    unicode.Name,
			"token_filters": []interface{}{
				lowercase.Name, fr.ElisionName, fr.StopName, filterFold, filterStop, filterStem,
			},
		},
		AnalyzerCode: {
			"type":          "custom",
			"char_filters":  []interface{}{charColon},
			"tokenizer":     unicode.Name,
			"token_filters": []interface{}{lowercase.Name},
		},
	}
}

// foldFilter folds accents and ligatures (french.Fold), cuts the marks of
// inclusive writing ("chargé·e·s" → "charge") and drops apostrophes left
// inside words ("aujourd'hui" → "aujourdhui").
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		if !foldKeeps(tok.Term) {
			tok.Term = []byte(foldTerm(string(tok.Term)))
		}
	}
	return in
}

// foldKeeps reports whether foldTerm leaves term as it is, without
// calling it: lower-case ASCII without a dot, an apostrophe or a
// backquote (most terms, after the lower-case filter).
func foldKeeps(term []byte) bool {
	for _, c := range term {
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '.' || c == '\'' || c == '`' {
			return false
		}
	}
	return true
}

// termMemo remembers the result of a token filter's function by term: a
// catalog repeats its words, and stemming them was a twentieth of
// indexing (a lookup costs less than a stem, more than folding ASCII). It is safe for concurrent use (Bleve analyses on every CPU)
// and stops learning at max terms, so that the words of queries cannot
// grow it without bound.
type termMemo struct {
	max int64
	m   sync.Map // string → []byte
	n   atomic.Int64
}

// maxMemoTerms bounds each termMemo; a 100,000-item catalog has about
// 60,000 distinct words. Terms longer than maxMemoTermBytes (no French
// word) are not remembered, so the memo holds a few megabytes at most.
const (
	maxMemoTerms     = 200_000
	maxMemoTermBytes = 32
)

// stemMemo is the memo of stemFilter.
var stemMemo = &termMemo{max: maxMemoTerms}

// apply returns fn(term) as bytes the caller may keep but not modify
// (Bleve's filters after these only read a term or replace it).
func (m *termMemo) apply(term []byte, fn func(string) string) []byte {
	if v, ok := m.m.Load(string(term)); ok {
		return v.([]byte)
	}
	out := []byte(fn(string(term)))
	if len(term) <= maxMemoTermBytes && m.n.Load() < m.max {
		if _, loaded := m.m.LoadOrStore(string(term), out); !loaded {
			m.n.Add(1)
		}
	}
	return out
}

func foldTerm(s string) string {
	s = french.Fold(s)
	if i := strings.IndexAny(s, "·•⋅"); i > 0 {
		s = s[:i]
	} else if i := strings.IndexByte(s, '.'); i > 0 && inclusiveSuffix(s[i+1:]) {
		s = s[:i]
	}
	if strings.IndexByte(s, '\'') >= 0 {
		s = strings.ReplaceAll(s, "'", "")
	}
	return s
}

// inclusiveSuffix reports whether s, found after a dot inside a word, is the
// feminine or plural mark of inclusive writing ("salarie.e.s").
func inclusiveSuffix(s string) bool {
	switch strings.ReplaceAll(s, ".", "") {
	case "e", "es", "s", "ne", "nes", "euse", "euses", "rice", "rices", "ive", "ives", "ere", "eres", "le", "les", "te", "tes":
		return true
	}
	return false
}

// stopFilter removes folded French stop words (french.IsStopWord), which
// catches unaccented spellings Bleve's stop_fr list misses ("etre").
type stopFilter struct{}

func (stopFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, tok := range in {
		if len(tok.Term) > 0 && !french.IsStopWord(string(tok.Term)) {
			out = append(out, tok)
		}
	}
	return out
}

// stemFilter applies french.Stem so that word families meet
// ("développeur", "développement" → "develop"), which Bleve's
// stemmer_fr_light does not do.
type stemFilter struct{}

func (stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		if !tok.KeyWord {
			tok.Term = stemMemo.apply(tok.Term, french.Stem)
		}
	}
	return in
}
