package api

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// access is who may call a route.
type access int

const (
	accessOpen    access = iota // no authentication (health, metrics, spec)
	accessReaders               // every role
	accessLDAdmin               // ld_admin only
	accessReports               // ld_admin and hr_admin: aggregates of plans
	// accessPerson: a person signed in individually (OIDC, demo, JWT);
	// to a role key, which is nobody, every plan route answers 404.
	accessPerson
)

// matrixRoute is one route of the authorization matrix with a valid request
// and the status it gets when the caller may call it.
type matrixRoute struct {
	route       string // "METHOD /spec/path", as in openapi.json
	access      access
	target      string
	contentType string
	body        string
	ok          int
}

// matrixRoutes lists every route. A route added to routes.go without a row
// here fails TestAuthorizationMatrixCoversEveryRoute.
var matrixRoutes = []matrixRoute{
	{"GET /healthz", accessOpen, "/healthz", "", "", 200},
	{"HEAD /healthz", accessOpen, "/healthz", "", "", 200},
	{"GET /readyz", accessOpen, "/readyz", "", "", 200},
	{"HEAD /readyz", accessOpen, "/readyz", "", "", 200},
	{"GET /metrics", accessOpen, "/metrics", "", "", 200},
	{"GET /openapi.json", accessOpen, "/openapi.json", "", "", 200},
	{"POST /api/v1/recommendations", accessReaders, "/api/v1/recommendations", "application/json", `{"projet":"Devenir responsable de maintenance"}`, 200},
	{"GET /api/v1/items", accessReaders, "/api/v1/items?q=maintenance", "", "", 200},
	{"GET /api/v1/items/{id}", accessReaders, "/api/v1/items/form-management", "", "", 200},
	{"POST /api/v1/items", accessLDAdmin, "/api/v1/items", "application/json", `{"id":"form-new","kind":"formation","title":"Nouvelle formation"}`, 201},
	{"PUT /api/v1/items/{id}", accessLDAdmin, "/api/v1/items/form-management", "application/json", `{"id":"form-management","kind":"formation","title":"Manager une équipe"}`, 200},
	{"DELETE /api/v1/items/{id}", accessLDAdmin, "/api/v1/items/form-management", "", "", 204},
	{"POST /api/v1/items:import", accessLDAdmin, "/api/v1/items:import", "application/x-ndjson", `{"id":"form-imp","kind":"formation","title":"Importée"}` + "\n", 200},
	{"GET /api/v1/skills", accessReaders, "/api/v1/skills?q=main", "", "", 200},
	{"GET /api/v1/metiers", accessReaders, "/api/v1/metiers?q=resp", "", "", 200},
	{"GET /api/v1/reports/skill-gaps", accessLDAdmin, "/api/v1/reports/skill-gaps", "", "", 200},
	{"GET /api/v1/reports/plan-actions", accessReports, "/api/v1/reports/plan-actions", "", "", 200},
	{"GET /api/v1/entretiens", accessPerson, "/api/v1/entretiens", "", "", 404},
	{"POST /api/v1/entretiens", accessPerson, "/api/v1/entretiens", "application/json", `{"type":"parcours","date":"2026-12-01"}`, 404},
	{"GET /api/v1/entretiens/{id}", accessPerson, "/api/v1/entretiens/X", "", "", 404},
	{"PUT /api/v1/entretiens/{id}", accessPerson, "/api/v1/entretiens/X", "application/json", `{"version":1}`, 404},
	{"POST /api/v1/entretiens/{id}/signatures", accessPerson, "/api/v1/entretiens/X/signatures", "application/json", `{"version":1}`, 404},
	{"GET /api/v1/equipe", accessPerson, "/api/v1/equipe", "", "", 404},
	{"GET /api/v1/entretiens/{id}/versions/{version}", accessPerson, "/api/v1/entretiens/X/versions/1", "", "", 404},
	{"GET /api/v1/me/export", accessPerson, "/api/v1/me/export", "", "", 404},
	{"DELETE /api/v1/entretiens/{id}", accessPerson, "/api/v1/entretiens/X", "", "", 404},
}

// caller is one kind of caller of the matrix.
type caller struct {
	name   string
	header func(*http.Request)
	role   Role // "" when not authenticated
}

func bearer(key string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+key) }
}

var matrixCallers = []caller{
	{"no credentials", func(*http.Request) {}, ""},
	{"employee", bearer(keyEmployee), RoleEmployee},
	{"manager", bearer(keyManager), RoleManager},
	{"ld_admin", bearer(keyLDAdmin), RoleLDAdmin},
	{"wrong key", bearer("cle-inconnue"), ""},
	{"key of another case", bearer("CLE-RH-ADMIN-0123456789"), ""},
	{"empty bearer", bearer(""), ""},
	{"basic scheme", func(r *http.Request) { r.SetBasicAuth("ld_admin", keyLDAdmin) }, ""},
	{"lower-case scheme", func(r *http.Request) { r.Header.Set("Authorization", "bearer "+keyLDAdmin) }, RoleLDAdmin},
	{"key without Bearer", func(r *http.Request) { r.Header.Set("Authorization", keyLDAdmin) }, ""},
	{"unknown session", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: sessionCookie, Value: "0123abcd"}) }, ""},
}

// wantStatus is the status caller must get on route.
func (m matrixRoute) wantStatus(c caller) int {
	switch {
	case m.access == accessOpen:
		return m.ok
	case c.role == "":
		return http.StatusUnauthorized
	case m.access == accessLDAdmin && c.role != RoleLDAdmin:
		return http.StatusForbidden
	case m.access == accessReports && c.role != RoleLDAdmin && c.role != RoleHRAdmin:
		return http.StatusForbidden
	}
	return m.ok
}

func TestAuthorizationMatrix(t *testing.T) {
	for _, m := range matrixRoutes {
		for _, c := range matrixCallers {
			t.Run(m.route+"/"+c.name, func(t *testing.T) {
				env := newTestEnv(t, Options{}, nil) // fresh: writes do not leak between cells
				status, header, body := env.do(t, m.route, m.target, m.contentType, m.body, c.header)
				want := m.wantStatus(c)
				if status != want {
					t.Fatalf("status = %d, want %d; body: %s", status, want, body)
				}
				if status == http.StatusUnauthorized && header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if status >= 400 {
					checkErrorBody(t, body, map[int]string{401: "unauthenticated", 403: "forbidden", 404: "not_found"}[status], "")
				}
			})
		}
	}
}

// TestOpenModeMatrix: with no key configured (demo mode) every caller may
// call every route, whatever it sends.
func TestOpenModeMatrix(t *testing.T) {
	for _, m := range matrixRoutes {
		for _, c := range []caller{matrixCallers[0], matrixCallers[4]} {
			t.Run(m.route+"/"+c.name, func(t *testing.T) {
				env := newTestEnv(t, Options{Keys: &Keys{}}, nil)
				status, _, body := env.do(t, m.route, m.target, m.contentType, m.body, c.header)
				if status != m.ok {
					t.Fatalf("status = %d, want %d; body: %s", status, m.ok, body)
				}
			})
		}
	}
}

func TestAuthorizationMatrixCoversEveryRoute(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	var inMatrix []string
	for _, m := range matrixRoutes {
		inMatrix = append(inMatrix, m.route)
	}
	for _, r := range planRoutes { // plan_authz_test.go: people, not roles
		inMatrix = append(inMatrix, r.route)
	}
	slices.Sort(inMatrix)
	inMatrix = slices.Compact(inMatrix) // role keys here, people in plan_authz_test.go
	if diff := cmp.Diff(routeKeys(env.engine), inMatrix); diff != "" {
		t.Errorf("routes (-registered +in the matrix):\n%s", diff)
	}
	// A plan route needs both: its role-key row here and its rows for
	// people (two employees, two managers, HR, L&D) in planRoutes.
	var personRoutes, peopleRows []string
	for _, m := range matrixRoutes {
		if m.access == accessPerson {
			personRoutes = append(personRoutes, m.route)
		}
	}
	for _, r := range planRoutes {
		peopleRows = append(peopleRows, r.route)
	}
	slices.Sort(personRoutes)
	slices.Sort(peopleRows)
	if diff := cmp.Diff(slices.Compact(personRoutes), slices.Compact(peopleRows)); diff != "" {
		t.Errorf("plan routes (-with a role-key row +with people rows):\n%s", diff)
	}
}

func TestParseKeys(t *testing.T) {
	tests := []struct {
		spec    string
		wantLen int
		wantErr bool
	}{
		{"", 0, false},
		{" , ", 0, false},
		{"employee:" + keyEmployee + ",manager:" + keyManager + ",ld_admin:" + keyLDAdmin, 3, false},
		{"ld_admin:" + strings.Repeat("0123456789abcdef", 2), 1, false},                                     // 32 hex digits: 128 bits
		{"ld_admin:q1VhZ0xG7lN0b2sWkqUo9A==", 1, false},                                                     // 16 random bytes, base64
		{"employee:a,manager:b,ld_admin:c", 0, true},                                                        // weak keys
		{"employee:0123456789abcdef0123456789abcde", 0, true},                                               // 31 hex digits
		{"employee:q1VhZ0xG7lN0b2sWkqUo9", 0, true},                                                         // 21 base64 characters
		{"employee:" + strings.Repeat("ab", 20), 0, true},                                                   // a pattern
		{"ld_admin:sha256:" + "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", 1, false}, // hashed: not checked
		{"admin:x", 0, true},
		{"employee", 0, true},
		{"employee: ", 0, true},
		{"ld_admin:sha256:zz", 0, true},
		{"ld_admin:sha256:abcd", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			k, err := ParseKeys(tc.spec)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseKeys(%q) error = %v, want error %v", tc.spec, err, tc.wantErr)
			}
			if err == nil && k.Len() != tc.wantLen {
				t.Errorf("Len() = %d, want %d", k.Len(), tc.wantLen)
			}
		})
	}
}

// TestWeakKeyMessage: the error about a weak key says, in French, how to
// generate a strong one.
func TestWeakKeyMessage(t *testing.T) {
	_, err := ParseKeys("employee:" + keyEmployee + ",ld_admin:secret")
	if err == nil || !strings.Contains(err.Error(), "clé d'API n° 2") || !strings.Contains(err.Error(), "openssl rand -base64 32") {
		t.Errorf("ParseKeys with a weak key: error %v, want one naming key 2 and how to generate a key", err)
	}
}

// TestHashedKey: a key configured as its SHA-256 authenticates the clear key.
func TestHashedKey(t *testing.T) {
	// sha256("hello")
	keys, err := ParseKeys("ld_admin:sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
	if err != nil {
		t.Fatal(err)
	}
	env := newTestEnv(t, Options{Keys: keys}, nil)
	for key, want := range map[string]int{"hello": 200, "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824": 401} {
		if status, _, body := env.call(t, http.MethodGet, "/api/v1/reports/skill-gaps", key, "", nil); status != want {
			t.Errorf("key %q: status = %d, want %d; body: %s", key, status, want, body)
		}
	}
}
