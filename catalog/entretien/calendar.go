package entretien

import "slices"

// Due is one entretien the employer owes: held on or before Date it is on
// time.
type Due struct {
	Kind Kind `json:"kind"`
	// From is the first day an entretien counts for this obligation.
	From Date `json:"from"`
	// Date is the deadline.
	Date Date `json:"date"`
	// Overdue is set when the deadline has passed and no entretien was held.
	Overdue bool `json:"overdue"`
	// Estimated is set when the deadline rests on a presumed date: the
	// visite de mi-carrière not recorded, presumed at the end of the
	// calendar year of the 45th birthday.
	Estimated bool `json:"estimated,omitzero"`
	// DuringLeave is set when the deadline falls while the employee is
	// away; the law does not move it.
	DuringLeave bool `json:"during_leave,omitzero"`
	// Leave and Return say which absence a KindRetour entretien follows.
	Leave  LeaveKind `json:"leave,omitzero"`
	Return Date      `json:"return,omitzero"`
}

// Schedule is what an employee is owed as of a given day.
type Schedule struct {
	// Periodic is the next premier or periodic entretien.
	Periodic Due `json:"periodic"`
	// EtatDesLieux is the next état des lieux récapitulatif.
	EtatDesLieux Due `json:"etat_des_lieux"`
	// Occasions are the entretiens still owed on return from leave, after
	// the visite de mi-carrière and before 60, by deadline.
	Occasions []Due `json:"occasions"`
}

// All returns every obligation of s by deadline.
func (s Schedule) All() []Due {
	all := append([]Due{s.Periodic, s.EtatDesLieux}, s.Occasions...)
	slices.SortStableFunc(all, func(a, b Due) int { return a.Date.Compare(b.Date) })
	return all
}

// Overdue returns the obligations of s whose deadline has passed, by deadline.
func (s Schedule) Overdue() []Due {
	var out []Due
	for _, d := range s.All() {
		if d.Overdue {
			out = append(out, d)
		}
	}
	return out
}

// Next computes the schedule of h on today under the Legal rules.
func Next(h History, today Date) (Schedule, error) { return Legal().Next(h, today) }

// Next computes what is owed to the employee of h on today: the next
// periodic entretien, the next état des lieux, and the occasional
// entretiens not yet held. It returns an *Error for invalid rules or
// dates, such as an entretien before the hire date or after today.
func (r Rules) Next(h History, today Date) (Schedule, error) {
	if err := r.Validate(); err != nil {
		return Schedule{}, err
	}
	if !today.Valid() {
		return Schedule{}, invalid("today", "date %s invalide", today)
	}
	if err := h.validate(today); err != nil {
		return Schedule{}, err
	}
	periodic := r.periodic(h)
	s := Schedule{
		Periodic:     h.flag(periodic[len(periodic)-1].due, today),
		EtatDesLieux: h.flag(r.review(h), today),
		Occasions:    []Due{},
	}
	for _, o := range r.occasions(h) {
		if o.held.IsZero() {
			s.Occasions = append(s.Occasions, h.flag(o.due, today))
		}
	}
	slices.SortStableFunc(s.Occasions, func(a, b Due) int { return a.Date.Compare(b.Date) })
	return s, nil
}

func (h History) flag(d Due, today Date) Due {
	d.Overdue = d.Date.Before(today)
	d.DuringLeave = h.onLeave(d.Date)
	return d
}

// obligation is one Due and the date of the entretien that met it, zero
// if none has.
type obligation struct {
	due  Due
	held Date
}

// periodic lists the premier and periodic obligations from hiring on, the
// last one still open.
func (r Rules) periodic(h History) []obligation {
	es := h.sorted(r, true)
	first := Due{Kind: KindPremier, From: h.Hire, Date: h.Hire.AddMonths(r.FirstWithinMonths)}
	if r.Clock == FromDue {
		return walkSlots(es, func(k int) Due {
			if k == 0 {
				return first
			}
			from := h.Hire.AddMonths(r.FirstWithinMonths + (k-1)*r.PeriodMonths)
			return Due{Kind: KindParcours, From: from, Date: from.AddMonths(r.PeriodMonths)}
		})
	}
	out := make([]obligation, 0, len(es)+1)
	due := first
	for _, e := range es {
		out = append(out, obligation{due: due, held: e.Date})
		due = Due{Kind: KindParcours, From: e.Date, Date: e.Date.AddMonths(r.PeriodMonths)}
	}
	return append(out, obligation{due: due})
}

// review is the next état des lieux. The reviews fall every ReviewYears
// of seniority (or from FirstReviewAfterFirstMonths after the first
// entretien); one held counts for the review date nearest to it, early or
// late, so that one held years late does not leave the missed ones owed.
func (r Rules) review(h History) Due {
	months := r.ReviewYears * 12
	base := h.Hire
	if r.FirstReviewAfterFirstMonths > 0 {
		if es := h.sorted(r, true); len(es) > 0 {
			base = es[0].Date.AddMonths(r.FirstReviewAfterFirstMonths - months)
		}
	}
	anchor := func(k int) Date { return base.AddMonths((k + 1) * months) }
	next := 0
	for _, e := range h.sorted(r, false) {
		if e.Kind != KindEtatDesLieux {
			continue
		}
		k := 0
		for anchor(k).Before(e.Date) {
			k++
		}
		if k > 0 && daysBetween(anchor(k-1), e.Date) <= daysBetween(e.Date, anchor(k)) {
			k--
		}
		next = max(next, k+1)
	}
	from := h.Hire
	if next > 0 {
		from = maxDate(anchor(next-1), h.Hire)
	}
	return Due{Kind: KindEtatDesLieux, From: from, Date: anchor(next)}
}

// walkSlots meets the fixed slots given by due, in order, with the
// entretiens es (by date): an entretien fills the open slot, late or not,
// unless it falls within a slot already filled.
func walkSlots(es []Entretien, due func(k int) Due) []obligation {
	var out []obligation
	k := 0
	for _, e := range es {
		if k > 0 && !e.Date.After(due(k-1).Date) {
			continue
		}
		out = append(out, obligation{due: due(k), held: e.Date})
		k++
	}
	return append(out, obligation{due: due(k)})
}
