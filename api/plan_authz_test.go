package api

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"

	"github.com/tremplin/tremplin/catalog/entretien"
	records "github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records/boltstore"
)

// planPerson is one caller of the plan matrix: a person signed in with a
// JWT (sub and role), or a role API key (machine use).
type planPerson struct {
	name string
	sub  string // "" for a role key or no credentials
	role Role
	key  string // a role API key instead of a JWT
}

// The people of the plan matrix: alice reports to m1, bob to m2.
var (
	ppAlice = planPerson{name: "employee alice", sub: "alice", role: RoleEmployee}
	ppBob   = planPerson{name: "employee bob", sub: "bob", role: RoleEmployee}
	ppM1    = planPerson{name: "manager m1 (alice's)", sub: "m1", role: RoleManager}
	ppM2    = planPerson{name: "manager m2 (bob's)", sub: "m2", role: RoleManager}
	ppHR    = planPerson{name: "hr_admin", sub: "rh", role: RoleHRAdmin}
	ppLD    = planPerson{name: "ld_admin", sub: "ld", role: RoleLDAdmin}
	ppKey   = planPerson{name: "role API key (ld_admin)", role: RoleLDAdmin, key: keyLDAdmin}
	ppNone  = planPerson{name: "no credentials"}

	planPeople = []planPerson{ppAlice, ppBob, ppM1, ppM2, ppHR, ppLD, ppKey, ppNone}
)

func planOrg() StaticOrg {
	hire := func(s string) entretien.Date { d, _ := entretien.ParseDate(s); return d }
	return StaticOrg{
		{ID: "alice", Name: "Alice Martin", ManagerID: "m1", HireDate: hire("2021-03-01")},
		{ID: "bob", Name: "Bob Durand", ManagerID: "m2", HireDate: hire("2020-01-15")},
		{ID: "m1", Name: "Manon Un"},
		{ID: "m2", Name: "Marc Deux"},
		{ID: "rh", Name: "Rose RH"},
		{ID: "ld", Name: "Léa LD"},
	}
}

// planRoute is one plan route with a request built on the id of alice's
// draft, and the status each caller must get.
type planRoute struct {
	route  string // as in openapi.json
	target func(id string) string
	body   func(p planPerson) string
	want   map[string]int // by caller name; missing: 404
}

func planTarget(s string) func(string) string {
	return func(id string) string { return strings.ReplaceAll(s, "{id}", id) }
}

func noBody(planPerson) string { return "" }

// every gives every signed-in person status, and 401 to no credentials.
func every(status int, except map[string]int) map[string]int {
	m := map[string]int{}
	for _, p := range planPeople {
		if p.sub != "" {
			m[p.name] = status
		}
	}
	for k, v := range except {
		m[k] = v
	}
	return m
}

// parties gives alice and her manager status, 401 to no credentials and
// 404 to everyone else, with except on top.
func parties(status int, except map[string]int) map[string]int {
	m := map[string]int{ppAlice.name: status, ppM1.name: status}
	for k, v := range except {
		m[k] = v
	}
	return m
}

var planRoutes = []planRoute{
	{"GET /api/v1/entretiens", planTarget("/api/v1/entretiens"), noBody, every(200, nil)},
	{"POST /api/v1/entretiens", planTarget("/api/v1/entretiens"),
		func(planPerson) string { return `{"type":"parcours","date":"2026-11-20"}` },
		// those with no manager in the org cannot open an entretien
		every(201, map[string]int{ppM1.name: 422, ppM2.name: 422, ppHR.name: 422, ppLD.name: 422})},
	// a manager opens the entretien of a report: alice's only for m1 (and
	// alice herself); naming someone else's report is a 404
	{"POST /api/v1/entretiens", planTarget("/api/v1/entretiens"),
		func(planPerson) string { return `{"employee_id":"alice","type":"parcours","date":"2026-11-21"}` },
		parties(201, nil)},
	{"GET /api/v1/entretiens/{id}", planTarget("/api/v1/entretiens/{id}"), noBody, parties(200, map[string]int{ppHR.name: 200})},
	{"PUT /api/v1/entretiens/{id}", planTarget("/api/v1/entretiens/{id}"),
		func(planPerson) string {
			return `{"type":"parcours","date":"2026-11-20","version":1,"projet":"Projet modifié","actions":[{"title":"Bilan de compétences avec le CEP","status":"proposee"}]}`
		},
		parties(200, map[string]int{ppHR.name: 403})},
	{"DELETE /api/v1/entretiens/{id}", planTarget("/api/v1/entretiens/{id}"), noBody, parties(204, nil)},
	{"POST /api/v1/entretiens/{id}/signatures", planTarget("/api/v1/entretiens/{id}/signatures"),
		func(p planPerson) string {
			if p.sub == "m1" {
				return `{"version":1,"role":"manager"}`
			}
			return `{"version":1,"role":"employee"}`
		},
		parties(200, map[string]int{ppHR.name: 403})},
	{"GET /api/v1/entretiens/{id}/versions/{version}", planTarget("/api/v1/entretiens/{id}/versions/1"), noBody, parties(200, map[string]int{ppHR.name: 200})},
	{"GET /api/v1/equipe", planTarget("/api/v1/equipe"), noBody, every(200, nil)},
	{"GET /api/v1/me/export", planTarget("/api/v1/me/export"), noBody, every(200, nil)},
}

// planEnv is a server over a real bbolt store with planOrg, accepting
// HS256 JWTs and the usual role keys.
type planEnv struct {
	*testEnv
	store *boltstore.Store
}

func newPlanEnv(t *testing.T) *planEnv {
	t.Helper()
	st, err := boltstore.Open(filepath.Join(t.TempDir(), "records"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	v := mustVerifier(t, JWTConfig{HMACSecret: []byte(testSecret)})
	env := newTestEnv(t, Options{JWT: v}, func(d *Deps) { d.Plans, d.Org = st, planOrg() })
	return &planEnv{testEnv: env, store: st}
}

// auth sets p's credentials on a request.
func (p planPerson) auth(t *testing.T) func(*http.Request) {
	return func(r *http.Request) {
		switch {
		case p.key != "":
			r.Header.Set("Authorization", "Bearer "+p.key)
		case p.sub != "":
			tok := sign(t, jwt.SigningMethodHS256, []byte(testSecret), "", claimsFor(string(p.role), func(c jwt.MapClaims) { c["sub"] = p.sub }))
			r.Header.Set("Authorization", "Bearer "+tok)
		}
	}
}

// draft creates alice's draft entretien as alice and returns its id.
func (e *planEnv) draft(t *testing.T) string {
	t.Helper()
	status, _, body := e.do(t, "POST /api/v1/entretiens", "/api/v1/entretiens", "application/json",
		`{"type":"parcours","date":"2026-11-20"}`, ppAlice.auth(t))
	if status != http.StatusCreated {
		t.Fatalf("alice's draft: status %d: %s", status, body)
	}
	var got struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &got); err != nil || got.ID == "" {
		t.Fatalf("alice's draft: %v: %s", err, body)
	}
	return got.ID
}

// TestPlanAuthorizationMatrix calls every plan route as every caller on
// alice's draft: her and her current manager may, an HR admin reads, and
// everyone else (the other employee, the other manager, the L&D admin, a
// role key) gets 404 — never 403 — so ids cannot be probed.
func TestPlanAuthorizationMatrix(t *testing.T) {
	for _, r := range planRoutes {
		for _, p := range planPeople {
			t.Run(r.route+"/"+p.name, func(t *testing.T) {
				env := newPlanEnv(t) // fresh: writes do not leak between cells
				id := env.draft(t)
				want, ok := r.want[p.name]
				switch {
				case p.sub == "" && p.key == "":
					want = http.StatusUnauthorized
				case !ok:
					want = http.StatusNotFound
				}
				ct := ""
				body := r.body(p)
				if body != "" {
					ct = "application/json"
				}
				status, _, got := env.do(t, r.route, r.target(id), ct, body, p.auth(t))
				if status != want {
					t.Fatalf("status = %d, want %d; body: %s", status, want, got)
				}
				if status == http.StatusNotFound {
					checkErrorBody(t, got, "not_found", "")
					if strings.Contains(string(got), id) {
						t.Errorf("404 names the record id: %s", got)
					}
				}
				if status < 300 && p.sub != ppAlice.sub && p.sub != ppM1.sub && p.sub != ppHR.sub && strings.Contains(string(got), id) {
					t.Errorf("%s sees alice's record: %s", p.name, got)
				}
			})
		}
	}
}

// TestPlanManagerOpensReportDraft: a manager prepares the entretien of
// her report, who then reads and edits it as her own.
func TestPlanManagerOpensReportDraft(t *testing.T) {
	env := newPlanEnv(t)
	status, _, body := env.do(t, "POST /api/v1/entretiens", "/api/v1/entretiens", "application/json",
		`{"employee_id":"alice","type":"parcours","date":"2026-11-21"}`, ppM1.auth(t))
	if status != http.StatusCreated {
		t.Fatalf("m1 opens alice's entretien: %d %s", status, body)
	}
	var e struct {
		ID         string `json:"id"`
		EmployeeID string `json:"employee_id"`
		ManagerID  string `json:"manager_id"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.EmployeeID != "alice" || e.ManagerID != "m1" {
		t.Fatalf("created record = %+v (%v); want alice's with m1", e, err)
	}
	if status, _, body := env.do(t, "GET /api/v1/entretiens", "/api/v1/entretiens", "", "", ppAlice.auth(t)); status != 200 || !strings.Contains(string(body), e.ID) {
		t.Errorf("alice's list: %d, want it to hold %s: %s", status, e.ID, body)
	}
	if status, _, body := env.do(t, "PUT /api/v1/entretiens/{id}", "/api/v1/entretiens/"+e.ID, "application/json",
		`{"type":"parcours","date":"2026-11-21","version":1,"projet":"Devenir cheffe d'équipe"}`, ppAlice.auth(t)); status != 200 {
		t.Errorf("alice edits the draft her manager opened: %d %s", status, body)
	}
	for _, tt := range []struct {
		who      planPerson
		employee string
	}{{ppM2, "alice"}, {ppM1, "bob"}, {ppM1, "inconnu"}, {ppBob, "alice"}} {
		status, _, body := env.do(t, "POST /api/v1/entretiens", "/api/v1/entretiens", "application/json",
			`{"employee_id":"`+tt.employee+`","type":"parcours","date":"2026-11-21"}`, tt.who.auth(t))
		if status != http.StatusNotFound {
			t.Errorf("%s opens the entretien of %s: %d, want 404; %s", tt.who.name, tt.employee, status, body)
		}
	}
}

// TestPlanHRReadAudited: an HR admin's read of a record leaves an audit
// entry naming her, the record and its version.
func TestPlanHRReadAudited(t *testing.T) {
	env := newPlanEnv(t)
	id := env.draft(t)
	if status, _, body := env.do(t, "GET /api/v1/entretiens/{id}", "/api/v1/entretiens/"+id, "", "", ppHR.auth(t)); status != 200 {
		t.Fatalf("hr read: %d %s", status, body)
	}
	entries, err := env.store.Audit(t.Context(), records.AuditQuery{EntretienID: id, ActorID: "rh"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 || entries[0].Action != records.AuditRead || entries[0].ActorRole != string(RoleHRAdmin) || entries[0].Version != 1 {
		t.Errorf("audit of the HR read = %+v, want one read of version 1 by hr_admin", entries)
	}
}

// TestPlanStaleUpdateConflict: saving over a version someone else saved
// answers 409, and a bad body 400 naming the field.
func TestPlanStaleUpdateConflict(t *testing.T) {
	env := newPlanEnv(t)
	id := env.draft(t)
	put := func(p planPerson, body string) (int, []byte) {
		status, _, got := env.do(t, "PUT /api/v1/entretiens/{id}", "/api/v1/entretiens/"+id, "application/json", body, p.auth(t))
		return status, got
	}
	if status, got := put(ppAlice, `{"type":"parcours","date":"2026-11-20","version":1,"projet":"v2"}`); status != 200 {
		t.Fatalf("first save: %d %s", status, got)
	}
	if status, got := put(ppM1, `{"type":"parcours","date":"2026-11-20","version":1,"projet":"v2 bis"}`); status != http.StatusConflict {
		t.Errorf("stale save: %d, want 409; %s", status, got)
	}
	status, got := put(ppAlice, `{"type":"parcours","date":"pas une date","version":2}`)
	if status != http.StatusBadRequest || !strings.Contains(string(got), "date") {
		t.Errorf("bad date: %d, want 400 naming date; %s", status, got)
	}
}

// TestPlanSignedNotDeleted: once both parties signed, the record cannot be
// deleted (409) and its signed version stays readable.
func TestPlanSignedNotDeleted(t *testing.T) {
	env := newPlanEnv(t)
	id := env.draft(t)
	if status, _, got := env.do(t, "POST /api/v1/entretiens/{id}/signatures", "/api/v1/entretiens/"+id+"/signatures", "application/json", `{"version":1}`, ppAlice.auth(t)); status != 200 {
		t.Fatalf("alice signs: %d %s", status, got)
	}
	if status, _, got := env.do(t, "POST /api/v1/entretiens/{id}/signatures", "/api/v1/entretiens/"+id+"/signatures", "application/json", `{"version":2}`, ppM1.auth(t)); status != 200 {
		t.Fatalf("m1 signs: %d %s", status, got)
	}
	if status, _, got := env.do(t, "DELETE /api/v1/entretiens/{id}", "/api/v1/entretiens/"+id, "", "", ppAlice.auth(t)); status != http.StatusConflict {
		t.Errorf("delete of a signed record: %d, want 409; %s", status, got)
	}
	if status, _, got := env.do(t, "GET /api/v1/entretiens/{id}/versions/{version}", "/api/v1/entretiens/"+id+"/versions/3", "", "", ppAlice.auth(t)); status != 200 {
		t.Errorf("signed version: %d %s", status, got)
	}
}
