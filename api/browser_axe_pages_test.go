package api

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAxeEveryPage runs axe-core on every page, in the states a
// user sees (empty form, answer, plan, import report): no serious or
// critical violation.
func TestBrowserAxeEveryPage(t *testing.T) {
	env := newTestEnv(t, Options{RatePerSecond: 1e6, Burst: 1e6}, func(d *Deps) { d.Recommender = scriptedAnswers() })
	b := &browserSession{ctx: newBrowser(t), base: env.srv.URL, shots: newScreenshots(t)}
	do(t, b.ctx, "sign-in page", chromedp.Navigate(b.base+"/connexion"), chromedp.WaitVisible(chromedp.CSS("#cle")))
	checkAxe(t, b, "connexion")
	do(t, b.ctx, "wrong key", chromedp.SendKeys(chromedp.CSS("#cle"), "pas-une-cle"), chromedp.Submit(chromedp.CSS("#cle")),
		chromedp.WaitVisible(chromedp.CSS("#erreur-connexion")))
	checkAxe(t, b, "connexion (wrong key)")

	signIn(t, b.ctx, b.base, keyLDAdmin, "/")
	waitJS(t, b.ctx, "plan page", `!!document.getElementById('form-projet')`)
	checkAxe(t, b, "plan (empty)")
	ask(t, b, projetServed)
	do(t, b.ctx, "add a formation", chromedp.Click(chromedp.CSS(`#groupes section[data-kind="formation"] button.add-plan`)), chromedp.WaitVisible(chromedp.CSS(`#plan-actions li`)))
	checkAxe(t, b, "plan (answer)")
	ask(t, b, projetNothing)
	checkAxe(t, b, "plan (nothing fits)")

	pages := []struct{ path, ready string }{
		{"/plan/imprimer", "#p-actions"},
		{"/fiche/form-management", "main h1"},
		{"/fiche/inconnu", "main h1"},
		{"/catalogue", "table.items"},
		{"/catalogue/form-management", "#f-title"},
		{"/catalogue/lacunes", "main h1"},
		{"/catalogue/importer", "#fichier"},
		{"/deconnexion", "main h1"},
	}
	for _, p := range pages {
		do(t, b.ctx, "open "+p.path, chromedp.Navigate(b.base+p.path), chromedp.WaitVisible(chromedp.CSS(p.ready)))
		checkAxe(t, b, p.path)
	}
	do(t, b.ctx, "import a bad file", chromedp.Navigate(b.base+"/catalogue/importer"), chromedp.WaitVisible(chromedp.CSS("#fichier")),
		chromedp.SetValue(chromedp.CSS("#contenu-fichier"), importFile),
		chromedp.Click(chromedp.CSS("#importer")), chromedp.WaitVisible(chromedp.CSS("#rapport-table tbody tr")))
	checkAxe(t, b, "/catalogue/importer (report)")
	do(t, b.ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(b.base+"/catalogue/lacunes"),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	checkAxe(t, b, "/catalogue/lacunes (phone)")
}
