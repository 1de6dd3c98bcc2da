package entretien

import "fmt"

// Training is an action de formation the employee followed.
type Training struct {
	Date Date `json:"date"`
	// Mandatory marks a formation "qui conditionne l'exercice d'une
	// activité ou d'une fonction" (article L6321-2), which does not count
	// against the abondement correctif.
	Mandatory bool `json:"mandatory"`
}

// Facts are what the état des lieux looks at besides the entretiens.
type Facts struct {
	Trainings []Training `json:"trainings"`
	// Certifications are the dates of éléments de certification acquired
	// through training or a VAE.
	Certifications []Date `json:"certifications"`
	// Progressions are the dates of a progression salariale ou professionnelle.
	Progressions []Date `json:"progressions"`
}

// Assessment is the état des lieux récapitulatif of one employee at a date.
type Assessment struct {
	// From and To bound the period reviewed (ReviewYears up to the review).
	From Date `json:"from"`
	To   Date `json:"to"`
	// Missed are the entretiens due in the period and not held by To;
	// Late those held after their deadline, which count as held.
	Missed []Due `json:"missed"`
	Late   []Due `json:"late"`
	// EntretiensHeld: the employee had every entretien due in the period.
	EntretiensHeld bool `json:"entretiens_held"`
	// The three criteria the état des lieux appreciates (L6315-1, II).
	Training      bool `json:"training"`
	Certification bool `json:"certification"`
	Progression   bool `json:"progression"`
	// NonMandatoryTraining: at least one formation other than those of L6321-2.
	NonMandatoryTraining bool `json:"non_mandatory_training"`
	// AbondementRisk is set for a company of AbondementHeadcount employees or
	// more when, over AbondementLookbackYears, the employee missed an
	// entretien or had no formation other than those of L6321-2 (L6323-13);
	// AbondementEUR is then the sum to credit to the CPF, else 0.
	AbondementRisk bool `json:"abondement_risk"`
	AbondementEUR  int  `json:"abondement_eur"`
	// Reasons say in French what is missing.
	Reasons []string `json:"reasons"`
}

// Assess makes the état des lieux of h on date at, for a company of
// headcount employees, under the Legal rules.
func Assess(h History, at Date, f Facts, headcount int) (Assessment, error) {
	return Legal().Assess(h, at, f, headcount)
}

// Assess makes the état des lieux of h on date at, for a company of
// headcount employees: which entretiens of the period were missed, which
// criteria of L6315-1, II are met, and whether the abondement correctif of
// L6323-13 is at risk.
func (r Rules) Assess(h History, at Date, f Facts, headcount int) (Assessment, error) {
	if err := r.Validate(); err != nil {
		return Assessment{}, err
	}
	if err := checkDate("at", at, h.Hire, Date{}); err != nil {
		return Assessment{}, err
	}
	if err := h.validate(Date{}); err != nil {
		return Assessment{}, err
	}
	if err := f.validate(); err != nil {
		return Assessment{}, err
	}
	if headcount < 0 {
		return Assessment{}, invalid("headcount", "doit être ≥ 0, reçu %d", headcount)
	}
	all := append(r.periodic(h), r.occasions(h)...)
	a := Assessment{From: maxDate(at.AddYears(-r.ReviewYears), h.Hire), To: at}
	a.Missed, a.Late = dueIn(all, a.From, at)
	a.EntretiensHeld = len(a.Missed) == 0
	a.Training = anyTraining(f.Trainings, a.From, at, false)
	a.NonMandatoryTraining = anyTraining(f.Trainings, a.From, at, true)
	a.Certification = anyIn(f.Certifications, a.From, at)
	a.Progression = anyIn(f.Progressions, a.From, at)
	a.Reasons = a.reasons()
	if headcount >= r.AbondementHeadcount {
		from := maxDate(at.AddYears(-r.AbondementLookbackYears), h.Hire)
		missed, _ := dueIn(all, from, at)
		if len(missed) > 0 || !anyTraining(f.Trainings, from, at, true) {
			a.AbondementRisk, a.AbondementEUR = true, r.AbondementEUR
			a.Reasons = append(a.Reasons, fmt.Sprintf(
				"abondement correctif de %d € au CPF à prévoir (entreprise de %d salariés ou plus, art. L6323-13)",
				r.AbondementEUR, r.AbondementHeadcount))
		}
	}
	return a, nil
}

func (a Assessment) reasons() []string {
	out := []string{}
	for _, d := range a.Missed {
		out = append(out, fmt.Sprintf("%s dû le %s non tenu", d.Kind.Label(), d.Date))
	}
	if !a.Training {
		out = append(out, "aucune action de formation sur la période")
	} else if !a.NonMandatoryTraining {
		out = append(out, "aucune formation autre que celles qui conditionnent l'exercice d'une activité ou d'une fonction (art. L6321-2)")
	}
	if !a.Certification {
		out = append(out, "aucun élément de certification acquis par la formation ou la VAE")
	}
	if !a.Progression {
		out = append(out, "aucune progression salariale ou professionnelle")
	}
	return out
}

// dueIn splits the obligations whose deadline falls in [from, to] into
// those not held in time for the review on to, and those held late.
func dueIn(all []obligation, from, to Date) (missed, late []Due) {
	missed, late = []Due{}, []Due{}
	for _, o := range all {
		if o.due.Date.Before(from) || o.due.Date.After(to) {
			continue
		}
		switch {
		case o.held.IsZero() || o.held.After(to) || (o.held == to && o.due.Date.Before(to)):
			// The entretien of the review itself does not make up for one
			// owed before it.
			missed = append(missed, o.due)
		case o.held.After(o.due.Date):
			late = append(late, o.due)
		}
	}
	return missed, late
}

func anyTraining(ts []Training, from, to Date, nonMandatory bool) bool {
	for _, t := range ts {
		if inRange(t.Date, from, to) && (!nonMandatory || !t.Mandatory) {
			return true
		}
	}
	return false
}

func anyIn(ds []Date, from, to Date) bool {
	for _, d := range ds {
		if inRange(d, from, to) {
			return true
		}
	}
	return false
}

func inRange(d, from, to Date) bool { return !d.Before(from) && !d.After(to) }

func (f Facts) validate() error {
	for i, t := range f.Trainings {
		if err := checkDate(fmt.Sprintf("trainings[%d].date", i), t.Date, Date{}, Date{}); err != nil {
			return err
		}
	}
	for i, d := range f.Certifications {
		if err := checkDate(fmt.Sprintf("certifications[%d]", i), d, Date{}, Date{}); err != nil {
			return err
		}
	}
	for i, d := range f.Progressions {
		if err := checkDate(fmt.Sprintf("progressions[%d]", i), d, Date{}, Date{}); err != nil {
			return err
		}
	}
	return nil
}
