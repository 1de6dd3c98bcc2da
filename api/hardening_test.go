package api

import (
	"context"
	"fmt"

	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// TestMetricsCardinality: made-up methods and paths, sent without
// credentials, add no series to /metrics: labels come from closed sets.
func TestMetricsCardinality(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rng.IntN(26)]
		}
		return string(b)
	}
	prefixes := []string{"/", "/api/v1/", "/api/v1/items/", "/static/", "/catalogue/", "/fiche/"}
	for i := range 20_000 {
		method := word(3 + rng.IntN(8))
		if i%10 == 0 {
			method = http.MethodGet
		}
		req := httptest.NewRequest(method, prefixes[rng.IntN(len(prefixes))]+strings.ToLower(word(5+rng.IntN(20))), nil)
		env.engine.ServeHTTP(httptest.NewRecorder(), req)
	}
	rec := httptest.NewRecorder()
	env.engine.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: status %d", rec.Code)
	}
	if len(body) > 200<<10 {
		t.Errorf("/metrics is %d KB after 20,000 made-up requests, want < 200 KB", len(body)>>10)
	}
	for _, want := range []string{`method="other"`, `route="unmatched"`, `route="/api/v1/items/:id"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics has no series with %s", want)
		}
	}
}

// TestUnmatchedRoutesAreRateLimited: unknown routes and methods cost a
// token of the client IP's bucket.
func TestUnmatchedRoutesAreRateLimited(t *testing.T) {
	env := newTestEnv(t, Options{RatePerSecond: 1, Burst: 2}, nil)
	var statuses []int
	for _, m := range []string{"GET", "BREW", "GET"} {
		status, h, _ := env.call(t, m, "/nulle-part", "", "", nil)
		statuses = append(statuses, status)
		if status == http.StatusTooManyRequests && h.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if fmt.Sprint(statuses) != "[404 404 429]" {
		t.Errorf("statuses %v, want [404 404 429]", statuses)
	}
}

// hostCall sends method target to env with the Host header host, as a
// browser on a rebound name would (same-origin for the browser).
func hostCall(t *testing.T, env *testEnv, method, target, host, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, env.srv.URL+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("Origin", "http://"+host)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if body != "" {
		req.Header.Set("Content-Type", jsonCT)
	}
	status, _, b := env.send(t, req)
	return status, b
}

// TestHostCheck: in open demo mode (everyone is ld_admin) only loopback
// host names and the allowed hosts are served, against DNS rebinding.
func TestHostCheck(t *testing.T) {
	open := newTestEnv(t, Options{Keys: &Keys{}, AllowedHosts: []string{"tremplin.example.fr", "rh.example.fr:8443"}}, nil)
	port := open.srv.URL[strings.LastIndex(open.srv.URL, ":")+1:]
	item := `{"id":"form-rebind","kind":"formation","title":"Créée par un site tiers"}`
	tests := []struct {
		name, method, target, host, body string
		want                             int
	}{
		{"rebound name creates an item", "POST", "/api/v1/items", "evil.example:" + port, item, 421},
		{"rebound name deletes an item", "DELETE", "/api/v1/items/form-management", "evil.example:" + port, "", 421},
		{"rebound name reads the catalog", "GET", "/api/v1/items", "evil.example", "", 421},
		{"rebound name opens a page", "GET", "/catalogue", "evil.example:" + port, "", 421},
		{"unknown route on a rebound name", "GET", "/nulle-part", "evil.example", "", 421},
		{"name ending like localhost", "GET", "/api/v1/items", "localhost.evil.example:" + port, "", 421},
		{"allowed host on another port", "GET", "/api/v1/items", "rh.example.fr:9000", "", 421},
		{"0.0.0.0", "GET", "/api/v1/items", "0.0.0.0:" + port, "", 421},
		{"localhost", "GET", "/api/v1/items", "localhost:" + port, "", 200},
		{"LOCALHOST without port", "GET", "/api/v1/items", "LOCALHOST", "", 200},
		{"127.0.0.1", "GET", "/api/v1/items", "127.0.0.1:" + port, "", 200},
		{"127.1.2.3", "GET", "/api/v1/items", "127.1.2.3:" + port, "", 200},
		{"[::1]", "GET", "/api/v1/items", "[::1]:" + port, "", 200},
		{"allowed host", "GET", "/", "Tremplin.Example.FR:8080", "", 200},
		{"allowed host and port", "GET", "/api/v1/items", "rh.example.fr:8443", "", 200},
		{"health on any host", "GET", "/healthz", "10.1.2.3:" + port, "", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := hostCall(t, open, tc.method, tc.target, tc.host, tc.body)
			if status != tc.want {
				t.Fatalf("status %d, want %d; body %.200s", status, tc.want, body)
			}
			if status == 421 && !isWebRoute(tc.target) && tc.target != "/nulle-part" {
				checkErrorBody(t, body, "host_not_allowed", "")
			}
		})
	}
	if _, err := open.catalog.Item(t.Context(), "form-rebind"); err == nil {
		t.Error("an item was created through a rebound host name")
	}
	if _, err := open.catalog.Item(t.Context(), "form-management"); err != nil {
		t.Error("an item was deleted through a rebound host name")
	}
	// With keys and no allowed hosts, any Host is served as before.
	keyed := newTestEnv(t, Options{}, nil)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, keyed.srv.URL+"/api/v1/items", nil)
	req.Host = "tremplin.interne"
	req.Header.Set("Authorization", "Bearer "+keyEmployee)
	if status, _, _ := keyed.send(t, req); status != http.StatusOK {
		t.Errorf("with keys, Host tremplin.interne: status %d, want 200", status)
	}
}

// TestRateLimitPerSession: one employee exhausting the employee key's
// bucket does not lock out another employee's web session, nor the same
// key from another client address.
func TestRateLimitPerSession(t *testing.T) {
	env := newTestEnv(t, Options{TrustedProxies: []string{"127.0.0.1"}}, nil) // default rate: 50/s, burst 100
	cookie := sessionFor(t, env.srv.URL, keyEmployee)
	limited := 0
	for range 150 {
		if status, _, _ := env.call(t, http.MethodGet, "/api/v1/skills?q=man", keyEmployee, "", nil); status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("150 requests in a row were never limited: the test proves nothing")
	}
	status, _, body := webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "", http.Header{"Cookie": {cookie}})
	if status != http.StatusOK {
		t.Errorf("another employee's session: status %d, want 200; body %.200s", status, body)
	}
	status, _, _ = webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "",
		http.Header{"Authorization": {"Bearer " + keyEmployee}, "X-Forwarded-For": {"203.0.113.7"}})
	if status != http.StatusOK {
		t.Errorf("the same key from another address: status %d, want 200", status)
	}
}

// changingSkills answers each completion with a label naming the call:
// a cached answer is the first one again.
type changingSkills struct{ calls int }

func (s *changingSkills) Complete(prefix string, n int) []catalog.Skill {
	s.calls++
	return []catalog.Skill{{ID: "s", Label: fmt.Sprintf("%s (réponse %d)", prefix, s.calls)}}
}

// TestCompletionCache: the same completion is answered from the cache; a
// different prefix or limit is not.
func TestCompletionCache(t *testing.T) {
	env := newTestEnv(t, Options{}, func(d *Deps) { d.Skills = &changingSkills{} })
	get := func(target string) string {
		status, _, body := env.call(t, http.MethodGet, target, keyEmployee, "", nil)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d", target, status)
		}
		return string(body)
	}
	first := get("/api/v1/skills?q=mana&limit=8")
	if again := get("/api/v1/skills?q=mana&limit=8"); again != first {
		t.Errorf("same completion answered anew: %s, then %s", first, again)
	}
	if other := get("/api/v1/skills?q=manag&limit=8"); other == first || !strings.Contains(other, "manag (réponse") {
		t.Errorf("another prefix answered from the cache: %s", other)
	}
}

// infRecommender answers with a score JSON cannot encode.
type infRecommender struct{}

func (infRecommender) Recommend(context.Context, recommender.Request) (recommender.Response, error) {
	return recommender.Response{Suggestions: []recommender.KindSuggestions{{Kind: catalog.KindFormation,
		Items: []recommender.Suggestion{{ID: "x", Title: "X", Score: math.Inf(1)}}}}}, nil
}

// TestEncodingFailureIs500: an answer that cannot be encoded is a logged
// 500 with an error body, never an empty 200.
func TestEncodingFailureIs500(t *testing.T) {
	env := newTestEnv(t, Options{}, func(d *Deps) {
		d.Recommender = infRecommender{}
		c := d.Catalog.(*fakeCatalog)
		c.items["form-inf"] = catalog.Item{ID: "form-inf", Kind: catalog.KindFormation, Title: "Infinie", PriceEUR: ptr(math.Inf(1)), Active: true}
	})
	for _, tc := range []struct{ method, target, body string }{
		{"POST", recoURL, `{"projet":"devenir chef d'équipe"}`},
		{"GET", "/api/v1/items/form-inf", ""},
		{"GET", "/api/v1/items?q=infinie", ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			status, _, body := env.call(t, tc.method, tc.target, keyLDAdmin, jsonCT, []byte(tc.body))
			if status != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500; body %q", status, body)
			}
			checkErrorBody(t, body, "internal", "")
		})
	}
	if n := strings.Count(env.logs.String(), "encode response"); n != 3 {
		t.Errorf("%d encoding failures logged, want 3", n)
	}
}

// TestSecureCookie: the session cookie is Secure when the browser reached
// Tremplin over https: through a trusted proxy's X-Forwarded-Proto (not
// anyone's), or per the public URL, which also turns on HSTS.
func TestSecureCookie(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		proto      string
		wantSecure bool
		wantHSTS   bool
	}{
		{"plain http", Options{}, "", false, false},
		{"X-Forwarded-Proto from anyone", Options{}, "https", false, false},
		{"X-Forwarded-Proto from an untrusted peer", Options{TrustedProxies: []string{"10.0.0.1"}}, "https", false, false},
		{"X-Forwarded-Proto from a trusted proxy", Options{TrustedProxies: []string{"127.0.0.0/8"}}, "https", true, false},
		{"trusted proxy says http", Options{TrustedProxies: []string{"127.0.0.1"}}, "http", false, false},
		{"https public URL", Options{PublicURL: "https://localhost"}, "", true, true},
		{"http public URL", Options{PublicURL: "http://localhost"}, "", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, tc.opts, nil)
			h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
			if tc.proto != "" {
				h.Set("X-Forwarded-Proto", tc.proto)
			}
			status, got, _ := webCall(t, http.MethodPost, env.srv.URL+"/connexion", url.Values{"cle": {keyEmployee}}.Encode(), h)
			c, err := http.ParseSetCookie(got.Get("Set-Cookie"))
			if status != http.StatusSeeOther || err != nil {
				t.Fatalf("sign-in: status %d, cookie %q", status, got.Get("Set-Cookie"))
			}
			if c.Secure != tc.wantSecure {
				t.Errorf("cookie Secure = %v, want %v", c.Secure, tc.wantSecure)
			}
			if hsts := got.Get("Strict-Transport-Security"); (hsts != "") != tc.wantHSTS || (tc.wantHSTS && !strings.HasPrefix(hsts, "max-age=")) {
				t.Errorf("Strict-Transport-Security = %q, want it: %v", hsts, tc.wantHSTS)
			}
			if pp := got.Get("Permissions-Policy"); !strings.Contains(pp, "camera=()") {
				t.Errorf("Permissions-Policy = %q", pp)
			}
		})
	}
}

// TestBadProxyOrPublicURL: a malformed trusted proxy or public URL is a
// configuration error, not a silent default.
func TestBadProxyOrPublicURL(t *testing.T) {
	for _, o := range []Options{{TrustedProxies: []string{"pas-une-ip"}}, {PublicURL: "ftp://tremplin"}, {PublicURL: "https://"}} {
		if _, err := NewServer(Deps{}, o); err == nil {
			t.Errorf("NewServer(%+v) accepted it", o)
		}
	}
}

// TestFailedAuthBucket: wrong keys spend a bucket of their own, stricter
// than the normal one; once it is empty even a right key from that address
// waits (a correct guess must not show), but the normal bucket is untouched.
func TestFailedAuthBucket(t *testing.T) {
	env := newTestEnv(t, Options{AuthFailureRate: 0.01, AuthFailureBurst: 3}, nil)
	var statuses []int
	for range 4 {
		status, h, body := env.call(t, http.MethodGet, "/api/v1/items", "cle-inventee-0123456789abcdef", "", nil)
		statuses = append(statuses, status)
		if status == http.StatusTooManyRequests {
			checkErrorBody(t, body, "rate_limited", "")
			if h.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if fmt.Sprint(statuses) != "[401 401 401 429]" {
		t.Fatalf("wrong keys: statuses %v, want [401 401 401 429]", statuses)
	}
	if status, _, _ := env.call(t, http.MethodGet, "/api/v1/items", keyEmployee, "", nil); status != http.StatusTooManyRequests {
		t.Errorf("right key after the failures: status %d, want 429", status)
	}
	// The sign-in page shares the bucket and says when to come back.
	status, h, _ := webCall(t, http.MethodPost, env.srv.URL+"/connexion", url.Values{"cle": {keyEmployee}}.Encode(),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if status != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Errorf("sign-in after the failures: status %d, Retry-After %q; want 429 with Retry-After", status, h.Get("Retry-After"))
	}
	// Requests without credentials are not failures: they spend the normal bucket.
	fresh := newTestEnv(t, Options{AuthFailureRate: 0.01, AuthFailureBurst: 1}, nil)
	for range 3 {
		fresh.call(t, http.MethodGet, "/api/v1/items", "", "", nil)
	}
	if status, _, _ := fresh.call(t, http.MethodGet, "/api/v1/items", keyEmployee, "", nil); status != http.StatusOK {
		t.Errorf("right key after requests without credentials: status %d, want 200", status)
	}
}

// TestSignInFailuresRetryAfter: wrong keys on /connexion end in a French
// 429 page with Retry-After.
func TestSignInFailuresRetryAfter(t *testing.T) {
	env := newTestEnv(t, Options{AuthFailureRate: 0.01, AuthFailureBurst: 2}, nil)
	var last int
	var h http.Header
	var body string
	for range 3 {
		last, h, body = webCall(t, http.MethodPost, env.srv.URL+"/connexion", url.Values{"cle": {"cle-inventee-0123456789abcdef"}}.Encode(),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	}
	if last != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(body, "Trop de tentatives") {
		t.Errorf("third wrong key: status %d, Retry-After %q; want 429, Retry-After and a French message", last, h.Get("Retry-After"))
	}
}

// TestIPBucket: IPv6 callers are grouped by /64, IPv4 ones by address.
func TestIPBucket(t *testing.T) {
	same := [][2]string{
		{"2001:db8:1:2::1", "2001:db8:1:2:ffff:eeee:dddd:cccc"},
		{"192.0.2.7", "::ffff:192.0.2.7"},
	}
	for _, p := range same {
		if ipBucket(p[0]) != ipBucket(p[1]) {
			t.Errorf("%s and %s in different buckets (%s, %s)", p[0], p[1], ipBucket(p[0]), ipBucket(p[1]))
		}
	}
	for _, p := range [][2]string{{"2001:db8:1:2::1", "2001:db8:1:3::1"}, {"192.0.2.7", "192.0.2.8"}} {
		if ipBucket(p[0]) == ipBucket(p[1]) {
			t.Errorf("%s and %s share bucket %s", p[0], p[1], ipBucket(p[0]))
		}
	}
}

// TestLimitersForgetLeastRecent: a flood of new callers never resets the
// bucket of one that keeps calling (the map used to be emptied wholesale).
func TestLimitersForgetLeastRecent(t *testing.T) {
	l := newLimiters(0.001, 1)
	victim := ipBucket("198.51.100.1")
	if !l.get(victim).Allow() {
		t.Fatal("first request refused")
	}
	for i := range maxBuckets + 10 {
		l.get(ipBucket(fmt.Sprintf("2001:db8:%x:%x::1", i>>16, i&0xffff)))
		if i%1000 == 0 {
			l.get(victim)
		}
	}
	if l.get(victim).Allow() {
		t.Error("the victim's empty bucket was reset by a flood of other callers")
	}
	if n := l.m.Len(); n > maxBuckets {
		t.Errorf("%d buckets kept, want at most %d", n, maxBuckets)
	}
}

// TestHead: HEAD answers like GET, without a body, on the health checks
// and the pages.
func TestHead(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	cookie := sessionFor(t, env.srv.URL, keyLDAdmin)
	for _, target := range []string{"/healthz", "/readyz", "/", "/plan/imprimer", "/fiche/form-management", "/catalogue",
		"/catalogue/importer", "/catalogue/lacunes", "/catalogue/form-management", "/connexion", "/deconnexion", "/static/app.js"} {
		t.Run(target, func(t *testing.T) {
			h := http.Header{"Cookie": {cookie}}
			gs, gh, _ := webCall(t, http.MethodGet, env.srv.URL+target, "", h)
			hs, hh, body := webCall(t, http.MethodHead, env.srv.URL+target, "", h)
			if gs != http.StatusOK || hs != gs || hh.Get("Content-Type") != gh.Get("Content-Type") || body != "" {
				t.Errorf("GET %d %q; HEAD %d %q with %d bytes of body", gs, gh.Get("Content-Type"), hs, hh.Get("Content-Type"), len(body))
			}
		})
	}
}

// TestIncludeInactiveIsForLD: only ld_admin may list withdrawn items.
func TestIncludeInactiveIsForLD(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	for key, want := range map[string]int{keyEmployee: 403, keyManager: 403, keyLDAdmin: 200} {
		status, _, body := env.call(t, http.MethodGet, "/api/v1/items?include_inactive=true", key, "", nil)
		if status != want {
			t.Errorf("key %s: status %d, want %d", key, status, want)
		}
		if status == 403 {
			checkErrorBody(t, body, "forbidden", "include_inactive")
		}
	}
	if status, _, _ := env.call(t, http.MethodGet, "/api/v1/items?include_inactive=false", keyEmployee, "", nil); status != 200 {
		t.Errorf("include_inactive=false for an employee: status %d, want 200", status)
	}
}
