package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeItemJSON(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     Item
		problems []string
	}{
		{
			name: "active defaults to true, text normalized",
			in:   `{"id":"f1","kind":"formation","title":" Excel\n avancé ","price_eur":350,"unknown":1}`,
			want: Item{ID: "f1", Kind: KindFormation, Title: "Excel avancé", PriceEUR: ptr(350), Active: true},
		},
		{
			name: "explicit inactive",
			in:   `{"id":"f1","kind":"formation","title":"Excel","active":false}`,
			want: Item{ID: "f1", Kind: KindFormation, Title: "Excel"},
		},
		{
			name:     "typing and validation problems carry the id",
			in:       `{"id":"f1","kind":"formation","title":"","price_eur":"gratuit"}`,
			want:     Item{ID: "f1", Kind: KindFormation, Active: true},
			problems: []string{"f1|price_eur: doit être un nombre, par exemple 21, 1 200, 1 200,50 ou 1 200 €, reçu « gratuit »", "f1|title: obligatoire"},
		},
		{name: "not an object", in: `["f1"]`, problems: []string{"|un objet JSON est attendu, reçu une liste"}},
		{name: "broken", in: `{"id":`, problems: []string{"|JSON incomplet : l'objet n'est pas refermé"}},
		{name: "latin-1", in: "{\"id\":\"caf\xe9\"}", problems: []string{"|texte non encodé en UTF-8 (enregistrez le fichier en UTF-8)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := DecodeItemJSON([]byte(tt.in))
			var gotProblems []string
			for _, p := range problems {
				gotProblems = append(gotProblems, p.ID+"|"+p.Error())
			}
			if diff := cmp.Diff(tt.problems, gotProblems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("item (-want +got):\n%s", diff)
			}
		})
	}
}
