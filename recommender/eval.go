package recommender

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// EvalK is the cut-off of every eval metric.
const EvalK = 10

// EvalQuery is one judged query of an eval file (JSON Lines).
type EvalQuery struct {
	ID            string   `json:"id"`
	Set           string   `json:"set"`
	Projet        string   `json:"projet"`
	DesiredSkills []string `json:"desired_skills"`
	CurrentSkills []string `json:"current_skills"`
	Relevant      []string `json:"relevant"`
}

// Request returns the recommendation request the query stands for.
func (q EvalQuery) Request() Request {
	return Request{Projet: q.Projet, DesiredSkills: q.DesiredSkills, CurrentSkills: q.CurrentSkills}
}

// ReadQueries decodes an eval query file; name labels errors. Every query
// needs an id, a projet and at least one relevant id; ids are unique.
func ReadQueries(r io.Reader, name string) ([]EvalQuery, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	var out []EvalQuery
	seen := make(map[string]int)
	for line := 1; sc.Scan(); line++ {
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var q EvalQuery
		if err := json.Unmarshal([]byte(b), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: JSON invalide : %v: %w", name, line, err, catalog.ErrInvalid)
		}
		if err := checkQuery(q); err != nil {
			return nil, fmt.Errorf("%s:%d: %v: %w", name, line, err, catalog.ErrInvalid)
		}
		if prev, ok := seen[q.ID]; ok {
			return nil, fmt.Errorf("%s:%d: id %q déjà utilisé ligne %d: %w", name, line, q.ID, prev, catalog.ErrInvalid)
		}
		seen[q.ID] = line
		if q.Set == "" {
			q.Set = "default"
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("lecture de %s : %w", name, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s : aucune requête: %w", name, catalog.ErrInvalid)
	}
	return out, nil
}

func checkQuery(q EvalQuery) error {
	switch {
	case strings.TrimSpace(q.ID) == "":
		return fmt.Errorf("champ id : obligatoire")
	case strings.TrimSpace(q.Projet) == "":
		return fmt.Errorf("champ projet : obligatoire (requête %q)", q.ID)
	case len(q.Relevant) == 0:
		return fmt.Errorf("champ relevant : au moins un id attendu (requête %q)", q.ID)
	}
	return nil
}

// NDCG returns nDCG@k of ranked ids with binary relevance; the ideal DCG
// ranks min(k, |relevant|) relevant items first.
func NDCG(ranked []string, relevant map[string]bool, k int) float64 {
	ideal := min(k, len(relevant))
	if ideal == 0 {
		return 0
	}
	var dcg, idcg float64
	for i := 0; i < ideal; i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	for i, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	return dcg / idcg
}

// Recall returns the relevant ids in the top k divided by min(k, |relevant|).
func Recall(ranked []string, relevant map[string]bool, k int) float64 {
	den := min(k, len(relevant))
	if den == 0 {
		return 0
	}
	hits := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			hits++
		}
	}
	return float64(hits) / float64(den)
}

// MRR returns the reciprocal rank of the first relevant id in the top k, or 0.
func MRR(ranked []string, relevant map[string]bool, k int) float64 {
	for i, id := range ranked[:min(k, len(ranked))] {
		if relevant[id] {
			return 1 / float64(i+1)
		}
	}
	return 0
}

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
	Rank func(ctx context.Context, q EvalQuery) ([]string, error)
}

// RankingReport is the eval result of one ranking.
type RankingReport struct {
	Name string `json:"name"`
	// Sets maps "all" and every query set to its metrics.
	Sets    map[string]Metrics `json:"sets"`
	Latency Latency            `json:"latency_ms"`
}

// EvalReport is the result of an eval run.
type EvalReport struct {
	Rankings []RankingReport `json:"rankings"`
}

// warmupQueries is the number of queries run through every ranker, unmeasured,
// before measuring: the first queries after indexing pay for page faults,
// garbage collection of the indexing heap and cold caches.
const warmupQueries = 50

// Evaluate runs every query through every ranker, in order, and averages
// the metrics overall ("all") and per set. Latencies are measured after a
// warm-up pass over the first warmupQueries queries.
func Evaluate(ctx context.Context, queries []EvalQuery, rankers []Ranker) (EvalReport, error) {
	var rep EvalReport
	for _, r := range rankers {
		for _, q := range queries[:min(warmupQueries, len(queries))] {
			if _, err := r.Rank(ctx, q); err != nil {
				return EvalReport{}, fmt.Errorf("classement %s, requête %s : %w", r.Name, q.ID, err)
			}
		}
	}
	for _, r := range rankers {
		rr, err := evaluateOne(ctx, queries, r)
		if err != nil {
			return EvalReport{}, err
		}
		rep.Rankings = append(rep.Rankings, rr)
	}
	return rep, nil
}

func evaluateOne(ctx context.Context, queries []EvalQuery, r Ranker) (RankingReport, error) {
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
		if err := ctx.Err(); err != nil {
			return RankingReport{}, err
		}
		start := time.Now()
		ranked, err := r.Rank(ctx, q)
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		if err != nil {
			return RankingReport{}, fmt.Errorf("classement %s, requête %s : %w", r.Name, q.ID, err)
		}
		rel := make(map[string]bool, len(q.Relevant))
		for _, id := range q.Relevant {
			rel[id] = true
		}
		n, rc, m := NDCG(ranked, rel, EvalK), Recall(ranked, rel, EvalK), MRR(ranked, rel, EvalK)
		add("all", n, rc, m)
		add(q.Set, n, rc, m)
	}
	out := RankingReport{Name: r.Name, Sets: make(map[string]Metrics, len(sums))}
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

// WriteTable prints the report as readable text tables.
func (r EvalReport) WriteTable(w io.Writer) error {
	var b strings.Builder
	for _, rr := range r.Rankings {
		fmt.Fprintf(&b, "Classement %s (latence ms : p50 %.2f, p95 %.2f, p99 %.2f)\n",
			rr.Name, rr.Latency.P50, rr.Latency.P95, rr.Latency.P99)
		fmt.Fprintf(&b, "  %-12s %5s %9s %10s %7s\n", "ensemble", "n", "nDCG@10", "rappel@10", "MRR@10")
		for _, set := range sortedSets(rr.Sets) {
			m := rr.Sets[set]
			fmt.Fprintf(&b, "  %-12s %5d %9.3f %10.3f %7.3f\n", set, m.N, m.NDCG, m.Recall, m.MRR)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sortedSets returns "all" first, then the other sets by name.
func sortedSets(m map[string]Metrics) []string {
	out := make([]string, 0, len(m))
	for s := range m {
		if s != "all" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	if _, ok := m["all"]; ok {
		out = append([]string{"all"}, out...)
	}
	return out
}
