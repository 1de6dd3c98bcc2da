package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSignIn: a good key starts a session whose cookie is HttpOnly,
// SameSite=Strict and Path=/, that the API accepts; a wrong key gets a
// French 401 page and no cookie; signing out ends the session.
func TestSignIn(t *testing.T) {
	srv := newWebServer(t, allKeys)
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}

	status, h, body := webCall(t, http.MethodPost, srv.URL+"/connexion", url.Values{"cle": {"cle-inconnue"}}.Encode(), form)
	if status != http.StatusUnauthorized || h.Get("Set-Cookie") != "" || !strings.Contains(body, "API inconnue") {
		t.Errorf("wrong key: status %d, Set-Cookie %q; want 401 with a French message and no cookie", status, h.Get("Set-Cookie"))
	}

	body = url.Values{"cle": {webKeyManager}, "suite": {"/plan/imprimer"}}.Encode()
	status, h, page := webCall(t, http.MethodPost, srv.URL+"/connexion", body, form)
	if status != http.StatusSeeOther || h.Get("Location") != "/plan/imprimer" {
		t.Fatalf("sign-in: status %d to %q, want 303 to /plan/imprimer", status, h.Get("Location"))
	}
	if strings.Contains(h.Get("Location")+page, webKeyManager) {
		t.Error("the key appears in the redirect")
	}
	c, err := http.ParseSetCookie(h.Get("Set-Cookie"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != sessionCookie || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.MaxAge <= 0 || c.Value == webKeyManager {
		t.Errorf("session cookie = %+v; want HttpOnly, SameSite=Strict, Path=/, a lifetime and a random id", c)
	}
	cookie := http.Header{"Cookie": {c.Name + "=" + c.Value}}
	if status, _, body := webCall(t, http.MethodGet, srv.URL+"/api/v1/items?q=excel", "", cookie); status != http.StatusOK {
		t.Errorf("API with the session cookie: status %d; body: %.200s", status, body)
	}

	if status, _, page := webCall(t, http.MethodGet, srv.URL+"/deconnexion", "", cookie); status != http.StatusOK || !strings.Contains(page, `<form method="post" action="/deconnexion"`) {
		t.Errorf("GET /deconnexion: status %d; want 200 with a sign-out form", status)
	}
	status, h, _ = webCall(t, http.MethodPost, srv.URL+"/deconnexion", "", cookie)
	if status != http.StatusSeeOther || h.Get("Location") != "/connexion" || !strings.Contains(h.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("sign-out: status %d to %q, Set-Cookie %q; want 303 to /connexion clearing the cookie", status, h.Get("Location"), h.Get("Set-Cookie"))
	}
	if status, _, _ := webCall(t, http.MethodGet, srv.URL+"/api/v1/items", "", cookie); status != http.StatusUnauthorized {
		t.Errorf("API after sign-out: status %d, want 401", status)
	}
}

// TestSignInRedirectStaysOnSite: the page to return to after sign-in is
// always a path of this site.
func TestSignInRedirectStaysOnSite(t *testing.T) {
	for in, want := range map[string]string{
		"/catalogue?q=excel":   "/catalogue?q=excel",
		"/":                    "/",
		"":                     "",
		"//evil.example/x":     "",
		"/\\evil.example":      "",
		"https://evil.example": "",
		"javascript:alert(1)":  "",
		"/a\r\nSet-Cookie: x":  "",
		"catalogue":            "",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSRF: API writes authenticated by the session cookie need the
// X-Tremplin-CSRF header and must not come from another site; Bearer
// keys need neither; in open demo mode a cross-site browser request is
// refused too.
func TestCSRF(t *testing.T) {
	withKeys, open := newWebServer(t, allKeys), newWebServer(t, "")
	cookie := sessionFor(t, withKeys.URL, webKeyLD)
	const item = `{"id":"form-csrf","kind":"formation","title":"Formation de test CSRF"}`
	tests := []struct {
		name   string
		base   string
		header http.Header
		want   int
	}{
		{"cookie without header", withKeys.URL, http.Header{"Cookie": {cookie}}, http.StatusForbidden},
		{"cookie with header", withKeys.URL, http.Header{"Cookie": {cookie}, csrfHeader: {"1"}}, http.StatusOK},
		{"cookie, header, same origin", withKeys.URL, http.Header{"Cookie": {cookie}, csrfHeader: {"1"}, "Sec-Fetch-Site": {"same-origin"}}, http.StatusOK},
		{"cookie, header, cross-site", withKeys.URL, http.Header{"Cookie": {cookie}, csrfHeader: {"1"}, "Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"cookie, header, foreign Origin", withKeys.URL, http.Header{"Cookie": {cookie}, csrfHeader: {"1"}, "Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"Bearer key without header", withKeys.URL, http.Header{"Authorization": {"Bearer " + webKeyLD}}, http.StatusOK},
		{"open mode, no browser", open.URL, http.Header{}, http.StatusOK},
		{"open mode, cross-site browser", open.URL, http.Header{"Sec-Fetch-Site": {"cross-site"}}, http.StatusForbidden},
		{"open mode, foreign Origin", open.URL, http.Header{"Origin": {"http://evil.example"}}, http.StatusForbidden},
		{"open mode, page of this site", open.URL, http.Header{"Sec-Fetch-Site": {"same-origin"}, "Origin": {"null"}, csrfHeader: {"1"}}, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.header.Set("Content-Type", "application/json")
			status, _, body := webCall(t, http.MethodPut, tc.base+"/api/v1/items/form-csrf", item, tc.header)
			if status != tc.want {
				t.Fatalf("status %d, want %d; body: %.300s", status, tc.want, body)
			}
			if status == http.StatusForbidden {
				checkErrorBody(t, []byte(body), "csrf", "")
			}
		})
	}
	// A sign-in form posted from another site is refused.
	status, _, _ := webCall(t, http.MethodPost, withKeys.URL+"/connexion", url.Values{"cle": {webKeyLD}}.Encode(),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}})
	if status != http.StatusForbidden {
		t.Errorf("cross-site sign-in: status %d, want 403", status)
	}
}

func TestFrenchNumber(t *testing.T) {
	for in, want := range map[float64]string{
		0: "0", 7: "7", 35.5: "35,5", 1290: "1\u202f290", 1234567.891: "1\u202f234\u202f567,89", -1500: "-1\u202f500",
	} {
		if got := frenchNumber(in); got != want {
			t.Errorf("frenchNumber(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestSignInPage: with keys the page asks for one in a password field; in
// open demo mode it says that signing in with a key is unnecessary and
// offers the demo people instead.
func TestSignInPage(t *testing.T) {
	tests := []struct {
		name, keys string
		shows      []string
		form       bool
	}{
		{"with keys", allKeys, []string{`type="password"`, `name="cle"`, "apparaît jamais dans l'adresse"}, true},
		{"open demo mode", "", []string{"Mode démonstration ouvert", "sans se connecter", `action="/connexion/demo"`}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newWebServer(t, tc.keys)
			status, _, body := webCall(t, http.MethodGet, srv.URL+"/connexion", "", nil)
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200", status)
			}
			for _, s := range tc.shows {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			if got := strings.Contains(body, `<form method="post" action="/connexion"`); got != tc.form {
				t.Errorf("sign-in form shown: %v, want %v", got, tc.form)
			}
		})
	}
}
