package api

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// budgetRecommender answers as scriptedAnswers, except that a maximum
// budget leaves no formation (as the demo does with a small budget): the
// formations come back empty with the notice of a constrained request.
type budgetRecommender struct{ scriptedRecommender }

func (r budgetRecommender) Recommend(ctx context.Context, req recommender.Request) (recommender.Response, error) {
	resp, err := r.scriptedRecommender.Recommend(ctx, req)
	if err != nil || req.Constraints.MaxPriceEUR == nil {
		return resp, err
	}
	resp.Suggestions = slices.Clone(resp.Suggestions)
	for i, g := range resp.Suggestions {
		if g.Kind == catalog.KindFormation {
			resp.Suggestions[i] = recommender.KindSuggestions{Kind: g.Kind, Items: []recommender.Suggestion{},
				Notice: "Aucune formation du catalogue ne correspond à ce projet avec ces critères pour l'instant."}
		}
	}
	return resp, nil
}

// newMeetingSession is newScriptedSession over budgetRecommender.
func newMeetingSession(t *testing.T) *browserSession {
	t.Helper()
	env := newTestEnv(t, Options{RatePerSecond: 1e6, Burst: 1e6}, func(d *Deps) {
		d.Recommender = budgetRecommender{scriptedAnswers()}
	})
	b := &browserSession{ctx: newBrowser(t), base: env.srv.URL, shots: newScreenshots(t)}
	signIn(t, b.ctx, b.base, keyEmployee, "/")
	waitJS(t, b.ctx, "plan page", `!!document.getElementById('form-projet')`)
	return b
}

// lastRequest is the request of the answer shown.
const lastRequest = `JSON.parse(sessionStorage.getItem('tremplin.dernier')).request`

// planIDs lists the actions « Mon plan » shows.
const planIDs = `[...document.querySelectorAll('#plan-actions li')].map(li => li.dataset.id)`

// TestBrowserPlanRelaxConstraint: a kind the constraints emptied shows its
// notice, the active constraints that can exclude it, and one button per
// constraint that searches again without it; the location typed is sent.
func TestBrowserPlanRelaxConstraint(t *testing.T) {
	b := newMeetingSession(t)
	do(t, b.ctx, "set a budget and a place", chromedp.SendKeys(chromedp.CSS("#budget"), "500"), chromedp.SendKeys(chromedp.CSS("#lieu"), "Lyon"))
	ask(t, b, projetServed)
	if got := eval[string](t, b.ctx, lastRequest+`.constraints.location`); got != "Lyon" {
		t.Errorf("constraints.location sent = %q, want Lyon", got)
	}
	if got := textOf(t, b.ctx, "#onglet-formation"); got != "Formations (0)" {
		t.Errorf("formation tab = %q, want Formations (0)", got)
	}
	do(t, b.ctx, "open the formations", chromedp.Click(chromedp.CSS("#onglet-formation")))
	contains(t, "empty formations", textOf(t, b.ctx, "#panneau-formation"),
		"Aucune formation du catalogue ne correspond à ce projet avec ces critères pour l'instant.")
	buttons := `[...document.querySelectorAll('#panneau-formation button')].map(b => b.innerText)`
	if got, want := eval[[]string](t, b.ctx, buttons), []string{"Retirer le budget maximal (500\u00a0€)", "Retirer le lieu (Lyon)", "Retirer tous ces critères"}; !slices.Equal(got, want) {
		t.Errorf("formation relax buttons = %q, want %q", got, want)
	}
	// A mentor has no price: only the place can exclude mentors.
	if got, want := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#panneau-mentoring button')].map(b => b.textContent)`), []string{"Retirer le lieu (Lyon)"}; !slices.Equal(got, want) {
		t.Errorf("mentor relax buttons = %q, want %q", got, want)
	}
	do(t, b.ctx, "scroll to the tabs", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, document.getElementById('groupes').getBoundingClientRect().top + scrollY - 80)`))
	b.shots.take(t, b.ctx, "plan-critere-a-retirer")
	checkAxe(t, b, "plan (a kind emptied)")

	do(t, b.ctx, "remove the budget", chromedp.Click(chromedp.CSS(`#panneau-formation button[data-field="max_price_eur"]`)))
	waitJS(t, b.ctx, "searched again", `!document.getElementById('chercher').disabled && `+lastRequest+`.constraints.max_price_eur === undefined`)
	if got := eval[string](t, b.ctx, `document.getElementById('budget').value`); got != "" {
		t.Errorf("budget field = %q after removing it, want empty", got)
	}
	if got := eval[string](t, b.ctx, lastRequest+`.constraints.location`); got != "Lyon" {
		t.Errorf("the place was dropped with the budget: location = %q", got)
	}
	if sel := eval[string](t, b.ctx, `document.querySelector('#groupes [aria-selected=true]').id`); sel != "onglet-formation" {
		t.Errorf("after removing the budget the tab %q is shown, want the formations", sel)
	}
	contains(t, "formations", textOf(t, b.ctx, "#panneau-formation"), "Manager une équipe de maintenance")
	sessions := eval[[][]string](t, b.ctx, `Tremplin.facts({sessions: [{start: '2999-01-04', location: 'Lille'}, {start: '2999-02-01', location: 'Nantes'}, {start: '2999-03-01', location: 'Lyon'}]}, 'lyon')`)
	if want := [][]string{{"Prochaines sessions", "01/03/2999 (Lyon), 04/01/2999 (Lille)"}}; !slices.EqualFunc(sessions, want, slices.Equal) {
		t.Errorf("sessions shown for Lyon = %q, want %q", sessions, want)
	}
	if strings.Contains(textOf(t, b.ctx, "#resultats"), "null") {
		t.Errorf("the results show a stray null: %s", textOf(t, b.ctx, "#resultats"))
	}
}

// TestBrowserPlanAddButtonNames: every « Ajouter au plan » button is named
// after its item for a screen reader, and so is « Retirer du plan ».
func TestBrowserPlanAddButtonNames(t *testing.T) {
	b := newMeetingSession(t)
	ask(t, b, projetServed)
	type named struct{ Text, Name string }
	got := eval[[]named](t, b.ctx, `[...document.querySelectorAll('#groupes button.add-plan')].map(b => ({text: b.textContent, name: b.getAttribute('aria-label')}))`)
	want := []named{
		{"Ajouter au plan", "Ajouter au plan : «\u00a0Manager une équipe de maintenance\u00a0»"},
		{"Ajouter au plan", "Ajouter au plan : «\u00a0Responsable de maintenance (RNCP)\u00a0»"},
		{"Ajouter au plan", "Ajouter au plan : «\u00a0Savoirs de base en atelier\u00a0»"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("plan buttons = %q, want %q", got, want)
	}
	do(t, b.ctx, "add the formation", chromedp.Click(chromedp.CSS(`#groupes section[data-kind="formation"] button.add-plan`)), chromedp.WaitVisible(chromedp.CSS(`#plan-actions li`)))
	if name := eval[string](t, b.ctx, `document.querySelector('#groupes section[data-kind="formation"] button.add-plan').getAttribute('aria-label')`); name != "Retirer du plan : «\u00a0Manager une équipe de maintenance\u00a0»" {
		t.Errorf("button of an item in the plan named %q", name)
	}
	if proposed := textOf(t, b.ctx, "#plan-propose"); strings.Contains(proposed, "null") { // nothing uncovered, no totals
		t.Errorf("the proposed plan shows a stray null: %q", proposed)
	}
}

// TestBrowserPlanClearAll: « Effacer » offers to clear everything, the
// plan included; a new projet never shows the plan made for another one;
// signing out forgets the plan of the tab.
func TestBrowserPlanClearAll(t *testing.T) {
	b := newMeetingSession(t)
	ask(t, b, projetServed)
	do(t, b.ctx, "add a formation", chromedp.Click(chromedp.CSS(`#groupes section[data-kind="formation"] button.add-plan`)), chromedp.WaitVisible(chromedp.CSS(`#plan-actions li`)))

	do(t, b.ctx, "Effacer", chromedp.Click(chromedp.CSS("#effacer")), chromedp.WaitVisible(chromedp.CSS("#confirmer-effacer")))
	contains(t, "confirmation", textOf(t, b.ctx, "#confirmer-effacer"), "Tout effacer ?", "Mon plan (1 action)", "Tout effacer", "Effacer seulement le formulaire", "Annuler")
	b.shots.take(t, b.ctx, "plan-tout-effacer")
	checkAxe(t, b, "plan (confirmation)")
	do(t, b.ctx, "cancel", chromedp.Click(chromedp.CSS("#annuler-effacer")), chromedp.WaitNotVisible(chromedp.CSS("#confirmer-effacer")))
	if got := eval[[]string](t, b.ctx, planIDs); !slices.Equal(got, []string{"form-management"}) {
		t.Errorf("plan after Annuler = %q", got)
	}
	do(t, b.ctx, "clear everything", chromedp.Click(chromedp.CSS("#effacer")), chromedp.WaitVisible(chromedp.CSS("#confirmer-effacer")),
		chromedp.Click(chromedp.CSS("#tout-effacer")), chromedp.WaitNotPresent(chromedp.CSS(`#groupes li.suggestion`)))
	type state struct {
		Plan, Projet, Count string
		Stored              []string
	}
	got := eval[state](t, b.ctx, `({plan: document.getElementById('plan-actions').innerText, projet: document.getElementById('projet').value,
		count: document.getElementById('plan-nombre').innerText, stored: Object.keys(sessionStorage).filter(k => k.startsWith('tremplin.'))})`)
	if got.Plan != "" || got.Projet != "" || got.Count != "(0)" || len(got.Stored) != 0 {
		t.Errorf("after Tout effacer: %+v, want no plan, no projet, nothing kept in the tab", got)
	}

	// The next person types another projet: the plan made before is set aside.
	ask(t, b, projetServed)
	do(t, b.ctx, "add a formation", chromedp.Click(chromedp.CSS(`#groupes section[data-kind="formation"] button.add-plan`)), chromedp.WaitVisible(chromedp.CSS(`#plan-actions li`)))
	ask(t, b, projetNothing)
	if got := eval[[]string](t, b.ctx, planIDs); len(got) != 0 {
		t.Errorf("a new projet shows the plan made for another one: %q", got)
	}
	contains(t, "plan set aside", textOf(t, b.ctx, "#mon-plan"), "Mon plan (0)", "Un plan de 1 action a été commencé dans cet onglet pour un autre projet")
	if visible := eval[bool](t, b.ctx, `document.getElementById('exporter-md').offsetParent !== null`); visible {
		t.Error("the plan set aside can still be exported")
	}
	if bar := textOf(t, b.ctx, "#barre-plan-nombre"); bar != "(0)" {
		t.Errorf("the Mon plan bar counts %s for a plan set aside", bar)
	}
	do(t, b.ctx, "take it back", chromedp.Click(chromedp.CSS("#reprendre-plan")))
	if got := eval[[]string](t, b.ctx, planIDs); !slices.Equal(got, []string{"form-management"}) {
		t.Errorf("plan taken back = %q", got)
	}

	do(t, b.ctx, "sign out", chromedp.Click(chromedp.CSS(`header.site form[action="/deconnexion"] button`)), chromedp.WaitVisible(chromedp.CSS("#cle")))
	signIn(t, b.ctx, b.base, keyEmployee, "/")
	waitJS(t, b.ctx, "plan page", `!!document.getElementById('plan-actions')`)
	if got := eval[[]string](t, b.ctx, planIDs); len(got) != 0 {
		t.Errorf("after signing out and in, the plan shows %q", got)
	}
}

// TestBrowserPlanTabsKeyboard: the kinds are tabs a keyboard can follow
// (arrows, Home, End), each showing its own suggestions.
func TestBrowserPlanTabsKeyboard(t *testing.T) {
	b := newMeetingSession(t)
	ask(t, b, projetServed)
	type shown struct{ Selected, Focused, Panel string }
	state := `({selected: document.querySelector('#groupes [aria-selected=true]').id, focused: document.activeElement.id,
		panel: [...document.querySelectorAll('#groupes [role=tabpanel]')].filter(p => !p.hidden).map(p => p.id).join(' ')})`
	do(t, b.ctx, "focus the first tab", chromedp.Focus(chromedp.CSS("#onglet-formation")))
	for _, step := range []struct {
		key  string
		code int64
		want string
	}{{"ArrowRight", 39, "certification"}, {"ArrowRight", 39, "mentoring"}, {"End", 35, "mission"}, {"ArrowRight", 39, "formation"}, {"ArrowLeft", 37, "mission"}, {"Home", 36, "formation"}} {
		do(t, b.ctx, "press "+step.key, pressKey(step.key, step.code))
		want := shown{"onglet-" + step.want, "onglet-" + step.want, "panneau-" + step.want}
		if got := eval[shown](t, b.ctx, state); got != want {
			t.Errorf("after %s: %+v, want %+v", step.key, got, want)
		}
	}
	do(t, b.ctx, "click the certifications", chromedp.Click(chromedp.CSS("#onglet-certification")))
	if got := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#groupes li.suggestion')].filter(li => li.offsetParent).map(li => li.dataset.id)`); !slices.Equal(got, []string{"cert-maintenance", "cert-faible"}) {
		t.Errorf("certification tab shows %q", got)
	}
}
