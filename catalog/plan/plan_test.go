package plan_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
)

const secret = "Mon projet SECRET : devenir data analyst"

func valid() plan.Entretien {
	price, hours := 1200.0, 35.0
	return plan.Entretien{
		EmployeeID: "emp-1", ManagerID: "mgr-1",
		Date: catalog.Date{Time: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		Type: plan.TypeParcours, Bilan: "bilan", Projet: "projet",
		Actions: []plan.Action{
			{ID: "a1", Item: &plan.Snapshot{ItemID: "f-1", Title: "SQL", Kind: catalog.KindFormation, PriceEUR: &price, DurationHours: &hours}, Status: plan.StatusProposee, Funding: plan.FundingCPF},
			{ID: "a2", Title: "Bilan de compétences avec le CEP", Status: plan.StatusValidee},
		},
		Comments: []plan.Comment{{Author: plan.RoleManager, AuthorID: "mgr-1", Text: "ok"}},
	}
}

func fields(err error) []string {
	var ve *plan.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Field)
	}
	return out
}

func TestValidate(t *testing.T) {
	neg := -1.0
	tests := []struct {
		name   string
		change func(e *plan.Entretien)
		want   []string
	}{
		{"valid", func(e *plan.Entretien) {}, nil},
		{"no employee", func(e *plan.Entretien) { e.EmployeeID = "" }, []string{"employee_id"}},
		{"manager is employee", func(e *plan.Entretien) { e.ManagerID = "emp-1" }, []string{"manager_id"}},
		{"no date", func(e *plan.Entretien) { e.Date = catalog.Date{} }, []string{"date"}},
		{"no type", func(e *plan.Entretien) { e.Type = "" }, []string{"type"}},
		{"unknown type", func(e *plan.Entretien) { e.Type = "annuel" }, []string{"type"}},
		{"bilan too long", func(e *plan.Entretien) { e.Bilan = strings.Repeat("é", plan.MaxTextLen+1) }, []string{"bilan"}},
		{"projet not utf-8", func(e *plan.Entretien) { e.Projet = "\xff" }, []string{"projet"}},
		{"unknown status", func(e *plan.Entretien) { e.Actions[0].Status = "finie" }, []string{"actions[0].status"}},
		{"no status", func(e *plan.Entretien) { e.Actions[1].Status = "" }, []string{"actions[1].status"}},
		{"abandoned without reason", func(e *plan.Entretien) { e.Actions[0].Status = plan.StatusAbandonnee }, []string{"actions[0].abandon_reason"}},
		{"reason without abandon", func(e *plan.Entretien) { e.Actions[0].AbandonReason = "x" }, []string{"actions[0].abandon_reason"}},
		{"abandoned with reason", func(e *plan.Entretien) {
			e.Actions[0].Status, e.Actions[0].AbandonReason = plan.StatusAbandonnee, "plus de budget"
		}, nil},
		{"unknown funding", func(e *plan.Entretien) { e.Actions[0].Funding = "mécénat" }, []string{"actions[0].funding"}},
		{"free action without title", func(e *plan.Entretien) { e.Actions[1].Title = "" }, []string{"actions[1].title"}},
		{"snapshot without item id and kind", func(e *plan.Entretien) {
			e.Actions[0].Item.ItemID, e.Actions[0].Item.Kind = "", "stage"
		}, []string{"actions[0].item.item_id", "actions[0].item.kind"}},
		{"negative price", func(e *plan.Entretien) { e.Actions[0].Item.PriceEUR = &neg }, []string{"actions[0].item.price_eur"}},
		{"duplicate action id", func(e *plan.Entretien) { e.Actions[1].ID = "a1" }, []string{"actions[1].id"}},
		{"empty comment", func(e *plan.Entretien) { e.Comments[0].Text = " " }, []string{"comments[0].text"}},
		{"comment by unknown role", func(e *plan.Entretien) { e.Comments[0].Author = "rh" }, []string{"comments[0].author"}},
		{"employee comment by someone else", func(e *plan.Entretien) {
			e.Comments[0].Author = plan.RoleEmployee
		}, []string{"comments[0].author_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := valid()
			tt.change(&e)
			err := plan.Validate(&e)
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("fields at fault (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tt.want != nil && !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("error %v does not wrap catalog.ErrInvalid", err)
			}
		})
	}
}

// TestErrorsNeverQuotePersonalText puts a marker in every personal field,
// breaks every rule on them, and checks no error carries the marker.
func TestErrorsNeverQuotePersonalText(t *testing.T) {
	long := strings.Repeat(secret, plan.MaxTextLen/len(secret)+1)
	e := valid()
	e.Bilan, e.Projet = long, secret+"\x00"
	e.Actions[0].AbandonReason = secret
	e.Actions[1].Title = secret + "\n" + secret
	e.Comments = append(e.Comments, plan.Comment{Author: "x" + secret, AuthorID: "mgr-1", Text: long})
	err := plan.Validate(&e)
	if err == nil {
		t.Fatal("Validate accepted a broken record")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error quotes personal text: %v", err)
	}
	old := valid()
	old.EmployeeSignature = &plan.Signature{UserID: "emp-1"}
	old.ManagerSignature = &plan.Signature{UserID: "mgr-1"}
	next := old
	next.Projet = secret
	if _, err := plan.Revise(old, next, time.Now()); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("Revise of a signed record = %v, want ErrSigned without personal text", err)
	}
}

func TestRevise(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	draft, err := plan.Draft(valid(), "e1", at)
	if err != nil {
		t.Fatal(err)
	}
	signedBy := func(e plan.Entretien, role plan.Role, id string) plan.Entretien {
		t.Helper()
		s, err := plan.Sign(e, e.Version, role, id, at)
		if err != nil {
			t.Fatalf("Sign(%s): %v", role, err)
		}
		return s
	}
	half := signedBy(draft, plan.RoleManager, "mgr-1")
	full := signedBy(half, plan.RoleEmployee, "emp-1")
	if full.SignedVersion != 3 || !full.Signed() {
		t.Fatalf("after both signatures: SignedVersion %d, Signed %v; want 3, true", full.SignedVersion, full.Signed())
	}
	tests := []struct {
		name       string
		old        plan.Entretien
		change     func(e *plan.Entretien)
		wantErr    error
		wantSigned bool
	}{
		{"stale version", draft, func(e *plan.Entretien) { e.Version = 0 }, catalog.ErrConflict, false},
		{"employee changes", draft, func(e *plan.Entretien) { e.EmployeeID = "emp-2" }, catalog.ErrInvalid, false},
		{"draft edit", draft, func(e *plan.Entretien) { e.Bilan = "autre" }, nil, false},
		{"edit clears a half signature", half, func(e *plan.Entretien) { e.Bilan = "autre" }, nil, false},
		{"signed: status follow-up", full, func(e *plan.Entretien) { e.Actions[0].Status = plan.StatusEnCours }, nil, true},
		{"signed: bilan", full, func(e *plan.Entretien) { e.Bilan = "autre" }, plan.ErrSigned, true},
		{"signed: new action", full, func(e *plan.Entretien) {
			e.Actions = append(e.Actions, plan.Action{Title: "x", Status: plan.StatusProposee})
		}, plan.ErrSigned, true},
		{"signed: signatures removed", full, func(e *plan.Entretien) { e.EmployeeSignature = nil }, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := tt.old
			next.Actions = append([]plan.Action(nil), tt.old.Actions...)
			tt.change(&next)
			got, err := plan.Revise(tt.old, next, at.Add(time.Hour))
			if !errors.Is(err, tt.wantErr) || (err != nil) != (tt.wantErr != nil) {
				t.Fatalf("Revise error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got.Version != tt.old.Version+1 || got.Signed() != tt.wantSigned {
				t.Errorf("Revise: version %d, signed %v; want %d, %v", got.Version, got.Signed(), tt.old.Version+1, tt.wantSigned)
			}
		})
	}
}

func TestSign(t *testing.T) {
	draft, err := plan.Draft(valid(), "e1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		version int64
		role    plan.Role
		user    string
		want    error
	}{
		{"employee", 1, plan.RoleEmployee, "emp-1", nil},
		{"manager", 1, plan.RoleManager, "mgr-1", nil},
		{"stale", 0, plan.RoleEmployee, "emp-1", catalog.ErrConflict},
		{"wrong person", 1, plan.RoleEmployee, "mgr-1", catalog.ErrInvalid},
		{"other manager", 1, plan.RoleManager, "mgr-2", catalog.ErrInvalid},
		{"unknown role", 1, "hr_admin", "emp-1", catalog.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := plan.Sign(draft, tt.version, tt.role, tt.user, time.Now())
			if !errors.Is(err, tt.want) || (err != nil) != (tt.want != nil) {
				t.Fatalf("Sign error = %v, want %v", err, tt.want)
			}
			if err == nil {
				if _, err := plan.Sign(got, got.Version, tt.role, tt.user, time.Now()); !errors.Is(err, catalog.ErrConflict) {
					t.Errorf("second signature by the same party: error %v, want catalog.ErrConflict", err)
				}
			}
		})
	}
}
