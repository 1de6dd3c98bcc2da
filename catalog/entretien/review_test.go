package entretien

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tremplin/tremplin/catalog"
)

type verdict struct {
	From, To                                   string
	Missed, Late                               []string
	EntretiensHeld, Training, NonMandatory     bool
	Certification, Progression, AbondementRisk bool
	AbondementEUR                              int
}

func verdictOf(a Assessment) verdict {
	v := verdict{
		From: a.From.String(), To: a.To.String(), Missed: []string{}, Late: []string{},
		EntretiensHeld: a.EntretiensHeld, Training: a.Training, NonMandatory: a.NonMandatoryTraining,
		Certification: a.Certification, Progression: a.Progression,
		AbondementRisk: a.AbondementRisk, AbondementEUR: a.AbondementEUR,
	}
	for _, x := range a.Missed {
		v.Missed = append(v.Missed, summary(x))
	}
	for _, x := range a.Late {
		v.Late = append(v.Late, summary(x))
	}
	return v
}

func TestAssess(t *testing.T) {
	hire := d(t, "2017-01-09")
	regular := []Entretien{
		ent(t, KindPremier, "2017-11-06"), ent(t, KindParcours, "2021-10-04"), ent(t, KindEtatDesLieux, "2025-01-06"),
	}
	at := d(t, "2025-01-06")
	course := Training{Date: d(t, "2019-03-11")}
	mandatory := Training{Date: d(t, "2019-03-11"), Mandatory: true}
	cases := []struct {
		name       string
		rules      func(*Rules)
		entretiens []Entretien
		leaves     []Leave
		facts      Facts
		headcount  int
		want       verdict
	}{
		{
			name: "50 employees, every entretien and a training: no risk", entretiens: regular,
			facts: Facts{Trainings: []Training{course}, Certifications: []Date{d(t, "2020-06-30")}, Progressions: []Date{d(t, "2022-01-01")}}, headcount: 50,
			want: verdict{EntretiensHeld: true, Training: true, NonMandatory: true, Certification: true, Progression: true},
		},
		{
			name: "50 employees, periodic entretien missed: 3 000 €", entretiens: []Entretien{regular[0], regular[2]},
			facts: Facts{Trainings: []Training{course}}, headcount: 50,
			want: verdict{Missed: []string{"parcours 2021-11-06"}, Training: true, NonMandatory: true, AbondementRisk: true, AbondementEUR: 3000},
		},
		{
			name: "49 employees, periodic entretien missed: no abondement", entretiens: []Entretien{regular[0], regular[2]},
			facts: Facts{Trainings: []Training{course}}, headcount: 49,
			want: verdict{Missed: []string{"parcours 2021-11-06"}, Training: true, NonMandatory: true},
		},
		{
			name: "only mandatory training (L6321-2): 3 000 €", entretiens: regular,
			facts: Facts{Trainings: []Training{mandatory}}, headcount: 300,
			want: verdict{EntretiensHeld: true, Training: true, AbondementRisk: true, AbondementEUR: 3000},
		},
		{
			name: "training before the eight years does not count", entretiens: regular,
			facts: Facts{Trainings: []Training{{Date: d(t, "2017-01-05")}}}, headcount: 120,
			want: verdict{EntretiensHeld: true, AbondementRisk: true, AbondementEUR: 3000},
		},
		{
			name: "late entretien counts as held", entretiens: []Entretien{ent(t, KindPremier, "2018-03-01"), regular[1], regular[2]},
			facts: Facts{Trainings: []Training{course}}, headcount: 80,
			want: verdict{Late: []string{"premier 2018-01-09"}, EntretiensHeld: true, Training: true, NonMandatory: true},
		},
		{
			name: "return entretien never held: missed", entretiens: regular,
			leaves: []Leave{leave(t, LeaveMaternite, "2023-02-01", "2023-06-05")},
			facts:  Facts{Trainings: []Training{course}}, headcount: 50,
			want: verdict{Missed: []string{"retour 2023-06-05"}, Training: true, NonMandatory: true, AbondementRisk: true, AbondementEUR: 3000},
		},
		{
			name: "abondement looking back six years, as before 2025", rules: func(r *Rules) { r.AbondementLookbackYears = 6 },
			entretiens: regular, facts: Facts{Trainings: []Training{{Date: d(t, "2018-05-01")}}}, headcount: 50,
			want: verdict{EntretiensHeld: true, Training: true, NonMandatory: true, AbondementRisk: true, AbondementEUR: 3000},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Legal()
			if c.rules != nil {
				c.rules(&r)
			}
			h := History{Hire: hire, Entretiens: c.entretiens, Leaves: c.leaves}
			got, err := r.Assess(h, at, c.facts, c.headcount)
			if err != nil {
				t.Fatal(err)
			}
			c.want.From, c.want.To = "2017-01-09", "2025-01-06"
			if c.want.Missed == nil {
				c.want.Missed = []string{}
			}
			if c.want.Late == nil {
				c.want.Late = []string{}
			}
			if diff := cmp.Diff(c.want, verdictOf(got)); diff != "" {
				t.Errorf("Assess (-want +got):\n%s", diff)
			}
			said := slices.ContainsFunc(got.Reasons, func(s string) bool { return strings.Contains(s, "abondement correctif") })
			if said != got.AbondementRisk {
				t.Errorf("Reasons = %q, want the abondement said if and only if at risk", got.Reasons)
			}
		})
	}
}

func TestAssessReasons(t *testing.T) {
	h := History{Hire: d(t, "2017-01-09"), Entretiens: []Entretien{ent(t, KindPremier, "2017-11-06")}}
	got, err := Assess(h, d(t, "2025-01-06"), Facts{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Entretien de parcours professionnel dû le 2021-11-06 non tenu",
		"aucune action de formation sur la période",
		"aucun élément de certification acquis par la formation ou la VAE",
		"aucune progression salariale ou professionnelle",
	}
	if diff := cmp.Diff(want, got.Reasons); diff != "" {
		t.Errorf("Reasons (-want +got):\n%s", diff)
	}
}

func TestAssessRejectsBadInput(t *testing.T) {
	h := History{Hire: d(t, "2017-01-09")}
	cases := []struct {
		name      string
		at        Date
		facts     Facts
		headcount int
		field     string
	}{
		{name: "review before hiring", at: d(t, "2016-01-01"), field: "at"},
		{name: "bad training date", at: d(t, "2025-01-06"), facts: Facts{Trainings: []Training{{Date: Date{2020, 13, 1}}}}, field: "trainings[0].date"},
		{name: "missing progression date", at: d(t, "2025-01-06"), facts: Facts{Progressions: []Date{{}}}, field: "progressions[0]"},
		{name: "negative headcount", at: d(t, "2025-01-06"), headcount: -1, field: "headcount"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Assess(h, c.at, c.facts, c.headcount)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Assess error = %v, want an *Error wrapping catalog.ErrInvalid", err)
			}
			if e.Field != c.field {
				t.Errorf("Field = %q, want %q", e.Field, c.field)
			}
		})
	}
}
