package catalog

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/tremplin/tremplin/catalog/french"
)

// The words of the messages that list the accepted values, shared by the
// decoder, the API and the CLI so that all say the same.
const (
	// AcceptedModalities lists the modality values ParseModality accepts.
	AcceptedModalities = "présentiel, distanciel ou hybride (aussi : sur site, à distance, en ligne, e-learning, mixte, blended)"
	// AcceptedBools lists the boolean values ParseBool accepts.
	AcceptedBools = "oui ou non (aussi : vrai/faux, true/false, 1/0)"
	// AcceptedNumbers gives examples of the numbers ParseNumber accepts.
	AcceptedNumbers = "un nombre, par exemple 21, 1 200, 1 200,50 ou 1 200 €"
)

// modalitySynonyms maps folded spellings (french.Fold, hyphens and
// underscores read as spaces) to the modality they mean.
var modalitySynonyms = map[string]Modality{
	"presentiel": ModalityPresentiel, "en presentiel": ModalityPresentiel, "sur site": ModalityPresentiel,
	"sur place": ModalityPresentiel, "en salle": ModalityPresentiel, "inter": ModalityPresentiel,
	"intra": ModalityPresentiel, "face a face": ModalityPresentiel, "onsite": ModalityPresentiel,
	"on site": ModalityPresentiel, "in person": ModalityPresentiel,

	"distanciel": ModalityDistanciel, "en distanciel": ModalityDistanciel, "a distance": ModalityDistanciel,
	"distance": ModalityDistanciel, "en ligne": ModalityDistanciel, "e learning": ModalityDistanciel,
	"elearning": ModalityDistanciel, "classe virtuelle": ModalityDistanciel, "visio": ModalityDistanciel,
	"visioconference": ModalityDistanciel, "online": ModalityDistanciel, "remote": ModalityDistanciel,
	"foad": ModalityDistanciel,

	"hybride": ModalityHybride, "mixte": ModalityHybride, "blended": ModalityHybride,
	"blended learning": ModalityHybride, "multimodal": ModalityHybride, "multimodale": ModalityHybride,
	"hybrid": ModalityHybride, "presentiel et distanciel": ModalityHybride,
	"presentiel distanciel": ModalityHybride, "presentiel / distanciel": ModalityHybride,
}

// ParseModality reads a modality as people write it: "présentiel",
// "sur site", "à distance", "en ligne", "e-learning", "mixte", "blended"…
// (case, accents and hyphens do not matter). "" is the empty modality. ok
// is false for any other text; AcceptedModalities says what is accepted.
func ParseModality(s string) (m Modality, ok bool) {
	k := strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(french.Fold(s))), " ")
	if k == "" {
		return "", true
	}
	m, ok = modalitySynonyms[k]
	return m, ok
}

// ParseBool reads a yes/no value: oui/non, vrai/faux, true/false, yes/no,
// 1/0 (case and accents do not matter). ok is false for any other text.
func ParseBool(s string) (b, ok bool) {
	switch french.Fold(strings.TrimSpace(s)) {
	case "true", "oui", "vrai", "1", "yes", "o", "y":
		return true, true
	case "false", "non", "faux", "0", "no", "n":
		return false, true
	}
	return false, false
}

// errNumber is returned by ParseNumber for a text that is not a number.
var errNumber = errors.New("not a number")

// ParseNumber reads a number as people write it in French or English:
// "1200", "1 200" (with a space, no-break space or narrow no-break space
// between thousands), "1 200,50", "1.200,50", "1,200.50", "1200.5",
// followed or preceded by "€", "EUR" or "euros", or by "h"/"heures"
// for durations. Only finite numbers are returned.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	low := strings.ToLower(t)
	for _, unit := range []string{"euros", "euro", "eur", "€", "heures", "heure", "h"} {
		if strings.HasSuffix(low, unit) {
			t, low = t[:len(t)-len(unit)], low[:len(low)-len(unit)]
			break
		}
	}
	if strings.HasPrefix(t, "€") {
		t = t[len("€"):]
	}
	t = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u202f' || r == '\u00a0' || r == '\'' || r == '’' {
			return -1
		}
		return r
	}, t)
	t = decimalPoint(t)
	if t == "" || strings.ContainsAny(t, "xXpP_") || strings.ContainsFunc(t, unicode.IsLetter) && !isExponent(t) {
		return 0, errNumber
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, errNumber
	}
	return x, nil
}

// decimalPoint turns the separators of t into Go syntax: with both "," and
// ".", the last one is the decimal mark; a lone "," is a decimal comma
// unless it groups thousands ("1,200" stays ambiguous and is read as 1.2,
// as a French writer means it); several "." group thousands ("1.200.000").
func decimalPoint(t string) string {
	c, d := strings.LastIndex(t, ","), strings.LastIndex(t, ".")
	switch {
	case c >= 0 && d >= 0 && c > d:
		return strings.Replace(strings.ReplaceAll(t, ".", ""), ",", ".", 1)
	case c >= 0 && d >= 0:
		return strings.ReplaceAll(t, ",", "")
	case c >= 0 && strings.Count(t, ",") == 1:
		return strings.Replace(t, ",", ".", 1)
	case c >= 0:
		return strings.ReplaceAll(t, ",", "")
	case strings.Count(t, ".") > 1:
		return strings.ReplaceAll(t, ".", "")
	}
	return t
}

// isExponent reports whether the only letters of t are one exponent "e".
func isExponent(t string) bool {
	return strings.Count(strings.ToLower(t), "e") == 1 &&
		!strings.ContainsFunc(strings.ToLower(t), func(r rune) bool { return unicode.IsLetter(r) && r != 'e' })
}
