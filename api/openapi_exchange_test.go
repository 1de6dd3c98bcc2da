package api

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
)

// exchange is one request of TestExchangesMatchSpec and the status it must get.
type exchange struct {
	route       string // "METHOD /spec/path"
	target      string
	key         string
	contentType string
	body        string
	status      int
}

// TestExchangesMatchSpec sends real requests and checks that requests with
// a 2xx answer are valid by the spec, and every answer (status, headers,
// body) is described by it.
func TestExchangesMatchSpec(t *testing.T) {
	doc := loadSpec(t)
	env := newTestEnv(t, Options{}, nil)
	recommend := `{"projet":"Je veux devenir responsable de maintenance","desired_skills":["Management d'équipe"],"constraints":{"max_price_eur":3000,"kinds":["formation","mentoring","mission","certification"]},"per_kind":2,"explain":true}`
	newItem := `{"id":"form-excel","kind":"formation","title":"Excel avancé","price_eur":450,"duration_hours":14,"modality":"distanciel","skills":["Tableur"]}`
	tests := []exchange{
		{"GET /healthz", "/healthz", "", "", "", 200},
		{"HEAD /healthz", "/healthz", "", "", "", 200},
		{"GET /readyz", "/readyz", "", "", "", 200},
		{"HEAD /readyz", "/readyz", "", "", "", 200},
		{"GET /openapi.json", "/openapi.json", "", "", "", 200},
		{"GET /metrics", "/metrics", "", "", "", 200},
		{"POST /api/v1/recommendations", "/api/v1/recommendations", keyEmployee, "application/json", recommend, 200},
		{"POST /api/v1/recommendations", "/api/v1/recommendations", keyEmployee, "application/json", `{"projet":"x","per_kind":-1}`, 400},
		{"POST /api/v1/recommendations", "/api/v1/recommendations", "", "application/json", recommend, 401},
		{"GET /api/v1/items", "/api/v1/items?q=maintenance&kind=formation&kind=mission&limit=5", keyManager, "", "", 200},
		{"GET /api/v1/items", "/api/v1/items?include_inactive=true&offset=1&limit=2", keyLDAdmin, "", "", 200},
		{"GET /api/v1/items", "/api/v1/items?include_inactive=true", keyEmployee, "", "", 403},
		{"GET /api/v1/items", "/api/v1/items?limit=0", keyManager, "", "", 400},
		{"GET /api/v1/items/{id}", "/api/v1/items/form-management", keyEmployee, "", "", 200},
		{"GET /api/v1/items/{id}", "/api/v1/items/mentor-claire", keyEmployee, "", "", 200},
		{"GET /api/v1/items/{id}", "/api/v1/items/mission-logistique", keyEmployee, "", "", 200},
		{"GET /api/v1/items/{id}", "/api/v1/items/cert-maintenance", keyEmployee, "", "", 200},
		{"GET /api/v1/items/{id}", "/api/v1/items/absent", keyEmployee, "", "", 404},
		{"POST /api/v1/items", "/api/v1/items", keyLDAdmin, "application/json", newItem, 201},
		{"POST /api/v1/items", "/api/v1/items", keyLDAdmin, "application/json", newItem, 409},
		{"POST /api/v1/items", "/api/v1/items", keyEmployee, "application/json", newItem, 403},
		{"PUT /api/v1/items/{id}", "/api/v1/items/form-excel", keyLDAdmin, "application/json", strings.Replace(newItem, "450", "500", 1), 200},
		{"PUT /api/v1/items/{id}", "/api/v1/items/form-excel", keyLDAdmin, "application/json", `{"id":"form-excel","kind":"formation","title":"Excel","price_eur":-1}`, 400},
		{"DELETE /api/v1/items/{id}", "/api/v1/items/form-excel", keyLDAdmin, "", "", 204},
		{"DELETE /api/v1/items/{id}", "/api/v1/items/form-excel", keyLDAdmin, "", "", 404},
		{"POST /api/v1/items:import", "/api/v1/items:import", keyLDAdmin, "application/x-ndjson", `{"id":"a","kind":"formation","title":"A"}` + "\n", 200},
		{"POST /api/v1/items:import", "/api/v1/items:import?format=csv", keyLDAdmin, "text/csv", "id,kind,title\nb,formation,B\n", 200},
		{"POST /api/v1/items:import", "/api/v1/items:import", keyLDAdmin, "application/json", `[{"id":"c","kind":"formation","title":"C"}]`, 200},
		{"POST /api/v1/items:import", "/api/v1/items:import", keyLDAdmin, "application/yaml", "- id: e\n  kind: formation\n  title: E\n  price_eur: 90\n", 200},
		{"POST /api/v1/items:import", "/api/v1/items:import?skip_invalid=true", keyLDAdmin, "application/x-ndjson", `{"id":"f","kind":"formation","title":"F"}` + "\n" + `{"id":"g","kind":"formation"}` + "\n", 200},
		{"POST /api/v1/items:import", "/api/v1/items:import", keyLDAdmin, "application/x-ndjson", `{"id":"d","kind":"formation","title":"D","price_eur":-3}` + "\n", 422},
		{"POST /api/v1/items:import", "/api/v1/items:import", keyLDAdmin, "application/xml", "<items/>", 415},
		{"GET /api/v1/skills", "/api/v1/skills?q=mana&limit=5", keyEmployee, "", "", 200},
		{"GET /api/v1/skills", "/api/v1/skills", keyEmployee, "", "", 400},
		{"GET /api/v1/metiers", "/api/v1/metiers?q=respons", keyEmployee, "", "", 200},
		{"GET /api/v1/reports/skill-gaps", "/api/v1/reports/skill-gaps?limit=10", keyLDAdmin, "", "", 200},
		{"GET /api/v1/reports/skill-gaps", "/api/v1/reports/skill-gaps", keyManager, "", "", 403},
		{"GET /api/v1/reports/plan-actions", "/api/v1/reports/plan-actions", keyLDAdmin, "", "", 200},
		{"GET /api/v1/reports/plan-actions", "/api/v1/reports/plan-actions", keyEmployee, "", "", 403},
		// Plan routes refuse role keys with 404 (plan_authz_test.go checks
		// the people's answers).
		{"GET /api/v1/entretiens", "/api/v1/entretiens", keyEmployee, "", "", 404},
		{"POST /api/v1/entretiens", "/api/v1/entretiens", keyEmployee, "application/json", `{"type":"parcours","date":"2026-11-20"}`, 404},
		{"GET /api/v1/entretiens/{id}", "/api/v1/entretiens/X", keyEmployee, "", "", 404},
		{"PUT /api/v1/entretiens/{id}", "/api/v1/entretiens/X", keyEmployee, "application/json", `{"version":1}`, 404},
		{"DELETE /api/v1/entretiens/{id}", "/api/v1/entretiens/X", keyEmployee, "", "", 404},
		{"POST /api/v1/entretiens/{id}/signatures", "/api/v1/entretiens/X/signatures", keyEmployee, "application/json", `{"version":1}`, 404},
		{"GET /api/v1/entretiens/{id}/versions/{version}", "/api/v1/entretiens/X/versions/1", keyEmployee, "", "", 404},
		{"GET /api/v1/equipe", "/api/v1/equipe", keyManager, "", "", 404},
		{"GET /api/v1/me/export", "/api/v1/me/export", keyEmployee, "", "", 404},
	}
	covered := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.route+" "+tc.target, func(t *testing.T) {
			covered[tc.route] = true
			checkExchange(t, env, doc, tc)
		})
	}
	for _, r := range specKeys(doc) {
		if !covered[r] {
			t.Errorf("no exchange checks %s", r)
		}
	}
}

func checkExchange(t *testing.T, env *testEnv, doc *openapi3.T, tc exchange) {
	t.Helper()
	method, path, _ := strings.Cut(tc.route, " ")
	item := doc.Paths.Find(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s is not in the spec", tc.route)
	}
	status, header, body := env.call(t, method, tc.target, tc.key, tc.contentType, []byte(tc.body))
	if status != tc.status {
		t.Fatalf("status = %d, want %d; body: %s", status, tc.status, body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, env.srv.URL+tc.target, strings.NewReader(tc.body))
	if err != nil {
		t.Fatal(err)
	}
	if tc.contentType != "" {
		req.Header.Set("Content-Type", tc.contentType)
	}
	if tc.key != "" {
		req.Header.Set("Authorization", "Bearer "+tc.key)
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: pathParams(path, req.URL.Path),
		Route:      &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: item.GetOperation(method)},
		Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true},
	}
	if status < 300 {
		if err := openapi3filter.ValidateRequest(t.Context(), in); err != nil {
			t.Errorf("the request is invalid by the spec although the server accepted it: %v", err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Body: io.NopCloser(bytes.NewReader(body)), Options: in.Options}
	if err := openapi3filter.ValidateResponse(context.WithoutCancel(t.Context()), out); err != nil {
		t.Errorf("the response does not match the spec: %v\nbody: %.500s", err, body)
	}
}

// pathParams extracts {name} values of spec path p from a request path.
func pathParams(p, reqPath string) map[string]string {
	out := map[string]string{}
	ps, rs := strings.Split(p, "/"), strings.Split(reqPath, "/")
	for i, seg := range ps {
		if strings.HasPrefix(seg, "{") && i < len(rs) {
			out[strings.Trim(seg, "{}")] = rs[i]
		}
	}
	return out
}

// specBlind lists bad inputs whose rule the spec cannot express (a rule
// across fields, text with no word, encoding); the spec accepts them and
// only the server refuses them.
var specBlind = map[string]bool{
	"two objects":                     true, // trailing data after the object
	"trailing brace":                  true,
	"trailing bracket":                true,
	"no projet nor skill":             true, // a blank projet counts as none
	"only query syntax +-~":           true, // text without a word
	"only query syntax *:*":           true,
	"invalid UTF-8 in projet":         true, // encoding
	"invalid UTF-8 item":              true,
	"items query: invalid UTF-8 in q": true,
	"complete invalid UTF-8":          true,
	"end before start":                true, // rules across fields
	"session ends before it starts":   true,
	"mission ends before it starts":   true,
	"mentoring without mentor":        true,
	"PUT with another id":             true, // body against path
	"impossible date":                 true, // the pattern does not know the calendar
}

// TestSpecRejectsBadInput: the constraints written in the spec are those
// of the server — every bad input of the table that the server refuses
// with a 400 is invalid by the spec too, unless listed in specBlind.
func TestSpecRejectsBadInput(t *testing.T) {
	doc := loadSpec(t)
	var all []badInput
	for _, group := range [][]badInput{recommendationBadInputs(), itemsQueryBadInputs(), itemBadInputs()} {
		all = append(all, group...)
	}
	for _, tc := range all {
		if tc.status != http.StatusBadRequest {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), tc.method, "http://tremplin.test"+tc.target, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			route, params := findOperation(t, doc, tc.method, req.URL.Path)
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
			err = openapi3filter.ValidateRequest(t.Context(), in)
			switch {
			case err == nil && !specBlind[tc.name]:
				t.Errorf("the server refuses this request, the spec accepts it")
			case err != nil && specBlind[tc.name]:
				t.Errorf("listed in specBlind, yet the spec refuses it: %v", err)
			}
		})
	}
}

// findOperation finds the spec operation of a request path.
func findOperation(t *testing.T, doc *openapi3.T, method, path string) (*routers.Route, map[string]string) {
	t.Helper()
	for p, item := range doc.Paths.Map() {
		params := pathParams(p, path)
		if specPathMatches(p, path) && item.GetOperation(method) != nil {
			return &routers.Route{Spec: doc, Path: p, PathItem: item, Method: method, Operation: item.GetOperation(method)}, params
		}
	}
	t.Fatalf("no operation for %s %s", method, path)
	return nil, nil
}

// specPathMatches reports whether a request path matches spec path p.
func specPathMatches(p, path string) bool {
	ps, rs := strings.Split(p, "/"), strings.Split(path, "/")
	if len(ps) != len(rs) {
		return false
	}
	for i := range ps {
		if !strings.HasPrefix(ps[i], "{") && ps[i] != rs[i] {
			return false
		}
	}
	return true
}

// TestRealResponsesMatchSpec checks answers of the real stack (Bleve,
// vector store, local embedder, real recommender, demo catalog) against
// the spec: every item kind, a recommendation with its plan and score
// breakdown, an import, the reports.
func TestRealResponsesMatchSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the demo catalog")
	}
	doc := loadSpec(t)
	env := &testEnv{srv: newWebServer(t, allKeys, Options{RatePerSecond: 1e6, Burst: 1e6})}
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	tests := []exchange{
		{"POST /api/v1/recommendations", "/api/v1/recommendations", webKeyEmployee, jsonCT,
			`{"projet":"Je suis technicien de maintenance et je veux devenir responsable de maintenance","desired_skills":["Management d'équipe"],"current_role":"Technicien de maintenance","constraints":{"max_price_eur":5000},"per_kind":3,"explain":true}`, 200},
		{"POST /api/v1/recommendations", "/api/v1/recommendations", webKeyManager, jsonCT,
			`{"projet":"devenir chargé de recrutement","constraints":{"kinds":["mission","mentoring"],"from":"2026-01-01","to":"2027-12-31","modality":"distanciel","cpf_only":true}}`, 200},
		{"GET /api/v1/items", "/api/v1/items?q=maintenance&limit=100", webKeyEmployee, "", "", 200},
		{"GET /api/v1/items", "/api/v1/items?limit=100&offset=0&include_inactive=true", webKeyLD, "", "", 200},
		{"GET /api/v1/skills", "/api/v1/skills?q=man&limit=50", webKeyEmployee, "", "", 200},
		{"POST /api/v1/items:import", "/api/v1/items:import?format=yaml", webKeyLD, "application/yaml",
			"- id: form-test-yaml\n  kind: formation\n  title: Tableaux de bord de maintenance\n  price_eur: 900\n  sessions:\n    - start: \"2026-10-05\"\n", 200},
		{"GET /api/v1/items/{id}", "/api/v1/items/form-test-yaml", webKeyEmployee, "", "", 200},
		{"GET /api/v1/reports/skill-gaps", "/api/v1/reports/skill-gaps?limit=500", webKeyLD, "", "", 200},
		{"GET /readyz", "/readyz", "", "", "", 200},
	}
	seen := map[catalog.Kind]bool{}
	for _, it := range items {
		if !seen[it.Kind] {
			seen[it.Kind] = true
			tests = append(tests, exchange{"GET /api/v1/items/{id}", "/api/v1/items/" + url.PathEscape(it.ID), webKeyEmployee, "", "", 200})
		}
	}
	for _, tc := range tests {
		t.Run(tc.route+" "+tc.target, func(t *testing.T) { checkExchange(t, env, doc, tc) })
	}
}
