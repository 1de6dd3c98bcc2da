package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/google/go-cmp/cmp"
)

// noRedirect is an HTTP client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// webCall sends one request and returns its status, headers and body.
func webCall(t *testing.T, method, target, body string, header http.Header) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// webPage is one page of the access matrix and the text its 200 shows.
type webPage struct {
	path, ldOnly, shows string
}

var webPages = []webPage{
	{"/", "", "Trouver des suggestions"},
	{"/plan/imprimer", "", "Imprimer ou enregistrer en PDF"},
	{"/fiche/form-buro-001", "", "Excel : les bases pour bien démarrer"},
	{"/catalogue", "ld", "élément"},
	{"/catalogue/importer", "ld", "Importer dans le catalogue"},
	{"/catalogue/lacunes", "ld", "Lacunes de compétences"},
	{"/catalogue/lacunes.csv", "ld", "tableau;libellé"},
	{"/catalogue/form-buro-001", "ld", "Enregistrer"},
}

// TestWebPagesAccess: who may open which page. Without a session, pages
// lead to the sign-in page; L&D pages answer a French 403 to employees and
// managers; in open demo mode every page opens.
func TestWebPagesAccess(t *testing.T) {
	withKeys, open := newWebServer(t, allKeys), newWebServer(t, "")
	callers := []struct {
		name   string
		srv    *httptest.Server
		key    string
		isLD   bool
		signed bool
	}{
		{"no session", withKeys, "", false, false},
		{"employee", withKeys, webKeyEmployee, false, true},
		{"manager", withKeys, webKeyManager, false, true},
		{"ld_admin", withKeys, webKeyLD, true, true},
		{"open demo mode", open, "", true, true},
	}
	for _, c := range callers {
		cookie := ""
		if c.key != "" {
			cookie = sessionFor(t, c.srv.URL, c.key)
		}
		for _, p := range webPages {
			t.Run(c.name+p.path, func(t *testing.T) {
				status, h, body := webCall(t, http.MethodGet, c.srv.URL+p.path, "", http.Header{"Cookie": {cookie}})
				switch {
				case !c.signed:
					if status != http.StatusSeeOther || h.Get("Location") != "/connexion?suite="+url.QueryEscape(p.path) {
						t.Fatalf("status %d to %q, want 303 to the sign-in page", status, h.Get("Location"))
					}
					return
				case p.ldOnly != "" && !c.isLD:
					if status != http.StatusForbidden || !strings.Contains(body, "Accès refusé") {
						t.Fatalf("status %d, want a French 403 page; body: %.300s", status, body)
					}
				case status != http.StatusOK || !strings.Contains(body, p.shows):
					t.Fatalf("status %d, want 200 showing %q; body: %.300s", status, p.shows, body)
				}
				if strings.HasSuffix(p.path, ".csv") && status == http.StatusOK {
					return // an export, not a page
				}
				if ct := h.Get("Content-Type"); ct != "text/html; charset=utf-8" || !strings.Contains(body, `<html lang="fr">`) {
					t.Errorf("Content-Type %q; want a French HTML page", ct)
				}
				if hasLD := strings.Contains(body, `href="/catalogue"`); hasLD != c.isLD {
					t.Errorf("L&D links shown: %v, want %v", hasLD, c.isLD)
				}
			})
		}
	}
}

// sessionFor signs in with key through the sign-in form and returns the
// session cookie as a Cookie header.
func sessionFor(t *testing.T, base, key string) string {
	t.Helper()
	status, h, body := webCall(t, http.MethodPost, base+"/connexion", url.Values{"cle": {key}}.Encode(),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign-in: status %d, want 303; body: %.300s", status, body)
	}
	c, err := http.ParseSetCookie(h.Get("Set-Cookie"))
	if err != nil {
		t.Fatal(err)
	}
	return c.Name + "=" + c.Value
}

// TestWebRoutesAreTested: every page route of the server is in the access
// matrix, or is one of the routes tested on their own below.
func TestWebRoutesAreTested(t *testing.T) {
	h, err := NewServer(Deps{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range h.(*gin.Engine).Routes() {
		if isWebRoute(r.Path) {
			got = append(got, r.Method+" "+r.Path)
		}
	}
	slices.Sort(got)
	want := []string{"GET /static/*filepath", "GET /connexion", "POST /connexion", "GET /deconnexion", "POST /deconnexion",
		// TestPageDemoSignIn, TestBrowserDemoSignIn and TestBrowserEntretienFlow:
		"POST /connexion/demo", "GET /entretiens", "GET /entretiens/:id", "GET /entretiens/:id/imprimer", "GET /equipe"}
	for _, p := range webPages {
		want = append(want, "GET "+p.path)
	}
	for i, w := range want {
		w = strings.Replace(w, "/fiche/form-buro-001", "/fiche/:id", 1)
		want[i] = strings.Replace(w, "/catalogue/form-buro-001", "/catalogue/:id", 1)
	}
	for _, w := range want { // HEAD answers like GET (TestHead)
		if path, ok := strings.CutPrefix(w, "GET "); ok {
			want = append(want, "HEAD "+path)
		}
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("web routes (-tested +registered):\n%s", diff)
	}
}

// TestStatic: the embedded assets are served with their type; directories
// and paths outside the assets are not.
func TestStatic(t *testing.T) {
	srv := newWebServer(t, allKeys)
	tests := []struct {
		path, wantType string
		want           int
	}{
		{"/static/app.js", "text/javascript; charset=utf-8", http.StatusOK},
		{"/static/style.css", "text/css; charset=utf-8", http.StatusOK},
		{"/static/favicon.svg", "image/svg+xml", http.StatusOK},
		{"/static/", "", http.StatusNotFound},
		{"/static/nope.js", "", http.StatusNotFound},
		{"/static/..%2fweb.go", "", http.StatusNotFound},
		{"/static/%2e%2e/templates/layout.html", "", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			status, h, _ := webCall(t, http.MethodGet, srv.URL+tc.path, "", nil)
			if status != tc.want || (tc.wantType != "" && h.Get("Content-Type") != tc.wantType) {
				t.Errorf("status %d, Content-Type %q; want %d, %q", status, h.Get("Content-Type"), tc.want, tc.wantType)
			}
		})
	}
}

// TestItemPageNamesMetiers: an item's métier tags are shown by name.
func TestItemPageNamesMetiers(t *testing.T) {
	env := newTestEnv(t, Options{}, func(d *Deps) {
		c := d.Catalog.(*fakeCatalog)
		it, _ := c.Item(context.Background(), "cert-maintenance")
		it.Metiers = []string{"I1102", "Z9999"}
		c.Put(context.Background(), it)
	})
	status, _, body := env.call(t, http.MethodGet, "/fiche/cert-maintenance", keyEmployee, "", nil)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if want := "Management et ingénierie de maintenance industrielle (I1102)"; !strings.Contains(string(body), want) {
		t.Errorf("item page does not name the métier %q", want)
	}
	if strings.Contains(string(body), "Z9999") {
		t.Error("item page shows a code unknown to the référentiel")
	}
}

// TestAttribution: the référentiels' source notices are in every page's
// footer and with métier suggestions; none without a référentiel.
func TestAttribution(t *testing.T) {
	const notice = "Source : France Travail – ROME 4.0 (v460)"
	env := newTestEnv(t, Options{}, nil)
	for _, path := range []string{"/", "/fiche/cert-maintenance", "/api/v1/metiers?q=resp"} {
		status, _, body := env.call(t, http.MethodGet, path, keyEmployee, "", nil)
		if status != http.StatusOK || !strings.Contains(string(body), notice) {
			t.Errorf("GET %s: status %d, notice shown: %v", path, status, strings.Contains(string(body), notice))
		}
	}
	bare := newTestEnv(t, Options{}, func(d *Deps) { d.Metiers, d.Attribution = nil, nil })
	if _, _, body := bare.call(t, http.MethodGet, "/api/v1/metiers?q=resp", keyEmployee, "", nil); !strings.Contains(string(body), `"attribution":[]`) {
		t.Errorf("without a référentiel: %s", body)
	}
}
