package eval

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// response returns a response with one kind per list of ids, in order.
func response(kinds ...[]string) recommender.Response {
	var resp recommender.Response
	for i, ids := range kinds {
		ks := recommender.KindSuggestions{Kind: catalog.Kinds[i%len(catalog.Kinds)]}
		for _, id := range ids {
			ks.Items = append(ks.Items, recommender.Suggestion{ID: id})
		}
		resp.Suggestions = append(resp.Suggestions, ks)
	}
	return resp
}

func TestServedIDs(t *testing.T) {
	tests := []struct {
		name string
		resp recommender.Response
		k    int
		want []string
	}{
		{"kinds in response order", response([]string{"f1", "f2"}, []string{"c1"}, nil, []string{"m1"}), 10, []string{"f1", "f2", "c1", "m1"}},
		{"cut to k across kinds", response([]string{"f1", "f2"}, []string{"c1", "c2"}), 3, []string{"f1", "f2", "c1"}},
		{"nothing served", response(nil, nil), 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ServedIDs(tt.resp, tt.k)); diff != "" {
				t.Errorf("ServedIDs mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeRecommender answers every request with resp and keeps the last request.
type fakeRecommender struct {
	resp recommender.Response
	got  recommender.Request
}

func (f *fakeRecommender) Recommend(_ context.Context, req recommender.Request) (recommender.Response, error) {
	f.got = req
	return f.resp, nil
}

func TestServedAsksWhatUsersAsk(t *testing.T) {
	rec := &fakeRecommender{resp: response([]string{"a"}, []string{"b"})}
	q := Query{ID: "q", Projet: "Devenir boulanger", DesiredSkills: []string{"pétrir"}, CurrentSkills: []string{"vendre"}, Relevant: []string{"b"}}
	got, err := Served(rec).Rank(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("served ids mismatch (-want +got):\n%s", diff)
	}
	want := recommender.Request{Projet: q.Projet, DesiredSkills: q.DesiredSkills, CurrentSkills: q.CurrentSkills, PerKind: K}
	if diff := cmp.Diff(want, rec.got); diff != "" {
		t.Errorf("request mismatch (-want +got):\n%s", diff)
	}
}

func TestEvaluateServedFirst(t *testing.T) {
	queries := []Query{{ID: "q1", Set: "a", Projet: "p", Relevant: []string{"x"}}}
	fixed := func(_ context.Context, _ Query) ([]string, error) { return []string{"x"}, nil }
	rankers := []Ranker{
		{Name: "fused", Diagnostic: true, Rank: fixed},
		{Name: "served", Rank: fixed},
		{Name: "bleve", Diagnostic: true, Rank: fixed},
	}
	var last, total int
	rep, err := Evaluate(t.Context(), queries, rankers, func(d, n int) { last, total = d, n })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rep.Rankings {
		got = append(got, r.Name+":"+r.Role)
	}
	if diff := cmp.Diff([]string{"served:served", "fused:diagnostic", "bleve:diagnostic"}, got); diff != "" {
		t.Errorf("rankings mismatch (-want +got):\n%s", diff)
	}
	if last != total || total != 6 {
		t.Errorf("progress ended at %d of %d, want 6 of 6 (warm-up and measure, 3 rankers)", last, total)
	}
	var b strings.Builder
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	served, line, fused := strings.Index(out, "Classement served"), strings.Index(out, "sont des diagnostics"), strings.Index(out, "Classement fused")
	if served < 0 || line < served || fused < line {
		t.Errorf("table does not show served, then the diagnostics line, then fused:\n%s", out)
	}
}
