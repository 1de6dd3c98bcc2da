package recordstest

import (
	"sync"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
)

// Secret is written in every personal field of the fixtures; no audit
// entry or error may carry it.
const Secret = "Texte personnel SECRET de la fixture"

// The people of the fixtures.
var (
	Alice   = plan.Actor{ID: "alice", Role: "employee"}
	Bruno   = plan.Actor{ID: "bruno", Role: "employee"}
	Manon   = plan.Actor{ID: "manon", Role: "manager"}
	Marc    = plan.Actor{ID: "marc", Role: "manager"}
	HRAdmin = plan.Actor{ID: "helene", Role: "hr_admin"}
)

// Clock is a fake clock that moves one second at every reading.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock on 5 January 2026, 9:00 UTC.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)} }

// Now returns the time and moves the clock on.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// Day returns the calendar day y-m-d.
func Day(y int, m time.Month, d int) catalog.Date {
	return catalog.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Entretien returns a valid draft of employee with manager on date, with
// two catalog actions, a free action and a comment.
func Entretien(employee, manager string, date catalog.Date) plan.Entretien {
	price, hours := 1490.0, 21.0
	return plan.Entretien{
		EmployeeID: employee, ManagerID: manager, Date: date, Type: plan.TypeParcours,
		Bilan: Secret + " (bilan)", Projet: Secret + " (projet)",
		Actions: []plan.Action{
			{Item: &plan.Snapshot{ItemID: "form-sql", Title: "SQL pour l'analyse de données", Kind: catalog.KindFormation,
				PriceEUR: &price, DurationHours: &hours, Provider: "Orsys"}, Status: plan.StatusProposee, Funding: plan.FundingCPF,
				TargetDate: Day(2026, 6, 30)},
			{Item: &plan.Snapshot{ItemID: "cert-da", Title: "Data analyst", Kind: catalog.KindCertification,
				CertificationCode: "RNCP35288"}, Status: plan.StatusProposee, Funding: plan.FundingCPFAbondement},
			{Title: "Bilan de compétences avec le CEP", Status: plan.StatusProposee},
		},
		Comments: []plan.Comment{{Author: plan.RoleEmployee, AuthorID: employee, Text: Secret + " (commentaire)"}},
	}
}

func create(t *testing.T, s records.Store, actor plan.Actor, e plan.Entretien) plan.Entretien {
	t.Helper()
	got, err := s.Create(t.Context(), actor, e)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return got
}

func get(t *testing.T, s records.Store, actor plan.Actor, id string) plan.Entretien {
	t.Helper()
	got, err := s.Entretien(t.Context(), actor, id)
	if err != nil {
		t.Fatalf("Entretien(%s): %v", id, err)
	}
	return got
}

func sign(t *testing.T, s records.Store, actor plan.Actor, e plan.Entretien, role plan.Role) plan.Entretien {
	t.Helper()
	got, err := s.Sign(t.Context(), actor, e.ID, e.Version, role)
	if err != nil {
		t.Fatalf("Sign(%s by %s): %v", role, actor.ID, err)
	}
	return got
}

// signed creates a record of Alice with Manon and has both sign it.
func signed(t *testing.T, s records.Store) plan.Entretien {
	t.Helper()
	e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
	e = sign(t, s, Manon, e, plan.RoleManager)
	return sign(t, s, Alice, e, plan.RoleEmployee)
}

func ids(es []plan.Entretien) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}
