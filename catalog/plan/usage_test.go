package plan_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
)

func TestUsage(t *testing.T) {
	snap := func(id, title string) *plan.Snapshot {
		return &plan.Snapshot{ItemID: id, Title: title, Kind: catalog.KindFormation}
	}
	record := func(employee string, updated int, actions ...plan.Action) plan.Entretien {
		return plan.Entretien{EmployeeID: employee, Actions: actions, UpdatedAt: time.Date(2026, 1, updated, 0, 0, 0, 0, time.UTC)}
	}
	act := func(s *plan.Snapshot, st plan.Status) plan.Action { return plan.Action{Item: s, Status: st} }
	sql, sqlNew, excel := snap("sql", "SQL"), snap("sql", "SQL pour l'analyse"), snap("excel", "Excel")
	es := []plan.Entretien{
		record("a", 1, act(sql, plan.StatusRealisee), act(excel, plan.StatusProposee), plan.Action{Title: "Bilan avec le CEP", Status: plan.StatusRealisee}),
		record("a", 2, act(sql, plan.StatusProposee)), // a second record of a: still one person
		record("b", 3, act(sql, plan.StatusValidee), act(excel, plan.StatusRealisee)),
		record("c", 5, act(sqlNew, plan.StatusEnCours)),
		record("d", 4, act(sql, plan.StatusAbandonnee)),
	}
	three, four := 3, 4
	want := []plan.ItemUsage{
		// excel: 2 people, hidden; sql: 4 added, 3 validated (a, b, c), completed by a only: hidden
		{ItemID: "sql", Title: "SQL pour l'analyse", Kind: catalog.KindFormation, Added: four, Validated: &three},
	}
	if diff := cmp.Diff(want, plan.Usage(es)); diff != "" {
		t.Errorf("Usage (-want +got):\n%s", diff)
	}
	if got := plan.Usage(nil); len(got) != 0 {
		t.Errorf("Usage(nil) = %v, want none", got)
	}
}

func TestDemand(t *testing.T) {
	record := func(employee string, updated int, code, label string) plan.Entretien {
		e := plan.Entretien{EmployeeID: employee, UpdatedAt: time.Date(2026, 1, updated, 0, 0, 0, 0, time.UTC)}
		if code != "" {
			e.TargetMetier = &plan.Metier{Code: code, Label: label}
		}
		return e
	}
	es := []plan.Entretien{
		record("a", 1, "M1302", "Direction de petite ou moyenne entreprise"),
		record("a", 4, "H2502", "Management de production"), // a's latest aim: H2502
		record("a", 6, "", ""), // no aim: a's H2502 stays
		record("b", 2, "H2502", "Management et ingénierie de production"),
		record("c", 3, "H2502", "Management et ingénierie de production"),
		record("d", 5, "M1302", "Direction de petite ou moyenne entreprise"),
		record("e", 5, "M1302", "Direction de petite ou moyenne entreprise"),
	}
	want := []plan.MetierDemand{
		// H2502: a, b, c, labelled as in the latest record naming it (a's);
		// M1302: d and e only (a moved on): hidden
		{Code: "H2502", Label: "Management de production", People: 3},
	}
	if diff := cmp.Diff(want, plan.Demand(es)); diff != "" {
		t.Errorf("Demand (-want +got):\n%s", diff)
	}
	if got := plan.Demand(nil); len(got) != 0 {
		t.Errorf("Demand(nil) = %v, want none", got)
	}
}
