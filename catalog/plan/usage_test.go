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
