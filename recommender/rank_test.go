package recommender

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// fixedSearch returns the same ranking for every query, text or vector.
type fixedSearch struct {
	res []catalog.Scored
	err error
}

func (s fixedSearch) Search(ctx context.Context, _ catalog.TextQuery, _ catalog.Filter, k int) ([]catalog.Scored, error) {
	return s.res[:min(k, len(s.res))], s.err
}

type fixedVector struct{ res []catalog.Scored }

func (s fixedVector) Search(_ context.Context, _ []float32, _ catalog.Filter, k int) ([]catalog.Scored, error) {
	return s.res[:min(k, len(s.res))], nil
}

// rankEmbedder returns a fixed vector, fails, or blocks until its context ends.
type rankEmbedder struct {
	err   error
	block bool
}

func (e rankEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if e.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if e.err != nil {
		return nil, e.err
	}
	return [][]float32{{1, 0}}, nil
}

func TestRank(t *testing.T) {
	text := fixedSearch{res: []catalog.Scored{{ID: "a", Score: 3}, {ID: "b", Score: 2}}}
	vec := fixedVector{res: []catalog.Scored{{ID: "c", Score: 0.9}, {ID: "b", Score: 0.8}}}
	tests := []struct {
		name     string
		emb      rankEmbedder
		want     []string
		degraded bool
	}{
		{"all lists", rankEmbedder{}, []string{"b", "a", "c"}, false},
		{"embedder down", rankEmbedder{err: errors.New("down")}, []string{"a", "b"}, true},
		{"embedder too slow", rankEmbedder{block: true}, []string{"a", "b"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := New(Deps{Text: text, Vector: vec, Embedder: tt.emb, EmbedTimeout: 20 * time.Millisecond})
			rk, err := r.Rank(t.Context(), Request{Projet: "Je veux devenir boulanger"})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(rk.Fused, 10)); diff != "" {
				t.Errorf("fused ids mismatch (-want +got):\n%s", diff)
			}
			if rk.Degraded != tt.degraded || (rk.Notice != "") != tt.degraded {
				t.Errorf("Degraded = %v, Notice = %q, want degraded %v with a notice", rk.Degraded, rk.Notice, tt.degraded)
			}
			if rk.Goal.Target != "boulanger" {
				t.Errorf("Goal.Target = %q, want %q", rk.Goal.Target, "boulanger")
			}
		})
	}
}

func TestRankErrors(t *testing.T) {
	ok := fixedSearch{res: []catalog.Scored{{ID: "a", Score: 1}}}
	down := fixedSearch{err: errors.New("index closed")}
	tests := []struct {
		name string
		text TextSearcher
		req  Request
		want error
	}{
		{"no projet", ok, Request{Projet: "  "}, ErrNoProjet},
		{"text index down", down, Request{Projet: "comptable"}, down.err},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Deps{Text: tt.text}).Rank(t.Context(), tt.req)
			if !errors.Is(err, tt.want) {
				t.Errorf("Rank error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestConstraintsFilter(t *testing.T) {
	today := time.Date(2026, 11, 26, 15, 4, 5, 0, time.UTC)
	from, _ := catalog.ParseDate("2027-01-10")
	to, _ := catalog.ParseDate("2027-03-01")
	price := 500.0
	tests := []struct {
		name string
		c    Constraints
		want catalog.Filter
	}{
		{"missions open from today by default", Constraints{}, catalog.Filter{From: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}},
		{"explicit window", Constraints{From: from, To: to, CPFOnly: true, MaxPriceEUR: &price, Kinds: []catalog.Kind{catalog.KindMission}},
			catalog.Filter{From: from.Time, To: to.Time, CPFOnly: true, MaxPriceEUR: &price, Kinds: []catalog.Kind{catalog.KindMission}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.c.Filter(today)); diff != "" {
				t.Errorf("Filter mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
