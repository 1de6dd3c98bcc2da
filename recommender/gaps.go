package recommender

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/tremplin/tremplin/catalog"
)

// DemandCounter stores aggregate demand counts by month.
type DemandCounter interface {
	AddSkills(ctx context.Context, t time.Time, skills, constraints []string) error
	AddUnknownSkill(ctx context.Context, t time.Time, label string, n int) error
	AddUnservedMetier(ctx context.Context, t time.Time, code, label string) error
	// Counts sums the months from the month of since on (all when zero).
	Counts(ctx context.Context, since time.Time) (catalog.DemandCounts, error)
}

// ItemLister lists the catalog.
type ItemLister interface {
	Items(ctx context.Context) ([]catalog.Item, error)
}

// seenCapacity bounds the in-memory set of (session, skill) hashes that
// makes a skill count once per plan-building session.
const seenCapacity = 100_000

// GapReporter records which skills employees ask for and reports those the
// catalog covers poorly, the skills the taxonomy does not know, and which
// target métiers get no suggestion at all.
//
// A skill counts once per plan-building session: the caller gives an
// opaque session id, of which only a salted hash, paired with the skill,
// is kept in a bounded in-memory set, never written. Known skills are
// counted under their canonical label and métiers under their référentiel
// code and label. Labels the taxonomy does not know are free text: they
// are held in memory (see unknownSkills) and written only once several
// sessions asked for them.
type GapReporter struct {
	counts  DemandCounter
	items   ItemLister
	vocab   atomic.Pointer[gapVocabulary]
	salt    [16]byte
	seen    *lru.Cache[[16]byte, struct{}]
	unknown *unknownSkills
	now     func() time.Time
}

// NewGapReporter returns a reporter over counts and the items of items.
// ref may be nil.
func NewGapReporter(counts DemandCounter, items ItemLister, tax *catalog.Taxonomy, ref *catalog.Referentiel) *GapReporter {
	seen, _ := lru.New[[16]byte, struct{}](seenCapacity) // only fails for a size ≤ 0
	g := &GapReporter{counts: counts, items: items, seen: seen, unknown: newUnknownSkills(), now: time.Now}
	_, _ = rand.Read(g.salt[:]) // never fails (crypto/rand)
	g.SetVocabulary(tax, ref)
	return g
}

// gapVocabulary is what a GapReporter knows skills by.
type gapVocabulary struct {
	tax   *catalog.Taxonomy
	known map[string]string // catalog.Key → référentiel skill label
}

// SetVocabulary replaces the taxonomy and référentiel (either may be nil)
// that skills are recognised by, as when another process imported new
// ones; the counts and the sessions already seen are kept. It is safe to
// call while the reporter is in use.
func (g *GapReporter) SetVocabulary(tax *catalog.Taxonomy, ref *catalog.Referentiel) {
	v := &gapVocabulary{tax: tax, known: map[string]string{}}
	if ref != nil {
		for _, s := range ref.Skills {
			v.known[catalog.Key(s.Label)] = s.Label
		}
	}
	g.vocab.Store(v)
}

// canonical returns the canonical label of a known skill.
func (g *GapReporter) canonical(skill string) (string, bool) {
	v := g.vocab.Load()
	if v.tax != nil {
		if s, ok := v.tax.Lookup(skill); ok {
			return s.Label, true
		}
	}
	l, ok := v.known[catalog.Key(skill)]
	return l, ok
}

// firstTime reports whether session has not asked for key yet, and
// remembers that it has. Without a session every request counts.
func (g *GapReporter) firstTime(session, key string) bool {
	if session == "" {
		return true
	}
	h := sha256.New()
	h.Write(g.salt[:])
	h.Write([]byte(session))
	h.Write([]byte{0})
	h.Write([]byte(key))
	var k [16]byte
	copy(k[:], h.Sum(nil))
	found, _ := g.seen.ContainsOrAdd(k, struct{}{})
	return !found
}

// Record counts one answered request of a plan-building session (session
// is an opaque id; "" when unknown): each known gap skill of the goal not
// yet counted for the session, with the kinds of constraint the request
// set; each desired skill the taxonomy does not know; and, when no kind
// has a suggestion, the first target métier recognised. A degraded answer
// (part of the retrieval failed) proves nothing about the catalog, so its
// métier is not counted.
func (g *GapReporter) Record(ctx context.Context, req Request, resp Response, session string) error {
	now := g.now()
	seen := map[string]bool{}
	var keep []string
	for _, s := range resp.Goal.GapSkills {
		if l, ok := g.canonical(s); ok && !seen[l] {
			seen[l] = true
			if g.firstTime(session, "skill\x00"+l) {
				keep = append(keep, l)
			}
		}
	}
	if err := g.counts.AddSkills(ctx, now, keep, constraintKinds(req.Constraints)); err != nil {
		return err
	}
	if err := g.recordUnknown(ctx, now, req.DesiredSkills, session); err != nil {
		return err
	}
	if resp.Degraded || len(resp.Goal.Metiers) == 0 || suggestionCount(resp) > 0 {
		return nil
	}
	m := resp.Goal.Metiers[0] // Code and Label come from the référentiel; Matched is projet text and is never kept
	if !g.firstTime(session, "metier\x00"+m.Code) {
		return nil
	}
	return g.counts.AddUnservedMetier(ctx, now, m.Code, m.Label)
}

// recordUnknown counts the desired skills the taxonomy does not know.
func (g *GapReporter) recordUnknown(ctx context.Context, now time.Time, desired []string, session string) error {
	for _, s := range desired {
		if _, ok := g.canonical(s); ok {
			continue
		}
		label, key, ok := unknownLabel(s)
		if !ok || !g.firstTime(session, "unknown\x00"+key) {
			continue
		}
		if l, n := g.unknown.add(key, label); n > 0 {
			if err := g.counts.AddUnknownSkill(ctx, now, l, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// constraintKinds names the kinds of constraint c sets, as the report
// counts them.
func constraintKinds(c Constraints) []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(c.Modality != "", "modality")
	add(c.MaxPriceEUR != nil, "max_price_eur")
	add(c.MaxHours != nil, "max_hours")
	add(c.CPFOnly, "cpf_only")
	add(c.Location != "", "location")
	add(c.Language != "", "language")
	add(len(c.Kinds) > 0, "kinds")
	return out
}

// suggestionCount is the number of suggestions of every kind.
func suggestionCount(resp Response) int {
	n := 0
	for _, ks := range resp.Suggestions {
		n += len(ks.Items)
	}
	return n
}

// GapQuery selects the period and size of a report.
type GapQuery struct {
	// Since is the first day of the period (its whole month counts); zero
	// means every month recorded.
	Since time.Time
	// Limit bounds each table (0: no bound).
	Limit int
}

// GapReport is the L&D demand report of a period.
type GapReport struct {
	// Skills are the demanded skills, worst covered first.
	Skills []catalog.SkillGap
	// Unknown are the skills the taxonomy does not know, most demanded first.
	Unknown []catalog.SkillDemand
	// Metiers are the target métiers demanded without offer, most demanded first.
	Metiers []catalog.MetierDemand
}

// Report returns the demand report of q's period.
func (g *GapReporter) Report(ctx context.Context, q GapQuery) (GapReport, error) {
	counts, err := g.counts.Counts(ctx, q.Since)
	if err != nil {
		return GapReport{}, fmt.Errorf("read skill demand: %w", err)
	}
	items, err := g.items.Items(ctx)
	if err != nil {
		return GapReport{}, fmt.Errorf("list catalog: %w", err)
	}
	return GapReport{
		Skills:  limited(g.skillGaps(counts, items), q.Limit),
		Unknown: limited(unknownRows(counts.Unknown), q.Limit),
		Metiers: limited(metierRows(counts.Metiers), q.Limit),
	}, nil
}

func limited[T any](rows []T, limit int) []T {
	if limit > 0 && len(rows) > limit {
		return rows[:limit]
	}
	return rows
}

// skillGaps orders the demanded skills worst covered first: by requests
// per covering item, then by requests, then by label.
func (g *GapReporter) skillGaps(counts catalog.DemandCounts, items []catalog.Item) []catalog.SkillGap {
	coverage := map[string]int{}
	for _, it := range items {
		if !it.Active {
			continue
		}
		seen := map[string]bool{}
		for _, s := range it.Skills {
			if l, ok := g.canonical(s); ok && !seen[l] {
				seen[l] = true
				coverage[l]++
			}
		}
	}
	rows := make([]catalog.SkillGap, 0, len(counts.Skills))
	for skill, n := range counts.Skills {
		rows = append(rows, catalog.SkillGap{Skill: skill, Requests: n, Coverage: coverage[skill], Constrained: counts.Constrained[skill]})
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		ra, rb := float64(a.Requests)/float64(1+a.Coverage), float64(b.Requests)/float64(1+b.Coverage)
		if ra != rb {
			return ra > rb
		}
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Skill < b.Skill
	})
	return rows
}

func unknownRows(m map[string]int) []catalog.SkillDemand {
	rows := make([]catalog.SkillDemand, 0, len(m))
	for s, n := range m {
		rows = append(rows, catalog.SkillDemand{Skill: s, Requests: n})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Requests != rows[j].Requests {
			return rows[i].Requests > rows[j].Requests
		}
		return rows[i].Skill < rows[j].Skill
	})
	return rows
}

func metierRows(rows []catalog.MetierDemand) []catalog.MetierDemand {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Requests != rows[j].Requests {
			return rows[i].Requests > rows[j].Requests
		}
		return rows[i].Code < rows[j].Code
	})
	return rows
}
