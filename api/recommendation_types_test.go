package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// TestRecommendationContract checks that the API's own request and
// response types carry every field of the recommender's: a request decoded
// by the API reaches the recommender whole, and a response with every
// field set is shown whole (same JSON as the recommender's types give).
func TestRecommendationContract(t *testing.T) {
	price, hours := 1500.0, 35.0
	from := catalog.Date{Time: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	req := recommender.Request{
		Projet: "p", DesiredSkills: []string{"a"}, CurrentSkills: []string{"b"}, CurrentRole: "r", PerKind: 3, Explain: true,
		Constraints: recommender.Constraints{MaxPriceEUR: &price, MaxHours: &hours, Modality: catalog.ModalityHybride,
			Language: "fr", Location: "Lyon", CPFOnly: true, Kinds: []catalog.Kind{catalog.KindMission}, From: from, To: from},
	}
	b, _ := json.Marshal(req)
	var body recommendationRequest
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(req, body.recommenderRequest()); diff != "" {
		t.Errorf("request lost on the way (-sent +received):\n%s", diff)
	}
	resp := recommender.Response{
		Goal: recommender.Goal{Target: "t", Current: "c", GapSkills: []string{"g"},
			Metiers:     []recommender.GoalMetier{{Code: "M1", Label: "L", Matched: "m", Score: 0.5, Exact: true}},
			Dispositifs: []recommender.Dispositif{recommender.DispositifVAE}},
		Suggestions: []recommender.KindSuggestions{
			{Kind: catalog.KindFormation, Items: []recommender.Suggestion{{ID: "i", Title: "T", Kind: catalog.KindFormation,
				Score: 0.1, Confidence: 0.7, Pertinence: recommender.PertinenceForte, Reason: "R", Covers: []string{"g"},
				Metiers: []string{"M1"}, Breakdown: &recommender.Breakdown{TextRank: 1, VectorRank: 2, MetierRank: 3,
					TextScore: 0.4, VectorScore: 0.5, MetierScore: 0.6, Fused: 0.1}}}},
			{Kind: catalog.KindMission, Items: []recommender.Suggestion{}, Notice: "N"},
		},
		Degraded: true, Notice: "D",
		Plan: recommender.Plan{Actions: []recommender.PlanAction{{Kind: catalog.KindFormation, ID: "i", Title: "T", Bloc: "B",
			Covers: []string{"g"}, Reason: "R"}}, Uncovered: []string{"u"}, TotalPriceEUR: 10, TotalHours: 2},
		NothingFits: true, Routes: []recommender.ExternalRoute{{Name: "n", URL: "https://x.fr/", Description: "d"}},
		Notes: []string{"note"},
	}
	want, _ := json.Marshal(resp)
	got, _ := json.Marshal(newRecommendationResponse(resp))
	var w, g any
	json.Unmarshal(want, &w)
	json.Unmarshal(got, &g)
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("response JSON differs (-recommender +api):\n%s", diff)
	}
}
