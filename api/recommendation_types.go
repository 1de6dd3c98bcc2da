package api

import (
	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// The JSON contract of POST /api/v1/recommendations, described by
// openapi.json. It is the API's own: the recommender's types may change
// without changing what clients send and receive; the converters below
// are the one place where the two meet (TestRecommendationContract checks
// that nothing is lost on the way).

// recommendationRequest is what a client asks for.
type recommendationRequest struct {
	Projet        string      `json:"projet"`
	DesiredSkills []string    `json:"desired_skills,omitempty"`
	CurrentSkills []string    `json:"current_skills,omitempty"`
	CurrentRole   string      `json:"current_role,omitempty"`
	Constraints   constraints `json:"constraints"`
	PerKind       int         `json:"per_kind,omitempty"`
	Explain       bool        `json:"explain,omitempty"`
}

// constraints are a request's hard limits and preferences.
type constraints struct {
	MaxPriceEUR *float64         `json:"max_price_eur,omitempty"`
	MaxHours    *float64         `json:"max_hours,omitempty"`
	Modality    catalog.Modality `json:"modality,omitempty"`
	Language    string           `json:"language,omitempty"`
	Location    string           `json:"location,omitempty"`
	CPFOnly     bool             `json:"cpf_only,omitempty"`
	Kinds       []catalog.Kind   `json:"kinds,omitempty"`
	From        catalog.Date     `json:"from,omitempty"`
	To          catalog.Date     `json:"to,omitempty"`
}

// recommendationResponse is the answer.
type recommendationResponse struct {
	Goal        goal              `json:"goal"`
	Suggestions []kindSuggestions `json:"suggestions"`
	Degraded    bool              `json:"degraded"`
	Notice      string            `json:"notice,omitempty"`
	Plan        plan              `json:"plan"`
	NothingFits bool              `json:"nothing_fits"`
	Routes      []externalRoute   `json:"routes,omitempty"`
	Notes       []string          `json:"notes,omitempty"`
}

type goal struct {
	Target      string       `json:"target"`
	Current     string       `json:"current,omitempty"`
	Metiers     []goalMetier `json:"metiers,omitempty"`
	GapSkills   []string     `json:"gap_skills,omitempty"`
	Dispositifs []string     `json:"dispositifs,omitempty"`
}

type goalMetier struct {
	Code    string  `json:"code"`
	Label   string  `json:"label"`
	Matched string  `json:"matched"`
	Score   float64 `json:"score"`
	Exact   bool    `json:"exact"`
}

type kindSuggestions struct {
	Kind   catalog.Kind `json:"kind"`
	Items  []suggestion `json:"items"`
	Notice string       `json:"notice,omitempty"`
}

type suggestion struct {
	ID         string       `json:"id"`
	Title      string       `json:"title"`
	Kind       catalog.Kind `json:"kind"`
	Score      float64      `json:"score"`
	Confidence float64      `json:"confidence"`
	Pertinence string       `json:"pertinence"`
	Reason     string       `json:"reason"`
	Covers     []string     `json:"covers,omitempty"`
	Metiers    []string     `json:"metiers,omitempty"`
	Breakdown  *breakdown   `json:"breakdown,omitempty"`
}

type breakdown struct {
	TextRank    int     `json:"text_rank"`
	VectorRank  int     `json:"vector_rank"`
	MetierRank  int     `json:"metier_rank"`
	TextScore   float64 `json:"text_score"`
	VectorScore float64 `json:"vector_score"`
	MetierScore float64 `json:"metier_score"`
	Fused       float64 `json:"fused"`
}

type plan struct {
	Actions       []planAction `json:"actions"`
	Uncovered     []string     `json:"uncovered"`
	TotalPriceEUR float64      `json:"total_price_eur"`
	TotalHours    float64      `json:"total_hours"`
}

type planAction struct {
	Kind   catalog.Kind `json:"kind"`
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Bloc   string       `json:"bloc,omitempty"`
	Covers []string     `json:"covers"`
	Reason string       `json:"reason"`
}

type externalRoute struct {
	Name        string `json:"name"`
	URL         string `json:"url"`
	Description string `json:"description"`
}

// recommenderRequest is the request the recommender answers.
func (r recommendationRequest) recommenderRequest() recommender.Request {
	c := r.Constraints
	return recommender.Request{
		Projet: r.Projet, DesiredSkills: r.DesiredSkills, CurrentSkills: r.CurrentSkills, CurrentRole: r.CurrentRole,
		PerKind: r.PerKind, Explain: r.Explain,
		Constraints: recommender.Constraints{
			MaxPriceEUR: c.MaxPriceEUR, MaxHours: c.MaxHours, Modality: c.Modality, Language: c.Language,
			Location: c.Location, CPFOnly: c.CPFOnly, Kinds: c.Kinds, From: c.From, To: c.To,
		},
	}
}

// newRecommendationResponse is the answer as the API shows it; lists the
// spec requires are [] rather than null.
func newRecommendationResponse(r recommender.Response) recommendationResponse {
	out := recommendationResponse{
		Goal:        goal{Target: r.Goal.Target, Current: r.Goal.Current, GapSkills: r.Goal.GapSkills},
		Suggestions: make([]kindSuggestions, 0, len(r.Suggestions)), Degraded: r.Degraded, Notice: r.Notice,
		Plan: plan{Actions: make([]planAction, 0, len(r.Plan.Actions)), Uncovered: r.Plan.Uncovered,
			TotalPriceEUR: r.Plan.TotalPriceEUR, TotalHours: r.Plan.TotalHours},
		NothingFits: r.NothingFits, Notes: r.Notes,
	}
	if out.Plan.Uncovered == nil {
		out.Plan.Uncovered = []string{}
	}
	for _, m := range r.Goal.Metiers {
		out.Goal.Metiers = append(out.Goal.Metiers, goalMetier(m))
	}
	for _, d := range r.Goal.Dispositifs {
		out.Goal.Dispositifs = append(out.Goal.Dispositifs, string(d))
	}
	for _, ks := range r.Suggestions {
		k := kindSuggestions{Kind: ks.Kind, Items: make([]suggestion, 0, len(ks.Items)), Notice: ks.Notice}
		for _, s := range ks.Items {
			sg := suggestion{ID: s.ID, Title: s.Title, Kind: s.Kind, Score: s.Score, Confidence: s.Confidence,
				Pertinence: string(s.Pertinence), Reason: s.Reason, Covers: s.Covers, Metiers: s.Metiers}
			if s.Breakdown != nil {
				b := breakdown(*s.Breakdown)
				sg.Breakdown = &b
			}
			k.Items = append(k.Items, sg)
		}
		out.Suggestions = append(out.Suggestions, k)
	}
	for _, a := range r.Plan.Actions {
		out.Plan.Actions = append(out.Plan.Actions, planAction(a))
	}
	for _, rt := range r.Routes {
		out.Routes = append(out.Routes, externalRoute(rt))
	}
	return out
}
