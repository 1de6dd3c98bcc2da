package api

import (
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// scanProjet is the demo request of the scan test: a technician who wants
// to lead maintenance, with two desired skills.
const scanProjet = "Je suis technicien de maintenance et je veux devenir responsable de maintenance industrielle."

// TestBrowserPlanScan: on the demo catalog, at 1,366 px and on a 390 px
// phone, an answer is easy to scan. The results come into view after a
// search, "Mon plan" stays within reach (sticky beside the results, a bar
// at the bottom of a phone's screen), the kinds are tabs with their count,
// and the status holds no timing. The page heights are logged.
func TestBrowserPlanScan(t *testing.T) {
	b := newBrowserSession(t, allKeys)
	signIn(t, b.ctx, b.base, webKeyEmployee, "/")
	for _, screen := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"desktop", 1366, 900, false}, {"phone", 390, 844, true}} {
		t.Run(screen.name, func(t *testing.T) {
			opts := []chromedp.EmulateViewportOption{}
			if screen.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			do(t, b.ctx, "open the plan page", chromedp.EmulateViewport(screen.width, screen.height, opts...),
				chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.CSS("#projet")),
				chromedp.Evaluate[chromedp.Void](`sessionStorage.clear()`),
				chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.CSS("#projet")))
			formHeight := eval[int](t, b.ctx, `document.documentElement.scrollHeight`)
			do(t, b.ctx, "ask", chromedp.SendKeys(chromedp.CSS("#projet"), scanProjet), chromedp.Click(chromedp.CSS("#chercher")))
			waitJS(t, b.ctx, "answer", `document.querySelectorAll('#groupes li.suggestion').length > 0 && !document.getElementById('chercher').disabled`)
			top := eval[float64](t, b.ctx, `document.getElementById('resultats').getBoundingClientRect().top`)
			if top < -1 || top > float64(screen.height)/2 {
				t.Errorf("after a search the results start %.0f px from the top of a %d px high screen, want them in view", top, screen.height)
			}
			if status := textOf(t, b.ctx, "#etat"); regexp.MustCompile(`\d\s*(ms|s)\b`).MatchString(status) {
				t.Errorf("the status shows a timing: %q", status)
			}
			tabs := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#groupes [role=tab]')].map(b => b.innerText)`)
			if len(tabs) != 4 {
				t.Errorf("kinds shown as %d tab(s) %q, want 4 with their counts", len(tabs), tabs)
			}
			for _, tab := range tabs {
				if !regexp.MustCompile(`\(\d+\)$`).MatchString(tab) {
					t.Errorf("tab %q has no count", tab)
				}
			}
			reach := `(() => { const a = document.getElementById('mon-plan').getBoundingClientRect(), bar = document.getElementById('barre-plan');
				const seen = r => r.width > 0 && r.bottom > 0 && r.top < innerHeight; return seen(a) || (bar !== null && seen(bar.getBoundingClientRect())); })()`
			for _, at := range []string{"#groupes", "#groupes li.suggestion:last-child"} {
				do(t, b.ctx, "scroll to "+at, chromedp.ScrollIntoView(chromedp.CSS(at)))
				if !eval[bool](t, b.ctx, reach) {
					t.Errorf("« Mon plan » is out of reach with %s on screen", at)
				}
			}
			height := eval[int](t, b.ctx, `document.documentElement.scrollHeight`)
			planTop := eval[float64](t, b.ctx, `document.getElementById('mon-plan').getBoundingClientRect().top + scrollY`)
			t.Logf("%s %d px: page %d px high before the search, %d px with the answer; results at %.0f px on screen after the search; « Mon plan » %.0f px down the page",
				screen.name, screen.width, formHeight, height, top, planTop)
			do(t, b.ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
			checkAxe(t, b, "plan ("+screen.name+")")
		})
	}
	if _, err := chromedp.Call(b.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
}
