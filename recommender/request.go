// Package recommender turns an employee's projet professionnel into ranked,
// explained suggestions: it understands the goal (target métiers, skill
// gap), retrieves candidates from the text index, the vector store and the
// item→métier tags and fuses them. Its quality is measured by the
// recommender/eval package, which it never imports.
//
// It never imports Gin, pgx or Bleve: it declares the small interfaces it
// needs (TextSearcher, VectorSearcher, Embedder, ItemSource).
package recommender

import (
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender/metier"
)

// Request is what an employee asks for.
type Request struct {
	// Projet is the employee's goal in free French text.
	Projet        string   `json:"projet"`
	DesiredSkills []string `json:"desired_skills,omitempty"`
	CurrentSkills []string `json:"current_skills,omitempty"`
	CurrentRole   string   `json:"current_role,omitempty"`

	Constraints Constraints `json:"constraints"`

	// PerKind is the number of suggestions per kind (0 means DefaultPerKind).
	PerKind int `json:"per_kind,omitempty"`
	// Explain adds the score breakdown to each suggestion.
	Explain bool `json:"explain,omitempty"`
}

// Constraints are the hard limits every suggestion must meet.
type Constraints struct {
	MaxPriceEUR *float64         `json:"max_price_eur,omitempty"`
	MaxHours    *float64         `json:"max_hours,omitempty"`
	Modality    catalog.Modality `json:"modality,omitempty"`
	Language    string           `json:"language,omitempty"`
	// Location is where the employee works: suggestions there (an item's
	// place or one of its sessions) come first within their kind, the
	// others follow with their distance when known. It excludes nothing.
	Location string `json:"location,omitempty"`
	CPFOnly  bool   `json:"cpf_only,omitempty"`
	// Kinds restricts suggestions to these kinds (empty means all).
	Kinds []catalog.Kind `json:"kinds,omitempty"`
	// From and To bound the period in which missions must be open; From
	// defaults to today.
	From catalog.Date `json:"from,omitempty"`
	To   catalog.Date `json:"to,omitempty"`
}

// DefaultPerKind is the number of suggestions per kind when a request does
// not say.
const DefaultPerKind = 5

// MaxPerKind caps Request.PerKind.
const MaxPerKind = 50

// Filter turns the constraints into a catalog.Filter; missions must be open
// from today when no start is given. Location is left out: the place asked
// for orders the suggestions (see pick), it excludes none.
func (c Constraints) Filter(today time.Time) catalog.Filter {
	f := catalog.Filter{
		Kinds:       c.Kinds,
		MaxPriceEUR: c.MaxPriceEUR,
		MaxHours:    c.MaxHours,
		Modality:    c.Modality,
		Language:    c.Language,
		CPFOnly:     c.CPFOnly,
		From:        c.From.Time,
		To:          c.To.Time,
	}
	if f.From.IsZero() {
		y, m, d := today.Date()
		f.From = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return f
}

// Response holds the suggestions for one request.
type Response struct {
	Goal Goal `json:"goal"`
	// Suggestions are grouped by kind, in catalog.Kinds order: every kind
	// the request allows, those with nothing above the floor empty with a
	// notice.
	Suggestions []KindSuggestions `json:"suggestions"`
	// Degraded is true when part of the retrieval failed (e.g. the
	// embedder) and the answer comes from the rest.
	Degraded bool `json:"degraded"`
	// Notice explains, in French, why the answer is degraded.
	Notice string `json:"notice,omitempty"`
	// Plan is the plan d'action composed from the suggestions.
	Plan Plan `json:"plan"`
	// NothingFits is true when no kind has a suggestion above the
	// relevance floor: the company catalog has nothing for this goal.
	NothingFits bool `json:"nothing_fits"`
	// Routes are the ways outside the company catalog (CPF, VAE, PTP,
	// conseil en évolution professionnelle), given when no suggestion
	// reaches a "moyenne" pertinence (always when NothingFits).
	Routes []ExternalRoute `json:"routes,omitempty"`
	// Notes say in French how the request was read when that changed the
	// answer ("Seules les offres éligibles au CPF sont proposées…").
	Notes []string `json:"notes,omitempty"`
}

// ExternalRoute is a route outside the company catalog, under its official
// name, with a link.
type ExternalRoute struct {
	// Name is the official name ("Mon Compte Formation").
	Name string `json:"name"`
	// URL links to the route, searched for the goal where it can be.
	URL string `json:"url"`
	// Description says in French what the route is for.
	Description string `json:"description"`
}

// Pertinence is the strength of a suggestion, from its confidence, as
// shown to users.
type Pertinence string

// The pertinence levels (see Suggestion.Confidence).
const (
	PertinenceForte   Pertinence = "forte"
	PertinenceMoyenne Pertinence = "moyenne"
	PertinenceFaible  Pertinence = "faible"
)

// Dispositif is a French training route a projet asks for.
type Dispositif string

// The dispositifs recognised in a projet.
const (
	// DispositifVAE: validation des acquis de l'expérience.
	DispositifVAE Dispositif = "vae"
	// DispositifCPF: compte personnel de formation.
	DispositifCPF Dispositif = "cpf"
	// DispositifBilan: bilan de compétences.
	DispositifBilan Dispositif = "bilan"
	// DispositifMobilite: mobilité interne.
	DispositifMobilite Dispositif = "mobilite_interne"
	// DispositifPTP: projet de transition professionnelle.
	DispositifPTP Dispositif = "ptp"
)

// KindSuggestions are the ranked suggestions of one kind. Every kind the
// request allows is listed; a kind with nothing above the relevance floor
// has no items and a Notice.
type KindSuggestions struct {
	Kind  catalog.Kind `json:"kind"`
	Items []Suggestion `json:"items"`
	// Notice says in French, when Items is empty, that nothing of this
	// kind fits ("Aucune mission interne ne correspond à ce projet pour
	// l'instant.").
	Notice string `json:"notice,omitempty"`
}

// Suggestion is one recommended item.
type Suggestion struct {
	ID    string       `json:"id"`
	Title string       `json:"title"`
	Kind  catalog.Kind `json:"kind"`
	Score float64      `json:"score"`
	// Confidence is the calibrated probability, in [0, 1], that the item
	// is relevant to this goal.
	Confidence float64 `json:"confidence"`
	// Pertinence is Confidence in words: forte, moyenne or faible.
	Pertinence Pertinence `json:"pertinence"`
	// Reason says in French why the item is suggested.
	Reason string `json:"reason"`
	// Covers lists the gap skills the item covers.
	Covers []string `json:"covers,omitempty"`
	// Metiers are the ROME codes the item prepares for.
	Metiers   []string   `json:"metiers,omitempty"`
	Breakdown *Breakdown `json:"breakdown,omitempty"`
}

// Breakdown shows how a suggestion's score was made (Request.Explain).
type Breakdown struct {
	// Rank in each retrieval list (1-based; 0 when absent from it).
	TextRank   int `json:"text_rank"`
	VectorRank int `json:"vector_rank"`
	MetierRank int `json:"metier_rank"`
	// Raw scores in each list.
	TextScore   float64 `json:"text_score"`
	VectorScore float64 `json:"vector_score"`
	MetierScore float64 `json:"metier_score"`
	// Fused is the fused score before per-kind selection.
	Fused float64 `json:"fused"`
}

// Goal is what the recommender understood of the projet.
type Goal struct {
	// Target is the part of the projet naming where the employee wants to go.
	Target string `json:"target"`
	// Current is the current role, said in the projet or given in the request.
	Current string `json:"current,omitempty"`
	// Metiers are the recognised target métiers, best first.
	Metiers []GoalMetier `json:"metiers,omitempty"`
	// GapSkills are the skills to acquire: target métier and desired skills
	// minus current skills, in priority order.
	GapSkills []string `json:"gap_skills,omitempty"`
	// Dispositifs are the training routes the projet asks for (VAE, CPF,
	// bilan de compétences, mobilité interne, PTP).
	Dispositifs []Dispositif `json:"dispositifs,omitempty"`
}

// GoalMetier is a recognised target métier.
type GoalMetier struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	// Matched is the appellation or label recognised in the projet.
	Matched string  `json:"matched"`
	Score   float64 `json:"score"`
	// Exact is true when a whole appellation was found in the projet, false
	// for a fuzzy match.
	Exact bool `json:"exact"`
}

// goalMetiers returns the recognised métiers as the response gives them.
func goalMetiers(ms []metier.Match) []GoalMetier {
	var out []GoalMetier
	for _, m := range ms {
		out = append(out, GoalMetier{Code: m.Code, Label: m.Label, Matched: m.Matched, Score: m.Score, Exact: m.Exact})
	}
	return out
}
