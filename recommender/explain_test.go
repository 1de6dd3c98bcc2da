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
	recruiter := GoalMetier{Code: "HEX-052", Label: "Chargé / Chargée de recrutement", Matched: "Chargé / Chargée de recrutement", Exact: true}
	for _, tc := range []struct {
		name  string
		item  catalog.Item
		goal  Goal
		c     Constraints
		today time.Time
		want  string
	}{
		{
			name: "formation covering the gap, quoted projet, no fact of the card repeated",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "SQL et Power BI", Skills: []string{"Langage SQL", "Power BI"},
				DurationHours: ptr(21), Modality: catalog.ModalityDistanciel, PriceEUR: ptr(1200), CPFEligible: true},
			goal: Goal{Target: "data analyst", GapSkills: []string{"SQL", "Power BI", "Python"}},
			want: "Couvre : SQL, Power BI — proche de votre projet « data analyst »",
		},
		{
			name: "free présentiel formation within a budget, tagged with the exact target métier",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Statistiques", Skills: []string{"Statistiques"}, Location: "Lyon",
				DurationHours: ptr(3.5), Modality: catalog.ModalityPresentiel, PriceEUR: ptr(0), Metiers: []string{"M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}, GapSkills: []string{"statistique"}},
			c:    Constraints{MaxPriceEUR: ptr(500)},
			want: "Couvre : statistique — prépare au métier d'analyste de données",
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
			want: "Aborde : Excel — proche de votre projet « analyste de données »",
		},
		{
			name: "a second tag says it prepares for the métier only with a gap skill covered",
			item: catalog.Item{Kind: catalog.KindCertification, Title: "Analyste SOC", Skills: []string{"Détection d'incidents"}, Metiers: []string{"M1844", "M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}, GapSkills: []string{"Langage SQL"}},
			want: "Aborde : Détection d'incidents — proche de votre projet « analyste de données »",
		},
		{
			name: "a second tag with a gap skill covered",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "SQL", Skills: []string{"Langage SQL"}, Metiers: []string{"M1805", "M1419"}},
			goal: Goal{Target: "analyste de données", Metiers: []GoalMetier{analyst}, GapSkills: []string{"Langage SQL"}},
			want: "Couvre : Langage SQL — prépare au métier d'analyste de données",
		},
		{
			name: "certification with budget, VAE and blocs",
			item: catalog.Item{Kind: catalog.KindCertification, Title: "Analyste de données", CertificationCode: "RNCP-1",
				Skills: []string{"Langage SQL"}, DurationHours: ptr(420), Modality: catalog.ModalityHybride, PriceEUR: ptr(7900),
				CPFEligible: true, VAEEligible: true, Blocs: []catalog.Bloc{{Title: "a"}, {Title: "b"}, {Title: "c"}}},
			goal: Goal{Target: "data analyst", GapSkills: []string{"SQL"}},
			c:    Constraints{MaxPriceEUR: ptr(8000)},
			want: "Couvre : SQL — proche de votre projet « data analyst » — 3 blocs certifiables séparément",
		},
		{
			name: "mentor with places left",
			item: catalog.Item{Kind: catalog.KindMentoring, Title: "Mentorat data", Skills: []string{"Analyse de données", "Power BI"},
				Mentor: &catalog.Mentor{Name: "Claire Dubois", Department: "Data & IA", Capacity: 3, CurrentMentees: 1}},
			goal: Goal{Target: "data analyst", GapSkills: []string{"Power BI"}},
			want: "Couvre : Power BI — proche de votre projet « data analyst » — mentor du service Data & IA",
		},
		{
			name: "mission within one year",
			item: catalog.Item{Kind: catalog.KindMission, Title: "Tableau de bord qualité", Skills: []string{"Power BI", "Langage SQL", "Visualisation"},
				Mission: &catalog.Mission{Department: "Qualité", StartDate: day("2027-03-01"), EndDate: day("2027-06-30"), TimeSharePct: 20}},
			goal: Goal{GapSkills: []string{"Power BI", "SQL", "Python", "Statistiques", "Anglais"}},
			want: "Couvre : Power BI, SQL",
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
			name: "nothing about the goal: the facts tell items apart",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Atelier", DurationHours: ptr(7), PriceEUR: ptr(300)},
			want: "7 h, 300 €",
		},
		{
			name: "the feminine form the employee wrote",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Recruter", Skills: []string{"Recrutement"}, Metiers: []string{"HEX-052"}},
			goal: Goal{Target: "chargée de recrutement", Metiers: []GoalMetier{recruiter}, GapSkills: []string{"Recrutement"}},
			want: "Couvre : Recrutement — prépare au métier de chargée de recrutement",
		},
		{
			name: "the masculine form the employee wrote",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Recruter", Skills: []string{"Recrutement"}, Metiers: []string{"HEX-052"}},
			goal: Goal{Target: "chargé de recrutement", Metiers: []GoalMetier{recruiter}, GapSkills: []string{"Recrutement"}},
			want: "Couvre : Recrutement — prépare au métier de chargé de recrutement",
		},
		{
			name: "no gender said: one form, never both",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Recruter", Skills: []string{"Recrutement"}, Metiers: []string{"HEX-052"}},
			goal: Goal{Target: "talent acquisition", Metiers: []GoalMetier{{Code: "HEX-052", Label: "Chargé / Chargée de recrutement", Matched: "Talent acquisition", Exact: true}}},
			want: "Aborde : Recrutement — prépare au métier de chargé de recrutement",
		},
		{
			name: "the gender of the appellation recognised, the label's form",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Encadrer", Skills: []string{"Management"}, Metiers: []string{"HEX-041"}},
			goal: Goal{Target: "cheffe d'équipe maintenance", Metiers: []GoalMetier{{Code: "HEX-041", Label: "Chef / Cheffe d'équipe", Matched: "Chef / Cheffe d'équipe", Exact: true}}},
			want: "Aborde : Management — prépare au métier de cheffe d'équipe",
		},
		{
			name: "an acronym keeps its capitals",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "HRBP", Skills: []string{"Conseil RH"}, Metiers: []string{"HEX-055"}},
			goal: Goal{Target: "HR business partner", Metiers: []GoalMetier{{Code: "HEX-055", Label: "HR business partner", Exact: true}}},
			want: "Aborde : Conseil RH — prépare au métier d'HR business partner",
		},
		{
			name: "a mentor's direction, with its article",
			item: catalog.Item{Kind: catalog.KindMentoring, Title: "Mentorat RH", Skills: []string{"Recrutement"},
				Mentor: &catalog.Mentor{Name: "Léa Martin", Department: "DRH", Capacity: 2}},
			goal: Goal{Target: "chargée de recrutement"},
			want: "Aborde : Recrutement — proche de votre projet « chargée de recrutement » — mentor de la DRH",
		},
		{
			name: "a mentor in the place asked for",
			item: catalog.Item{Kind: catalog.KindMentoring, Title: "Mentorat", Skills: []string{"Maintenance"}, Location: "Lyon",
				Mentor: &catalog.Mentor{Name: "Marc", Department: "Direction industrielle", Capacity: 2}},
			c:    Constraints{Location: "lyon"},
			want: "Aborde : Maintenance — à Lyon — mentor de la direction industrielle",
		},
		{
			name: "a mentor elsewhere: how far",
			item: catalog.Item{Kind: catalog.KindMentoring, Title: "Mentorat", Skills: []string{"Maintenance"}, Location: "Grenoble",
				Mentor: &catalog.Mentor{Name: "Marc", Capacity: 2}},
			c:    Constraints{Location: "Lyon"},
			want: "Aborde : Maintenance — à 95 km de Lyon",
		},
		{
			name: "a place with no known distance says nothing",
			item: catalog.Item{Kind: catalog.KindMission, Title: "Mission", Skills: []string{"Maintenance"}, Location: "Trifouilly",
				Mission: &catalog.Mission{Department: "Maintenance"}},
			c:    Constraints{Location: "Lyon"},
			want: "Aborde : Maintenance",
		},
		{
			name: "the session in the place asked for, not the item's first",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Encadrer", Skills: []string{"Management"}, Location: "Paris", Modality: catalog.ModalityPresentiel,
				Sessions: []catalog.Session{{Start: day("2027-02-10"), End: day("2027-02-12"), Location: "Paris"}, {Start: day("2027-03-24"), End: day("2027-03-26"), Location: "Lyon"}}},
			c:    Constraints{Location: "Lyon"},
			want: "Aborde : Management — session à Lyon du 24 au 26 mars 2027",
		},
		{
			name: "no session there: the nearest one to come",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Encadrer", Skills: []string{"Management"}, Location: "Lyon", Modality: catalog.ModalityPresentiel,
				Sessions: []catalog.Session{{Start: day("2026-01-05"), Location: "Lyon"}, {Start: day("2027-02-10"), Location: "Paris"}, {Start: day("2027-03-24"), Location: "Nantes"}}},
			c:     Constraints{Location: "Lyon"},
			today: day("2026-11-26").Time,
			want:  "Aborde : Management — session la plus proche à Paris (390 km) le 10 février 2027",
		},
		{
			name: "given at a distance: no place to say",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Encadrer", Skills: []string{"Management"}, Location: "Paris", Modality: catalog.ModalityDistanciel},
			c:    Constraints{Location: "Lyon"},
			want: "Aborde : Management",
		},
		{
			name: "nothing to say",
			item: catalog.Item{Kind: catalog.KindFormation, Title: "Atelier"},
			want: "Son intitulé ou sa description répond à votre recherche",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gap := newGapSkills(tc.goal.GapSkills)
			rc := newReasonContext(tc.goal, gap, tc.c)
			rc.today = tc.today
			got := rc.reason(newCandidate(tc.item, 1, gap))
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
		{period(day("2027-03-01").Time, day("2027-03-03").Time), "du 1er au 3 mars 2027"},
		{period(day("2026-03-01").Time, day("2027-03-03").Time), "du 1er mars 2026 au 3 mars 2027"},
		{period(day("2027-03-01").Time, time.Time{}), "à partir du 1er mars 2027"},
		{period(time.Time{}, day("2027-08-01").Time), "jusqu'au 1er août 2027"},
		{period(time.Time{}, time.Time{}), ""},
		{of("manager"), "de manager"},
		{of("électricien"), "d'électricien"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
