package recommender

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

func ptr(f float64) *float64 { return &f }

func day(s string) catalog.Date {
	d, err := catalog.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestReason(t *testing.T) {
	analyst := GoalMetier{Code: "M1419", Label: "Analyste de données", Exact: true}
	for _, tc := range []struct {
		name string
		item catalog.Item
		goal Goal
		c    Constraints
		want string
	}{
		{
			name: "formation covering the gap, quoted projet",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "SQL et Power BI", Skills: []string{"Langage SQL", "Power BI"},
				DurationHours: ptr(21), Modality: catalog.ModalityDistanciel, PriceEUR: ptr(1200), CPFEligible: true},
			goal: Goal{Target: "data analyst", GapSkills: []string{"SQL", "Power BI", "Python"}},
			want: "Couvre : SQL, Power BI — proche de votre projet « data analyst » — 21 h à distance, 1 200 €, éligible CPF",
		},
		{
			name: "free présentiel formation within a budget, tagged with the exact target métier",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Statistiques", Skills: []string{"Statistiques"}, Location: "Lyon",
				DurationHours: ptr(3.5), Modality: catalog.ModalityPresentiel, PriceEUR: ptr(0), Metiers: []string{"M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}, GapSkills: []string{"statistique"}},
			c:    Constraints{MaxPriceEUR: ptr(500)},
			want: "Couvre : statistique — prépare au métier d'Analyste de données — 3,5 h en présentiel à Lyon, gratuit",
		},
		{
			name: "a fuzzy métier is never quoted",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Conduire ses entretiens", Skills: []string{"Entretien annuel"}, Metiers: []string{"K2110"}},
			goal: Goal{Target: "mieux conduire mes entretiens", Metiers: []GoalMetier{{Code: "K2110", Label: "Enseignant de la conduite"}}},
			want: "Aborde : Entretien annuel — proche de votre projet « mieux conduire mes entretiens »",
		},
		{
			name: "an exact métier ranked below a guess is not quoted either",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Paie", Skills: []string{"Paie"}, Metiers: []string{"K1"}},
			goal: Goal{Target: "les RH", Metiers: []GoalMetier{{Code: "M1", Label: "Assistant RH"}, {Code: "K1", Label: "Technicien recyclage", Exact: true}}},
			want: "Aborde : Paie — proche de votre projet « les RH »",
		},
		{
			name: "a tag far down the item's list does not say it prepares for the métier",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Excel", Skills: []string{"Excel"}, Metiers: []string{"A1", "A2", "A3", "M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}},
			want: "Aborde : Excel — proche de votre projet « Analyste de données »",
		},
		{
			name: "a second tag says it prepares for the métier only with a gap skill covered",
			item: catalog.Item{Kind: catalog.KindCertification, Title: "Analyste SOC", Skills: []string{"Détection d'incidents"}, Metiers: []string{"M1844", "M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}, GapSkills: []string{"Langage SQL"}},
			want: "Aborde : Détection d'incidents — proche de votre projet « Analyste de données »",
		},
		{
			name: "a second tag with a gap skill covered",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "SQL", Skills: []string{"Langage SQL"}, Metiers: []string{"M1805", "M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}, GapSkills: []string{"Langage SQL"}},
			want: "Couvre : Langage SQL — prépare au métier d'Analyste de données",
		},
		{
			name: "certification with budget, VAE and blocs",
			item: catalog.Item{Kind: catalog.KindCertification, Title: "Analyste de données", CertificationCode: "RNCP-1",
				Skills: []string{"Langage SQL"}, DurationHours: ptr(420), Modality: catalog.ModalityHybride, PriceEUR: ptr(7900),
				CPFEligible: true, VAEEligible: true, Blocs: []catalog.Bloc{{Title: "a"}, {Title: "b"}, {Title: "c"}}},
			goal: Goal{Target: "data analyst", GapSkills: []string{"SQL"}},
			c:    Constraints{MaxPriceEUR: ptr(8000)},
			want: "Couvre : SQL — proche de votre projet « data analyst » — RNCP-1, 420 h en hybride, 7 900 € (dans votre budget), éligible CPF, accessible par VAE, 3 blocs certifiables séparément",
		},
		{
			name: "mentor with places left",
			item: catalog.Item{Kind: catalog.KindMentoring, Title: "Mentorat data", Skills: []string{"Analyse de données", "Power BI"},
				Mentor: &catalog.Mentor{Name: "Claire Dubois", Department: "Data & IA", Capacity: 3, CurrentMentees: 1}},
			goal: Goal{Target: "data analyst", GapSkills: []string{"Power BI"}},
			want: "Couvre : Power BI — proche de votre projet « data analyst » — Claire Dubois, Data & IA, 2 places libres sur 3",
		},
		{
			name: "mission within one year",
			item: catalog.Item{Kind: catalog.KindMission, Title: "Tableau de bord qualité", Skills: []string{"Power BI", "Langage SQL", "Visualisation"},
				Mission: &catalog.Mission{Department: "Qualité", StartDate: day("2027-03-01"), EndDate: day("2027-06-30"), TimeSharePct: 20}},
			goal: Goal{GapSkills: []string{"Power BI", "SQL", "Python", "Statistiques", "Anglais"}},
			want: "Couvre : Power BI, SQL — Qualité, du 1er mars au 30 juin 2027, 20 % du temps",
		},
		{
			name: "more covered skills than said",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Data", Skills: []string{"Aa", "Bb", "Cc", "Dd", "Ee"}},
			goal: Goal{GapSkills: []string{"Aa", "Bb", "Cc", "Dd", "Ee"}},
			want: "Couvre : Aa, Bb, Cc, Dd…",
		},
		{
			name: "long gap skills are cut to their head",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Statistiques", Skills: []string{"Concevoir un plan d'analyse statistique", "Méthodes d'étude"}},
			goal: Goal{GapSkills: []string{"Concevoir un plan d'analyse statistique : définir une méthode d'étude (procédures) pertinente"}},
			want: "Couvre : Concevoir un plan d'analyse statistique",
		},
		{
			name: "nothing to say",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Atelier"},
			want: "Correspond à votre recherche",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gap := newGapSkills(tc.goal.GapSkills)
			got := newReasonContext(tc.goal, gap, tc.c).reason(newCandidate(tc.item, 1, gap))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("reason (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{FormatPrice(0), "gratuit"},
		{FormatPrice(990), "990 €"},
		{FormatPrice(1190), "1 190 €"},
		{FormatPrice(1234567), "1 234 567 €"},
		{FormatPrice(12.5), "12,50 €"},
		{FormatPrice(2633.3333), "2 633,33 €"},
		{FormatPrice(-1500), "-1 500 €"},
		{FormatPrice(math.NaN()), "prix non communiqué"},
		{FormatPrice(math.Inf(1)), "prix non communiqué"},
		{FormatPrice(1e20), "100 000 000 000 000 000 000,00 €"},
		{FormatHours(21), "21 h"},
		{FormatHours(3.5), "3,5 h"},
		{FormatHours(140.0 / 3), "46,7 h"},
		{period(day("2026-10-05").Time, day("2027-03-31").Time), "du 5 octobre 2026 au 31 mars 2027"},
		{period(day("2027-03-01").Time, day("2027-06-30").Time), "du 1er mars au 30 juin 2027"},
		{period(day("2027-03-01").Time, time.Time{}), "à partir du 1er mars 2027"},
		{period(time.Time{}, day("2027-08-01").Time), "jusqu'au 1er août 2027"},
		{period(time.Time{}, time.Time{}), ""},
		{of("manager"), "de manager"},
		{of("Électricien"), "d'Électricien"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
