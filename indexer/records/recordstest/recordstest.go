// Package recordstest is the contract test suite every records.Store must
// pass. Each backend's tests call Run with a function opening a fresh, empty
// store reading the time from now:
//
//	func TestContract(t *testing.T) {
//		recordstest.Run(t, func(t *testing.T, now func() time.Time) records.Store {
//			s, err := boltstore.Open(t.TempDir(), boltstore.WithClock(now))
//			...
//		})
//	}
//
// KillDuringSaves and ChildMain check, with a child process killed in the
// middle of saves, that a crash leaves a whole version.
package recordstest

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
)

// Opener opens a new empty store for one test, reading the time from now;
// it registers its own cleanup.
type Opener func(t *testing.T, now func() time.Time) records.Store

// Run runs the whole contract suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, s records.Store)
	}{
		{"CreateRoundTrip", testCreateRoundTrip},
		{"NotFound", testNotFound},
		{"InvalidStoresNothing", testInvalidStoresNothing},
		{"StaleUpdateConflicts", testStaleUpdateConflicts},
		{"ConcurrentUpdatesOneWins", testConcurrentUpdates},
		{"UpdateRules", testUpdateRules},
		{"SignErrors", testSignErrors},
		{"SignedIsReadOnlyAndVersioned", testSignedReadOnly},
		{"Lists", testLists},
		{"Delete", testDelete},
		{"PurgeSigned", testPurgeSigned},
		{"ItemUsage", testItemUsage},
		{"MetierDemand", testMetierDemand},
		{"Export", testExport},
		{"AuditWhoWhatWhen", testAudit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open(t, NewClock().Now)) })
	}
}

var equateEmpty = cmpopts.EquateEmpty()

func testCreateRoundTrip(t *testing.T, s records.Store) {
	in := Entretien("alice", "manon", Day(2026, 2, 2))
	got := create(t, s, Alice, in)
	if got.ID == "" || got.Version != 1 || got.CreatedAt.IsZero() || !got.UpdatedAt.Equal(got.CreatedAt) {
		t.Errorf("Create: id %q, version %d, created %v, updated %v; want an id, version 1, equal times",
			got.ID, got.Version, got.CreatedAt, got.UpdatedAt)
	}
	for i, a := range got.Actions {
		if a.ID == "" {
			t.Errorf("Create: actions[%d] has no id", i)
		}
	}
	if got.Comments[0].At.IsZero() {
		t.Error("Create: the comment has no time")
	}
	want := in
	want.ID, want.Version, want.CreatedAt, want.UpdatedAt = got.ID, 1, got.CreatedAt, got.UpdatedAt
	want.Actions = got.Actions
	want.Comments = []plan.Comment{{Author: plan.RoleEmployee, AuthorID: "alice", At: got.Comments[0].At, Text: in.Comments[0].Text}}
	if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
		t.Errorf("Create returned (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(got, get(t, s, Alice, got.ID), equateEmpty); diff != "" {
		t.Errorf("Entretien after Create (-created +read):\n%s", diff)
	}
	v1, err := s.Version(t.Context(), Alice, got.ID, 1)
	if err != nil {
		t.Fatalf("Version(1): %v", err)
	}
	if diff := cmp.Diff(got, v1, equateEmpty); diff != "" {
		t.Errorf("Version(1) (-created +read):\n%s", diff)
	}
	again := create(t, s, Alice, in)
	if again.ID == got.ID {
		t.Errorf("two creates gave the same id %q", got.ID)
	}
}

func testNotFound(t *testing.T, s records.Store) {
	ctx := t.Context()
	e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
	absent := e
	absent.ID = "absent"
	_, errGet := s.Entretien(ctx, Alice, "absent")
	_, errVersion := s.Version(ctx, Alice, e.ID, 2)
	_, errUpdate := s.Update(ctx, Alice, absent)
	_, errSign := s.Sign(ctx, Alice, "absent", 1, plan.RoleEmployee)
	errDelete := s.Delete(ctx, Alice, "absent")
	for name, err := range map[string]error{
		"Entretien": errGet, "Version": errVersion, "Update": errUpdate, "Sign": errSign, "Delete": errDelete,
	} {
		if !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("%s of an absent record: error %v, want catalog.ErrNotFound", name, err)
		}
	}
}

func testInvalidStoresNothing(t *testing.T, s records.Store) {
	bad := Entretien("alice", "manon", Day(2026, 2, 2))
	bad.Type = "annuel"
	bad.Actions[2].Title = ""
	_, err := s.Create(t.Context(), Alice, bad)
	var ve *plan.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
		t.Fatalf("Create of an invalid record: error %v, want a *plan.ValidationError", err)
	}
	var fields []string
	for _, p := range ve.Problems {
		fields = append(fields, p.Field)
	}
	if diff := cmp.Diff([]string{"type", "actions[2].title"}, fields); diff != "" {
		t.Errorf("fields at fault (-want +got):\n%s", diff)
	}
	list, err := s.ByEmployee(t.Context(), Alice, "alice")
	if err != nil || len(list) != 0 {
		t.Errorf("ByEmployee after a refused Create = %v, %v; want none", ids(list), err)
	}
	entries, err := s.Audit(t.Context(), plan.AuditQuery{EmployeeID: "alice"})
	if err != nil || len(entries) != 0 {
		t.Errorf("audit after a refused Create = %v, %v; want none", entries, err)
	}
}

func testStaleUpdateConflicts(t *testing.T, s records.Store) {
	ctx := t.Context()
	e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
	mine, theirs := e, e
	mine.Bilan = "version de la salariée"
	theirs.Bilan = "version du manager"
	saved, err := s.Update(ctx, Alice, mine)
	if err != nil {
		t.Fatalf("first Update: %v", err)
	}
	if saved.Version != 2 {
		t.Errorf("first Update: version %d, want 2", saved.Version)
	}
	if _, err := s.Update(ctx, Manon, theirs); !errors.Is(err, catalog.ErrConflict) {
		t.Fatalf("Update with stale version 1: error %v, want catalog.ErrConflict", err)
	}
	if got := get(t, s, Alice, e.ID); got.Bilan != mine.Bilan || got.Version != 2 {
		t.Errorf("after the conflict: version %d, bilan changed by the loser %v", got.Version, got.Bilan != mine.Bilan)
	}
}

func testConcurrentUpdates(t *testing.T, s records.Store) {
	e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			next := e
			next.Bilan = string(rune('A' + i))
			_, errs[i] = s.Update(t.Context(), Alice, next)
		})
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, catalog.ErrConflict):
			t.Errorf("update %d: error %v, want nil or catalog.ErrConflict", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent updates from version 1 succeeded, want exactly 1", won, n)
	}
	if got := get(t, s, Alice, e.ID); got.Version != 2 {
		t.Errorf("version after concurrent updates = %d, want 2", got.Version)
	}
}

func testUpdateRules(t *testing.T, s records.Store) {
	tests := []struct {
		name    string
		change  func(e *plan.Entretien)
		wantErr error
		check   func(t *testing.T, got plan.Entretien)
	}{
		{"manager changes", func(e *plan.Entretien) { e.ManagerID = "marc" }, nil,
			func(t *testing.T, got plan.Entretien) {
				if got.ManagerID != "marc" {
					t.Errorf("manager %q, want marc", got.ManagerID)
				}
			}},
		{"new action gets an id", func(e *plan.Entretien) {
			e.Actions = append(e.Actions, plan.Action{Title: "Mentorat", Status: plan.StatusValidee})
		}, nil, func(t *testing.T, got plan.Entretien) {
			if a := got.Actions[len(got.Actions)-1]; a.ID == "" || a.Title != "Mentorat" {
				t.Errorf("new action %+v, want an id and its title", a)
			}
		}},
		{"employee cannot change", func(e *plan.Entretien) { e.EmployeeID = "bruno" }, catalog.ErrInvalid, nil},
		{"invalid status", func(e *plan.Entretien) { e.Actions[0].Status = "finie" }, catalog.ErrInvalid, nil},
		{"half signature cleared by an edit", func(e *plan.Entretien) { e.Projet = "autre projet" }, nil,
			func(t *testing.T, got plan.Entretien) {
				if got.ManagerSignature != nil {
					t.Error("the manager's signature survived an edit of the content")
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
			e = sign(t, s, Manon, e, plan.RoleManager)
			next := e
			next.Actions = append([]plan.Action(nil), e.Actions...)
			tt.change(&next)
			got, err := s.Update(t.Context(), Alice, next)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("Update: error %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if stored := get(t, s, Alice, e.ID); stored.Version != e.Version {
					t.Errorf("a refused update changed the version to %d", stored.Version)
				}
				return
			}
			if got.Version != e.Version+1 {
				t.Errorf("version %d, want %d", got.Version, e.Version+1)
			}
			if diff := cmp.Diff(got, get(t, s, Alice, e.ID), equateEmpty); diff != "" {
				t.Errorf("stored differs from returned (-returned +stored):\n%s", diff)
			}
			tt.check(t, got)
		})
	}
}

func testSignErrors(t *testing.T, s records.Store) {
	tests := []struct {
		name    string
		actor   plan.Actor
		version int64
		role    plan.Role
		want    error
	}{
		{"another employee", Bruno, 1, plan.RoleEmployee, catalog.ErrInvalid},
		{"another manager", Marc, 1, plan.RoleManager, catalog.ErrInvalid},
		{"employee as manager", Alice, 1, plan.RoleManager, catalog.ErrInvalid},
		{"hr admin", HRAdmin, 1, "hr_admin", catalog.ErrInvalid},
		{"stale version", Alice, 0, plan.RoleEmployee, catalog.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
			_, err := s.Sign(t.Context(), tt.actor, e.ID, tt.version, tt.role)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Sign: error %v, want %v", err, tt.want)
			}
			if got := get(t, s, Alice, e.ID); got.Version != 1 || got.EmployeeSignature != nil || got.ManagerSignature != nil {
				t.Errorf("a refused signature changed the record: version %d", got.Version)
			}
		})
	}
	t.Run("twice", func(t *testing.T) {
		e := create(t, s, Alice, Entretien("alice", "manon", Day(2026, 2, 2)))
		e = sign(t, s, Alice, e, plan.RoleEmployee)
		if _, err := s.Sign(t.Context(), Alice, e.ID, e.Version, plan.RoleEmployee); !errors.Is(err, catalog.ErrConflict) {
			t.Errorf("second signature: error %v, want catalog.ErrConflict", err)
		}
	})
}
