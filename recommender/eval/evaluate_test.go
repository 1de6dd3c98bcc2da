package eval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tremplin/tremplin/catalog"
)

func relSet(ids ...string) map[string]bool {
	m := make(map[string]bool)
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func TestMetrics(t *testing.T) {
	twelve := make([]string, 12)
	for i := range twelve {
		twelve[i] = fmt.Sprintf("r%d", i)
	}
	tests := []struct {
		name           string
		ranked         []string
		relevant       map[string]bool
		ndcg, rec, mrr float64
	}{
		// DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.63093.
		{"two of two", []string{"a", "x", "b"}, relSet("a", "b"), 1.5 / (1 + 1/math.Log2(3)), 1, 1},
		// DCG = 1/log2(4) = 0.5; IDCG = 1 + 0.63093 + 0.5.
		{"one of three at rank 3", []string{"x", "y", "a"}, relSet("a", "b", "c"), 0.5 / (1.5 + 1/math.Log2(3)), 1.0 / 3, 1.0 / 3},
		// More relevant than k: the ideal is k hits, all found.
		{"ten of twelve", twelve[:10], relSet(twelve...), 1, 1, 1},
		{"empty ranking", nil, relSet("a"), 0, 0, 0},
		{"hit beyond k", []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a"}, relSet("a"), 0, 0, 0},
		// A single relevant item at rank 2: DCG = IDCG/log2(3).
		{"single at rank 2", []string{"x", "a"}, relSet("a"), 1 / math.Log2(3), 1, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []float64{NDCG(tt.ranked, tt.relevant, 10), Recall(tt.ranked, tt.relevant, 10), MRR(tt.ranked, tt.relevant, 10)}
			want := []float64{tt.ndcg, tt.rec, tt.mrr}
			if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("metrics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	queries := []Query{
		{ID: "q1", Set: "a", Projet: "p", Relevant: []string{"x"}},
		{ID: "q2", Set: "b", Projet: "p", Relevant: []string{"y"}},
	}
	fixed := Ranker{Name: "fixed", Rank: func(_ context.Context, q Query) ([]string, error) {
		return []string{"x", "y"}, nil
	}}
	rep, err := Evaluate(t.Context(), queries, []Ranker{fixed}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Metrics{
		"all": {N: 2, NDCG: (1 + 1/math.Log2(3)) / 2, Recall: 1, MRR: 0.75},
		"a":   {N: 1, NDCG: 1, Recall: 1, MRR: 1},
		"b":   {N: 1, NDCG: 1 / math.Log2(3), Recall: 1, MRR: 0.5},
	}
	if diff := cmp.Diff(want, rep.Rankings[0].Sets, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Evaluate sets mismatch (-want +got):\n%s", diff)
	}
}

func TestPercentiles(t *testing.T) {
	ms := make([]float64, 100)
	for i := range ms {
		ms[i] = float64(100 - i)
	}
	if diff := cmp.Diff(Latency{P50: 50, P95: 95, P99: 99}, percentiles(ms)); diff != "" {
		t.Errorf("percentiles mismatch (-want +got):\n%s", diff)
	}
}

func TestReadQueries(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
		wantN   int
	}{
		{"ok", `{"id":"a","set":"s","projet":"p","relevant":["x"]}` + "\n\n" + `{"id":"b","projet":"p","relevant":["y"]}`, "", 2},
		{"bad json", `{"id":`, "q.jsonl:1: JSON invalide", 0},
		{"no relevant", `{"id":"a","projet":"p"}`, "q.jsonl:1: champ relevant", 0},
		{"no projet", `{"id":"a","relevant":["x"]}`, "q.jsonl:1: champ projet", 0},
		{"duplicate", `{"id":"a","projet":"p","relevant":["x"]}` + "\n" + `{"id":"a","projet":"p","relevant":["x"]}`, "q.jsonl:2: id \"a\" déjà utilisé ligne 1", 0},
		{"empty", "", "aucune requête", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadQueries(strings.NewReader(tt.in), "q.jsonl")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, catalog.ErrInvalid) {
					t.Fatalf("ReadQueries error = %v, want one containing %q wrapping ErrInvalid", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantN {
				t.Errorf("ReadQueries gave %d queries, want %d", len(got), tt.wantN)
			}
		})
	}
}
