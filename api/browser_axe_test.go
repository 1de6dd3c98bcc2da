package api

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (api/testdata/axe/axe.min.js, MPL-2.0, vendored
// from the npm package axe-core for the tests only: no page serves it).
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	return string(b), err
})

// axeViolation is one rule axe-core finds broken, with the nodes breaking it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// checkAxe runs axe-core on the page shown (WCAG 2.x A and AA rules and
// best practices) and fails the test for every serious or critical
// violation, naming the page, the rule and the elements.
func checkAxe(t *testing.T, b *browserSession, page string) {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	if !eval[bool](t, b.ctx, `typeof window.axe === 'object'`) {
		// Evaluated through DevTools: the page's CSP, which forbids inline
		// scripts, does not apply, and the page itself never loads it.
		get(t, b.ctx, "load axe-core", chromedp.Evaluate[chromedp.Void](src+"\n;void 0"))
	}
	vs := get(t, b.ctx, "run axe-core on "+page, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical'))`,
		chromedp.EvalAwaitPromise))
	for _, v := range vs {
		var where []string
		for i, n := range v.Nodes {
			if i == 5 {
				where = append(where, fmt.Sprintf("… and %d more", len(v.Nodes)-i))
				break
			}
			where = append(where, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		t.Errorf("axe-core on %s: %s (%s) %s:\n  %s", page, v.ID, v.Impact, v.Help, strings.Join(where, "\n  "))
	}
}

// TestBrowserAxeFindsViolations: the axe-core run of checkAxe does find a
// critical violation (a button without a name, light grey text on white) when
// a page has one.
func TestBrowserAxeFindsViolations(t *testing.T) {
	env := newTestEnv(t, Options{RatePerSecond: 1e6, Burst: 1e6}, nil)
	b := &browserSession{ctx: newBrowser(t), base: env.srv.URL}
	do(t, b.ctx, "sign-in page", chromedp.Navigate(b.base+"/connexion"), chromedp.WaitVisible(chromedp.CSS("#cle")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('main').append(document.createElement('button'),
			Object.assign(document.createElement('p'), {textContent: 'Invisible', style: 'color: #bbb; background: #fff'}))`))
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	get(t, b.ctx, "load axe-core", chromedp.Evaluate[chromedp.Void](src+"\n;void 0"))
	ids := get(t, b.ctx, "run axe-core", chromedp.Evaluate[[]string](
		`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id))`,
		chromedp.EvalAwaitPromise))
	for _, want := range []string{"button-name", "color-contrast"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe-core found %q, not %s", ids, want)
		}
	}
}
