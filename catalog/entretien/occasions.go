package entretien

import "time"

// occasions lists the entretiens owed on return from leave, after the
// visite de mi-carrière and before 60, each with the entretien that met
// it if any.
func (r Rules) occasions(h History) []obligation {
	es := h.sorted(r, false)
	var out []obligation
	for _, l := range h.Leaves {
		if o, ok := r.onReturn(l, es); ok {
			out = append(out, o)
		}
	}
	if o, ok := r.midCareer(h, es); ok {
		out = append(out, o)
	}
	if o, ok := r.endOfCareer(h, es); ok {
		out = append(out, o)
	}
	return out
}

// onReturn is the entretien owed when l ends: none if an entretien was held
// in the ReturnSkipMonths before the return. An entretien on or after the
// return meets it, and so does one of KindRetour held during the leave, at
// the employee's request ("à une date antérieure à la reprise de poste").
func (r Rules) onReturn(l Leave, es []Entretien) (obligation, bool) {
	if l.Return.IsZero() {
		return obligation{}, false
	}
	skipFrom := l.Return.AddMonths(-r.ReturnSkipMonths)
	o := obligation{due: Due{
		Kind: KindRetour, From: l.Return, Date: l.Return.AddMonths(r.ReturnWithinMonths),
		Leave: l.Kind, Return: l.Return,
	}}
	for _, e := range es {
		before := e.Date.Before(l.Return)
		if before && !e.Date.Before(skipFrom) {
			return obligation{}, false
		}
		if !before || (e.Kind == KindRetour && !e.Date.Before(l.Start)) {
			o.held = e.Date
			return o, true
		}
	}
	return o, true
}

// midCareer is the entretien owed within MidCareerWithinMonths of the
// visite de mi-carrière. With no visit recorded, the visit is presumed on
// the last day of the calendar year of the MidCareerAge birthday, and the
// deadline is Estimated; it is left out for an employee hired after that.
func (r Rules) midCareer(h History, es []Entretien) (obligation, bool) {
	d := Due{Kind: KindMiCarriere, From: h.MidCareerVisit}
	switch {
	case !h.MidCareerVisit.IsZero():
		if h.MidCareerVisit.Before(h.Hire) {
			return obligation{}, false
		}
	case !h.Birth.IsZero():
		year := h.Birth.Year + r.MidCareerAge
		end := Date{year, time.December, 31}
		if end.Before(h.Hire) {
			return obligation{}, false
		}
		d.From, d.Estimated = maxDate(Date{year, time.January, 1}, h.Hire), true
		return firstOfKind(obligation{due: withDeadline(d, end, r.MidCareerWithinMonths)}, es), true
	default:
		return obligation{}, false
	}
	return firstOfKind(obligation{due: withDeadline(d, d.From, r.MidCareerWithinMonths)}, es), true
}

func withDeadline(d Due, from Date, months int) Due {
	d.Date = from.AddMonths(months)
	return d
}

// endOfCareer is the entretien owed in the EndOfCareerWindowMonths before
// the EndOfCareerAge birthday, for an employee hired before that birthday.
func (r Rules) endOfCareer(h History, es []Entretien) (obligation, bool) {
	if h.Birth.IsZero() {
		return obligation{}, false
	}
	birthday := h.Birth.AddYears(r.EndOfCareerAge)
	if !h.Hire.Before(birthday) {
		return obligation{}, false
	}
	d := Due{
		Kind: KindFinDeCarriere,
		From: maxDate(birthday.AddMonths(-r.EndOfCareerWindowMonths), h.Hire),
		Date: birthday.AddDays(-1),
	}
	return firstOfKind(obligation{due: d}, es), true
}

// firstOfKind marks o held by the first entretien of its kind on or after
// its From date.
func firstOfKind(o obligation, es []Entretien) obligation {
	for _, e := range es {
		if e.Kind == o.due.Kind && !e.Date.Before(o.due.From) {
			o.held = e.Date
			break
		}
	}
	return o
}
