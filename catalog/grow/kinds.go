package grow

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
)

// Word lists the derived items draw from (fictional organisations and people).
var (
	sites = []string{"Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Bordeaux",
		"Strasbourg", "Rennes", "Grenoble", "Montpellier", "Clermont-Ferrand"}
	providers = []string{"Institut Horizon Compétences", "Atelier des Métiers", "Campus Avenir Pro",
		"Forma'Sud", "Cap Savoir-Faire", "Académie Nouvelle Voie", "Centre Pivot Formation", "Ecole du Geste"}
	levels    = []string{"", "3", "4", "5", "6", "7", "débutant", "intermédiaire", "avancé"}
	firstName = []string{"Camille", "Julien", "Sophie", "Karim", "Nadia", "Thomas", "Léa", "Mathieu",
		"Inès", "Antoine", "Claire", "Youssef", "Marion", "Hugo", "Aïcha", "Pierre", "Chloé", "Bastien"}
	lastName = []string{"Martin", "Bernard", "Dubois", "Lefebvre", "Moreau", "Garcia", "Roux", "Fournier",
		"Girard", "Benali", "Nguyen", "Lambert", "Faure", "Mercier", "Blanc", "Chevalier", "Diallo", "Perrin"}
	formationTitles = []string{"%s : les fondamentaux", "Devenir %s", "Perfectionnement : %s", "%s — parcours certifiant"}
	durations       = []float64{7, 14, 21, 35, 70, 140, 400}
	modalities      = []catalog.Modality{catalog.ModalityPresentiel, catalog.ModalityDistanciel, catalog.ModalityHybride}
	timeShares      = []int{10, 20, 30, 50, 100}
)

// epoch is the first day sessions and missions may start.
var epoch = time.Date(2026, time.January, 5, 0, 0, 0, 0, time.UTC)

// day is the date d days after epoch.
func day(d int) catalog.Date { return catalog.Date{Time: epoch.AddDate(0, 0, d)} }

// float returns a pointer to x.
func float(x float64) *float64 { return &x }

// lowerFirst lower-cases the first letter of s, to use a label
// mid-sentence, unless s starts with an acronym ("SQL", "BTP").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// lowerWords lower-cases the first letter of every word of s but
// acronyms: a job title mid-sentence ("agent / agente de stérilisation").
func lowerWords(s string) string {
	w := strings.Split(s, " ")
	for i := range w {
		w[i] = lowerFirst(w[i])
	}
	return strings.Join(w, " ")
}

func (g *grower) formation(i int, f *fiche) catalog.Item {
	app := pick(g.rng, f.appellations)
	skills := g.skills(f, 3, 6)
	title := fmt.Sprintf(pick(g.rng, formationTitles), app)
	if g.rng.IntN(2) == 0 {
		title = fmt.Sprintf(pick(g.rng, formationTitles), skills[0])
	}
	hours := pick(g.rng, durations)
	it := catalog.Item{
		ID: id("FOR", i), Kind: catalog.KindFormation, Title: title,
		Description: fmt.Sprintf("Formation pour %s. Vous apprendrez à %s.\n%s",
			lowerWords(app), lowerFirst(strings.Join(skills, ", ")), summary(f.definition)),
		Skills: skills, Level: pick(g.rng, levels), Language: "fr", Provider: pick(g.rng, providers),
		Domain: f.domain, DurationHours: float(hours), Modality: pick(g.rng, modalities),
		PriceEUR:    float(math.Round(hours*float64(40+g.rng.IntN(80))/10) * 10),
		CPFEligible: g.rng.IntN(5) < 2, Active: true,
	}
	it.Sessions = g.sessions(it.Modality, hours)
	if it.Modality != catalog.ModalityDistanciel {
		it.Location = it.Sessions[0].Location
	}
	return it
}

// sessions returns one to four runs of a formation of the given hours,
// each on a site drawn at random (often several sites) unless it is
// taught remotely.
func (g *grower) sessions(m catalog.Modality, hours float64) []catalog.Session {
	n := 1 + g.rng.IntN(4)
	days := int(math.Ceil(hours / 7))
	out := make([]catalog.Session, n)
	first := g.rng.IntN(300)
	for k := range out {
		start := first + k*(14+g.rng.IntN(60))
		out[k] = catalog.Session{Start: day(start), End: day(start + days - 1)}
		if m != catalog.ModalityDistanciel {
			out[k].Location = sites[(g.rng.IntN(len(sites))+k)%len(sites)]
		}
	}
	return out
}

func (g *grower) certification(i int, f *fiche) catalog.Item {
	app := pick(g.rng, f.appellations)
	code := fmt.Sprintf("RS-GROW-%06d", i)
	n := min(2+g.rng.IntN(3), len(f.skills))
	titles := g.skills(f, n, n)
	blocs := make([]catalog.Bloc, len(titles))
	for k, t := range titles {
		blocs[k] = catalog.Bloc{Code: fmt.Sprintf("%s-BC%02d", code, k+1), Title: t, Skills: g.skills(f, 1, 3)}
	}
	return catalog.Item{
		ID: id("CER", i), Kind: catalog.KindCertification, Title: "Certificat de compétences : " + app,
		Description: fmt.Sprintf("Certification de %d blocs de compétences pour exercer comme %s.\n%s",
			len(blocs), lowerWords(app), summary(f.definition)),
		Skills: titles, Level: pick(g.rng, levels), Language: "fr", Provider: pick(g.rng, providers),
		Domain: f.domain, CertificationCode: code, VAEEligible: g.rng.IntN(2) == 0,
		CPFEligible: g.rng.IntN(2) == 0, Blocs: blocs, Active: true,
	}
}

func (g *grower) mentoring(i int, f *fiche) catalog.Item {
	app := pick(g.rng, f.appellations)
	name := pick(g.rng, firstName) + " " + pick(g.rng, lastName)
	capacity := 1 + g.rng.IntN(4)
	langs := []string{"fr"}
	if g.rng.IntN(3) == 0 {
		langs = append(langs, "en")
	}
	skills := g.skills(f, 2, 5)
	return catalog.Item{
		ID: id("MEN", i), Kind: catalog.KindMentoring, Title: fmt.Sprintf("Mentorat — %s avec %s", app, name),
		Description: fmt.Sprintf("%s, %s, accompagne celles et ceux qui veulent %s.\n%s",
			name, lowerWords(app), lowerFirst(skills[0]), summary(f.definition)),
		Skills: skills, Language: "fr", Location: pick(g.rng, sites), Domain: f.domain,
		Mentor: &catalog.Mentor{Name: name, JobTitle: app, Department: f.domain, Capacity: capacity,
			CurrentMentees: g.rng.IntN(capacity + 1), Languages: langs},
		Active: true,
	}
}

func (g *grower) mission(i int, f *fiche) catalog.Item {
	skills := g.skills(f, 2, 4)
	start := g.rng.IntN(330)
	return catalog.Item{
		ID: id("MIS", i), Kind: catalog.KindMission, Title: "Mission : " + lowerFirst(skills[0]),
		Description: fmt.Sprintf("Mission interne auprès de l'équipe %s : %s.\n%s",
			lowerFirst(f.domain), lowerFirst(strings.Join(skills, ", ")), summary(f.definition)),
		Skills: skills, Language: "fr", Location: pick(g.rng, sites), Domain: f.domain,
		Mission: &catalog.Mission{Department: f.domain, StartDate: day(start),
			EndDate: day(start + 30 + g.rng.IntN(150)), TimeSharePct: pick(g.rng, timeShares)},
		Active: true,
	}
}
