package referentiel

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestForms(t *testing.T) {
	tests := []struct {
		label string
		want  []string
	}{
		{"Conducteur / Conductrice d'engins agricoles", []string{"Conducteur d'engins agricoles", "Conductrice d'engins agricoles"}},
		{"Chargé / Chargée de développement web", []string{"Chargé de développement web", "Chargée de développement web"}},
		{"Accastilleur-gréeur / Accastilleuse-gréeuse", []string{"Accastilleur-gréeur", "Accastilleuse-gréeuse"}},
		{"Directeur (chercheur) / Directrice (chercheuse) de recherche publique",
			[]string{"Directeur (chercheur) de recherche publique", "Directrice (chercheuse) de recherche publique"}},
		{"Accompagnant Educatif et Social (AES) / Accompagnante Educative et Sociale (AES)",
			[]string{"Accompagnant Educatif et Social (AES)", "Accompagnante Educative et Sociale (AES)"}},
		{"Agent de fabrication polyvalent / Agente de fabrication polyvalente en industrie",
			[]string{"Agent de fabrication polyvalent en industrie", "Agente de fabrication polyvalente en industrie"}},
		{"Garde Forestier / Forestière", []string{"Garde Forestier", "Garde Forestière"}},
		{"Chef d'équipe dépanneur / Cheffe dépanneuse de chaudières domestiques",
			[]string{"Chef d'équipe dépanneur de chaudières domestiques", "Cheffe dépanneuse de chaudières domestiques"}},
		{"Homme / Femme de pied", []string{"Homme de pied", "Femme de pied"}},
		{"Premier valet / Première femme de chambre", []string{"Premier valet de chambre", "Première femme de chambre"}},
		{"Homme sage-femme / Sage-femme", []string{"Homme sage-femme", "Sage-femme"}},
		{"Tubiste / Contre tubiste", []string{"Tubiste", "Contre tubiste"}},
		{"Chef / Cheffe de service infrastructure/environnement",
			[]string{"Chef de service infrastructure/environnement", "Cheffe de service infrastructure/environnement"}},
		{"Analyste biologie/microbiologie en industrie", []string{"Analyste biologie/microbiologie en industrie"}},
		{"Data scientist", []string{"Data scientist"}},
		{"  Comptable  ", []string{"Comptable"}},
		{"Guide / Guide de montagne", []string{"Guide de montagne"}},
		{"Vendeur /", []string{"Vendeur /"}},
		{" / ", []string{"/"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Forms(tt.label)); diff != "" {
				t.Errorf("Forms(%q) (-want +got):\n%s", tt.label, diff)
			}
		})
	}
}

func TestESCOForms(t *testing.T) {
	tests := []struct {
		label string
		want  []string
	}{
		{"directeur technique/directrice technique", []string{"directeur technique", "directrice technique"}},
		{"physiothérapeute", []string{"physiothérapeute"}},
		{"ébéniste/ébéniste", []string{"ébéniste"}},
		{"a/b/c", []string{"a/b/c"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, escoForms(tt.label)); diff != "" {
				t.Errorf("escoForms(%q) (-want +got):\n%s", tt.label, diff)
			}
		})
	}
}

func FuzzForms(f *testing.F) {
	for _, s := range []string{"Conducteur / Conductrice d'engins agricoles", "Garde Forestier / Forestière", " / ", "a / b / c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, label string) {
		for _, form := range Forms(label) {
			if form == "" {
				t.Errorf("Forms(%q) returned an empty form", label)
			}
		}
	})
}
