package catalog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDecodeReadsValuesAsWritten: prices, durations, modalities and yes/no
// written as people write them mean the same in every format, and in the
// one-item JSON of the API and the pages.
func TestDecodeReadsValuesAsWritten(t *testing.T) {
	type want struct {
		price, hours float64
		modality     Modality
		cpf          bool
	}
	tests := []struct {
		price, hours, modality, cpf string
		want                        want
	}{
		{"1 200 €", "21 h", "à distance", "oui", want{1200, 21, ModalityDistanciel, true}},
		{"1\u202f200,50\u00a0€", "7,5", "e-learning", "Non", want{1200.5, 7.5, ModalityDistanciel, false}},
		{"1.200,50", "14", "En ligne", "vrai", want{1200.5, 14, ModalityDistanciel, true}},
		{"1,200.50 EUR", "35 heures", "Présentiel", "faux", want{1200.5, 35, ModalityPresentiel, false}},
		{"€ 990", "3", "sur site", "1", want{990, 3, ModalityPresentiel, true}},
		{"0", "2", "Mixte", "0", want{0, 2, ModalityHybride, false}},
		{"350 euros", "10", "blended", "yes", want{350, 10, ModalityHybride, true}},
	}
	for _, tc := range tests {
		inputs := map[Format]string{
			FormatCSV: "id,kind,title,price_eur,duration_hours,modality,cpf_eligible\n" +
				"f1,formation,T,\"" + tc.price + "\",\"" + tc.hours + "\"," + tc.modality + "," + tc.cpf + "\n",
			FormatJSONL: `{"id":"f1","kind":"formation","title":"T","price_eur":"` + tc.price + `","duration_hours":"` + tc.hours +
				`","modality":"` + tc.modality + `","cpf_eligible":"` + tc.cpf + `"}` + "\n",
			FormatYAML: "- id: f1\n  kind: formation\n  title: T\n  price_eur: \"" + tc.price + "\"\n  duration_hours: " + tc.hours +
				"\n  modality: " + tc.modality + "\n  cpf_eligible: " + tc.cpf + "\n",
		}
		for format, in := range inputs {
			t.Run(string(format)+"/"+tc.price, func(t *testing.T) {
				items, problems, err := Decode(strings.NewReader(in), "f."+string(format), format)
				if err != nil || len(problems) > 0 || len(items) != 1 {
					t.Fatalf("Decode = %d items, problems %v, err %v; want one item", len(items), problems, err)
				}
				it := items[0]
				got := want{*it.PriceEUR, *it.DurationHours, it.Modality, it.CPFEligible}
				if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
					t.Errorf("item (-want +got):\n%s", diff)
				}
			})
		}
		t.Run("item json/"+tc.price, func(t *testing.T) {
			it, problems := DecodeItemJSON([]byte(itemJSON(tc.price, tc.hours, tc.modality, tc.cpf)))
			if len(problems) > 0 {
				t.Fatalf("DecodeItemJSON problems %v", problems)
			}
			got := want{*it.PriceEUR, *it.DurationHours, it.Modality, it.CPFEligible}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("item (-want +got):\n%s", diff)
			}
		})
	}
}

func itemJSON(price, hours, modality, cpf string) string {
	return `{"id":"f1","kind":"formation","title":"T","price_eur":"` + price + `","duration_hours":"` + hours +
		`","modality":"` + modality + `","cpf_eligible":"` + cpf + `"}`
}

// TestDecodeRefusedValuesSayWhatIsAccepted: a value still refused names
// the accepted ones; yes/no fields mention oui/non.
func TestDecodeRefusedValuesSayWhatIsAccepted(t *testing.T) {
	in := "id,kind,title,price_eur,modality,cpf_eligible\nf1,formation,T,gratuit,par courrier,peut-être\n"
	_, problems, err := Decode(strings.NewReader(in), "f.csv", FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		"f.csv:2: price_eur: doit être un nombre, par exemple 21, 1 200, 1 200,50 ou 1 200 €, reçu « gratuit »",
		"f.csv:2: cpf_eligible: doit être oui ou non (aussi : vrai/faux, true/false, 1/0), reçu « peut-être »",
		"f.csv:2: modality: modalité inconnue « par courrier » (valeurs acceptées : présentiel, distanciel ou hybride (aussi : sur site, à distance, en ligne, e-learning, mixte, blended))",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestParseNumberRefuses(t *testing.T) {
	for _, s := range []string{"", "€", "douze", "1 2 3 x", "NaN", "inf", "0x10", "1e999", "--1", "1,2,3.4.5"} {
		if x, err := ParseNumber(s); err == nil {
			t.Errorf("ParseNumber(%q) = %v, want an error", s, x)
		}
	}
}
