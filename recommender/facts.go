package recommender

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
)

// Facts are an item's key facts in French, by kind, as a card's facts row
// shows them (a suggestion's reason does not repeat them): "RNCP35288",
// "21 h à distance", "1 200 €", "éligible CPF"; "Claire Dubois, Responsable
// data", "2 places libres sur 3"; "Data & IA", "du 1er mars au 30 juin
// 2027", "20 % du temps".
func Facts(it *catalog.Item) []string {
	switch it.Kind {
	case catalog.KindMentoring:
		return mentorFacts(it)
	case catalog.KindMission:
		return missionFacts(it)
	}
	var out []string
	if it.Kind == catalog.KindCertification && it.CertificationCode != "" {
		out = append(out, it.CertificationCode)
	}
	if d := durationModality(it); d != "" {
		out = append(out, d)
	}
	if p, ok := it.Price(); ok {
		out = append(out, FormatPrice(p))
	}
	if it.CPFEligible {
		out = append(out, "éligible CPF")
	}
	if it.Kind == catalog.KindCertification && it.VAEEligible {
		out = append(out, "accessible par VAE")
	}
	return out
}

// durationModality gives "21 h à distance", "14 h en présentiel à Lyon".
func durationModality(it *catalog.Item) string {
	var out []string
	if h, ok := it.Duration(); ok && h > 0 {
		out = append(out, FormatHours(h))
	}
	switch it.Modality {
	case catalog.ModalityDistanciel:
		out = append(out, "à distance")
	case catalog.ModalityHybride:
		out = append(out, "en hybride")
	case catalog.ModalityPresentiel:
		m := "en présentiel"
		if loc := strings.TrimSpace(it.Location); loc != "" {
			m += " à " + loc
		}
		out = append(out, m)
	}
	return strings.Join(out, " ")
}

// mentorFacts gives "Claire Dubois, Responsable data", "2 places libres sur 3".
func mentorFacts(it *catalog.Item) []string {
	m := it.Mentor
	if m == nil {
		return nil
	}
	out := nonBlank([]string{strings.Join(nonBlank([]string{m.Name, m.JobTitle}), ", ")})
	free := m.Capacity - max(m.CurrentMentees, 0)
	switch {
	case m.Capacity <= 0:
		// No capacity said (validation rejects a negative one).
	case free == 1:
		out = append(out, fmt.Sprintf("1 place libre sur %d", m.Capacity))
	case free > 1:
		out = append(out, fmt.Sprintf("%d places libres sur %d", free, m.Capacity))
	}
	return out
}

// missionFacts gives "Data & IA", "du 1er mars au 30 juin 2027", "20 % du temps".
func missionFacts(it *catalog.Item) []string {
	m := it.Mission
	if m == nil {
		return nil
	}
	out := nonBlank([]string{m.Department})
	if p := period(m.StartDate.Time, m.EndDate.Time); p != "" {
		out = append(out, p)
	}
	if m.TimeSharePct > 0 {
		out = append(out, strconv.Itoa(m.TimeSharePct)+" % du temps")
	}
	return out
}

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// frenchDate gives "1er mars 2027", or "1er mars" without the year.
func frenchDate(t time.Time, year bool) string {
	d := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		d = "1er"
	}
	s := d + " " + frenchMonths[t.Month()-1]
	if year {
		s += " " + strconv.Itoa(t.Year())
	}
	return s
}

// period gives "du 1er mars au 30 juin 2027", "du 24 au 26 mars 2027":
// the start's year is said only when it differs from the end's, its month
// only when it differs too.
func period(from, to time.Time) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return "à partir du " + frenchDate(from, true)
	case from.IsZero():
		return "jusqu'au " + frenchDate(to, true)
	}
	if from.Year() == to.Year() && from.Month() == to.Month() {
		start, _, _ := strings.Cut(frenchDate(from, false), " ")
		return "du " + start + " au " + frenchDate(to, true)
	}
	return "du " + frenchDate(from, from.Year() != to.Year()) + " au " + frenchDate(to, true)
}

// FormatPrice writes a price in euros the French way: "gratuit",
// "1 190 €", "12,50 €".
func FormatPrice(p float64) string {
	switch {
	case p == 0:
		return "gratuit"
	case math.IsNaN(p) || math.IsInf(p, 0):
		return "prix non communiqué"
	}
	if p == math.Trunc(p) && math.Abs(p) < 1e15 {
		return groupThousands(strconv.FormatInt(int64(p), 10)) + " €"
	}
	s := strconv.FormatFloat(p, 'f', 2, 64)
	i := strings.IndexByte(s, '.')
	return groupThousands(s[:i]) + "," + s[i+1:] + " €"
}

// FormatHours writes a duration in hours the French way: "21 h", "3,5 h".
func FormatHours(h float64) string { return formatNumber(h) + " h" }

// formatNumber gives "21" or "3,5".
func formatNumber(x float64) string {
	if r := math.Round(x*10) / 10; !math.IsInf(r, 0) {
		x = r
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}

// groupThousands puts a space between groups of three digits.
func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (utf8.RuneCountInString(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
