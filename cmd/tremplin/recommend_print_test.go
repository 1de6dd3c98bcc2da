package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// TestWriteResponseContract prints hand-made responses of the issue 9
// contract: pertinence beside each suggestion, the notice of an empty kind,
// the notes, and when nothing fits a plain message with the routes.
func TestWriteResponseContract(t *testing.T) {
	served := recommender.Response{
		Goal: recommender.Goal{Target: "technicienne qualité", Dispositifs: []recommender.Dispositif{recommender.DispositifVAE, recommender.DispositifCPF}},
		Suggestions: []recommender.KindSuggestions{
			{Kind: catalog.KindFormation, Items: []recommender.Suggestion{
				{ID: "f1", Title: "Qualité en production", Kind: catalog.KindFormation, Confidence: 0.81, Pertinence: recommender.PertinenceForte, Reason: "Prépare au métier visé."},
				{ID: "f2", Title: "Audit interne", Kind: catalog.KindFormation, Confidence: 0.3, Pertinence: recommender.PertinenceFaible, Reason: "Aborde l'audit.",
					Breakdown: &recommender.Breakdown{TextRank: 2, TextScore: 1.5}},
			}},
			{Kind: catalog.KindMission, Items: []recommender.Suggestion{}, Notice: "Aucune mission interne ne correspond à ce projet pour l'instant."},
		},
		Notes: []string{"Seules les offres éligibles au CPF sont proposées, comme votre projet le demande.", "Les certifications ouvertes à la VAE passent en premier."},
	}
	nothing := recommender.Response{
		Goal:        recommender.Goal{Target: "infirmière en bloc opératoire"},
		Suggestions: []recommender.KindSuggestions{{Kind: catalog.KindFormation, Items: []recommender.Suggestion{}, Notice: "Aucune formation ne correspond à ce projet pour l'instant."}},
		NothingFits: true,
		Routes: []recommender.ExternalRoute{
			{Name: "Mon Compte Formation", URL: "https://www.moncompteformation.gouv.fr/", Description: "Les formations éligibles au CPF."},
			{Name: "France VAE", URL: "https://vae.gouv.fr/", Description: "Faire valider son expérience."},
		},
	}
	for _, tc := range []struct {
		name    string
		resp    recommender.Response
		explain bool
		want    []string
		notWant []string
	}{
		{"served", served, true, []string{
			"Dispositifs demandés : VAE, CPF\n",
			"\nNote : Seules les offres éligibles au CPF sont proposées, comme votre projet le demande.\nNote : Les certifications ouvertes à la VAE passent en premier.\n",
			"\nFormations\n  1. Qualité en production  [f1]  — pertinence forte\n     Prépare au métier visé.\n",
			"  2. Audit interne  [f2]  — pertinence faible\n     Aborde l'audit.\n     score 0,0000, confiance 0,30 : texte n° 2",
			"\nMissions internes\n  Aucune mission interne ne correspond à ce projet pour l'instant.\n",
		}, []string{"n'a rien à proposer", "Aucune suggestion ne répond"}},
		{"nothing fits", nothing, false, []string{
			"\nFormations\n  Aucune formation ne correspond à ce projet pour l'instant.\n",
			"\nLe catalogue de l'entreprise n'a rien à proposer pour ce projet pour l'instant.\nD'autres voies existent en dehors de l'entreprise :\n",
			"  • Mon Compte Formation — Les formations éligibles au CPF.\n    https://www.moncompteformation.gouv.fr/\n",
			"  • France VAE — Faire valider son expérience.\n    https://vae.gouv.fr/\n",
		}, []string{"Note :", "pertinence", "Aucune suggestion ne répond"}},
		{"no kind at all", recommender.Response{Goal: recommender.Goal{Target: "x"}}, false,
			[]string{"Aucune suggestion ne répond à ces critères"}, []string{"n'a rien à proposer"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := writeResponse(&out, tc.resp, nil, tc.explain); err != nil {
				t.Fatal(err)
			}
			text := out.String()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text, w) {
					t.Errorf("output shows %q:\n%s", w, text)
				}
			}
		})
	}
}
