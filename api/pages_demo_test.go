package api

import (
	"github.com/chromedp/chromedp"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPageDemoSignIn: in open demo mode the sign-in page offers the three
// demo people; signing in as one opens a session with their role (the
// badge and the API say so, where an anonymous visitor is ld_admin), and
// the entretien pages, which need a person, open for them; an unknown
// person is refused. With keys configured there is no demo sign-in.
func TestPageDemoSignIn(t *testing.T) {
	srv := newWebServer(t, "")
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	status, _, page := webCall(t, http.MethodGet, srv.URL+"/connexion", "", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /connexion: status %d", status)
	}
	for _, p := range DemoPeople {
		contains(t, "the sign-in page", page, p.Name, `value="`+p.Sub+`"`)
	}
	if status, h, _ := webCall(t, http.MethodGet, srv.URL+"/entretiens", "", nil); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/connexion?suite=") {
		t.Errorf("GET /entretiens anonymous: status %d to %q, want 303 to the sign-in page", status, h.Get("Location"))
	}

	status, h, _ := webCall(t, http.MethodPost, srv.URL+"/connexion/demo", url.Values{"personne": {"inconnu"}}.Encode(), form)
	if status != http.StatusBadRequest || h.Get("Set-Cookie") != "" {
		t.Errorf("unknown demo person: status %d, Set-Cookie %q; want 400 and no session", status, h.Get("Set-Cookie"))
	}

	manager := DemoPeople[1]
	status, h, _ = webCall(t, http.MethodPost, srv.URL+"/connexion/demo", url.Values{"personne": {manager.Sub}}.Encode(), form)
	if status != http.StatusSeeOther || h.Get("Location") != "/entretiens" {
		t.Fatalf("demo sign-in: status %d to %q, want 303 to /entretiens", status, h.Get("Location"))
	}
	c, err := http.ParseSetCookie(h.Get("Set-Cookie"))
	if err != nil || c.Name != sessionCookie || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("demo session cookie = %+v (%v)", c, err)
	}
	cookie := http.Header{"Cookie": {c.Name + "=" + c.Value}}
	status, _, page = webCall(t, http.MethodGet, srv.URL+"/equipe", "", cookie)
	if status != http.StatusOK {
		t.Fatalf("GET /equipe as the demo manager: status %d; page: %.500s", status, page)
	}
	contains(t, "the team page of the demo manager", page, manager.Name, "Démo", "Manager", `data-moi="`+manager.Sub+`"`)
	// The API sees the manager, not the anonymous ld_admin of open mode.
	if status, _, _ := webCall(t, http.MethodGet, srv.URL+"/api/v1/reports/skill-gaps", "", cookie); status != http.StatusForbidden {
		t.Errorf("L&D report API as the demo manager: status %d, want 403", status)
	}
	if status, _, _ := webCall(t, http.MethodGet, srv.URL+"/api/v1/reports/skill-gaps", "", nil); status != http.StatusOK {
		t.Errorf("L&D report API anonymous in open mode: status %d, want 200 (everyone is ld_admin)", status)
	}
	// The employee has no team page.
	status, h, _ = webCall(t, http.MethodPost, srv.URL+"/connexion/demo", url.Values{"personne": {DemoPeople[0].Sub}}.Encode(), form)
	c, _ = http.ParseSetCookie(h.Get("Set-Cookie"))
	if status, _, _ := webCall(t, http.MethodGet, srv.URL+"/equipe", "", http.Header{"Cookie": {c.Name + "=" + c.Value}}); status != http.StatusForbidden {
		t.Errorf("GET /equipe as the demo employee: status %d, want 403", status)
	}

	keyed := newWebServer(t, allKeys)
	if status, h, _ := webCall(t, http.MethodPost, keyed.URL+"/connexion/demo", url.Values{"personne": {manager.Sub}}.Encode(), form); status != http.StatusNotFound || h.Get("Set-Cookie") != "" {
		t.Errorf("demo sign-in with keys configured: status %d, Set-Cookie %q; want 404 and no session", status, h.Get("Set-Cookie"))
	}
	if _, _, page := webCall(t, http.MethodGet, keyed.URL+"/connexion", "", nil); strings.Contains(page, DemoPeople[0].Name) {
		t.Error("the sign-in page with keys configured offers the demo people")
	}
}

// TestBrowserDemoSignIn: in Chromium, in open demo mode, the sign-in page
// shows the three demo people (axe-clean, desktop and phone); entering as
// the employee lands on « Mes entretiens » with her name in the header,
// and « Changer de personne » goes back to the choice.
func TestBrowserDemoSignIn(t *testing.T) {
	b := newBrowserSession(t, "")
	do(t, b.ctx, "sign-in page", chromedp.Navigate(b.base+"/connexion"), chromedp.WaitVisible(chromedp.CSS(".demo-people")))
	checkAxe(t, b, "/connexion (demo)")
	b.shots.take(t, b.ctx, "connexion-demo")
	do(t, b.ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(".demo-people")))
	b.shots.take(t, b.ctx, "connexion-demo-telephone")
	checkAxe(t, b, "/connexion (demo, phone)")
	do(t, b.ctx, "enter as the employee", chromedp.EmulateViewport(1366, 900), chromedp.Click(chromedp.CSS("#demo-"+DemoPeople[0].Sub)))
	waitJS(t, b.ctx, "on Mes entretiens", `location.pathname === '/entretiens'`)
	contains(t, "the header", textOf(t, b.ctx, "header.site"), DemoPeople[0].Name, "Salarié·e", "Mes entretiens")
	do(t, b.ctx, "change person", chromedp.Click(chromedp.CSS(`.who form[action="/deconnexion"] button`)))
	waitJS(t, b.ctx, "back to the choice", `location.pathname === '/connexion' && !!document.querySelector('.demo-people')`)
}
