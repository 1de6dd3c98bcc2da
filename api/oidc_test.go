package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/tremplin/tremplin/catalog"
)

// oidcPerson is a user of the mock identity provider, with the claims
// Tremplin reads: name, roles, manager; aud, when set, replaces the
// audience of the ID token.
type oidcPerson struct {
	sub, name, manager, aud string
	roles                   []string
}

func (u oidcPerson) ID() string { return u.sub }

func (u oidcPerson) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.sub})
}

func (u oidcPerson) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.aud != "" {
		base.Audience = jwt.ClaimStrings{u.aud}
	}
	return struct {
		*mockoidc.IDTokenClaims
		Name    string   `json:"name,omitempty"`
		Roles   []string `json:"roles,omitempty"`
		Manager string   `json:"manager,omitempty"`
	}{base, u.name, u.roles, u.manager}, nil
}

// oidcEnv is Tremplin with OIDC sign-in (and no API key) in front of a
// running mock provider.
type oidcEnv struct {
	op   *mockoidc.MockOIDC
	base string
}

// With loginPage, the provider first shows a page whose button the user
// clicks, as a real one does: the way back is then a navigation that
// another site starts.
func newOIDCEnv(t *testing.T, loginPage bool) *oidcEnv {
	t.Helper()
	op, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if loginPage {
		if err := op.AddMiddleware(providerLoginPage); err != nil {
			t.Fatal(err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = op.Shutdown() })
	srv := httptest.NewUnstartedServer(nil)
	// Tremplin on localhost, the provider on 127.0.0.1: two sites, as in
	// production, so that SameSite cookies are tested across them.
	base := "http://localhost:" + strings.TrimPrefix(srv.Listener.Addr().String(), "127.0.0.1:")
	tax, err := catalog.NewTaxonomy([]catalog.Skill{{ID: "budget-maintenance", Label: "Budget de maintenance", Domain: "Maintenance"}})
	if err != nil {
		t.Fatal(err)
	}
	cat := newFakeCatalog(testItems()...)
	h, err := NewServer(Deps{Recommender: &fakeRecommender{catalog: cat}, Catalog: cat, Skills: tax,
		Demand: &fakeDemand{counts: map[string]int{}, catalog: cat}},
		Options{Logger: slog.New(slog.DiscardHandler), OIDC: &OIDCConfig{
			Issuer: op.Issuer(), ClientID: op.ClientID, ClientSecret: op.ClientSecret,
			RedirectURL: base + "/connexion/oidc/retour",
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &oidcEnv{op: op, base: base}
}

// providerLoginPage answers the authorization endpoint with a page whose
// button confirms the sign-in.
func providerLoginPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != mockoidc.AuthorizationEndpoint || r.URL.Query().Get("confirme") != "" {
			next.ServeHTTP(w, r)
			return
		}
		q := r.URL.Query()
		q.Set("confirme", "1")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="fr"><title>Fournisseur</title><a id="idp-ok" href="%s">Confirmer</a></html>`,
			html.EscapeString(r.URL.Path+"?"+q.Encode()))
	})
}

// browser returns an HTTP client with a cookie jar that follows redirects.
func (e *oidcEnv) browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

// authorize starts sign-in with client (which keeps the attempt cookie)
// and returns the callback URL the provider sends the browser to.
func (e *oidcEnv) authorize(t *testing.T, client *http.Client, next string) *url.URL {
	t.Helper()
	stop := *client
	stop.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	loc := e.base + "/connexion/oidc?suite=" + url.QueryEscape(next)
	for range 2 { // Tremplin, then the provider
		resp, err := stop.Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("GET %s: status %d, want 302", loc, resp.StatusCode)
		}
		loc = resp.Header.Get("Location")
	}
	u, err := url.Parse(loc)
	if err != nil || !strings.HasPrefix(loc, e.base+"/connexion/oidc/retour?") {
		t.Fatalf("provider redirected to %q, want the callback", loc)
	}
	return u
}

func fetchPage(t *testing.T, client *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestOIDCSignIn: the whole code flow over HTTP. The sign-in page offers
// the provider; the attempt cookie is HttpOnly and SameSite=Lax; the
// provider receives an S256 challenge and a nonce; the callback opens a
// session with the most privileged role of the claims and the page asked for.
func TestOIDCSignIn(t *testing.T) {
	e := newOIDCEnv(t, false)
	client := e.browser(t)
	if status, body := fetchPage(t, client, e.base+"/"); status != http.StatusOK || !strings.Contains(body, "Se connecter avec l'identité de l'entreprise") {
		t.Fatalf("GET / signed out: status %d; want the sign-in page offering the company identity; body: %.3000s", status, body)
	}
	if status, _ := fetchPage(t, client, e.base+"/api/v1/items"); status != http.StatusUnauthorized {
		t.Fatalf("API signed out: status %d, want 401 (OIDC configured: not open demo mode)", status)
	}

	stop := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := stop.Get(e.base + "/connexion/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	auth, _ := url.Parse(resp.Header.Get("Location"))
	q := auth.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" {
		t.Errorf("authorization request %v: want an S256 challenge, a nonce and a state", q)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || cookies[0].Name != oidcCookie || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode || cookies[0].MaxAge <= 0 || cookies[0].MaxAge > 3600 {
		t.Errorf("attempt cookies = %+v; want one short-lived HttpOnly SameSite=Lax cookie", cookies)
	}

	e.op.QueueUser(oidcPerson{sub: "u-123", name: "Claire Martin", manager: "u-900", roles: []string{"employee", "manager"}})
	cb := e.authorize(t, client, "/catalogue?q=excel")
	status, body := fetchPage(t, client, cb.String())
	if status != http.StatusOK || !strings.Contains(body, "Claire Martin") || !strings.Contains(body, `url=/catalogue?q=excel`) {
		t.Fatalf("callback: status %d; want 200 naming the user and moving on to /catalogue?q=excel; body: %.600s", status, body)
	}
	if status, body := fetchPage(t, client, e.base+"/plan/imprimer"); status != http.StatusOK || !strings.Contains(body, `<span class="badge">Manager</span>`) {
		t.Errorf("page after sign-in: status %d; want 200, signed in as Manager", status)
	}
	if status, _ := fetchPage(t, client, e.base+"/api/v1/items?q=excel"); status != http.StatusOK {
		t.Errorf("API with the session: status %d, want 200", status)
	}
	if status, _ := fetchPage(t, client, e.base+"/catalogue"); status != http.StatusForbidden {
		t.Errorf("L&D page as a manager: status %d, want 403", status)
	}
}

// TestOIDCRoles: hr_admin wins over the others; a user with no Tremplin
// role is refused with a French 403 and no session.
func TestOIDCRoles(t *testing.T) {
	e := newOIDCEnv(t, false)
	for _, tc := range []struct {
		roles  []string
		status int
		want   string
	}{
		{[]string{"ld_admin", "hr_admin", "employee"}, http.StatusOK, "RH (administration)"},
		{[]string{"ld_admin"}, http.StatusOK, "L&amp;D (formation)"},
		{[]string{"visiteur"}, http.StatusForbidden, "aucun rôle dans Tremplin"},
		{nil, http.StatusForbidden, "aucun rôle dans Tremplin"},
	} {
		client := e.browser(t)
		e.op.QueueUser(oidcPerson{sub: "u-1", roles: tc.roles})
		status, body := fetchPage(t, client, e.authorize(t, client, "").String())
		if status != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("roles %v: status %d; want %d with %q; body: %.400s", tc.roles, status, tc.status, tc.want, body)
		}
		signedIn, _ := fetchPage(t, client, e.base+"/api/v1/items")
		if (signedIn == http.StatusOK) != (tc.status == http.StatusOK) {
			t.Errorf("roles %v: API status %d after the callback", tc.roles, signedIn)
		}
	}
}

// TestOIDCRefused: every failure of the callback is a French page with a
// 4xx status and opens no session.
func TestOIDCRefused(t *testing.T) {
	e := newOIDCEnv(t, false)
	refused := func(t *testing.T, client *http.Client, u string, status int, want string) {
		t.Helper()
		got, body := fetchPage(t, client, u)
		if got != status || !strings.Contains(body, want) {
			t.Errorf("GET %s: status %d; want %d with %q; body: %.400s", u, got, status, want, body)
		}
		if s, _ := fetchPage(t, client, e.base+"/api/v1/items"); s != http.StatusUnauthorized {
			t.Errorf("after a refused callback the API answers %d, want 401", s)
		}
	}
	t.Run("bad state", func(t *testing.T) {
		client := e.browser(t)
		e.op.QueueUser(oidcPerson{sub: "u-1", roles: []string{"employee"}})
		cb := e.authorize(t, client, "")
		q := cb.Query()
		q.Set("state", "autre-etat")
		cb.RawQuery = q.Encode()
		refused(t, client, cb.String(), http.StatusBadRequest, "Demande de connexion refusée")
	})
	t.Run("no attempt cookie", func(t *testing.T) {
		e.op.QueueUser(oidcPerson{sub: "u-1", roles: []string{"employee"}})
		cb := e.authorize(t, e.browser(t), "")
		refused(t, e.browser(t), cb.String(), http.StatusBadRequest, "Demande de connexion refusée")
	})
	t.Run("replayed code", func(t *testing.T) {
		client := e.browser(t)
		e.op.QueueUser(oidcPerson{sub: "u-1", roles: []string{"employee"}})
		cb := e.authorize(t, client, "")
		if status, _ := fetchPage(t, client, cb.String()); status != http.StatusOK {
			t.Fatalf("first callback: status %d, want 200", status)
		}
		other := e.browser(t)
		refused(t, other, cb.String(), http.StatusBadRequest, "Demande de connexion refusée")
		// A fresh attempt whose state matches, carrying the used code: the provider refuses it.
		fresh := e.authorize(t, other, "")
		q := fresh.Query()
		q.Set("code", cb.Query().Get("code"))
		fresh.RawQuery = q.Encode()
		refused(t, other, fresh.String(), http.StatusUnauthorized, "n&#39;a pas confirmé votre connexion")
	})
	t.Run("wrong audience", func(t *testing.T) {
		client := e.browser(t)
		e.op.QueueUser(oidcPerson{sub: "u-1", roles: []string{"employee"}, aud: "autre-service"})
		refused(t, client, e.authorize(t, client, "").String(), http.StatusUnauthorized, "n&#39;a pas confirmé votre connexion")
	})
	// The attempt cookie changed after the provider saw it: another
	// nonce, or another PKCE verifier, and the sign-in fails.
	for field, want := range map[string]string{"nonce": "n&#39;a pas confirmé", "verifier": "n&#39;a pas confirmé"} {
		t.Run("other "+field, func(t *testing.T) {
			client := e.browser(t)
			e.op.QueueUser(oidcPerson{sub: "u-1", roles: []string{"employee"}})
			cb := e.authorize(t, client, "")
			rewriteAttempt(t, client, cb, func(a *oidcAttempt) {
				if field == "nonce" {
					a.Nonce = randomToken()
				} else {
					a.Verifier = randomToken()
				}
			})
			refused(t, client, cb.String(), http.StatusUnauthorized, want)
		})
	}
	t.Run("provider error", func(t *testing.T) {
		client := e.browser(t)
		cb := e.authorize(t, client, "")
		refused(t, client, e.base+"/connexion/oidc/retour?error=access_denied&state="+cb.Query().Get("state"), http.StatusUnauthorized, "a refusé la connexion")
	})
}

// TestOIDCProviderDown: a provider that cannot be reached gives a French
// 502 page, not a 500; Tremplin starts anyway.
func TestOIDCProviderDown(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	h, err := NewServer(Deps{}, Options{OIDC: &OIDCConfig{Issuer: down.URL, ClientID: "tremplin", RedirectURL: "http://127.0.0.1/connexion/oidc/retour"}})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/connexion/oidc", nil))
	if rec.Code != http.StatusBadGateway || !strings.Contains(rec.Body.String(), "ne répond pas") {
		t.Errorf("status %d; want 502 with a French message; body: %.300s", rec.Code, rec.Body.String())
	}
}

// rewriteAttempt changes the attempt cookie client keeps for cb.
func rewriteAttempt(t *testing.T, client *http.Client, cb *url.URL, change func(*oidcAttempt)) {
	t.Helper()
	for _, c := range client.Jar.Cookies(cb) {
		if c.Name != oidcCookie {
			continue
		}
		b, err := base64.RawURLEncoding.DecodeString(c.Value)
		if err != nil {
			t.Fatal(err)
		}
		var a oidcAttempt
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatal(err)
		}
		change(&a)
		b, _ = json.Marshal(a)
		client.Jar.SetCookies(cb, []*http.Cookie{{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/connexion/oidc"}})
		return
	}
	t.Fatal("no attempt cookie")
}
