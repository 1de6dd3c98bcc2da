package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/recommender"
)

func TestRateLimit(t *testing.T) {
	env := newTestEnv(t, Options{RatePerSecond: 1, Burst: 2}, nil)
	var statuses []int
	var retryAfter string
	for range 3 {
		status, h, body := env.call(t, http.MethodGet, "/api/v1/items", keyEmployee, "", nil)
		statuses = append(statuses, status)
		if status == http.StatusTooManyRequests {
			retryAfter = h.Get("Retry-After")
			checkErrorBody(t, body, "rate_limited", "")
		}
	}
	if diff := cmp.Diff([]int{200, 200, 429}, statuses); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	if n, err := strconv.Atoi(retryAfter); err != nil || n < 1 {
		t.Errorf("Retry-After = %q, want a whole number of seconds ≥ 1", retryAfter)
	}
	// The limit is per caller: another key is still served, and so are the
	// health checks.
	if status, _, _ := env.call(t, http.MethodGet, "/api/v1/items", keyManager, "", nil); status != http.StatusOK {
		t.Errorf("another key: status = %d, want 200", status)
	}
	if status, _, _ := env.call(t, http.MethodGet, "/healthz", keyEmployee, "", nil); status != http.StatusOK {
		t.Errorf("/healthz: status = %d, want 200", status)
	}
}

// TestWrongKeysAreRateLimited: guessing keys spends the caller IP's bucket
// of failed authentications (see also TestFailedAuthBucket).
func TestWrongKeysAreRateLimited(t *testing.T) {
	env := newTestEnv(t, Options{AuthFailureRate: 1, AuthFailureBurst: 2}, nil)
	var statuses []int
	for range 3 {
		status, _, _ := env.call(t, http.MethodGet, "/api/v1/items", "cle-inventee", "", nil)
		statuses = append(statuses, status)
	}
	if diff := cmp.Diff([]int{401, 401, 429}, statuses); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
}

func TestSecurityHeaders(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "no-referrer",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Cache-Control":              "no-store",
		"Permissions-Policy":         permissionsPolicy,
	}
	for _, target := range []string{"/healthz", "/api/v1/items", "/api/v1/items/absent", "/nowhere"} {
		t.Run(target, func(t *testing.T) {
			_, h, _ := env.call(t, http.MethodGet, target, keyEmployee, "", nil)
			for name, v := range want {
				if got := h.Get(name); got != v {
					t.Errorf("%s = %q, want %q", name, got, v)
				}
			}
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	const allowed = "https://rh.example.fr"
	env := newTestEnv(t, Options{CORSOrigins: []string{allowed}}, nil)
	tests := []struct {
		name, method, origin string
		wantStatus           int
		wantAllow            string
	}{
		{"allowed origin", http.MethodGet, allowed, 200, allowed},
		{"other origin", http.MethodGet, "https://evil.example.com", 200, ""},
		{"origin that only starts the same", http.MethodGet, allowed + ".evil.example.com", 200, ""},
		{"no origin", http.MethodGet, "", 200, ""},
		{"preflight from allowed origin", http.MethodOptions, allowed, 204, allowed},
		{"preflight from other origin", http.MethodOptions, "https://evil.example.com", 405, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, h, _ := env.do(t, tc.method+" /api/v1/items", "/api/v1/items", "", "", func(r *http.Request) {
				r.Header.Set("Authorization", "Bearer "+keyEmployee)
				if tc.origin != "" {
					r.Header.Set("Origin", tc.origin)
					r.Header.Set("Access-Control-Request-Method", "GET")
				}
			})
			if status != tc.wantStatus {
				t.Errorf("status = %d, want %d", status, tc.wantStatus)
			}
			if got := h.Get("Access-Control-Allow-Origin"); got != tc.wantAllow {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tc.wantAllow)
			}
			if tc.wantAllow != "" && !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Authorization") {
				t.Errorf("Access-Control-Allow-Headers = %q, want Authorization in it", h.Get("Access-Control-Allow-Headers"))
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	generated := regexp.MustCompile(`^[0-9a-f]{16}$`)
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"sane id is echoed", "req-2026-abc", true},
		{"none: one is made", "", false},
		{"with a space: replaced", "abc def", false},
		{"too long: replaced", strings.Repeat("a", 65), false},
		{"non-ASCII: replaced", "requête", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, h, _ := env.do(t, "GET /healthz", "/healthz", "", "", func(r *http.Request) {
				if tc.sent != "" {
					r.Header.Set("X-Request-Id", tc.sent)
				}
			})
			got := h.Get("X-Request-Id")
			if tc.keep && got != tc.sent {
				t.Errorf("X-Request-Id = %q, want %q", got, tc.sent)
			}
			if !tc.keep && !generated.MatchString(got) {
				t.Errorf("X-Request-Id = %q, want 16 hex digits", got)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	env := newTestEnv(t, Options{}, func(d *Deps) { d.Recommender.(*fakeRecommender).degraded = true })
	env.call(t, http.MethodGet, "/api/v1/items", keyEmployee, "", nil)
	env.call(t, http.MethodGet, "/api/v1/items/:id", keyEmployee, "", nil)
	env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, []byte(`{"projet":"devenir responsable de maintenance"}`))
	status, h, body := env.call(t, http.MethodGet, "/metrics", "", "", nil)
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics: %d %s", status, h.Get("Content-Type"))
	}
	for _, want := range []string{
		`tremplin_http_request_duration_seconds_count{method="GET",route="/api/v1/items",status="200"} 1`,
		`tremplin_http_request_duration_seconds_count{method="GET",route="/api/v1/items/:id",status="404"} 1`,
		`tremplin_http_request_duration_seconds_count{method="POST",route="/api/v1/recommendations",status="200"} 1`,
		`tremplin_recommendation_suggestions_count{kind="formation"} 1`,
		`tremplin_recommendations_degraded_total 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestReadyz(t *testing.T) {
	tests := []struct {
		name       string
		ready      map[string]Pinger
		wantStatus int
		want       map[string]any
	}{
		{"all up", map[string]Pinger{"index": pingFunc(func(context.Context) error { return nil })}, 200,
			map[string]any{"status": "ready", "checks": map[string]any{"index": "ok"}}},
		{"postgres down", map[string]Pinger{
			"index":    pingFunc(func(context.Context) error { return nil }),
			"postgres": pingFunc(func(context.Context) error { return errDown }),
		}, 503, map[string]any{"status": "not_ready", "checks": map[string]any{"index": "ok", "postgres": "indisponible"}}},
		{"nothing to check", nil, 200, map[string]any{"status": "ready", "checks": map[string]any{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, Options{}, func(d *Deps) { d.Ready = tc.ready })
			status, _, body := env.call(t, http.MethodGet, "/readyz", "", "", nil)
			if status != tc.wantStatus {
				t.Errorf("status = %d, want %d", status, tc.wantStatus)
			}
			var got map[string]any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
			if strings.Contains(string(body), errDown.Error()) {
				t.Errorf("the cause of the failure is shown: %s", body)
			}
		})
	}
}

// TestAccessLogsKeepNoProjet: the logs say which route was called, never
// the projet, the skills or the search text.
func TestAccessLogsKeepNoProjet(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	const (
		projet = "Zorglub7391 veut devenir responsable de maintenance"
		skill  = "Compétence-secrète-4242"
		search = "Recherche-privée-5555"
	)
	body := `{"projet":"` + projet + `","desired_skills":["` + skill + `"],"current_role":"Rôle-caché-8080"}`
	if status, _, b := env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, []byte(body)); status != 200 {
		t.Fatalf("recommendation: %d %s", status, b)
	}
	env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, []byte(`{"projet":"`+projet+`","secret":"`+skill+`"}`)) // 400
	env.call(t, http.MethodGet, "/api/v1/items?q="+search, keyEmployee, "", nil)
	env.call(t, http.MethodGet, "/api/v1/skills?q="+search, keyEmployee, "", nil)
	logs := env.logs.String()
	for _, secret := range []string{"Zorglub7391", "secrète-4242", "Rôle-caché", "privée-5555"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain %q:\n%s", secret, logs)
		}
	}
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	var routes []string
	for _, l := range lines {
		var rec struct {
			Msg   string `json:"msg"`
			Route string `json:"route"`
		}
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", l)
		}
		routes = append(routes, rec.Msg+" "+rec.Route)
	}
	want := []string{"http request " + recoURL, "http request " + recoURL, "http request /api/v1/items", "http request /api/v1/skills"}
	if diff := cmp.Diff(want, routes); diff != "" {
		t.Errorf("logged routes (-want +got):\n%s\nlogs:\n%s", diff, logs)
	}
}

// failingRecommender fails or panics.
type failingRecommender struct{ panics bool }

func (f failingRecommender) Recommend(context.Context, recommender.Request) (recommender.Response, error) {
	if f.panics {
		panic("index out of range [3] with length 3")
	}
	return recommender.Response{}, errors.New("pgx: connection to 10.0.0.5:5432 refused")
}

// TestInternalErrorsShowNoCause: a failing or panicking dependency gives a
// 500 with a French message; the cause is logged, not shown.
func TestInternalErrorsShowNoCause(t *testing.T) {
	for _, panics := range []bool{false, true} {
		t.Run("panics="+strconv.FormatBool(panics), func(t *testing.T) {
			env := newTestEnv(t, Options{}, func(d *Deps) { d.Recommender = failingRecommender{panics: panics} })
			status, _, body := env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, []byte(`{"projet":"devenir chef"}`))
			if status != http.StatusInternalServerError {
				t.Fatalf("status = %d, want 500", status)
			}
			checkErrorBody(t, body, "internal", "")
			for _, leak := range []string{"10.0.0.5", "pgx", "index out of range"} {
				if strings.Contains(string(body), leak) {
					t.Errorf("the body shows the cause (%q): %s", leak, body)
				}
			}
			if logs := env.logs.String(); !strings.Contains(logs, "10.0.0.5") && !strings.Contains(logs, "index out of range") {
				t.Errorf("the cause is not logged:\n%s", logs)
			}
		})
	}
}

// TestDemandFeedsSkillGaps: the skills a recommendation had to cover show
// up, as counts, in the L&D report.
func TestDemandFeedsSkillGaps(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	for range 2 {
		env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, []byte(`{"desired_skills":["Logistique durable","Management d'équipe"]}`))
	}
	status, _, body := env.call(t, http.MethodGet, "/api/v1/reports/skill-gaps", keyLDAdmin, "", nil)
	if status != http.StatusOK {
		t.Fatalf("status = %d; body %s", status, body)
	}
	want := `{"skill_gaps":[{"skill":"Logistique durable","requests":2,"coverage":0},{"skill":"Management d'équipe","requests":2,"coverage":1}],"unknown_skills":[],"metiers_without_offer":[]}`
	if string(body) != want {
		t.Errorf("report = %s, want %s", body, want)
	}
}
