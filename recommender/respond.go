package recommender

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog"
)

// ErrNoItems reports a Recommender built without an item source.
var ErrNoItems = errors.New("recommender: no item source")

// Recommend answers a request: it ranks the catalog (Rank), gives every
// candidate its calibrated confidence, keeps per kind (catalog.Kinds
// order) up to Request.PerKind suggestions above the confidence floor,
// re-ranked for diversity, explains each in French and composes the plan
// d'action. A kind with nothing above the floor comes back empty with a
// notice; when no kind has anything, the response says so and lists the
// routes outside the company catalog.
func (r *Recommender) Recommend(ctx context.Context, req Request) (Response, error) {
	if r.d.Items == nil {
		return Response{}, ErrNoItems
	}
	if strings.TrimSpace(req.Projet) == "" && len(req.DesiredSkills) == 0 {
		return Response{}, fmt.Errorf("indiquez un projet ou des compétences visées: %w", ErrNoProjet)
	}
	p, err := r.prepare(req)
	if err != nil {
		return Response{}, err
	}
	rk, err := r.rank(ctx, p)
	if err != nil {
		return Response{}, err
	}
	defer r.stage("respond")()
	req = p.req
	if len(rk.Goal.Metiers) > 0 {
		p.target = rk.Goal.Metiers[0].Code
	}
	n := perKind(req.PerKind)
	gap := newGapSkills(rk.Goal.GapSkills)
	pools, err := r.pools(ctx, rk.Fused, p, gap, poolSize(n))
	if err != nil {
		return Response{}, err
	}
	fc := r.score(rk, pools, len(gap))
	rc := newReasonContext(rk.Goal, gap, req.Constraints)
	rc.vae = p.has(DispositifVAE)
	rc.today = r.d.Now()
	var bd breakdowns
	if req.Explain {
		bd = newBreakdowns(rk)
	}
	resp := Response{Goal: rk.Goal, Degraded: rk.Degraded, Notice: rk.Notice, Suggestions: []KindSuggestions{}, Notes: p.notes}
	picked := make(map[catalog.Kind][]*candidate)
	for _, k := range requestedKinds(req.Constraints, p.has(DispositifMobilite)) {
		sel := pick(r.aboveFloor(pools[k]), n, req.Constraints.Location, rc.today)
		ks := KindSuggestions{Kind: k, Items: make([]Suggestion, 0, len(sel))}
		if len(sel) == 0 {
			ks.Notice = emptyKindNotice(k, req.Constraints)
		}
		picked[k] = sel
		for _, c := range sel {
			ks.Items = append(ks.Items, r.suggestion(c, rc, bd))
		}
		resp.Suggestions = append(resp.Suggestions, ks)
	}
	if fc.scope < 1 && !r.anyAbove(resp.Suggestions, r.models.Medium) {
		keepBest(resp.Suggestions, picked)
	}
	resp.Plan = composePlan(picked, gap, req.Constraints, rc.vae)
	resp.NothingFits = len(resp.Plan.Actions) == 0 && !r.anyAbove(resp.Suggestions, r.models.Floor)
	if !r.anyAbove(resp.Suggestions, r.models.Medium) {
		resp.Routes = externalRoutes(rk.Goal)
	}
	return resp, nil
}

// requestedKinds are the kinds a request allows, in catalog.Kinds order,
// missions and mentors first for a mobilité interne.
func requestedKinds(c Constraints, internal bool) []catalog.Kind {
	order := catalog.Kinds
	if internal {
		order = []catalog.Kind{catalog.KindMission, catalog.KindMentoring, catalog.KindFormation, catalog.KindCertification}
	}
	if len(c.Kinds) == 0 {
		return order
	}
	var out []catalog.Kind
	for _, k := range order {
		if slices.Contains(c.Kinds, k) {
			out = append(out, k)
		}
	}
	return out
}

// keepBest keeps, of an answer to a goal that may lie outside the catalog
// (inScope < 1) where nothing reaches a "moyenne" pertinence, only its
// best suggestion: when nothing fits well the answer says so (with the
// routes outside the catalog) and offers at most one loosely related item,
// never a list that looks complete. A goal whose métier the catalog
// prepares for keeps its weak suggestions, worded "faible".
func keepBest(ks []KindSuggestions, picked map[catalog.Kind][]*candidate) {
	bi, bj := -1, 0
	for i := range ks {
		for j, s := range ks[i].Items {
			if bi < 0 || s.Confidence > ks[bi].Items[bj].Confidence {
				bi, bj = i, j
			}
		}
	}
	for i := range ks {
		k := ks[i].Kind
		switch {
		case i == bi:
			ks[i].Items = ks[i].Items[bj : bj+1]
			picked[k] = []*candidate{picked[k][bj]}
		case len(ks[i].Items) > 0:
			ks[i].Items = ks[i].Items[:0]
			ks[i].Notice = weakKindNotice(k)
			delete(picked, k)
		}
	}
}

// anyAbove reports whether some suggestion has a confidence of at least min.
func (r *Recommender) anyAbove(ks []KindSuggestions, min float64) bool {
	for _, k := range ks {
		for _, s := range k.Items {
			if s.Confidence >= min {
				return true
			}
		}
	}
	return false
}

// perKind clamps a requested number of suggestions per kind.
func perKind(n int) int {
	switch {
	case n <= 0:
		return DefaultPerKind
	case n > MaxPerKind:
		return MaxPerKind
	}
	return n
}

// minRelativeScore is the lowest fused score, relative to the best, of an
// item worth suggesting: below it, an item was found by one retrieval far
// down its list (e.g. only a distant vector neighbour), and showing nothing
// for a kind is better than showing something unrelated.
const minRelativeScore = 0.25

// pools loads the fused candidates in order and groups them by kind, up to
// size per kind, down to minRelativeScore. Items that no longer exist are
// skipped; items that do not meet the constraints (checked again here) are
// dropped.
func (r *Recommender) pools(ctx context.Context, fused []catalog.Scored, p prepared, gap []gapSkill, size int) (map[catalog.Kind][]*candidate, error) {
	f := p.req.Constraints.Filter(r.d.Now())
	vae := p.has(DispositifVAE)
	out := make(map[catalog.Kind][]*candidate)
	full := 0
	items, err := r.prefetch(ctx, fused)
	if err != nil {
		return nil, err
	}
	views, _ := r.d.Items.(viewSource)
	for _, s := range fused {
		if full == len(catalog.Kinds) || s.Score < minRelativeScore*fused[0].Score {
			break
		}
		if views != nil {
			if v, ok := views.FilterView(s.ID); ok && (!v.Kind.Valid() || !f.Match(&v) || len(out[v.Kind]) >= size) {
				continue // ruled out without reading the item
			}
		}
		it, err := r.item(ctx, items, s.ID)
		if errors.Is(err, catalog.ErrNotFound) {
			r.d.Logger.WarnContext(ctx, "ranked item missing from the item source", "id", s.ID)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("lire l'élément %s : %w", s.ID, err)
		}
		if !it.Kind.Valid() || !f.Match(&it) || len(out[it.Kind]) >= size || vae && !vaeFit(&it) {
			continue
		}
		c := newCandidate(it, s.Score, gap)
		if vae && it.Kind == catalog.KindCertification && !vaeTarget(c, p.target) {
			continue
		}
		out[it.Kind] = append(out[it.Kind], c)
		if len(out[it.Kind]) == size {
			full++
		}
	}
	return out, nil
}

// viewSource is an ItemSource holding each item's catalog.FilterView in
// memory (the embedded vector store): pools skip the items a filter or a
// full pool rules out without reading them.
type viewSource interface {
	FilterView(id string) (catalog.Item, bool)
}

// itemBatcher is an ItemSource that reads many items in one round trip (pgvector).
type itemBatcher interface {
	ItemsByID(ctx context.Context, ids []string) ([]catalog.Item, error)
}

// prefetch reads the candidates above the relevance floor in one call when
// the item source can; it returns nil otherwise.
func (r *Recommender) prefetch(ctx context.Context, fused []catalog.Scored) (map[string]catalog.Item, error) {
	b, ok := r.d.Items.(itemBatcher)
	if !ok || len(fused) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(fused))
	for _, s := range fused {
		if s.Score < minRelativeScore*fused[0].Score {
			break
		}
		ids = append(ids, s.ID)
	}
	items, err := b.ItemsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("lire les éléments : %w", err)
	}
	m := make(map[string]catalog.Item, len(items))
	for _, it := range items {
		m[it.ID] = it
	}
	return m, nil
}

// item returns a prefetched item, or reads it from the item source.
func (r *Recommender) item(ctx context.Context, prefetched map[string]catalog.Item, id string) (catalog.Item, error) {
	if prefetched == nil {
		return r.d.Items.Item(ctx, id)
	}
	if it, ok := prefetched[id]; ok {
		return it, nil
	}
	return catalog.Item{}, fmt.Errorf("élément %q : %w", id, catalog.ErrNotFound)
}

// suggestion builds the Suggestion of a picked candidate.
func (r *Recommender) suggestion(c *candidate, rc reasonContext, bd breakdowns) Suggestion {
	c.pertinence = r.pertinence(c.confidence)
	s := Suggestion{
		ID: c.item.ID, Title: c.item.Title, Kind: c.item.Kind, Score: c.fused,
		Confidence: round3(c.confidence), Pertinence: c.pertinence,
		Reason: rc.reason(c), Covers: rc.labels(c.covers), Metiers: c.item.Metiers,
	}
	if bd != nil {
		b := bd[c.item.ID]
		b.Fused = c.fused
		s.Breakdown = &b
	}
	return s
}

// round3 rounds a confidence to three decimals for display.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// breakdowns holds each candidate's ranks and scores in the retrieval lists.
type breakdowns map[string]Breakdown

func newBreakdowns(rk Ranking) breakdowns {
	bd := make(breakdowns)
	for i, s := range rk.Lists.Text {
		b := bd[s.ID]
		b.TextRank, b.TextScore = i+1, s.Score
		bd[s.ID] = b
	}
	for i, s := range rk.Lists.Vector {
		b := bd[s.ID]
		b.VectorRank, b.VectorScore = i+1, s.Score
		bd[s.ID] = b
	}
	for i, s := range rk.Lists.Metier {
		b := bd[s.ID]
		b.MetierRank, b.MetierScore = i+1, s.Score
		bd[s.ID] = b
	}
	return bd
}
