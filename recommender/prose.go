package recommender

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/recommender/metier"
)

// inProse writes a référentiel label as it reads inside a sentence: in the
// gender form the employee used (said is their words), else the masculine
// one, never "Chargé / Chargée"; with its first letter in lower case unless
// it starts with an acronym ("Analyste de données" → "analyste de
// données", "QHSE manager" stays). matched is the appellation recognised in
// the projet, whose forms tell the gender when the label's do not.
func inProse(label, matched, said string) string {
	forms := metier.GenderForms(strings.TrimSpace(label))
	s := forms[0]
	if len(forms) == 2 && feminine(said, forms, metier.GenderForms(matched)) {
		s = forms[1]
	}
	return lowerFirst(s)
}

// feminine reports whether said uses the feminine form of a label: it
// holds more of the words only the feminine form has ("chargée", "cheffe")
// than of those only the masculine one has. Each pair of forms is tried in
// turn: the label's, then the recognised appellation's.
func feminine(said string, pairs ...[]string) bool {
	words := make(map[string]bool)
	for _, w := range french.Words(said) {
		words[w.Folded] = true
	}
	for _, forms := range pairs {
		if len(forms) != 2 {
			continue
		}
		masc, fem := foldedSet(forms[0]), foldedSet(forms[1])
		m, f := 0, 0
		for w := range fem {
			if !masc[w] && words[w] {
				f++
			}
		}
		for w := range masc {
			if !fem[w] && words[w] {
				m++
			}
		}
		if f != m {
			return f > m
		}
	}
	return false
}

func foldedSet(s string) map[string]bool {
	out := make(map[string]bool)
	for _, w := range french.Words(s) {
		out[w.Folded] = true
	}
	return out
}

// lowerFirst lowers the first letter of s unless its first word is an
// acronym or has a capital inside ("RH", "QHSE", "DevOps").
func lowerFirst(s string) string {
	first, _, _ := strings.Cut(s, " ")
	upper := 0
	for i, r := range first {
		if i > 0 && unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 0 {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// unitNouns are the nouns that already say what kind of unit a department
// is ("Direction des achats", "Service client"), with their gender.
var unitNouns = map[string]bool{ // true: feminine
	"direction": true, "service": false, "departement": false, "pole": false, "equipe": true,
	"cellule": true, "agence": true, "usine": true, "site": false, "atelier": false,
	"laboratoire": false, "bureau": false, "division": true, "unite": true, "plateforme": true,
	"entrepot": false, "filiale": true, "branche": true, "secretariat": false, "mission": true,
}

// articles are the folded articles a department may be written with.
var articles = map[string]bool{"le": true, "la": true, "les": true, "l": true}

// ofUnit names a department after "de", with its article: "du service
// Maintenance", "de la DRH", "de la direction des achats", "de l'équipe
// Data". A department is written as a name ("Maintenance", "DRH",
// "Direction des achats"); a bare name is a service, a capitalised acronym
// starting with D a direction ("DRH", "DSI"). Blank gives "".
func ofUnit(dept string) string {
	dept = strings.TrimSpace(dept)
	ws := french.Words(dept)
	if len(ws) == 0 {
		return ""
	}
	head := ws[0].Folded
	first := dept[ws[0].Start:ws[0].End]
	switch {
	case articles[head]:
		return contractDe(lowerFirst(dept))
	case unitNoun(head):
		return contractDe(article(head, unitNouns[head]) + lowerFirst(dept))
	case len(ws) == 1 && len(first) >= 2 && first[0] == 'D' && strings.ToUpper(first) == first:
		return "de la " + dept
	}
	return "du service " + dept
}

func unitNoun(w string) bool {
	_, ok := unitNouns[w]
	return ok
}

// article is the definite article before a folded noun.
func article(noun string, fem bool) string {
	switch {
	case noun != "" && strings.ContainsRune("aeiouyh", rune(noun[0])):
		return "l'"
	case fem:
		return "la "
	}
	return "le "
}

// contractDe puts "de" before a phrase starting with an article: "le …" →
// "du …", "les …" → "des …", "la …" → "de la …", "l'…" → "de l'…".
func contractDe(s string) string {
	switch {
	case strings.HasPrefix(s, "le "):
		return "du " + s[len("le "):]
	case strings.HasPrefix(s, "les "):
		return "des " + s[len("les "):]
	}
	return "de " + s
}
