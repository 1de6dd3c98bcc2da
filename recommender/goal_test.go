package recommender

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitProjet(t *testing.T) {
	tests := []struct {
		projet, target, current string
	}{
		{"Assistante RH depuis 6 ans, je voudrais évoluer vers un poste de chargée de développement RH", "chargée de développement RH", "Assistante RH"},
		{"Actuellement comptable, je veux devenir contrôleur de gestion.", "contrôleur de gestion", "comptable"},
		{"Je veux devenir data analyst", "data analyst", ""},
		{"Reconversion vers les RH", "RH", ""},
		{"Technicien de maintenance, je vise un poste de responsable maintenance", "responsable maintenance", "Technicien de maintenance"},
		{"En poste de chef de rayon, je vise une mobilité vers le métier de responsable logistique.", "responsable logistique", "chef de rayon"},
		{"Je suis infirmier et j'aimerais devenir cadre de santé", "cadre de santé", "infirmier"},
		{"Mon projet : devenir régisseur / régisseuse de spectacles d'ici deux ans.", "régisseur / régisseuse de spectacles", ""},
		{"Après plusieurs années comme vendeur, mon projet est de me reconvertir en boulanger.", "boulanger", "vendeur"},
		{"Objectif professionnel : occuper un poste de chef de projet informatique.", "chef de projet informatique", ""},
		{"data analyst", "data analyst", ""},
		{"devenir cheffe de projet", "cheffe de projet", ""},
		{"Je veux évoluer vers la gestion de projets", "gestion de projets", ""},
		{"Je voudrais devenir conseiller en évolution de carrière", "conseiller en évolution de carrière", ""},
		{"Je veux devenir comptable dans le cadre de mon projet", "comptable", ""},
		{"Technicien de maintenance, je veux devenir chef d'équipe maintenance et encadrer une équipe de 6 personnes", "chef d'équipe maintenance", "Technicien de maintenance"},
		{"Je souhaite devenir boulanger et ouvrir ma boulangerie", "boulanger", ""},
		{"Je veux devenir infirmière pour travailler en bloc opératoire", "infirmière", ""},
		{"Je vise un poste de gestionnaire de paie, afin de me spécialiser", "gestionnaire de paie", ""},
		{"Je veux devenir responsable RH et de pouvoir conduire des entretiens", "responsable RH", ""},
		{"Je veux devenir technicien qualité et sécurité", "technicien qualité et sécurité", ""},
		{"Je voudrais devenir aide-soignante et infirmière de bloc", "aide-soignante et infirmière de bloc", ""},
		{"Je veux devenir chargé d'accueil et conseiller en insertion", "chargé d'accueil et conseiller en insertion", ""},
		{"Je veux devenir cuisinier et cadre de cuisine", "cuisinier et cadre de cuisine", ""},
		{"Je veux devenir commercial et manager une équipe", "commercial", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.projet, func(t *testing.T) {
			target, current := splitProjet(tt.projet)
			if diff := cmp.Diff([]string{tt.target, tt.current}, []string{target, current}); diff != "" {
				t.Errorf("splitProjet mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
