package entretien

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tremplin/tremplin/catalog"
)

func d(t testing.TB, s string) Date {
	t.Helper()
	v, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// summary writes a Due as "kind date [overdue] [estimated] [during_leave]".
func summary(x Due) string {
	s := []string{string(x.Kind), x.Date.String()}
	for _, f := range []struct {
		on   bool
		name string
	}{{x.Overdue, "overdue"}, {x.Estimated, "estimated"}, {x.DuringLeave, "during_leave"}} {
		if f.on {
			s = append(s, f.name)
		}
	}
	return strings.Join(s, " ")
}

type schedule struct {
	Periodic, Review string
	Occasions        []string
}

func summarize(s Schedule) schedule {
	out := schedule{Periodic: summary(s.Periodic), Review: summary(s.EtatDesLieux), Occasions: []string{}}
	for _, o := range s.Occasions {
		out.Occasions = append(out.Occasions, summary(o))
	}
	return out
}

type calendarCase struct {
	name       string
	rules      func(*Rules)
	hire       string
	birth      string
	visit      string
	entretiens []Entretien
	leaves     []Leave
	today      string
	want       schedule
}

func ent(t testing.TB, k Kind, s string) Entretien { return Entretien{Kind: k, Date: d(t, s)} }

func leave(t testing.TB, k LeaveKind, start, ret string) Leave {
	l := Leave{Kind: k, Start: d(t, start)}
	if ret != "" {
		l.Return = d(t, ret)
	}
	return l
}

func calendarCases(t testing.TB) []calendarCase {
	return []calendarCase{
		{
			name: "new hire, premier due one year after hiring", hire: "2025-11-03", today: "2026-03-01",
			want: schedule{Periodic: "premier 2026-11-03", Review: "etat_des_lieux 2033-11-03"},
		},
		{
			name: "premier due today is not overdue", hire: "2025-11-03", today: "2026-11-03",
			want: schedule{Periodic: "premier 2026-11-03", Review: "etat_des_lieux 2033-11-03"},
		},
		{
			name: "premier overdue the day after", hire: "2025-11-03", today: "2026-11-04",
			want: schedule{Periodic: "premier 2026-11-03 overdue", Review: "etat_des_lieux 2033-11-03"},
		},
		{
			name: "hired on 29 February, premier due 28 February", hire: "2024-02-29", today: "2024-06-01",
			want: schedule{Periodic: "premier 2025-02-28", Review: "etat_des_lieux 2032-02-29"},
		},
		{
			name: "hired on 29 February, clock from a 28 February entretien", hire: "2024-02-29", today: "2026-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2025-02-28")},
			want:       schedule{Periodic: "parcours 2029-02-28", Review: "etat_des_lieux 2032-02-29"},
		},
		{
			name: "entretien on 29 February, next on 29 February four years on", hire: "2023-03-31", today: "2025-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2024-02-29")},
			want:       schedule{Periodic: "parcours 2028-02-29", Review: "etat_des_lieux 2031-03-31"},
		},
		{
			name: "late premier restarts the clock from the held date", hire: "2020-01-15", today: "2024-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2021-06-01")},
			want:       schedule{Periodic: "parcours 2025-06-01", Review: "etat_des_lieux 2028-01-15"},
		},
		{
			name: "late premier, clock from the due date", rules: func(r *Rules) { r.Clock = FromDue },
			hire: "2020-01-15", today: "2024-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2021-06-01")},
			want:       schedule{Periodic: "parcours 2025-01-15", Review: "etat_des_lieux 2028-01-15"},
		},
		{
			name: "clock from due: a return entretien fills the slot it falls in", rules: func(r *Rules) { r.Clock = FromDue },
			hire: "2020-01-15", today: "2024-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2020-10-01"), ent(t, KindRetour, "2022-05-01"), ent(t, KindParcours, "2023-05-01")},
			want:       schedule{Periodic: "parcours 2029-01-15", Review: "etat_des_lieux 2028-01-15"},
		},
		{
			name: "clock from held: a return entretien restarts it", hire: "2020-01-15", today: "2024-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2020-10-01"), ent(t, KindRetour, "2022-05-01")},
			want:       schedule{Periodic: "parcours 2026-05-01", Review: "etat_des_lieux 2028-01-15"},
		},
		{
			name: "occasional entretiens not counted: periodic overdue", rules: func(r *Rules) { r.OccasionalCount = false },
			hire: "2020-01-15", today: "2025-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2020-10-01"), ent(t, KindRetour, "2022-05-01")},
			want:       schedule{Periodic: "parcours 2024-10-01 overdue", Review: "etat_des_lieux 2028-01-15"},
		},
		{
			name: "accord d'entreprise: every two years", rules: func(r *Rules) { r.PeriodMonths = 24 },
			hire: "2021-09-01", today: "2023-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2022-06-01")},
			want:       schedule{Periodic: "parcours 2024-06-01", Review: "etat_des_lieux 2029-09-01"},
		},
		{
			name: "return from maternity leave, no entretien in the year before", hire: "2019-05-01", today: "2023-08-01",
			entretiens: []Entretien{ent(t, KindPremier, "2020-04-01")},
			leaves:     []Leave{leave(t, LeaveMaternite, "2023-01-10", "2023-07-03")},
			want: schedule{Periodic: "parcours 2024-04-01", Review: "etat_des_lieux 2027-05-01",
				Occasions: []string{"retour 2023-07-03 overdue"}},
		},
		{
			name: "no return entretien when one was held 12 months before the return", hire: "2019-05-01", today: "2023-08-01",
			entretiens: []Entretien{ent(t, KindPremier, "2020-04-01"), ent(t, KindParcours, "2022-07-03")},
			leaves:     []Leave{leave(t, LeaveMaternite, "2023-01-10", "2023-07-03")},
			want:       schedule{Periodic: "parcours 2026-07-03", Review: "etat_des_lieux 2027-05-01"},
		},
		{
			name: "return entretien owed when the last one was 12 months and a day before", hire: "2019-05-01", today: "2023-07-01",
			entretiens: []Entretien{ent(t, KindPremier, "2020-04-01"), ent(t, KindParcours, "2022-07-02")},
			leaves:     []Leave{leave(t, LeaveSabbatique, "2023-01-10", "2023-07-03")},
			want: schedule{Periodic: "parcours 2026-07-02", Review: "etat_des_lieux 2027-05-01",
				Occasions: []string{"retour 2023-07-03"}},
		},
		{
			name: "ongoing parental leave: periodic due during the leave, no return yet", hire: "2018-03-01", today: "2024-03-01",
			entretiens: []Entretien{ent(t, KindPremier, "2019-02-01")},
			leaves:     []Leave{leave(t, LeaveParental, "2021-06-01", "")},
			want:       schedule{Periodic: "parcours 2023-02-01 overdue during_leave", Review: "etat_des_lieux 2026-03-01 during_leave"},
		},
		{
			name: "return entretien held after the return meets it and restarts the clock", hire: "2018-03-01", today: "2024-09-01",
			entretiens: []Entretien{ent(t, KindPremier, "2019-02-01"), ent(t, KindRetour, "2024-06-10")},
			leaves:     []Leave{leave(t, LeaveParental, "2021-06-01", "2024-06-03")},
			want:       schedule{Periodic: "parcours 2028-06-10", Review: "etat_des_lieux 2026-03-01"},
		},
		{
			name: "return entretien asked for by the employee during a long leave", hire: "2018-03-01", today: "2024-09-01",
			entretiens: []Entretien{ent(t, KindPremier, "2019-02-01"), ent(t, KindRetour, "2022-05-02")},
			leaves:     []Leave{leave(t, LeaveLongueMaladie, "2021-06-01", "2024-06-03")},
			want:       schedule{Periodic: "parcours 2026-05-02", Review: "etat_des_lieux 2026-03-01"},
		},
		{
			name: "two leaves, only the second return still owed", hire: "2015-01-05", today: "2024-12-01",
			entretiens: []Entretien{ent(t, KindPremier, "2015-12-01"), ent(t, KindEtatDesLieux, "2022-11-15")},
			leaves: []Leave{
				leave(t, LeaveAdoption, "2022-03-01", "2022-07-01"),
				leave(t, LeaveMandatSyndical, "2024-01-01", "2024-11-04"),
			},
			want: schedule{Periodic: "parcours 2026-11-15", Review: "etat_des_lieux 2031-01-05",
				Occasions: []string{"retour 2024-11-04 overdue"}},
		},
		{
			name: "mid-career visit recorded: entretien within two months", hire: "2010-09-01", birth: "1981-04-02", visit: "2026-03-10", today: "2026-06-01",
			entretiens: []Entretien{ent(t, KindEtatDesLieux, "2018-10-01"), ent(t, KindParcours, "2022-09-15")},
			want: schedule{Periodic: "parcours 2026-09-15", Review: "etat_des_lieux 2026-09-01",
				Occasions: []string{"mi_carriere 2026-05-10 overdue", "fin_de_carriere 2041-04-01"}},
		},
		{
			name: "mid-career visit not recorded: deadline presumed from 31 December, clamped to 28 February", hire: "2010-09-01", birth: "1981-07-14", today: "2026-06-01",
			entretiens: []Entretien{ent(t, KindEtatDesLieux, "2018-10-01"), ent(t, KindParcours, "2022-09-15")},
			want: schedule{Periodic: "parcours 2026-09-15", Review: "etat_des_lieux 2026-09-01",
				Occasions: []string{"mi_carriere 2027-02-28 estimated", "fin_de_carriere 2041-07-13"}},
		},
		{
			name: "hired after the mid-career year: nothing at mid-career", hire: "2030-01-02", birth: "1981-07-14", today: "2030-02-01",
			want: schedule{Periodic: "premier 2031-01-02", Review: "etat_des_lieux 2038-01-02",
				Occasions: []string{"fin_de_carriere 2041-07-13"}},
		},
		{
			name: "born on 29 February: end-of-career window ends 28 February", hire: "2000-01-03", birth: "1968-02-29", today: "2026-03-01",
			entretiens: []Entretien{ent(t, KindEtatDesLieux, "2024-01-15"), ent(t, KindMiCarriere, "2013-05-01")},
			want: schedule{Periodic: "parcours 2028-01-15", Review: "etat_des_lieux 2032-01-03",
				Occasions: []string{"fin_de_carriere 2028-02-28"}},
		},
		{
			name: "end-of-career entretien held in the window", hire: "2000-01-03", birth: "1968-02-29", today: "2027-03-01",
			entretiens: []Entretien{ent(t, KindMiCarriere, "2013-05-01"), ent(t, KindEtatDesLieux, "2024-01-15"), ent(t, KindFinDeCarriere, "2026-09-01")},
			want:       schedule{Periodic: "parcours 2030-09-01", Review: "etat_des_lieux 2032-01-03"},
		},
		{
			name: "hired after 60: no end-of-career entretien", hire: "2026-01-05", birth: "1965-03-01", today: "2026-02-01",
			want: schedule{Periodic: "premier 2027-01-05", Review: "etat_des_lieux 2034-01-05"},
		},
		{
			name: "first état des lieux seven years after the first entretien", rules: func(r *Rules) { r.FirstReviewAfterFirstMonths = 84 },
			hire: "2025-11-03", today: "2027-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2026-06-15")},
			want:       schedule{Periodic: "parcours 2030-06-15", Review: "etat_des_lieux 2033-06-15"},
		},
		{
			name: "état des lieux held: next one eight years on from the hire date", hire: "2025-11-03", today: "2034-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2026-06-15"), ent(t, KindParcours, "2030-05-01"), ent(t, KindEtatDesLieux, "2033-10-01")},
			want:       schedule{Periodic: "parcours 2037-10-01", Review: "etat_des_lieux 2041-11-03"},
		},
		{
			name: "état des lieux held years late counts for the nearest review date", hire: "2000-01-03", today: "2025-01-01",
			entretiens: []Entretien{ent(t, KindParcours, "2021-03-01"), ent(t, KindEtatDesLieux, "2024-01-15")},
			want:       schedule{Periodic: "parcours 2028-01-15", Review: "etat_des_lieux 2032-01-03"},
		},
		{
			name: "état des lieux held a few months early", hire: "2016-05-02", today: "2024-06-01",
			entretiens: []Entretien{ent(t, KindPremier, "2017-03-01"), ent(t, KindParcours, "2021-02-01"), ent(t, KindEtatDesLieux, "2024-02-01")},
			want:       schedule{Periodic: "parcours 2028-02-01", Review: "etat_des_lieux 2032-05-02"},
		},
		{
			name: "état des lieux never held after eight years: overdue", hire: "2014-01-06", today: "2026-01-01",
			entretiens: []Entretien{ent(t, KindPremier, "2014-10-01"), ent(t, KindParcours, "2018-09-01"), ent(t, KindParcours, "2022-09-01")},
			want:       schedule{Periodic: "parcours 2026-09-01", Review: "etat_des_lieux 2022-01-06 overdue"},
		},
	}
}

func TestNext(t *testing.T) {
	for _, c := range calendarCases(t) {
		t.Run(c.name, func(t *testing.T) {
			r := Legal()
			if c.rules != nil {
				c.rules(&r)
			}
			h := History{Hire: d(t, c.hire), Entretiens: c.entretiens, Leaves: c.leaves}
			if c.birth != "" {
				h.Birth = d(t, c.birth)
			}
			if c.visit != "" {
				h.MidCareerVisit = d(t, c.visit)
			}
			got, err := r.Next(h, d(t, c.today))
			if err != nil {
				t.Fatal(err)
			}
			if c.want.Occasions == nil {
				c.want.Occasions = []string{}
			}
			if diff := cmp.Diff(c.want, summarize(got)); diff != "" {
				t.Errorf("Next (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScheduleOverdue(t *testing.T) {
	h := History{
		Hire:   d(t, "2019-05-01"),
		Leaves: []Leave{leave(t, LeaveMaternite, "2023-01-10", "2023-07-03")},
	}
	s, err := Next(h, d(t, "2023-08-01"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range s.Overdue() {
		got = append(got, summary(x))
	}
	want := []string{"premier 2020-05-01 overdue", "retour 2023-07-03 overdue"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Overdue (-want +got):\n%s", diff)
	}
}

func TestNextRejectsBadInput(t *testing.T) {
	hire := d(t, "2020-01-15")
	today := d(t, "2024-01-01")
	cases := []struct {
		name  string
		rules func(*Rules)
		h     History
		today Date
		field string
	}{
		{name: "no hire date", h: History{}, today: today, field: "hire"},
		{name: "hire after today", h: History{Hire: d(t, "2024-02-01")}, today: today, field: "hire"},
		{name: "30 February", h: History{Hire: Date{2020, 2, 30}}, today: today, field: "hire"},
		{name: "entretien before hiring", h: History{Hire: hire, Entretiens: []Entretien{ent(t, KindPremier, "2019-12-01")}}, today: today, field: "entretiens[0].date"},
		{name: "entretien in the future", h: History{Hire: hire, Entretiens: []Entretien{ent(t, KindPremier, "2020-03-01"), ent(t, KindParcours, "2024-06-01")}}, today: today, field: "entretiens[1].date"},
		{name: "unknown kind", h: History{Hire: hire, Entretiens: []Entretien{{Kind: "annuel", Date: d(t, "2021-01-01")}}}, today: today, field: "entretiens[0].kind"},
		{name: "unknown leave", h: History{Hire: hire, Leaves: []Leave{{Kind: "rtt", Start: d(t, "2021-01-01")}}}, today: today, field: "leaves[0].kind"},
		{name: "return before start", h: History{Hire: hire, Leaves: []Leave{leave(t, LeaveMaternite, "2021-05-01", "2021-04-01")}}, today: today, field: "leaves[0].return"},
		{name: "born after hiring", h: History{Hire: hire, Birth: d(t, "2021-01-01")}, today: today, field: "birth"},
		{name: "invalid today", h: History{Hire: hire}, today: Date{}, field: "today"},
		{name: "period longer than four years", rules: func(r *Rules) { r.PeriodMonths = 60 }, h: History{Hire: hire}, today: today, field: "rules.period_months"},
		{name: "unknown clock", rules: func(r *Rules) { r.Clock = "lunar" }, h: History{Hire: hire}, today: today, field: "rules.clock"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Legal()
			if c.rules != nil {
				c.rules(&r)
			}
			_, err := r.Next(c.h, c.today)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Next error = %v, want an *Error wrapping catalog.ErrInvalid", err)
			}
			if e.Field != c.field {
				t.Errorf("Field = %q, want %q (%v)", e.Field, c.field, err)
			}
		})
	}
}
