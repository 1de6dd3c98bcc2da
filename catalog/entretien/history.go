package entretien

import (
	"fmt"
	"slices"
)

// Entretien is an entretien de parcours professionnel that was held.
type Entretien struct {
	Kind Kind `json:"kind"`
	Date Date `json:"date"`
}

// Leave is one of the absences after which an entretien is owed.
type Leave struct {
	Kind  LeaveKind `json:"kind"`
	Start Date      `json:"start"`
	// Return is the day the employee resumes work (reprise d'activité);
	// zero while the leave goes on with no known end.
	Return Date `json:"return,omitzero"`
}

// History is what the calendar needs to know of one employee.
type History struct {
	Hire Date `json:"hire"`
	// Birth is the date of birth, needed for the entretiens at the
	// mid-career and before 60; zero when unknown, and those are left out.
	Birth Date `json:"birth,omitzero"`
	// MidCareerVisit is the date of the visite médicale de mi-carrière
	// (L4624-2-2), zero if not held or not known.
	MidCareerVisit Date        `json:"mid_career_visit,omitzero"`
	Entretiens     []Entretien `json:"entretiens"`
	Leaves         []Leave     `json:"leaves"`
}

// validate checks the dates of h; when today is not zero, no date but a
// planned return may be after it.
func (h History) validate(today Date) error {
	if err := checkDate("hire", h.Hire, Date{}, today); err != nil {
		return err
	}
	if !h.Birth.IsZero() {
		if !h.Birth.Valid() {
			return invalid("birth", "date %s invalide", h.Birth)
		}
		if !h.Birth.Before(h.Hire) {
			return invalid("birth", "la date de naissance %s doit précéder l'embauche %s", h.Birth, h.Hire)
		}
	}
	if !h.MidCareerVisit.IsZero() {
		if err := checkDate("mid_career_visit", h.MidCareerVisit, Date{}, today); err != nil {
			return err
		}
	}
	for i, e := range h.Entretiens {
		if !e.Kind.Valid() {
			return invalid(fmt.Sprintf("entretiens[%d].kind", i), "type %q inconnu", e.Kind)
		}
		if err := checkDate(fmt.Sprintf("entretiens[%d].date", i), e.Date, h.Hire, today); err != nil {
			return err
		}
	}
	for i, l := range h.Leaves {
		if err := l.validate(fmt.Sprintf("leaves[%d]", i), h.Hire, today); err != nil {
			return err
		}
	}
	return nil
}

func (l Leave) validate(field string, hire, today Date) error {
	if !l.Kind.Valid() {
		return invalid(field+".kind", "type d'absence %q inconnu", l.Kind)
	}
	if err := checkDate(field+".start", l.Start, hire, today); err != nil {
		return err
	}
	if l.Return.IsZero() {
		return nil
	}
	if !l.Return.Valid() {
		return invalid(field+".return", "date %s invalide", l.Return)
	}
	if l.Return.Before(l.Start) {
		return invalid(field+".return", "la reprise %s précède le début de l'absence %s", l.Return, l.Start)
	}
	return nil
}

// checkDate requires a valid d, not before notBefore and not after today
// (each bound ignored when zero).
func checkDate(field string, d, notBefore, today Date) error {
	switch {
	case d.IsZero():
		return invalid(field, "date obligatoire")
	case !d.Valid():
		return invalid(field, "date %s invalide", d)
	case !notBefore.IsZero() && d.Before(notBefore):
		return invalid(field, "la date %s précède l'embauche %s", d, notBefore)
	case !today.IsZero() && d.After(today):
		return invalid(field, "la date %s est dans le futur (aujourd'hui %s)", d, today)
	}
	return nil
}

// sorted returns the entretiens by date; when countOnly is set, only those
// that count as the periodic entretien under r.
func (h History) sorted(r Rules, countOnly bool) []Entretien {
	var out []Entretien
	for _, e := range h.Entretiens {
		if !countOnly || r.OccasionalCount || !occasional(e.Kind) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Entretien) int { return a.Date.Compare(b.Date) })
	return out
}

func occasional(k Kind) bool {
	return k == KindRetour || k == KindMiCarriere || k == KindFinDeCarriere
}

// onLeave reports whether d falls during one of the leaves.
func (h History) onLeave(d Date) bool {
	for _, l := range h.Leaves {
		if !d.Before(l.Start) && (l.Return.IsZero() || d.Before(l.Return)) {
			return true
		}
	}
	return false
}
