package recommender

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// reasonContext is what a reason is grounded in: the employee's goal and
// constraints.
type reasonContext struct {
	gap []gapSkill
	// target is how the projet is quoted: the recognised métier or the
	// target segment.
	target string
	// metiers maps the recognised target métiers' codes to their labels.
	metiers map[string]string
	// order lists the recognised codes, best first.
	order []string
	c     Constraints
	// vae says that the employee aims at a VAE.
	vae bool
}

// newReasonContext quotes the goal: its best recognised métier when it was
// found whole in the projet, else the target segment. A métier only
// guessed (fuzzy match), or ranked below a guess, is never put in the
// employee's mouth.
func newReasonContext(g Goal, gap []gapSkill, c Constraints) reasonContext {
	rc := reasonContext{gap: gap, target: shorten(g.Target, maxQuoteWords), metiers: make(map[string]string), c: c}
	if len(g.Metiers) > 0 && g.Metiers[0].Exact && strings.TrimSpace(g.Metiers[0].Label) != "" {
		m := g.Metiers[0]
		m.Label = strings.TrimSpace(m.Label)
		rc.target = m.Label
		rc.metiers[m.Code] = m.Label
		rc.order = append(rc.order, m.Code)
	}
	return rc
}

// Reason settings.
const (
	// maxQuoteWords is the length of the projet quoted in a reason.
	maxQuoteWords = 8
	// maxCovers is the number of covered skills named in a reason.
	maxCovers = 4
	// maxFitTags is the number of an item's métier tags, closest first,
	// that say which métier it prepares for.
	maxFitTags = 3
)

// of gives "de manager", "d'analyste", "d'Hôte".
func of(s string) string {
	if f := french.Fold(s); f != "" && strings.ContainsRune("aeiouyh", rune(f[0])) {
		return "d'" + s
	}
	return "de " + s
}

// reason says in French why c is suggested: the gap skills it covers, its
// fit to the projet, then its key facts. It is never empty.
func (rc reasonContext) reason(c *candidate) string {
	var parts []string
	covers := nonBlank(rc.shortLabels(c.covers))
	if len(covers) > 0 {
		parts = append(parts, "Couvre : "+listSkills(covers, maxCovers))
	}
	if fit := rc.fit(c, len(covers) > 0); fit != "" {
		parts = append(parts, fit)
	}
	if f := facts(&c.item, rc.c); f != "" {
		parts = append(parts, f)
	}
	if sk := nonBlank(c.item.Skills); len(covers) == 0 && len(sk) > 0 {
		parts = append([]string{"Aborde : " + listSkills(sk, 3)}, parts...)
	}
	if rc.vae && c.item.Kind == catalog.KindCertification && c.item.VAEEligible {
		parts = append([]string{vaeRoute(&c.item)}, parts...)
	}
	if len(parts) == 0 {
		return "Correspond à votre recherche"
	}
	return strings.Join(parts, " — ")
}

// shortLabels returns the gap skills at the given indexes, each cut to
// its head for a reason ("Concevoir un plan d'analyse statistique : définir…"
// reads "Concevoir un plan d'analyse statistique").
func (rc reasonContext) shortLabels(idx []int) []string {
	return shortSkills(rc.labels(idx))
}

// shortSkills cuts each skill label to its head, before a colon or a
// parenthesis, in at most maxQuoteWords words.
func shortSkills(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		if j := strings.IndexAny(l, ":("); j > 0 {
			l = strings.TrimSpace(l[:j])
		}
		out[i] = shorten(l, maxQuoteWords)
	}
	return out
}

// labels returns the gap skills at the given indexes.
func (rc reasonContext) labels(idx []int) []string {
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		out = append(out, rc.gap[i].label)
	}
	return out
}

// fit names the target métier the item is tagged with, else quotes the
// projet. Tags are text similarities: beyond the item's first one, the
// claim also needs a gap skill the item covers (an SOC analyst course is
// no data analyst course for sharing the word "analyste"). The wording
// follows the confidence: a suggestion of low pertinence is only "en lien"
// with the goal, never said to prepare for it.
func (rc reasonContext) fit(c *candidate, covers bool) string {
	weak := c.pertinence == PertinenceFaible
	n := 1
	if covers {
		n = maxFitTags
	}
	tagged := make(map[string]bool, n)
	for _, m := range c.item.Metiers[:min(n, len(c.item.Metiers))] {
		tagged[m] = true
	}
	for _, code := range rc.order {
		if tagged[code] && weak {
			return "en lien avec le métier " + of(rc.metiers[code])
		}
		if tagged[code] {
			return "prépare au métier " + of(rc.metiers[code])
		}
	}
	if rc.target == "" {
		return ""
	}
	if weak {
		return "en lien avec votre projet « " + rc.target + " »"
	}
	return "proche de votre projet « " + rc.target + " »"
}

// vaeRoute says how a certification is obtained by the VAE.
func vaeRoute(it *catalog.Item) string {
	s := "Accessible par la VAE : dossier de recevabilité, accompagnement, puis jury"
	if len(it.Blocs) > 1 {
		s += fmt.Sprintf(" ; ses %d blocs de compétences peuvent être validés un par un", len(it.Blocs))
	}
	return s
}

// nonBlank returns the trimmed non-empty strings of s.
func nonBlank(s []string) []string {
	out := make([]string, 0, len(s))
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// listSkills joins up to n skills, with "…" when there are more.
func listSkills(s []string, n int) string {
	if len(s) > n {
		return strings.Join(s[:n], ", ") + "…"
	}
	return strings.Join(s, ", ")
}

// shorten keeps the first n words of s, with "…" when cut.
func shorten(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + "…"
	}
	return strings.Join(f, " ")
}

// facts are an item's key facts in French, by kind.
func facts(it *catalog.Item, c Constraints) string {
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
		s := FormatPrice(p)
		if c.MaxPriceEUR != nil && p > 0 {
			s += " (dans votre budget)"
		}
		out = append(out, s)
	}
	if it.CPFEligible {
		out = append(out, "éligible CPF")
	}
	if it.Kind == catalog.KindCertification {
		if it.VAEEligible {
			out = append(out, "accessible par VAE")
		}
		if n := len(it.Blocs); n > 1 {
			out = append(out, strconv.Itoa(n)+" blocs certifiables séparément")
		}
	}
	return strings.Join(out, ", ")
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

// mentorFacts gives "Claire Dubois, Data & IA, 2 places sur 3".
func mentorFacts(it *catalog.Item) string {
	m := it.Mentor
	if m == nil {
		return ""
	}
	out := nonBlank([]string{m.Name, m.Department})
	free := m.Capacity - max(m.CurrentMentees, 0)
	switch {
	case m.Capacity <= 0:
		// No capacity said (validation rejects a negative one).
	case free == 1:
		out = append(out, fmt.Sprintf("1 place libre sur %d", m.Capacity))
	case free > 1:
		out = append(out, fmt.Sprintf("%d places libres sur %d", free, m.Capacity))
	}
	return strings.Join(out, ", ")
}

// missionFacts gives "Data & IA, du 1er mars au 30 juin 2027, 20 % du temps".
func missionFacts(it *catalog.Item) string {
	m := it.Mission
	if m == nil {
		return ""
	}
	out := nonBlank([]string{m.Department})
	if p := period(m.StartDate.Time, m.EndDate.Time); p != "" {
		out = append(out, p)
	}
	if m.TimeSharePct > 0 {
		out = append(out, strconv.Itoa(m.TimeSharePct)+" % du temps")
	}
	return strings.Join(out, ", ")
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

// period gives "du 1er mars au 30 juin 2027"; the year of the start is
// said only when it differs from the end's.
func period(from, to time.Time) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return "à partir du " + frenchDate(from, true)
	case from.IsZero():
		return "jusqu'au " + frenchDate(to, true)
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
