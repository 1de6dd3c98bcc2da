package api

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOIDCSignIn: in Chromium, the button of the sign-in page goes
// to the identity provider (another site), whose button sends the browser
// back; it lands on the page asked for, signed in with the role of the
// claims: the session cookie (SameSite=Strict) is sent although the way
// back was started by another site.
func TestBrowserOIDCSignIn(t *testing.T) {
	e := newOIDCEnv(t, true)
	ctx := newBrowser(t)
	e.op.QueueUser(oidcPerson{sub: "u-42", name: "Inès Garcia", roles: []string{"ld_admin"}})
	do(t, ctx, "open the sign-in page",
		chromedp.Navigate(e.base+"/catalogue"),
		chromedp.WaitVisible(chromedp.CSS("#connexion-oidc")),
		chromedp.Click(chromedp.CSS("#connexion-oidc")),
		chromedp.WaitVisible(chromedp.CSS("#idp-ok")),
		chromedp.Click(chromedp.CSS("#idp-ok")),
	)
	waitJS(t, ctx, "back on the catalogue, signed in", `location.pathname === '/catalogue' && !!document.querySelector('.who .badge')`)
	if got := textOf(t, ctx, ".who .badge"); got != "L&D (formation)" {
		t.Errorf("role badge = %q, want L&D (formation)", got)
	}
	if got := textOf(t, ctx, "h1"); got == "Connexion" {
		t.Errorf("still on the sign-in page")
	}
}
