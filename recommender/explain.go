package recommender

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// reasonContext is what a reason is grounded in: the employee's goal and
// constraints.
type reasonContext struct {
	gap []gapSkill
	// target is how the projet is quoted: the employee's target segment.
	target string
	// metiers maps the recognised target métiers' codes to their labels
	// as they read in a sentence.
	metiers map[string]string
	// order lists the recognised codes, best first.
	order []string
	c     Constraints
	// vae says that the employee aims at a VAE.
	vae bool
	// today dates the sessions still to come.
	today time.Time
}

// newReasonContext quotes the goal: the target segment of the projet, and
// its best recognised métier when it was found whole there, in the gender
// form the employee wrote. A métier only guessed (fuzzy match), or ranked
// below a guess, is never put in the employee's mouth.
func newReasonContext(g Goal, gap []gapSkill, c Constraints) reasonContext {
	rc := reasonContext{gap: gap, target: shorten(g.Target, maxQuoteWords), metiers: make(map[string]string), c: c}
	if len(g.Metiers) > 0 && g.Metiers[0].Exact && strings.TrimSpace(g.Metiers[0].Label) != "" {
		m := g.Metiers[0]
		rc.metiers[m.Code] = inProse(m.Label, m.Matched, g.Target)
		rc.order = append(rc.order, m.Code)
		if rc.target == "" {
			rc.target = rc.metiers[m.Code]
		}
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

// of gives "de manager", "d'analyste", "d'hôte".
func of(s string) string {
	if f := french.Fold(s); f != "" && strings.ContainsRune("aeiouyh", rune(f[0])) {
		return "d'" + s
	}
	return "de " + s
}

// reason says in French why c is suggested: the gap skills it covers (or
// those it works on), its fit to the projet, where it is from the place
// asked for, and what the card's facts row does not show (a mentor's
// department, blocs certifiable one by one). The price, duration,
// modality, dates and places of the facts row are not repeated. It is
// never empty.
func (rc reasonContext) reason(c *candidate) string {
	var parts []string
	if rc.vae && c.item.Kind == catalog.KindCertification && c.item.VAEEligible {
		parts = append(parts, vaeRoute(&c.item))
	}
	covers := nonBlank(rc.shortLabels(c.covers))
	if len(covers) > 0 {
		parts = append(parts, "Couvre : "+listSkills(covers, maxCovers))
	} else if sk := nonBlank(c.item.Skills); len(sk) > 0 {
		parts = append(parts, "Aborde : "+listSkills(sk, 3))
	}
	c.fit = rc.fit(c, len(covers) > 0)
	parts = append(parts, nonBlank([]string{c.fit, rc.where(&c.item), extraFacts(&c.item)})...)
	if len(parts) == 0 {
		// Nothing about the goal to say: the facts at least tell items apart.
		if f := Facts(&c.item); len(f) > 0 {
			return strings.Join(f, ", ")
		}
		return "Son intitulé ou sa description répond à votre recherche"
	}
	return strings.Join(parts, " — ")
}

// extraFacts are the facts a card does not show: a mentor's department,
// a certification's blocs certifiable one by one.
func extraFacts(it *catalog.Item) string {
	switch {
	case it.Kind == catalog.KindMentoring && it.Mentor != nil && ofUnit(it.Mentor.Department) != "":
		return "mentor " + ofUnit(it.Mentor.Department)
	case it.Kind == catalog.KindCertification && len(it.Blocs) > 1:
		return strconv.Itoa(len(it.Blocs)) + " blocs certifiables séparément"
	}
	return ""
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
