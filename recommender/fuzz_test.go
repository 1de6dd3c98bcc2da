package recommender

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog/french"
)

func FuzzSplitProjet(f *testing.F) {
	for _, s := range []string{
		"Assistante RH depuis 6 ans, je voudrais évoluer vers un poste de chargée de développement RH",
		"En poste de chef de rayon, je vise une mobilité vers le métier de responsable logistique.",
		"Conducteur(trice) d'engins (", "l'", "d'ici", "Reconversion vers les RH", "\xff\xfe devenir",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, projet string) {
		target, current := splitProjet(projet)
		for _, s := range []string{target, current} {
			if utf8.ValidString(projet) && !utf8.ValidString(s) {
				t.Errorf("splitProjet(%q) returned invalid UTF-8 %q", projet, s)
			}
			if !strings.Contains(projet, s) {
				t.Errorf("splitProjet(%q) returned %q, not a part of it", projet, s)
			}
		}
		_ = french.Terms(french.StripGenderSuffixes(projet))
		_ = contentText(target)
	})
}
