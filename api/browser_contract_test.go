package api

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/demand"
	"github.com/tremplin/tremplin/recommender"
)

// newScriptedSession starts a server whose recommender answers the
// hand-made responses of scriptedAnswers, and a fresh Chromium signed in
// as an employee on the plan page.
func newScriptedSession(t *testing.T) *browserSession {
	t.Helper()
	env := newTestEnv(t, Options{RatePerSecond: 1e6, Burst: 1e6}, func(d *Deps) { d.Recommender = scriptedAnswers() })
	b := &browserSession{ctx: newBrowser(t), base: env.srv.URL, shots: newScreenshots(t)}
	signIn(t, b.ctx, b.base, keyEmployee, "/")
	waitJS(t, b.ctx, "plan page", `!!document.getElementById('form-projet')`)
	return b
}

// ask sends projet from the plan page and waits for the answer.
func ask(t *testing.T, b *browserSession, projet string) {
	t.Helper()
	do(t, b.ctx, "ask for suggestions",
		chromedp.SetValue(chromedp.CSS("#projet"), projet),
		chromedp.Click(chromedp.CSS("#chercher")))
	waitJS(t, b.ctx, "answer shown", `(JSON.parse(sessionStorage.getItem('tremplin.dernier') || 'null') || {request: {}}).request.projet === `+jsString(projet)+
		` && !document.getElementById('chercher').disabled`)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserPlanPertinence: each suggestion shows its pertinence in words,
// a kind with nothing shows its notice in its own section, and the notes
// on how the request was read come above the suggestions.
func TestBrowserPlanPertinence(t *testing.T) {
	b := newScriptedSession(t)
	ask(t, b, projetServed)
	badges := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#groupes li.suggestion')].map(li => { const p = li.querySelector('.pertinence'); return p ? p.innerText : ''; })`)
	if want := []string{"Pertinence forte", "Pertinence moyenne", "Pertinence faible"}; !slices.Equal(badges, want) {
		t.Errorf("pertinence badges = %q, want %q", badges, want)
	}
	contains(t, "first formation", textOf(t, b.ctx, `#groupes section[data-kind="formation"] li.suggestion h4`), "Manager une équipe de maintenance", "Pertinence forte")
	for kind, notice := range map[string]string{
		"mission":   "Aucune mission interne ne correspond à ce projet pour l'instant.",
		"mentoring": "Aucun mentor ne correspond à ce projet pour l'instant.",
	} {
		sel := `#groupes section[data-kind="` + kind + `"]`
		contains(t, kind+" section", textOf(t, b.ctx, sel), "(0)", notice)
		if n := eval[int](t, b.ctx, `document.querySelectorAll('`+sel+` li.suggestion').length`); n != 0 {
			t.Errorf("%s section lists %d suggestion(s), want none", kind, n)
		}
	}
	contains(t, "notes", textOf(t, b.ctx, "#notes"), "Seules les offres éligibles au CPF sont proposées, comme votre projet le demande.")
	if above := eval[bool](t, b.ctx, `document.getElementById('notes').getBoundingClientRect().bottom <= document.getElementById('groupes').getBoundingClientRect().top`); !above {
		t.Error("the notes are not above the suggestions")
	}
	if visible := eval[bool](t, b.ctx, `!document.getElementById('rien-ne-convient').hidden`); visible {
		t.Error("the nothing-fits message shows although there are suggestions")
	}
	if proposed := textOf(t, b.ctx, "#plan-propose"); strings.Contains(proposed, "null") { // a plan without totals
		t.Errorf("the proposed plan shows %q", proposed)
	}
	do(t, b.ctx, "scroll to the results", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById('resultats').getBoundingClientRect().top + window.scrollY - 8)`))
	b.shots.take(t, b.ctx, "plan-pertinence")
}

// TestBrowserPlanNothingFits: when nothing fits, the page says so plainly
// and lists the routes outside the catalog as links that open apart (only
// http(s) URLs become links), and every kind shows its notice.
func TestBrowserPlanNothingFits(t *testing.T) {
	b := newScriptedSession(t)
	ask(t, b, projetNothing)
	box := textOf(t, b.ctx, "#rien-ne-convient")
	contains(t, "nothing-fits message", box, "Rien dans le catalogue de l'entreprise pour ce projet",
		"D'autres voies existent en dehors de l'entreprise",
		"Mon Compte Formation", "Les formations éligibles au CPF, partout en France.",
		"France VAE", "Faire valider son expérience par un diplôme.",
		"Transitions Pro", "Le projet de transition professionnelle.")
	type link struct{ Text, Href, Rel, Target string }
	links := eval[[]link](t, b.ctx, `[...document.querySelectorAll('#rien-ne-convient a')].map(a => ({text: a.firstChild.textContent, href: a.getAttribute('href'), rel: a.rel, target: a.target}))`)
	want := []link{
		{"Mon Compte Formation", "https://www.moncompteformation.gouv.fr/espace-prive/html/#/formation/recherche?q=J1506", "noopener noreferrer", "_blank"},
		{"France VAE", "https://vae.gouv.fr/", "noopener noreferrer", "_blank"},
	}
	if !slices.Equal(links, want) {
		t.Errorf("route links = %+v, want %+v (the javascript: route as text only)", links, want)
	}
	for _, k := range []string{"formation", "certification", "mentoring", "mission"} {
		contains(t, k+" section", textOf(t, b.ctx, `#groupes section[data-kind="`+k+`"] .kind-empty`), "ne correspond à ce projet pour l'instant ("+k+")")
	}
	contains(t, "status", textOf(t, b.ctx, "#etat"), "Aucune suggestion dans le catalogue de l'entreprise pour ce projet.")
	contains(t, "notes", textOf(t, b.ctx, "#notes"), "Votre projet a été lu comme une reconversion vers le soin.")
	if n := eval[int](t, b.ctx, `document.querySelectorAll('#groupes li.suggestion').length`); n != 0 {
		t.Errorf("%d suggestion(s) shown, want none", n)
	}
	do(t, b.ctx, "scroll to the results", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById('resultats').getBoundingClientRect().top + window.scrollY - 8)`))
	b.shots.take(t, b.ctx, "plan-rien-ne-convient")

	ask(t, b, projetServed) // a later answer with suggestions hides the message
	if visible := eval[bool](t, b.ctx, `!document.getElementById('rien-ne-convient').hidden`); visible {
		t.Error("the nothing-fits message stays after an answer with suggestions")
	}
}

// TestBrowserSkillChipsFromTaxonomy: a fragment typed in a skill field
// ("Management d") does not become a chip and the field says why; a skill
// typed whole (folded) or chosen in the list does, under its label; a
// fragment left in the field stops the request.
func TestBrowserSkillChipsFromTaxonomy(t *testing.T) {
	b := newScriptedSession(t)
	chips := `[...document.querySelectorAll('#liste-souhaitees li')].map(li => li.firstChild.textContent)`
	do(t, b.ctx, "type a fragment", chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Management d"), pressEnter)
	waitJS(t, b.ctx, "fragment refused", `!document.getElementById('erreur-souhaitees').hidden`)
	contains(t, "field error", textOf(t, b.ctx, "#erreur-souhaitees"), "Choisissez une compétence proposée dans la liste", "«\u00a0Management d\u00a0» n'en fait pas partie")
	if got := eval[[]string](t, b.ctx, chips); len(got) != 0 {
		t.Errorf("chips after a fragment = %q, want none", got)
	}
	if got := eval[string](t, b.ctx, `document.getElementById('saisie-souhaitees').getAttribute('aria-invalid')`); got != "true" {
		t.Errorf("the field is not marked invalid (aria-invalid %q)", got)
	}
	b.shots.take(t, b.ctx, "competence-refusee")

	do(t, b.ctx, "ask with the fragment still typed", chromedp.SetValue(chromedp.CSS("#projet"), projetServed), chromedp.Click(chromedp.CSS("#chercher")))
	waitJS(t, b.ctx, "request stopped", `!document.getElementById('chercher').disabled && !document.getElementById('erreur-souhaitees').hidden`)
	if sent := eval[bool](t, b.ctx, `sessionStorage.getItem('tremplin.dernier') !== null`); sent {
		t.Error("a request was sent with a fragment as a skill")
	}

	do(t, b.ctx, "type a whole skill without its accent", chromedp.Evaluate[chromedp.Void](`document.getElementById('saisie-souhaitees').value = ''`),
		chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "management d'equipe"), pressEnter)
	waitJS(t, b.ctx, "whole skill added", `document.querySelectorAll('#liste-souhaitees li').length === 1`)
	if eval[bool](t, b.ctx, `!document.getElementById('erreur-souhaitees').hidden`) {
		t.Error("the field error stays after a skill was added")
	}
	do(t, b.ctx, "type another label of the same skill", chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Encadrement d'équipe"), pressEnter)
	waitJS(t, b.ctx, "field emptied", `document.getElementById('saisie-souhaitees').value === ''`)
	do(t, b.ctx, "choose from the list",
		chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Maintenance prév"),
		chromedp.WaitReady(chromedp.CSS(`#options-souhaitees option[value="Maintenance préventive"]`)),
		chromedp.SetValue(chromedp.CSS("#saisie-souhaitees"), "Maintenance préventive"),
		chromedp.Focus(chromedp.CSS("#saisie-souhaitees")), pressEnter)
	waitJS(t, b.ctx, "chosen skill added", `document.querySelectorAll('#liste-souhaitees li').length === 2`)
	want := []string{"Management d'équipe", "Maintenance préventive"}
	if got := eval[[]string](t, b.ctx, chips); !slices.Equal(got, want) {
		t.Errorf("chips = %q, want %q", got, want)
	}
	ask(t, b, projetServed)
	if got := eval[[]string](t, b.ctx, `JSON.parse(sessionStorage.getItem('tremplin.dernier')).request.desired_skills`); !slices.Equal(got, want) {
		t.Errorf("desired_skills sent = %q, want %q", got, want)
	}
}

// TestBrowserLacunesMetiers: after requests the catalog could not serve,
// the Lacunes page lists their target métier in « Métiers demandés sans
// offre ».
func TestBrowserLacunesMetiers(t *testing.T) {
	counts, err := demand.Open(filepath.Join(t.TempDir(), "demand.json"))
	if err != nil {
		t.Fatal(err)
	}
	env := newTestEnv(t, Options{RatePerSecond: 1e6, Burst: 1e6}, func(d *Deps) {
		d.Recommender = scriptedAnswers()
		d.Demand = recommender.NewGapReporter(counts, catalogItems{d.Catalog.(*fakeCatalog)}, d.Skills.(*catalog.Taxonomy), nil)
	})
	for _, projet := range []string{projetNothing, projetServed, projetNothing} {
		apiCall(t, env.srv.URL, http.MethodPost, recoURL, keyEmployee, `{"projet":`+jsString(projet)+`}`, nil)
	}
	b := &browserSession{ctx: newBrowser(t), base: env.srv.URL, shots: newScreenshots(t)}
	signIn(t, b.ctx, b.base, keyLDAdmin, "/catalogue/lacunes")
	waitJS(t, b.ctx, "Lacunes page", `!!document.getElementById('table-metiers-sans-offre')`)
	rows := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#table-metiers-sans-offre tbody tr')].map(tr => tr.innerText.replace(/\s+/g, ' ').trim())`)
	if want := []string{"Soins infirmiers généralistes J1506 2"}; !slices.Equal(rows, want) {
		t.Errorf("métiers without offer = %q, want %q", rows, want)
	}
	do(t, b.ctx, "scroll to the métiers", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.body.scrollHeight)`))
	b.shots.take(t, b.ctx, "lacunes-metiers")
}
