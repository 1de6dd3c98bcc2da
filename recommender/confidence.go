package recommender

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/tremplin/tremplin/catalog"
)

// FeatureNames names, in order, the features a suggestion's confidence is
// computed from. Every one is in [0, 1] and computable for any catalog;
// those that need a référentiel are 0 without one.
var FeatureNames = []string{
	"text_rr",       // 1/log2(1+rank) in the text ranking among the kind's candidates, 0 when absent
	"text_rel",      // text score / the kind's best text score
	"vector_rr",     // 1/log2(1+rank) in the vector ranking, within the kind
	"vector_cos",    // cosine similarity to the query (clamped to [0, 1])
	"metier_rr",     // 1/log2(1+rank) in the métier-tag ranking, within the kind
	"metier_tag",    // 1/(p+1) for the target métier at position p of the item's tags
	"metier_found",  // a target métier was recognised (query level)
	"metier_exact",  // it was found whole in the projet (query level)
	"gap_cover",     // share of the gap skills the item covers
	"title_cover",   // share of the target's content terms in the item's title
	"item_cover",    // share of them in its title and skills
	"fused_rr",      // 1/log2(1+rank) in the fused ranking, within the kind
	"fused_rel",     // fused score / the kind's best fused score
	"content_known", // share of the target's content terms found in any candidate (query level)
	"lists",         // share of the three rankings that found the item
	"text_x_metier", // text_rr · metier_rr
	"vector_x_metier",
	"text_x_vector",
	"metier_rel",    // métier-tag score (target fiche and siblings) / the kind's best
	"metier_tag_sq", // metier_tag², the first tags weigh more than 1/(p+1) says
	"vector_rel",    // cosine / the kind's best cosine
	"title_cover_sq",
	"item_cover_sq",
}

// numFeatures is len(FeatureNames).
const numFeatures = 23

// Features are one candidate's confidence features, in FeatureNames order.
type Features [numFeatures]float64

// Model is a logistic model of the probability that a candidate is
// relevant: sigmoid(Bias + Σ Weights[i]·feature[i]). It is learned by
// `tremplin calibrate` on judged queries.
type Model struct {
	// Name says what the model was learned on.
	Name    string    `json:"name"`
	Bias    float64   `json:"bias"`
	Weights []float64 `json:"weights"`
	// Features names the weights, in order (FeatureNames when learned).
	Features []string `json:"features"`
}

// Probability is the model's estimate for f, in [0, 1].
func (m *Model) Probability(f Features) float64 {
	z := m.Bias
	for i, w := range m.Weights {
		if i < numFeatures {
			z += w * f[i]
		}
	}
	return 1 / (1 + math.Exp(-z))
}

// check reports a model whose features are not FeatureNames.
func (m *Model) check() error {
	if len(m.Weights) != numFeatures || len(m.Features) != numFeatures {
		return fmt.Errorf("modèle de confiance %q : %d poids pour %d caractéristiques", m.Name, len(m.Weights), numFeatures)
	}
	for i, n := range m.Features {
		if n != FeatureNames[i] {
			return fmt.Errorf("modèle de confiance %q : caractéristique %d %q, attendu %q", m.Name, i, n, FeatureNames[i])
		}
	}
	return nil
}

// Models are the confidence models in use, one learned with a référentiel
// (métier features available) and one without, and the thresholds on
// confidence chosen by measuring (docs/eval.md).
type Models struct {
	WithReferentiel    Model `json:"with_referentiel"`
	WithoutReferentiel Model `json:"without_referentiel"`
	// Floor is the lowest confidence of a suggestion that is shown.
	Floor float64 `json:"floor"`
	// Strong and Medium are the lowest confidences worded "forte" and
	// "moyenne" pertinence; below Medium it is "faible".
	Strong float64 `json:"strong"`
	Medium float64 `json:"medium"`
}

//go:embed confidence_model.json
var defaultModelsJSON []byte

// DefaultModels returns the confidence models shipped with Tremplin,
// learned on the RNCP benchmark's dev queries (docs/eval.md).
func DefaultModels() (Models, error) {
	var ms Models
	if err := json.Unmarshal(defaultModelsJSON, &ms); err != nil {
		return Models{}, fmt.Errorf("modèles de confiance : %w", err)
	}
	for _, m := range []*Model{&ms.WithReferentiel, &ms.WithoutReferentiel} {
		if err := m.check(); err != nil {
			return Models{}, err
		}
	}
	return ms, nil
}

// mustDefaultModels returns DefaultModels; the embedded file is checked by
// the package's tests, so a failure is a build defect.
func mustDefaultModels() Models {
	ms, err := DefaultModels()
	if err != nil {
		panic(err)
	}
	return ms
}

// rr is the rank feature of a 1-based rank, 0 when absent.
func rr(rank int) float64 {
	if rank <= 0 {
		return 0
	}
	return 1 / math.Log2(1+float64(rank))
}

// rankMap indexes a ranking by id: 1-based rank (ties share one) and score.
type rankMap map[string]rankScore

type rankScore struct {
	rank  int
	score float64
}

func newRankMap(list []catalog.Scored) rankMap {
	m := make(rankMap, len(list))
	rank := 0
	for i, s := range list {
		if i == 0 || !sameScore(s.Score, list[i-1].Score) {
			rank = i + 1
		}
		m[s.ID] = rankScore{rank: rank, score: s.Score}
	}
	return m
}

// featureContext holds what every candidate's features of one request are
// computed against.
type featureContext struct {
	text, vector, metier, fused rankMap
	goal                        Goal
	targetCode                  string
	content                     []string // the target's content terms, deduplicated
	contentKnown                float64
	gapLen                      int
	// scope is the request's inScope factor.
	scope float64
	// kinds holds each pooled candidate's standing within its kind.
	kinds map[string]kindStats
}

func newFeatureContext(rk Ranking, gap int) *featureContext {
	fc := &featureContext{
		text: newRankMap(rk.Lists.Text), vector: newRankMap(rk.Lists.Vector),
		metier: newRankMap(rk.Lists.Metier), fused: newRankMap(rk.Fused),
		goal: rk.Goal, gapLen: gap, content: rk.content,
	}
	if len(rk.Goal.Metiers) > 0 {
		fc.targetCode = rk.Goal.Metiers[0].Code
	}
	return fc
}

// knownContent sets the share of content terms that some candidate holds
// in its title or skills: a goal whose words the catalog never uses is a
// goal the catalog does not serve.
func (fc *featureContext) knownContent(cands []*candidate) {
	if len(fc.content) == 0 {
		return
	}
	n := 0
	for _, t := range fc.content {
		for _, c := range cands {
			if c.title[t] || c.skills[t] {
				n++
				break
			}
		}
	}
	fc.contentKnown = float64(n) / float64(len(fc.content))
}

// kindStats are a candidate's standing among the pooled candidates of its
// kind: ranks and scores are compared within a kind, so that the best
// mentor for a goal is judged as the best certification is, whatever the
// other kinds score.
type kindStats struct {
	// rank is the 1-based rank among the kind's candidates in the text,
	// vector and métier rankings (0 when absent) and in the fused one.
	text, vector, metier, fused int
	// textRel, fusedRel, metierRel and vectorRel are the text, fused,
	// métier-tag and vector scores relative to the kind's best.
	textRel, fusedRel, metierRel, vectorRel float64
}

// rankWithinKinds computes every pooled candidate's kindStats.
func (fc *featureContext) rankWithinKinds(pools map[catalog.Kind][]*candidate) {
	fc.kinds = make(map[string]kindStats)
	for _, pool := range pools {
		for _, l := range []struct {
			m   rankMap
			set func(*kindStats, int)
		}{
			{fc.text, func(k *kindStats, r int) { k.text = r }},
			{fc.vector, func(k *kindStats, r int) { k.vector = r }},
			{fc.metier, func(k *kindStats, r int) { k.metier = r }},
			{fc.fused, func(k *kindStats, r int) { k.fused = r }},
		} {
			in := make([]*candidate, 0, len(pool))
			for _, c := range pool {
				if _, ok := l.m[c.item.ID]; ok {
					in = append(in, c)
				}
			}
			slices.SortStableFunc(in, func(a, b *candidate) int { return l.m[a.item.ID].rank - l.m[b.item.ID].rank })
			for i, c := range in {
				k := fc.kinds[c.item.ID]
				l.set(&k, i+1)
				fc.kinds[c.item.ID] = k
			}
		}
		var textTop, fusedTop, metierTop, vectorTop float64
		for _, c := range pool {
			textTop = max(textTop, fc.text[c.item.ID].score)
			fusedTop = max(fusedTop, fc.fused[c.item.ID].score)
			metierTop = max(metierTop, fc.metier[c.item.ID].score)
			vectorTop = max(vectorTop, fc.vector[c.item.ID].score)
		}
		for _, c := range pool {
			k := fc.kinds[c.item.ID]
			k.textRel = relativeTo(fc.text[c.item.ID].score, textTop)
			k.fusedRel = relativeTo(fc.fused[c.item.ID].score, fusedTop)
			k.metierRel = relativeTo(fc.metier[c.item.ID].score, metierTop)
			k.vectorRel = relativeTo(fc.vector[c.item.ID].score, vectorTop)
			fc.kinds[c.item.ID] = k
		}
	}
}

// features computes a candidate's features (after rankWithinKinds).
func (fc *featureContext) features(c *candidate) Features {
	var f Features
	id := c.item.ID
	k := fc.kinds[id]
	f[0], f[1] = rr(k.text), k.textRel
	f[4], f[11], f[12] = rr(k.metier), rr(k.fused), k.fusedRel
	if v, ok := fc.vector[id]; ok {
		f[2], f[3] = rr(k.vector), clamp01(v.score)
	}
	if fc.targetCode != "" {
		for p, code := range c.item.Metiers {
			if code == fc.targetCode {
				f[5] = 1 / float64(p+1)
				break
			}
		}
		f[6] = 1
		if fc.goal.Metiers[0].Exact {
			f[7] = 1
		}
	}
	if fc.gapLen > 0 {
		f[8] = float64(len(c.covers)) / float64(fc.gapLen)
	}
	if len(fc.content) > 0 {
		inTitle, inItem := 0, 0
		for _, t := range fc.content {
			if c.title[t] {
				inTitle++
			}
			if c.title[t] || c.skills[t] {
				inItem++
			}
		}
		f[9] = float64(inTitle) / float64(len(fc.content))
		f[10] = float64(inItem) / float64(len(fc.content))
	}
	f[13] = fc.contentKnown
	for _, x := range []float64{f[0], f[2], f[4]} {
		if x > 0 {
			f[14] += 1.0 / 3
		}
	}
	f[15], f[16], f[17] = f[0]*f[4], f[2]*f[4], f[0]*f[2]
	f[18], f[19], f[20] = k.metierRel, f[5]*f[5], k.vectorRel
	f[21], f[22] = f[9]*f[9], f[10]*f[10]
	return f
}

// relativeTo is x/top in [0, 1], 0 when top is not positive.
func relativeTo(x, top float64) float64 {
	if top <= 0 {
		return 0
	}
	return clamp01(x / top)
}

func clamp01(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
