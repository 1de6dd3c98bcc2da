package recommender

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// model is the confidence model for this recommender's wiring: the one
// learned with métier features when a référentiel is loaded.
func (r *Recommender) model() *Model {
	if r.d.Metiers != nil {
		return &r.models.WithReferentiel
	}
	return &r.models.WithoutReferentiel
}

// score gives every pooled candidate its features and confidence, then
// orders each kind's pool by confidence (ties: fused score, then id).
func (r *Recommender) score(rk Ranking, pools map[catalog.Kind][]*candidate, gap int) *featureContext {
	fc := newFeatureContext(rk, gap)
	var all []*candidate
	for _, p := range pools {
		all = append(all, p...)
	}
	fc.knownContent(all)
	fc.rankWithinKinds(pools)
	fc.scope = r.inScope(rk)
	m := r.model()
	for _, c := range all {
		c.confidence = fc.scope * m.Probability(fc.features(c))
		c.score = c.confidence
	}
	for _, p := range pools {
		slices.SortStableFunc(p, func(a, b *candidate) int {
			if c := cmp.Compare(rounded(b.score), rounded(a.score)); c != 0 {
				return c
			}
			if c := cmp.Compare(rounded(b.fused), rounded(a.fused)); c != 0 {
				return c
			}
			return strings.Compare(a.item.ID, b.item.ID)
		})
	}
	return fc
}

// namesTarget reports whether an appellation holds at least half of the
// target's content terms.
func namesTarget(appellation string, content []string) bool {
	if len(content) == 0 {
		return false
	}
	have := make(map[string]bool)
	for _, t := range french.Terms(appellation) {
		have[t] = true
	}
	n := 0
	for _, t := range content {
		if have[t] {
			n++
		}
	}
	return 2*n >= len(content)
}

// rounded drops the last bits of a score, which float rounding in the
// indexes may change between two stores of the same catalog.
func rounded(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// Candidate is one pooled candidate of a request with its confidence
// features, for learning the confidence model (tremplin calibrate).
type Candidate struct {
	ID       string
	Kind     catalog.Kind
	Features Features
	// Scope is the request's inScope factor, which scales the model's
	// probability into the confidence.
	Scope float64
}

// inScope estimates the probability that the goal lies within what the
// catalog offers at all. The confidence model is learned on goals a
// catalog serves (every RNCP dev query has relevant certifications), so it
// estimates relevance given that; confidence is that times inScope:
//   - a target métier found whole, or guessed from an appellation that
//     holds at least half of the target's words ("Technicien de hot line"
//     for "hot liner", not "Acheteur famille" for "avocate en droit de la
//     famille"), with items tagged with it: 1;
//   - otherwise, with a référentiel of jobs loaded (a métier guessed from
//     a shared word, one no item is tagged with, or none: the company has
//     no such job offer): the share of the goal's words, weighed by rarity, that the
//     catalog uses (Scope.Known), squared, so that one shared common word
//     ("ligne", "famille") does not make a foreign goal look served;
//   - no référentiel: the share.
func (r *Recommender) inScope(rk Ranking) float64 {
	if r.d.Scope == nil {
		return 1
	}
	gm := rk.Goal.Metiers
	if len(gm) > 0 && r.d.Tags != nil && r.d.Tags.Has(gm[0].Code) && (gm[0].Exact || namesTarget(gm[0].Matched, rk.content)) {
		return 1
	}
	k := r.d.Scope.Known(rk.scopeText)
	if r.d.Metiers == nil {
		return k
	}
	return k * k
}

// Candidates returns the candidates Recommend chooses from for req, every
// kind's pool in confidence order, with their features: what the
// confidence model is learned on.
func (r *Recommender) Candidates(ctx context.Context, req Request) ([]Candidate, error) {
	if r.d.Items == nil {
		return nil, ErrNoItems
	}
	p, err := r.prepare(req)
	if err != nil {
		return nil, err
	}
	rk, err := r.rank(ctx, p)
	if err != nil {
		return nil, err
	}
	gap := newGapSkills(rk.Goal.GapSkills)
	pools, err := r.pools(ctx, rk.Fused, p, gap, poolSize(perKind(req.PerKind)))
	if err != nil {
		return nil, err
	}
	fc := r.score(rk, pools, len(gap))
	var out []Candidate
	for _, k := range requestedKinds(p.req.Constraints, false) {
		for _, c := range pools[k] {
			out = append(out, Candidate{ID: c.item.ID, Kind: k, Features: fc.features(c), Scope: fc.scope})
		}
	}
	return out, nil
}

// aboveFloor keeps the candidates whose confidence reaches the floor.
func (r *Recommender) aboveFloor(pool []*candidate) []*candidate {
	out := pool[:0:0]
	for _, c := range pool {
		if c.confidence >= r.models.Floor {
			out = append(out, c)
		}
	}
	return out
}

// pertinence words a confidence.
func (r *Recommender) pertinence(conf float64) Pertinence {
	switch {
	case conf >= r.models.Strong:
		return PertinenceForte
	case conf >= r.models.Medium:
		return PertinenceMoyenne
	}
	return PertinenceFaible
}

// emptyKindNotice says that nothing of kind k fits.
func emptyKindNotice(k catalog.Kind, c Constraints) string {
	what := "Rien ne correspond"
	if info, ok := k.Info(); ok {
		what = info.None
	}
	if c.constrained() {
		return what + " à ce projet avec ces critères pour l'instant."
	}
	return what + " à ce projet pour l'instant."
}

// weakKindNotice says that what this kind has is too far from the goal.
func weakKindNotice(k catalog.Kind) string {
	if info, ok := k.Info(); ok {
		return info.TooFar
	}
	return "Rien de ce type n'est assez proche de ce projet."
}

// constrained reports whether any constraint beyond kinds narrows the catalog.
func (c Constraints) constrained() bool {
	return c.MaxPriceEUR != nil || c.MaxHours != nil || c.Modality != "" || c.Language != "" ||
		c.Location != "" || c.CPFOnly || !c.To.IsZero()
}

// externalRoutes are the routes outside the company catalog for a goal it
// does not serve: the CPF (searched for the target), VAE, the projet de
// transition professionnelle and the conseil en évolution professionnelle.
func externalRoutes(g Goal) []ExternalRoute {
	what := strings.TrimSpace(g.Target)
	if len(g.Metiers) > 0 && g.Metiers[0].Exact {
		what = inProse(g.Metiers[0].Label, g.Metiers[0].Matched, g.Target)
	}
	mcf := "Les formations et certifications finançables par votre compte personnel de formation, hors du catalogue de l'entreprise."
	if what != "" {
		mcf += " Cherchez « " + what + " »"
		if len(g.Metiers) > 0 && g.Metiers[0].Exact && isROMECode(g.Metiers[0].Code) {
			mcf += " (code ROME " + g.Metiers[0].Code + ")"
		}
		mcf += "."
	}
	return []ExternalRoute{
		{Name: "Mon Compte Formation (CPF)", URL: "https://www.moncompteformation.gouv.fr/", Description: mcf},
		{Name: "France VAE", URL: "https://vae.gouv.fr/",
			Description: "Faire valider votre expérience pour obtenir tout ou partie d'une certification, avec un accompagnement."},
		{Name: "Transitions Pro (projet de transition professionnelle)", URL: "https://www.transitionspro.fr/",
			Description: "Financer une formation certifiante longue pour changer de métier, en gardant votre contrat et votre rémunération."},
		{Name: "Conseil en évolution professionnelle", URL: "https://mon-cep.org/",
			Description: "Un conseiller gratuit et confidentiel pour construire votre projet et trouver les financements."},
	}
}

// isROMECode reports a ROME 4.0 fiche code ("M1805"), not a company one.
func isROMECode(code string) bool {
	if len(code) != 5 || code[0] < 'A' || code[0] > 'N' {
		return false
	}
	for _, c := range code[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// WithModels returns a recommender over the same stores that uses ms for
// confidence (learning and measuring the models).
func (r *Recommender) WithModels(ms Models) *Recommender {
	c := *r
	c.models = ms
	return &c
}
