package api

import (
	"context"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// scriptedRecommender answers each projet with a hand-made response (the
// contract of issue 9: confidence, pertinence, empty kinds with a notice,
// nothing fits with external routes, notes), and fallback otherwise.
type scriptedRecommender struct {
	answers  map[string]recommender.Response // by projet
	fallback recommender.Response
}

func (r scriptedRecommender) Recommend(_ context.Context, req recommender.Request) (recommender.Response, error) {
	if resp, ok := r.answers[strings.TrimSpace(req.Projet)]; ok {
		return resp, nil
	}
	return r.fallback, nil
}

// Projets the scripted recommender knows.
const (
	projetServed  = "Je veux devenir responsable de maintenance avec mon CPF"
	projetNothing = "Aide-soignante, je veux devenir infirmière en bloc opératoire"
)

// nurse is a target métier the test catalog has nothing for.
var nurse = recommender.GoalMetier{Code: "J1506", Label: "Soins infirmiers généralistes",
	Matched: "infirmière en bloc opératoire", Score: 1, Exact: true}

// servedResponse has suggestions of two kinds at different pertinences,
// two empty kinds with their notices, and a note on how it was read.
func servedResponse() recommender.Response {
	return recommender.Response{
		Goal: recommender.Goal{Target: "devenir responsable de maintenance",
			Metiers:     []recommender.GoalMetier{{Code: "I1102", Label: "Management et ingénierie de maintenance industrielle", Matched: "responsable de maintenance", Score: 1, Exact: true}},
			GapSkills:   []string{"Management d'équipe", "Maintenance préventive"},
			Dispositifs: []recommender.Dispositif{recommender.DispositifCPF}},
		Suggestions: []recommender.KindSuggestions{
			{Kind: catalog.KindFormation, Items: []recommender.Suggestion{
				{ID: "form-management", Title: "Manager une équipe de maintenance", Kind: catalog.KindFormation, Score: 0.9,
					Confidence: 0.86, Pertinence: recommender.PertinenceForte, Reason: "Prépare au métier de responsable de maintenance.",
					Covers: []string{"Management d'équipe"}},
			}},
			{Kind: catalog.KindCertification, Items: []recommender.Suggestion{
				{ID: "cert-maintenance", Title: "Responsable de maintenance (RNCP)", Kind: catalog.KindCertification, Score: 0.7,
					Confidence: 0.55, Pertinence: recommender.PertinenceMoyenne, Reason: "Certification du métier visé.",
					Covers: []string{"Maintenance préventive"}},
				{ID: "cert-faible", Title: "Savoirs de base en atelier", Kind: catalog.KindCertification, Score: 0.2,
					Confidence: 0.22, Pertinence: recommender.PertinenceFaible, Reason: "Aborde une compétence voisine."},
			}},
			{Kind: catalog.KindMentoring, Items: []recommender.Suggestion{},
				Notice: "Aucun mentor ne correspond à ce projet pour l'instant."},
			{Kind: catalog.KindMission, Items: []recommender.Suggestion{},
				Notice: "Aucune mission interne ne correspond à ce projet pour l'instant."},
		},
		Plan: recommender.Plan{Actions: []recommender.PlanAction{{Kind: catalog.KindFormation, ID: "form-management",
			Title: "Manager une équipe de maintenance", Covers: []string{"Management d'équipe"}, Reason: "Première étape de votre plan."}},
			Uncovered: []string{}},
		Notes: []string{"Seules les offres éligibles au CPF sont proposées, comme votre projet le demande."},
	}
}

// nothingFitsResponse has every kind empty, the external routes (one with
// a URL that is not http(s), which must not become a link) and a note.
func nothingFitsResponse() recommender.Response {
	var kinds []recommender.KindSuggestions
	for _, k := range catalog.Kinds {
		kinds = append(kinds, recommender.KindSuggestions{Kind: k, Items: []recommender.Suggestion{},
			Notice: "Rien de ce type ne correspond à ce projet pour l'instant (" + string(k) + ")."})
	}
	return recommender.Response{
		Goal:        recommender.Goal{Target: "devenir infirmière en bloc opératoire", Metiers: []recommender.GoalMetier{nurse}},
		Suggestions: kinds,
		Plan:        recommender.Plan{Actions: []recommender.PlanAction{}, Uncovered: []string{}},
		NothingFits: true,
		Routes: []recommender.ExternalRoute{
			{Name: "Mon Compte Formation", URL: "https://www.moncompteformation.gouv.fr/espace-prive/html/#/formation/recherche?q=J1506",
				Description: "Les formations éligibles au CPF, partout en France."},
			{Name: "France VAE", URL: "https://vae.gouv.fr/", Description: "Faire valider son expérience par un diplôme."},
			{Name: "Transitions Pro", URL: "javascript:alert(1)", Description: "Le projet de transition professionnelle."},
		},
		Notes: []string{"Votre projet a été lu comme une reconversion vers le soin."},
	}
}

// scriptedAnswers are the hand-made responses by projet.
func scriptedAnswers() scriptedRecommender {
	return scriptedRecommender{
		answers:  map[string]recommender.Response{projetServed: servedResponse(), projetNothing: nothingFitsResponse()},
		fallback: servedResponse(),
	}
}
