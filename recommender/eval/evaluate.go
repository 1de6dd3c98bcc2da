package eval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Metrics are the mean metrics of a set of queries.
type Metrics struct {
	N      int     `json:"n"`
	NDCG   float64 `json:"ndcg_at_10"`
	Recall float64 `json:"recall_at_10"`
	MRR    float64 `json:"mrr_at_10"`
}

// Latency holds latency percentiles in milliseconds.
type Latency struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

// Ranker is one ranking under evaluation: it returns ids best first.
type Ranker struct {
	Name string
	// Diagnostic marks a ranking users never receive (a part of the
	// recommender measured alone); the served ranking has it false.
	Diagnostic bool
	Rank       func(ctx context.Context, q Query) ([]string, error)
	// Wait, when set, is called before each query and is not timed: a
	// client pacing itself under a server's rate limit.
	Wait func(ctx context.Context) error
}

// The roles of a ranking in a report.
const (
	RoleServed     = "served"
	RoleDiagnostic = "diagnostic"
)

// RankingReport is the eval result of one ranking.
type RankingReport struct {
	Name string `json:"name"`
	// Role is RoleServed for what users receive, RoleDiagnostic otherwise.
	Role string `json:"role"`
	// Sets maps "all" and every query set to its metrics.
	Sets    map[string]Metrics `json:"sets"`
	Latency Latency            `json:"latency_ms"`
}

// Report is the result of an eval run: served rankings first.
type Report struct {
	// Source says where the rankings were computed: "in-process", or the
	// base URL of the server that answered.
	Source string `json:"source,omitempty"`
	// Note says in French which ranking users receive and which are
	// diagnostics.
	Note     string          `json:"note"`
	Rankings []RankingReport `json:"rankings"`
}

// warmupQueries is the number of queries run through every ranker, unmeasured,
// before measuring: the first queries after indexing pay for page faults,
// garbage collection of the indexing heap and cold caches.
const warmupQueries = 50

// Evaluate runs every query through every ranker, in order (served rankers
// first), and averages the metrics overall ("all") and per set. Latencies
// are measured after a warm-up pass over the first warmupQueries queries.
// progress, when not nil, is told how many of the runs are done.
func Evaluate(ctx context.Context, queries []Query, rankers []Ranker, progress func(done, total int)) (Report, error) {
	rankers = slices.Clone(rankers)
	slices.SortStableFunc(rankers, func(a, b Ranker) int { return boolRank(a.Diagnostic) - boolRank(b.Diagnostic) })
	warm := queries[:min(warmupQueries, len(queries))]
	total, done := len(rankers)*(len(warm)+len(queries)), 0
	tick := func() {
		done++
		if progress != nil {
			progress(done, total)
		}
	}
	for _, r := range rankers {
		for _, q := range warm {
			if _, _, err := runOne(ctx, r, q); err != nil {
				return Report{}, err
			}
			tick()
		}
	}
	rep := Report{Note: note(rankers)}
	for _, r := range rankers {
		rr, err := evaluateOne(ctx, queries, r, tick)
		if err != nil {
			return Report{}, err
		}
		rep.Rankings = append(rep.Rankings, rr)
	}
	return rep, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// note names the served rankings and the diagnostic ones, in French.
func note(rankers []Ranker) string {
	var served, diag []string
	for _, r := range rankers {
		if r.Diagnostic {
			diag = append(diag, r.Name)
		} else {
			served = append(served, r.Name)
		}
	}
	var parts []string
	if len(served) > 0 {
		parts = append(parts, strings.Join(served, ", ")+" : le classement que reçoivent les utilisateurs (réponse de l'API, suggestions dans l'ordre servi, absents comptés comme manqués)")
	}
	if len(diag) > 0 {
		parts = append(parts, strings.Join(diag, ", ")+" : diagnostics (parties internes du classement, jamais servies telles quelles)")
	}
	return strings.Join(parts, " ; ")
}

// runOne runs q through r and returns the ids and the time Rank took.
func runOne(ctx context.Context, r Ranker, q Query) ([]string, time.Duration, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if r.Wait != nil {
		if err := r.Wait(ctx); err != nil {
			return nil, 0, err
		}
	}
	start := time.Now()
	ranked, err := r.Rank(ctx, q)
	el := time.Since(start)
	if err != nil {
		return nil, 0, fmt.Errorf("classement %s, requête %s : %w", r.Name, q.ID, err)
	}
	return ranked, el, nil
}

func evaluateOne(ctx context.Context, queries []Query, r Ranker, tick func()) (RankingReport, error) {
	sums := make(map[string]*Metrics)
	add := func(set string, ndcg, rec, mrr float64) {
		m := sums[set]
		if m == nil {
			m = &Metrics{}
			sums[set] = m
		}
		m.N++
		m.NDCG += ndcg
		m.Recall += rec
		m.MRR += mrr
	}
	lat := make([]float64, 0, len(queries))
	for _, q := range queries {
		ranked, el, err := runOne(ctx, r, q)
		if err != nil {
			return RankingReport{}, err
		}
		lat = append(lat, float64(el.Microseconds())/1000)
		rel := make(map[string]bool, len(q.Relevant))
		for _, id := range q.Relevant {
			rel[id] = true
		}
		n, rc, m := NDCG(ranked, rel, K), Recall(ranked, rel, K), MRR(ranked, rel, K)
		add("all", n, rc, m)
		add(q.Set, n, rc, m)
		tick()
	}
	out := RankingReport{Name: r.Name, Role: RoleServed, Sets: make(map[string]Metrics, len(sums))}
	if r.Diagnostic {
		out.Role = RoleDiagnostic
	}
	for set, m := range sums {
		d := float64(m.N)
		out.Sets[set] = Metrics{N: m.N, NDCG: m.NDCG / d, Recall: m.Recall / d, MRR: m.MRR / d}
	}
	out.Latency = percentiles(lat)
	return out, nil
}

func percentiles(ms []float64) Latency {
	if len(ms) == 0 {
		return Latency{}
	}
	s := append([]float64(nil), ms...)
	sort.Float64s(s)
	at := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	return Latency{P50: at(0.50), P95: at(0.95), P99: at(0.99)}
}
