package recordstest

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
)

func testSignedReadOnly(t *testing.T, s records.Store) {
	ctx := t.Context()
	e := signed(t, s)
	if !e.Signed() || e.SignedVersion != 3 || e.EmployeeSignature.UserID != "alice" || e.ManagerSignature.UserID != "manon" {
		t.Fatalf("after both signatures: signed %v, signed version %d", e.Signed(), e.SignedVersion)
	}
	edit := e
	edit.Bilan = "réécrit après signature"
	if _, err := s.Update(ctx, Manon, edit); !errors.Is(err, plan.ErrSigned) {
		t.Errorf("Update of the bilan after signing: error %v, want plan.ErrSigned", err)
	}
	if _, err := s.Sign(ctx, Alice, e.ID, e.Version, plan.RoleEmployee); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("Sign of a signed record: error %v, want catalog.ErrConflict", err)
	}
	if err := s.Delete(ctx, Alice, e.ID); !errors.Is(err, plan.ErrSigned) {
		t.Errorf("Delete of a signed record: error %v, want plan.ErrSigned", err)
	}
	follow := e
	follow.Actions = append([]plan.Action(nil), e.Actions...)
	follow.Actions[0].Status = plan.StatusRealisee
	follow.Actions[1].Status, follow.Actions[1].AbandonReason = plan.StatusAbandonnee, Secret+" (motif)"
	got, err := s.Update(ctx, Alice, follow)
	if err != nil {
		t.Fatalf("follow-up of the actions after signing: %v", err)
	}
	if got.Version != 4 || !got.Signed() || got.SignedVersion != 3 {
		t.Errorf("after the follow-up: version %d, signed %v, signed version %d; want 4, true, 3", got.Version, got.Signed(), got.SignedVersion)
	}
	atSigning, err := s.Version(ctx, HRAdmin, e.ID, e.SignedVersion)
	if err != nil {
		t.Fatalf("Version(signed): %v", err)
	}
	if diff := cmp.Diff(e, atSigning, equateEmpty); diff != "" {
		t.Errorf("the signed version changed (-signed +now):\n%s", diff)
	}
}

func testLists(t *testing.T, s records.Store) {
	ctx := t.Context()
	a1 := create(t, s, Alice, Entretien("alice", "manon", Day(2025, 1, 10)))
	a2 := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 1, 10)))
	b1 := create(t, s, Bruno, Entretien("bruno", "manon", Day(2025, 6, 1)))
	b2 := create(t, s, Bruno, Entretien("bruno", "marc", Day(2026, 3, 1)))
	moved := a1
	moved.ManagerID = "marc"
	if _, err := s.Update(ctx, Manon, moved); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		list func() ([]plan.Entretien, error)
		want []string
	}{
		{"alice", func() ([]plan.Entretien, error) { return s.ByEmployee(ctx, Alice, "alice") }, []string{a2.ID, a1.ID}},
		{"bruno", func() ([]plan.Entretien, error) { return s.ByEmployee(ctx, Bruno, "bruno") }, []string{b2.ID, b1.ID}},
		{"manon", func() ([]plan.Entretien, error) { return s.ByManager(ctx, Manon, "manon") }, []string{a2.ID, b1.ID}},
		{"marc", func() ([]plan.Entretien, error) { return s.ByManager(ctx, Marc, "marc") }, []string{b2.ID, a1.ID}},
		{"nobody", func() ([]plan.Entretien, error) { return s.ByEmployee(ctx, Alice, "alic") }, []string{}},
		{"manager id is not an employee id", func() ([]plan.Entretien, error) { return s.ByEmployee(ctx, Manon, "manon") }, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.list()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
	got, err := s.ByManager(ctx, Marc, "marc")
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Version != 2 || got[1].ManagerID != "marc" {
		t.Errorf("ByManager gives version %d with manager %q, want the last version (2, marc)", got[1].Version, got[1].ManagerID)
	}
}

func testDelete(t *testing.T, s records.Store) {
	ctx := t.Context()
	e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
	keep := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 3)))
	e = sign(t, s, Manon, e, plan.RoleManager) // half signed is still a draft
	if err := s.Delete(ctx, Alice, e.ID); err != nil {
		t.Fatalf("Delete of a draft: %v", err)
	}
	if _, err := s.Entretien(ctx, Alice, e.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Entretien after Delete: error %v, want catalog.ErrNotFound", err)
	}
	if _, err := s.Version(ctx, Alice, e.ID, 1); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Version(1) after Delete: error %v, want catalog.ErrNotFound", err)
	}
	for name, list := range map[string]func() ([]plan.Entretien, error){
		"ByEmployee": func() ([]plan.Entretien, error) { return s.ByEmployee(ctx, Alice, "alice") },
		"ByManager":  func() ([]plan.Entretien, error) { return s.ByManager(ctx, Manon, "manon") },
	} {
		got, err := list()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{keep.ID}, ids(got)); diff != "" {
			t.Errorf("%s after Delete (-want +got):\n%s", name, diff)
		}
	}
	entries, err := s.Audit(ctx, plan.AuditQuery{EntretienID: e.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []plan.AuditAction
	for _, a := range entries {
		actions = append(actions, a.Action)
	}
	want := []plan.AuditAction{plan.AuditCreate, plan.AuditSign, plan.AuditDelete}
	if diff := cmp.Diff(want, actions); diff != "" {
		t.Errorf("audit of the deleted record (-want +got):\n%s", diff)
	}
}

func testExport(t *testing.T, s records.Store) {
	ctx := t.Context()
	e := signed(t, s)
	draft := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 9, 1)))
	other := create(t, s, Bruno, Entretien("bruno", "manon", Day(2026, 2, 2)))
	ex, err := s.Export(ctx, Alice, "alice")
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	if diff := cmp.Diff([]string{draft.ID, e.ID}, ids(ex.Entretiens)); diff != "" {
		t.Errorf("exported records (-want +got):\n%s", diff)
	}
	type version struct {
		ID      string
		Version int64
	}
	var gotVersions []version
	for _, v := range ex.Versions {
		gotVersions = append(gotVersions, version{v.ID, v.Version})
	}
	if diff := cmp.Diff([]version{{e.ID, 1}, {e.ID, 2}}, gotVersions); diff != "" {
		t.Errorf("exported earlier versions (-want +got):\n%s", diff)
	}
	var last plan.AuditEntry
	for _, a := range ex.Audit {
		if a.EmployeeID != "alice" && a.ActorID != "alice" || a.EntretienID == other.ID {
			t.Errorf("export holds an audit entry about someone else: %+v", a)
		}
		last = a
	}
	if last.Action != plan.AuditExport || last.ActorID != "alice" || ex.ExportedAt.IsZero() {
		t.Errorf("last exported audit entry %+v, want this export", last)
	}
	raw, err := json.Marshal(ex)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), Secret+" (projet)") {
		t.Error("the export leaves out the projet")
	}
}

func testAudit(t *testing.T, s records.Store) {
	ctx := t.Context()
	e := signed(t, s)
	get(t, s, HRAdmin, e.ID)
	if _, err := s.ByManager(ctx, Manon, "manon"); err != nil {
		t.Fatal(err)
	}
	entries, err := s.Audit(ctx, plan.AuditQuery{EntretienID: e.ID})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Actor, Role string
		Action      plan.AuditAction
		Version     int64
	}
	var got []row
	for i, a := range entries {
		got = append(got, row{a.ActorID, a.ActorRole, a.Action, a.Version})
		if a.EmployeeID != "alice" || a.EntretienID != e.ID || a.At.IsZero() {
			t.Errorf("entry %d: %+v, want employee alice, the record, a time", i, a)
		}
		if i > 0 && (a.Seq <= entries[i-1].Seq || a.At.Before(entries[i-1].At)) {
			t.Errorf("entry %d out of order: %+v after %+v", i, a, entries[i-1])
		}
	}
	want := []row{
		{"alice", "employee", plan.AuditCreate, 1},
		{"manon", "manager", plan.AuditSign, 2},
		{"alice", "employee", plan.AuditSign, 3},
		{"helene", "hr_admin", plan.AuditRead, 3},
		{"manon", "manager", plan.AuditList, 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
	byHR, err := s.Audit(ctx, plan.AuditQuery{ActorID: "helene"})
	if err != nil || len(byHR) != 1 {
		t.Errorf("audit of the HR admin's reads = %d entries, %v; want 1", len(byHR), err)
	}
	all, err := s.Audit(ctx, plan.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "SECRET") {
		t.Errorf("the audit log holds personal text: %s", raw)
	}
}

// System is the actor of the retention purge.
var System = plan.Actor{ID: "tremplin", Role: "system"}

func testPurgeSigned(t *testing.T, s records.Store) {
	ctx := t.Context()
	old := signed(t, s)
	draft := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 3)))
	half := sign(t, s, Manon, create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 4))), plan.RoleManager)
	recent := signed(t, s)
	if old.SignedAt().IsZero() || !old.SignedAt().Before(recent.SignedAt()) {
		t.Fatalf("SignedAt: old %v, recent %v; want old before recent", old.SignedAt(), recent.SignedAt())
	}

	if n, err := s.PurgeSigned(ctx, System, old.SignedAt()); err != nil || n != 0 {
		t.Errorf("PurgeSigned(before its signature) = %d, %v; want 0 (a record signed at the limit is kept)", n, err)
	}
	if n, err := s.PurgeSigned(ctx, System, old.SignedAt().Add(time.Nanosecond)); err != nil || n != 1 {
		t.Fatalf("PurgeSigned(just after the old signature) = %d, %v; want 1", n, err)
	}
	if n, err := s.PurgeSigned(ctx, System, old.SignedAt().Add(time.Nanosecond)); err != nil || n != 0 {
		t.Errorf("PurgeSigned again = %d, %v; want 0", n, err)
	}
	if _, err := s.Entretien(ctx, Alice, old.ID); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Entretien of the purged record: error %v, want catalog.ErrNotFound", err)
	}
	if _, err := s.Version(ctx, Alice, old.ID, old.SignedVersion); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Version of the purged record: error %v, want catalog.ErrNotFound", err)
	}
	got, err := s.ByEmployee(ctx, Alice, "alice")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{recent.ID, half.ID, draft.ID}
	if diff := cmp.Diff(want, ids(got), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("records left after the purge (-want +got):\n%s", diff)
	}
	entries, err := s.Audit(ctx, plan.AuditQuery{EntretienID: old.ID})
	if err != nil {
		t.Fatal(err)
	}
	last := entries[len(entries)-1]
	if last.Action != plan.AuditPurge || last.ActorID != System.ID || last.EmployeeID != "alice" || last.Version != 0 {
		t.Errorf("last audit entry of the purged record = %+v; want a purge by %s about alice", last, System.ID)
	}

	// Every replica purges: two at once remove, and audit, each record once.
	far := recent.SignedAt().Add(time.Hour)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := s.PurgeSigned(ctx, System, far)
			if err != nil {
				t.Errorf("concurrent PurgeSigned: %v", err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if counts[0]+counts[1] != 1 {
		t.Errorf("concurrent purges removed %v records; want 1 in all", counts)
	}
	purges := 0
	all, err := s.Audit(ctx, plan.AuditQuery{EntretienID: recent.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		if a.Action == plan.AuditPurge {
			purges++
		}
	}
	if purges != 1 {
		t.Errorf("%d purge entries for one record; want 1", purges)
	}
}

// testItemUsage: counts of people per catalog item over the last
// versions, small counts hidden, free actions and deleted drafts left out.
func testItemUsage(t *testing.T, s records.Store) {
	ctx := t.Context()
	if got, err := s.ItemUsage(ctx); err != nil || len(got) != 0 {
		t.Fatalf("ItemUsage of an empty store = %v, %v; want none", got, err)
	}
	people := []plan.Actor{Alice, {ID: "bruno", Role: "employee"}, {ID: "chloe", Role: "employee"}, {ID: "driss", Role: "employee"}}
	for i, p := range people {
		e := create(t, s, p, Entretien(p.ID, "manon", Day(2026, 2, 2)))
		// form-sql: validated by the first three, completed by the first two
		switch {
		case i < 2:
			e.Actions[0].Status = plan.StatusRealisee
		case i < 3:
			e.Actions[0].Status = plan.StatusPlanifiee
		}
		if _, err := s.Update(ctx, p, e); err != nil {
			t.Fatalf("Update of %s's record: %v", p.ID, err)
		}
	}
	// A draft deleted is not counted: driss's second record.
	gone := create(t, s, people[3], Entretien("driss", "manon", Day(2026, 3, 3)))
	if err := s.Delete(ctx, people[3], gone.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.ItemUsage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	want := []plan.ItemUsage{
		{ItemID: "cert-da", Title: "Data analyst", Kind: catalog.KindCertification, Added: 4},
		{ItemID: "form-sql", Title: "SQL pour l'analyse de données", Kind: catalog.KindFormation, Added: 4, Validated: &three},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ItemUsage (-want +got):\n%s", diff)
	}
}

// testMetierDemand: counts of people per target métier over the last
// versions, each employee once (their latest aim), small counts hidden.
func testMetierDemand(t *testing.T, s records.Store) {
	ctx := t.Context()
	if got, err := s.MetierDemand(ctx); err != nil || len(got) != 0 {
		t.Fatalf("MetierDemand of an empty store = %v, %v; want none", got, err)
	}
	data := &plan.Metier{Code: "M1403", Label: "Études et prospectives socio-économiques"}
	people := []plan.Actor{Alice, {ID: "bruno", Role: "employee"}, {ID: "chloe", Role: "employee"}, {ID: "driss", Role: "employee"}}
	for i, p := range people {
		e := create(t, s, p, Entretien(p.ID, "manon", Day(2026, 2, 2)))
		e.TargetMetier = data
		if i == 3 {
			e.TargetMetier = &plan.Metier{Code: "M1805", Label: "Études et développement informatique"}
		}
		if _, err := s.Update(ctx, p, e); err != nil {
			t.Fatalf("Update of %s's record: %v", p.ID, err)
		}
	}
	// A draft deleted is not counted: chloe's second record.
	gone := create(t, s, people[2], Entretien("chloe", "manon", Day(2026, 3, 3)))
	gone.TargetMetier = &plan.Metier{Code: "M1805", Label: "Études et développement informatique"}
	gone, err := s.Update(ctx, people[2], gone)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, people[2], gone.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.MetierDemand(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []plan.MetierDemand{{Code: "M1403", Label: "Études et prospectives socio-économiques", People: 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("MetierDemand (-want +got):\n%s", diff)
	}
}
