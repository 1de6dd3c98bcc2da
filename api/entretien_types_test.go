package api

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	records "github.com/tremplin/tremplin/catalog/plan"
)

// fullEntretien is a record with every field set, down to its actions'
// snapshots, comments and signatures.
func fullEntretien() records.Entretien {
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	day := catalog.Date{Time: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}
	price, hours := 1200.0, 35.0
	return records.Entretien{
		ID: "e1", EmployeeID: "alice", ManagerID: "m1", Date: day, Type: records.TypeParcours,
		Bilan: "b", Projet: "p", Questions: "q", TargetMetier: &records.Metier{Code: "M1403", Label: "Études et prospectives"},
		Actions: []records.Action{{ID: "a1", Item: &records.Snapshot{ItemID: "i", Title: "T", Kind: catalog.KindFormation,
			PriceEUR: &price, DurationHours: &hours, Provider: "P", CertificationCode: "RNCP1"},
			Title: "t", TargetDate: day, Status: records.StatusAbandonnee, AbandonReason: "r", Funding: records.FundingCPF}},
		Comments:          []records.Comment{{Author: records.RoleManager, AuthorID: "m1", At: at, Text: "c"}},
		EmployeeSignature: &records.Signature{UserID: "alice", At: at}, ManagerSignature: &records.Signature{UserID: "m1", At: at},
		SignedVersion: 3, Version: 3, CreatedAt: at, UpdatedAt: at,
	}
}

// allSet fails t for every zero field of v, walking structs, pointers and
// the first element of slices: the fixture must exercise every field,
// including those added to catalog/plan later.
func allSet(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			t.Errorf("%s is nil in the fixture", path)
			return
		}
		allSet(t, path, v.Elem())
	case reflect.Slice:
		if v.Len() == 0 {
			t.Errorf("%s is empty in the fixture", path)
			return
		}
		allSet(t, path+"[0]", v.Index(0))
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) || v.Type() == reflect.TypeOf(catalog.Date{}) {
			if v.IsZero() {
				t.Errorf("%s is zero in the fixture", path)
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				allSet(t, path+"."+v.Type().Field(i).Name, v.Field(i))
			}
		}
	default:
		if v.IsZero() {
			t.Errorf("%s is zero in the fixture", path)
		}
	}
}

// TestEntretienContract checks that the plan routes' own types carry every
// field of catalog/plan's record: a response is the record's JSON plus the
// parties' names, an export holds every record, version and audit entry,
// and a write reaches the store with every field a party may write.
func TestEntretienContract(t *testing.T) {
	e := fullEntretien()
	allSet(t, "Entretien", reflect.ValueOf(e))
	want, _ := json.Marshal(e)
	var w map[string]any
	json.Unmarshal(want, &w)
	w["employee_name"], w["manager_name"] = "Alice", "Marc"
	got, _ := json.Marshal(toEntretienResponse(e, "Alice", "Marc"))
	var g map[string]any
	json.Unmarshal(got, &g)
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("response JSON differs (-record +api):\n%s", diff)
	}

	audit := records.AuditEntry{Seq: 4, At: e.CreatedAt, ActorID: "rh", ActorRole: "hr_admin", Action: records.AuditRead,
		EntretienID: "e1", EmployeeID: "alice", Version: 3}
	allSet(t, "AuditEntry", reflect.ValueOf(audit))
	wa, _ := json.Marshal(audit)
	var wam map[string]any
	json.Unmarshal(wa, &wam)
	delete(wam, "seq") // the store's own ordering, not shown
	ga, _ := json.Marshal(toAuditEntry(audit))
	var gam map[string]any
	json.Unmarshal(ga, &gam)
	if diff := cmp.Diff(wam, gam); diff != "" {
		t.Errorf("audit entry JSON differs (-record +api):\n%s", diff)
	}

	// A write over a stored record: the fields a party writes come from
	// the write, the rest stays the record's, a new comment is the caller's.
	old := fullEntretien()
	in := entretienWrite{Version: 3, Date: catalog.Date{Time: old.Date.AddDate(0, 0, 1)}, Type: records.TypeEtatDesLieux,
		Bilan: "b2", Projet: "p2", Questions: "q2", Comment: "nouveau",
		Actions: []actionWrite{{ID: "a1", ItemID: "autre", Title: "t2", TargetDate: old.Date, Status: records.StatusRealisee, Funding: records.FundingOPCO},
			{Title: "Bilan de compétences avec le CEP", Status: records.StatusProposee, AbandonReason: "x"}}}
	next := applyWrite(old, in, records.RoleEmployee, "alice")
	wantNext := fullEntretien()
	wantNext.Date, wantNext.Type, wantNext.Bilan, wantNext.Projet, wantNext.Questions = in.Date, in.Type, "b2", "p2", "q2"
	wantNext.Comments = append(wantNext.Comments, records.Comment{Author: records.RoleEmployee, AuthorID: "alice", Text: "nouveau"})
	wantNext.Actions = []records.Action{
		{ID: "a1", Title: "t2", TargetDate: old.Date, Status: records.StatusRealisee, Funding: records.FundingOPCO},
		{Title: "Bilan de compétences avec le CEP", Status: records.StatusProposee, AbandonReason: "x"}}
	if diff := cmp.Diff(wantNext, next); diff != "" {
		t.Errorf("applyWrite (-want +got):\n%s", diff)
	}
	if len(old.Comments) != 1 {
		t.Errorf("applyWrite changed the stored record's comments: %+v", old.Comments)
	}
}

// TestOpenAPIPlanEnums checks that the spec's enums of entretien types,
// action statuses and fundings list exactly catalog/plan's, in order.
func TestOpenAPIPlanEnums(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Enum []string `json:"enum"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	strs := func(n int, at func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = at(i)
		}
		return out
	}
	for name, want := range map[string][]string{
		"EntretienType": strs(len(records.Types), func(i int) string { return string(records.Types[i]) }),
		"ActionStatus":  strs(len(records.Statuses), func(i int) string { return string(records.Statuses[i]) }),
		"ActionFunding": append([]string{""}, strs(len(records.Fundings), func(i int) string { return string(records.Fundings[i]) })...),
	} {
		if diff := cmp.Diff(want, doc.Components.Schemas[name].Enum); diff != "" {
			t.Errorf("%s enum (-catalog/plan +openapi.json):\n%s", name, diff)
		}
	}
}
