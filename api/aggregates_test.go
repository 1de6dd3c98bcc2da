package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	records "github.com/tremplin/tremplin/catalog/plan"
)

// TestPlanActionsReport: L&D and HR get counts of people per catalog item
// of the saved plans, small counts hidden; people get 403.
func TestPlanActionsReport(t *testing.T) {
	env := newPlanEnv(t)
	snap := &records.Snapshot{ItemID: "form-excel", Title: "Excel avancé", Kind: catalog.KindFormation}
	for i, who := range []string{"alice", "bob", "chloe", "driss"} {
		st := records.StatusProposee
		if i < 3 {
			st = records.StatusValidee
		}
		e := records.Entretien{EmployeeID: who, ManagerID: "m1", Type: records.TypeParcours,
			Date: catalog.Date{Time: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}, Actions: []records.Action{{Item: snap, Status: st}},
			TargetMetier: &records.Metier{Code: "I1102", Label: "Management et ingénierie de maintenance industrielle"}}
		if i == 3 {
			e.TargetMetier = &records.Metier{Code: "M1403", Label: "Études et prospectives socio-économiques"}
		}
		if _, err := env.store.Create(t.Context(), records.Actor{ID: who, Role: "employee"}, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []planPerson{ppLD, ppHR} {
		status, _, body := env.do(t, "GET /api/v1/reports/plan-actions", "/api/v1/reports/plan-actions", "", "", p.auth(t))
		if status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", p.name, status, body)
		}
		var got planActionsReport
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		three := 3
		want := planActionsReport{MinCell: 3, Items: []planActionUsage{
			{ItemID: "form-excel", Title: "Excel avancé", Kind: "formation", Added: 4, Validated: &three},
		}, Metiers: []metierDemand{ // M1403: driss alone, left out
			{Code: "I1102", Label: "Management et ingénierie de maintenance industrielle", People: 3},
		}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: report (-want +got):\n%s", p.name, diff)
		}
	}
	for _, p := range []planPerson{ppAlice, ppM1} {
		if status, _, body := env.do(t, "GET /api/v1/reports/plan-actions", "/api/v1/reports/plan-actions", "", "", p.auth(t)); status != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403: %s", p.name, status, body)
		}
	}
}

// TestPlanActionsPages: the catalogue and Lacunes pages show the counts
// of people, and "moins de 3" for the hidden ones.
func TestPlanActionsPages(t *testing.T) {
	env := newPlanEnv(t)
	snap := &records.Snapshot{ItemID: "form-management", Title: "Manager une équipe de maintenance", Kind: catalog.KindFormation}
	for i, who := range []string{"alice", "bob", "chloe", "driss"} {
		st := records.StatusValidee
		if i == 0 {
			st = records.StatusRealisee
		}
		e := records.Entretien{EmployeeID: who, ManagerID: "m1", Type: records.TypeParcours,
			Date: catalog.Date{Time: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}, Actions: []records.Action{{Item: snap, Status: st}},
			TargetMetier: &records.Metier{Code: "I1102", Label: "Management et ingénierie de maintenance industrielle"}}
		if _, err := env.store.Create(t.Context(), records.Actor{ID: who, Role: "employee"}, e); err != nil {
			t.Fatal(err)
		}
	}
	cookie := sessionFor(t, env.srv.URL, keyLDAdmin)
	for _, tt := range []struct{ path, shows string }{
		{"/catalogue", "4 personnes, 4 validés"},
		{"/catalogue/lacunes", `<td class="num">4</td><td class="num">4</td><td class="num">moins de 3</td>`},
		{"/catalogue/lacunes", `<tr data-metier="I1102"><th scope="row">Management et ingénierie de maintenance industrielle</th><td>I1102</td><td class="num">4</td></tr>`},
	} {
		status, _, body := webCall(t, http.MethodGet, env.srv.URL+tt.path, "", http.Header{"Cookie": {cookie}})
		if status != http.StatusOK || !strings.Contains(body, tt.shows) {
			t.Errorf("%s: status %d, want 200 showing %q", tt.path, status, tt.shows)
		}
	}
}

// TestPlanTargetMetier: a party sets the target métier by its ROME code,
// named by the server from the référentiel (never the client's label); an
// unknown code is a 422 naming the field; "" removes it.
func TestPlanTargetMetier(t *testing.T) {
	env := newPlanEnv(t)
	id := env.draft(t)
	put := func(version int, code string) (int, map[string]any) {
		t.Helper()
		body := `{"type":"parcours","date":"2026-11-20","version":` + strconv.Itoa(version) + `,"target_metier":"` + code + `"}`
		status, _, got := env.do(t, "PUT /api/v1/entretiens/{id}", "/api/v1/entretiens/"+id, "application/json", body, ppAlice.auth(t))
		var m map[string]any
		json.Unmarshal(got, &m)
		return status, m
	}
	status, got := put(1, " i1102 ")
	want := map[string]any{"code": "I1102", "label": "Management et ingénierie de maintenance industrielle"}
	if status != http.StatusOK || !cmp.Equal(got["target_metier"], any(want)) {
		t.Fatalf("set I1102: %d, target_metier %v; want 200 and %v", status, got["target_metier"], want)
	}
	if status, got := put(2, "Z9999"); status != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(got["error"]), "code:unknown_metier field:target_metier") {
		t.Errorf("unknown code: %d %v, want 422 unknown_metier on target_metier", status, got)
	}
	if status, got := put(2, ""); status != http.StatusOK || got["target_metier"] != nil {
		t.Errorf("remove: %d, target_metier %v; want 200 and none", status, got["target_metier"])
	}
}
