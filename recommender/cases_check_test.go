package recommender_test

import (
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// checkCase checks a response against a case and against the invariants
// every response keeps: constraints met, reasons never empty.
func checkCase(t *testing.T, c recCase, resp recommender.Response, items map[string]catalog.Item) {
	t.Helper()
	byKind := make(map[catalog.Kind][]recommender.Suggestion)
	for _, ks := range resp.Suggestions {
		byKind[ks.Kind] = ks.Items
		for _, s := range ks.Items {
			if s.Reason == "" {
				t.Errorf("%s: empty reason", s.ID)
			}
			for _, sk := range s.Covers {
				if contains(c.NeverCovers, sk) {
					t.Errorf("%s claims to cover %q", s.ID, sk)
				}
			}
			it := items[s.ID]
			if !meets(&it, c.Request.Constraints) {
				t.Errorf("%s breaks the constraints %+v", s.ID, c.Request.Constraints)
			}
		}
	}
	if c.Degraded != nil && resp.Degraded != *c.Degraded {
		t.Errorf("degraded = %v, want %v (notice %q)", resp.Degraded, *c.Degraded, resp.Notice)
	}
	if resp.Degraded && resp.Notice == "" {
		t.Error("degraded without a notice")
	}
	for k, want := range c.MustIncludeKind {
		got := suggestionIDs(byKind[k])
		for _, id := range want {
			if !contains(got, id) {
				t.Errorf("%s: %s missing from %v", k, id, got)
			}
		}
	}
	planIDs := make([]string, 0, len(resp.Plan.Actions))
	for _, a := range resp.Plan.Actions {
		planIDs = append(planIDs, a.ID)
		if a.Reason == "" {
			t.Errorf("plan action %s: empty reason", a.ID)
		}
	}
	for _, id := range c.MustExclude {
		for k, ss := range byKind {
			if contains(suggestionIDs(ss), id) {
				t.Errorf("%s suggested among %s", id, k)
			}
		}
		if contains(planIDs, id) {
			t.Errorf("%s in the plan", id)
		}
	}
	for _, k := range c.KindsAbsent {
		if len(byKind[k]) > 0 {
			t.Errorf("kind %s present: %v", k, suggestionIDs(byKind[k]))
		}
	}
	for k, id := range c.FirstOfKind {
		if ss := byKind[k]; len(ss) == 0 || ss[0].ID != id {
			t.Errorf("first %s = %v, want %s", k, suggestionIDs(ss), id)
		}
	}
	checkDiversity(t, c, byKind)
	checkPlan(t, c, resp.Plan)
	checkPlaceFirst(t, c.Request.Constraints.Location, byKind, items)
}

// checkPlaceFirst: with a place asked for, the suggestions there (on site,
// or with a session there) come before the others in every kind.
func checkPlaceFirst(t *testing.T, place string, byKind map[catalog.Kind][]recommender.Suggestion, items map[string]catalog.Item) {
	t.Helper()
	if place == "" {
		return
	}
	there := func(it catalog.Item) bool {
		for _, s := range it.Sessions {
			if strings.EqualFold(s.Location, place) {
				return true
			}
		}
		return len(it.Sessions) == 0 && it.Modality != catalog.ModalityDistanciel && strings.EqualFold(it.Location, place)
	}
	for k, ss := range byKind {
		elsewhere := ""
		for _, s := range ss {
			switch {
			case !there(items[s.ID]):
				elsewhere = s.ID
			case elsewhere != "":
				t.Errorf("%s: %s in %s comes after %s, elsewhere: %v", k, s.ID, place, elsewhere, suggestionIDs(ss))
			}
		}
	}
}

func checkDiversity(t *testing.T, c recCase, byKind map[catalog.Kind][]recommender.Suggestion) {
	t.Helper()
	for _, tc := range c.TopCovers {
		ss := byKind[tc.Kind]
		covered := make(map[string]bool)
		for _, s := range ss[:min(tc.N, len(ss))] {
			for _, sk := range s.Covers {
				covered[sk] = true
			}
		}
		for _, sk := range tc.Skills {
			if !covered[sk] {
				t.Errorf("top %d %s %v do not cover %q", tc.N, tc.Kind, suggestionIDs(ss), sk)
			}
		}
	}
	if na := c.NoAdjacent; na != nil {
		ss := byKind[na.Kind]
		ids := suggestionIDs(ss[:min(na.N, len(ss))])
		for i := 1; i < len(ids); i++ {
			if contains(na.IDs, ids[i-1]) && contains(na.IDs, ids[i]) {
				t.Errorf("top %d %s %v: %s follows %s", na.N, na.Kind, ids, ids[i], ids[i-1])
			}
		}
	}
}

func checkPlan(t *testing.T, c recCase, p recommender.Plan) {
	t.Helper()
	var ids []string
	for _, a := range p.Actions {
		ids = append(ids, a.ID)
	}
	for _, id := range c.PlanIncludes {
		if !contains(ids, id) {
			t.Errorf("plan %v lacks %s", ids, id)
		}
	}
	if c.PlanMaxPrice != nil && p.TotalPriceEUR > *c.PlanMaxPrice {
		t.Errorf("plan costs %v €, over %v", p.TotalPriceEUR, *c.PlanMaxPrice)
	}
	if c.PlanMaxHours != nil && p.TotalHours > *c.PlanMaxHours {
		t.Errorf("plan takes %v h, over %v", p.TotalHours, *c.PlanMaxHours)
	}
}

// meets restates the request's constraints independently of catalog.Filter.
// The location excludes nothing (see checkPlaceFirst).
func meets(it *catalog.Item, c recommender.Constraints) bool {
	p, hasP := it.Price()
	h, hasH := it.Duration()
	switch {
	case c.MaxPriceEUR != nil && hasP && p > *c.MaxPriceEUR,
		c.MaxHours != nil && hasH && h > *c.MaxHours,
		c.Modality != "" && it.Modality != "" && it.Modality != c.Modality,
		c.CPFOnly && (it.Kind == catalog.KindFormation || it.Kind == catalog.KindCertification) && !it.CPFEligible,
		len(c.Kinds) > 0 && !contains(c.Kinds, it.Kind),
		it.Mentor != nil && it.Mentor.CurrentMentees >= it.Mentor.Capacity:
		return false
	}
	return true
}

func suggestionIDs(ss []recommender.Suggestion) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
