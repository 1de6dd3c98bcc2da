package entretien

import (
	"fmt"

	"github.com/tremplin/tremplin/catalog"
)

// Error is a bad input or a bad rule: Field names it ("entretiens[2].date",
// "rules.period_months") and Reason says in French what is wrong. It wraps
// catalog.ErrInvalid.
type Error struct {
	Field  string
	Reason string
}

// Error formats the problem as "field: reason".
func (e *Error) Error() string { return e.Field + ": " + e.Reason }

// Unwrap returns catalog.ErrInvalid, so errors.Is(err, catalog.ErrInvalid) holds.
func (e *Error) Unwrap() error { return catalog.ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &Error{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Clock says from which date the next periodic entretien is counted once
// one has been held. The law says "tous les quatre ans" and no more.
type Clock string

const (
	// FromHeld counts the period from the date the last entretien was held,
	// late or not: the reading of the administration's fiche for the former
	// 2-year entretien ("à partir de l'entrée dans l'entreprise, puis de la
	// date de l'entretien précédent"). The default.
	FromHeld Clock = "from_held"
	// FromDue keeps a fixed schedule counted from the hire date: a late
	// entretien fills the slot it was due for and the next one stays due
	// at the end of the following slot.
	FromDue Clock = "from_due"
)

// Rules holds every number of the calendar. Legal returns the values of
// the Code du travail as amended in 2025; an accord d'entreprise or de
// branche may change some of them (see docs/entretien.md).
type Rules struct {
	// FirstWithinMonths is the delay of the first entretien after hiring:
	// "au cours de la première année suivant son embauche" (12).
	FirstWithinMonths int `json:"first_within_months"`
	// PeriodMonths is the periodicity, "tous les quatre ans" (48). An
	// accord may set another one, never longer than four years (L6315-1, III).
	PeriodMonths int `json:"period_months"`
	// Clock says where a period starts after an entretien held late.
	Clock Clock `json:"clock"`
	// OccasionalCount makes entretiens held on return from leave or at the
	// key ages count as the periodic entretien too: each is an entretien de
	// parcours professionnel under L6315-1 (our reading; true by default).
	OccasionalCount bool `json:"occasional_count"`
	// ReviewYears is the period of the état des lieux récapitulatif, "tous
	// les huit ans", counted from the hire date (8).
	ReviewYears int `json:"review_years"`
	// FirstReviewAfterFirstMonths, when not zero, sets the first état des
	// lieux that many months after the first entretien held instead of
	// ReviewYears after hiring; secondary sources report that the 2025 text
	// allows it seven years (84 months) after the first entretien. 0 by default.
	FirstReviewAfterFirstMonths int `json:"first_review_after_first_months"`
	// ReturnSkipMonths: no entretien is owed on return from leave when one
	// was held in that many months before the return (12).
	ReturnSkipMonths int `json:"return_skip_months"`
	// ReturnWithinMonths is how long after the return the entretien may be
	// held before it is overdue. The law sets no delay ("proposé
	// systématiquement au salarié qui reprend son activité"): 0 by default,
	// due on the day of return.
	ReturnWithinMonths int `json:"return_within_months"`
	// MidCareerAge is the age of the visite médicale de mi-carrière when no
	// accord de branche sets another échéance: the calendar year of the
	// 45th birthday (L4624-2-2).
	MidCareerAge int `json:"mid_career_age"`
	// MidCareerWithinMonths is the delay of the entretien after that visit (2).
	MidCareerWithinMonths int `json:"mid_career_within_months"`
	// EndOfCareerAge and EndOfCareerWindowMonths: an entretien in the
	// 24 months before the 60th birthday.
	EndOfCareerAge          int `json:"end_of_career_age"`
	EndOfCareerWindowMonths int `json:"end_of_career_window_months"`
	// AbondementHeadcount is the company size from which the abondement
	// correctif applies: "entreprises d'au moins cinquante salariés" (50).
	AbondementHeadcount int `json:"abondement_headcount"`
	// AbondementEUR is the sum credited to the CPF, set by article R6323-3 (3 000 €).
	AbondementEUR int `json:"abondement_eur"`
	// AbondementLookbackYears is the period L6323-13 looks back over. It was
	// six years before 2025; eight, to match the état des lieux, is assumed
	// and not checked against the amended text.
	AbondementLookbackYears int `json:"abondement_lookback_years"`
}

// Legal returns the rules of the Code du travail as amended by loi
// n° 2025-989, without any collective agreement.
func Legal() Rules {
	return Rules{
		FirstWithinMonths:       12,
		PeriodMonths:            48,
		Clock:                   FromHeld,
		OccasionalCount:         true,
		ReviewYears:             8,
		ReturnSkipMonths:        12,
		MidCareerAge:            45,
		MidCareerWithinMonths:   2,
		EndOfCareerAge:          60,
		EndOfCareerWindowMonths: 24,
		AbondementHeadcount:     50,
		AbondementEUR:           3000,
		AbondementLookbackYears: 8,
	}
}

// Validate checks that every number is in the range the law allows.
func (r Rules) Validate() error {
	positive := []struct {
		field string
		v     int
	}{
		{"rules.first_within_months", r.FirstWithinMonths},
		{"rules.period_months", r.PeriodMonths},
		{"rules.review_years", r.ReviewYears},
		{"rules.mid_career_age", r.MidCareerAge},
		{"rules.mid_career_within_months", r.MidCareerWithinMonths},
		{"rules.end_of_career_age", r.EndOfCareerAge},
		{"rules.end_of_career_window_months", r.EndOfCareerWindowMonths},
		{"rules.abondement_headcount", r.AbondementHeadcount},
		{"rules.abondement_lookback_years", r.AbondementLookbackYears},
	}
	for _, p := range positive {
		if p.v <= 0 {
			return invalid(p.field, "doit être > 0, reçu %d", p.v)
		}
	}
	nonNegative := []struct {
		field string
		v     int
	}{
		{"rules.first_review_after_first_months", r.FirstReviewAfterFirstMonths},
		{"rules.return_skip_months", r.ReturnSkipMonths},
		{"rules.return_within_months", r.ReturnWithinMonths},
		{"rules.abondement_eur", r.AbondementEUR},
	}
	for _, p := range nonNegative {
		if p.v < 0 {
			return invalid(p.field, "doit être ≥ 0, reçu %d", p.v)
		}
	}
	if r.PeriodMonths > 48 {
		return invalid("rules.period_months", "un accord ne peut fixer une périodicité de plus de 4 ans (48 mois), reçu %d", r.PeriodMonths)
	}
	if r.Clock != FromHeld && r.Clock != FromDue {
		return invalid("rules.clock", "valeur %q inconnue, attendu %q ou %q", r.Clock, FromHeld, FromDue)
	}
	return nil
}
