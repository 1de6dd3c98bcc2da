package api

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserEmployeePlan drives Chromium through an employee's session:
// sign in, describe a projet with an autocompleted skill, get suggestions
// of each kind, add two to the plan, export it as Markdown, print it, and
// find the L&D pages closed.
func TestBrowserEmployeePlan(t *testing.T) {
	b := newBrowserSession(t, allKeys)
	employeeSignIn(t, b)
	keyboardSkipLink(t, b)
	askForSuggestions(t, b)
	plan := addTwoToPlan(t, b)
	exportMarkdown(t, b, plan)
	printPlan(t, b, plan)
	planOnPhone(t, b)
	want := adoptProposal(t, b, plan)
	do(t, b.ctx, "clear the form only", chromedp.Click(chromedp.CSS(`#effacer`)),
		chromedp.WaitVisible(chromedp.CSS(`#confirmer-effacer`)), chromedp.Click(chromedp.CSS(`#effacer-formulaire`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#groupes li.suggestion`)))
	if got := eval[[]int](t, b.ctx, `[document.querySelectorAll('#liste-souhaitees li').length, document.querySelectorAll('#plan-actions li').length]`); !slices.Equal(got, []int{0, len(want)}) {
		t.Errorf("after Effacer: %d desired skill(s) and %d plan action(s), want none and the plan kept (%d)", got[0], got[1], len(want))
	}
	if _, err := chromedp.Call(b.ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	do(t, b.ctx, "L&D page", chromedp.Navigate(b.base+"/catalogue"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	contains(t, "403 page", textOf(t, b.ctx, "main"), "Accès refusé", "réservée à l'équipe L&D")
	b.shots.take(t, b.ctx, "acces-refuse")
}

// employeeSignIn is sent to the sign-in page, tries a wrong key, then signs
// in as an employee, who sees no L&D link.
func employeeSignIn(t *testing.T, b *browserSession) {
	do(t, b.ctx, "open the plan page", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.CSS("#cle")))
	if loc := get(t, b.ctx, "location", chromedp.Location()); !strings.Contains(loc, "/connexion?suite=%2F") {
		t.Errorf("not signed in: at %s, want the sign-in page", loc)
	}
	do(t, b.ctx, "wrong key",
		chromedp.SendKeys(chromedp.CSS("#cle"), "pas-une-cle"),
		chromedp.Submit(chromedp.CSS("#cle")),
		chromedp.WaitVisible(chromedp.CSS("#erreur-connexion")))
	contains(t, "sign-in error", textOf(t, b.ctx, "#erreur-connexion"), "Clé d'API inconnue")
	b.shots.take(t, b.ctx, "connexion")

	signIn(t, b.ctx, b.base, webKeyEmployee, "/connexion?suite=%2F")
	if n := eval[int](t, b.ctx, `document.querySelectorAll('a[href^="/catalogue"]').length`); n != 0 {
		t.Errorf("an employee sees %d L&D link(s)", n)
	}
	contains(t, "navigation", textOf(t, b.ctx, "header.site"), "Salarié·e", "Se déconnecter")
}

// keyboardSkipLink: the first Tab reaches the skip link, which leads to the content.
func keyboardSkipLink(t *testing.T, b *browserSession) {
	do(t, b.ctx, "tab to the skip link", pressKey("Tab", 9))
	if got := eval[string](t, b.ctx, `document.activeElement.className`); got != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", got)
	}
	do(t, b.ctx, "follow the skip link", pressEnter)
	if got := eval[string](t, b.ctx, `document.activeElement.id`); got != "contenu" {
		t.Errorf("the skip link leads to %q, want the main content", got)
	}
}

// askForSuggestions fills the form (a desired skill picked from the
// autocomplete list, another typed whole) and checks the suggestions of
// each kind.
func askForSuggestions(t *testing.T, b *browserSession) {
	do(t, b.ctx, "fill the form",
		chromedp.SendKeys(chromedp.CSS("#projet"), "Je suis technicien de maintenance et je veux devenir responsable de maintenance industrielle."),
		chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Méthodes mainte"),
		chromedp.WaitReady(chromedp.CSS(`#options-souhaitees option[value="Méthodes maintenance"]`)),
		chromedp.SetValue(chromedp.CSS("#saisie-souhaitees"), "Méthodes maintenance"),
		chromedp.Focus(chromedp.CSS("#saisie-souhaitees")),
		pressEnter,
	)
	waitJS(t, b.ctx, "first skill added", `document.querySelectorAll('#liste-souhaitees li').length === 1`)
	do(t, b.ctx, "type a skill whole", chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Analyse financière"), pressEnter)
	waitJS(t, b.ctx, "second skill added", `document.querySelectorAll('#liste-souhaitees li').length === 2`)
	do(t, b.ctx, "set a budget", chromedp.SendKeys(chromedp.CSS("#budget"), "5000"))
	if got := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#liste-souhaitees li')].map(li => li.firstChild.textContent)`); !slices.Equal(got, []string{"Méthodes maintenance", "Analyse financière"}) {
		t.Errorf("desired skills = %q", got)
	}
	do(t, b.ctx, "ask for suggestions",
		chromedp.Click(chromedp.CSS("#chercher")),
		chromedp.WaitVisible(chromedp.CSS(`#groupes section[data-kind="formation"] li.suggestion`)))
	for _, k := range []struct{ kind, fact string }{
		{"formation", "Durée"}, {"certification", "CPF"}, {"mentoring", "Disponibilité"}, {"mission", "Dates"},
	} {
		sel := `#groupes section[data-kind="` + k.kind + `"] li.suggestion`
		if n := eval[int](t, b.ctx, `document.querySelectorAll('`+sel+`').length`); n == 0 {
			t.Errorf("no %s suggested", k.kind)
			continue
		}
		contains(t, "first "+k.kind, textOf(t, b.ctx, sel), k.fact, "Ajouter au plan")
		if eval[string](t, b.ctx, `document.querySelector('`+sel+` .reason').textContent`) == "" {
			t.Errorf("first %s has no reason", k.kind)
		}
	}
	target := eval[string](t, b.ctx, `JSON.parse(sessionStorage.getItem('tremplin.dernier')).response.goal.target`)
	contains(t, "goal", textOf(t, b.ctx, "#objectif"), "Objectif compris : "+target, "Méthodes maintenance", "Analyse financière")
}

// addTwoToPlan adds the first formation and the first mentor to the plan.
func addTwoToPlan(t *testing.T, b *browserSession) planState {
	do(t, b.ctx, "add two suggestions to the plan",
		chromedp.Click(chromedp.CSS(`#onglet-formation`)),
		chromedp.Click(chromedp.CSS(`#groupes section[data-kind="formation"] button.add-plan`)),
		chromedp.Click(chromedp.CSS(`#onglet-mentoring`)),
		chromedp.Click(chromedp.CSS(`#groupes section[data-kind="mentoring"] button.add-plan`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-actions li:nth-child(2)`)))
	plan := eval[planState](t, b.ctx, `JSON.parse(sessionStorage.getItem('tremplin.plan'))`)
	if len(plan.Actions) != 2 || plan.Actions[0].Kind != "formation" || plan.Actions[1].Kind != "mentoring" {
		t.Fatalf("plan = %+v, want a formation and a mentor", plan)
	}
	if _, uncovered := plan.coverage(); len(uncovered) > 0 {
		contains(t, "plan coverage", textOf(t, b.ctx, "#non-couvertes"), uncovered...)
	}
	do(t, b.ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	b.shots.take(t, b.ctx, "plan")
	do(t, b.ctx, "scroll to the mentors", chromedp.ScrollIntoView(chromedp.CSS(`#groupes [role=tablist]`)))
	b.shots.take(t, b.ctx, "plan-suggestions")
	do(t, b.ctx, "back to the formations", chromedp.Click(chromedp.CSS(`#onglet-formation`)))
	return plan
}

// exportMarkdown downloads the plan as Markdown and checks its content.
func exportMarkdown(t *testing.T, b *browserSession, plan planState) {
	dl := t.TempDir()
	allowDownloads(t, b.ctx, dl)
	do(t, b.ctx, "export as Markdown", chromedp.Click(chromedp.CSS("#exporter-md")))
	md := string(waitFile(t, filepath.Join(dl, "plan-action-tremplin.md")))
	noLinks := regexp.MustCompile(`<https?://[^>]*>`).ReplaceAllString(md, "") // an organisme's URL may hold the id
	for _, a := range plan.Actions {
		if strings.Contains(noLinks, a.ID) {
			t.Errorf("the Markdown export holds the internal id %q", a.ID)
		}
	}
	contains(t, "Markdown", md, "# Plan d'action", "## Objectif", "## Actions retenues", "### Formations", "### Mentors",
		plan.Actions[0].Title, plan.Actions[1].Title, "Pourquoi : "+plan.Actions[0].Reason,
		"## Compétences couvertes", "## Compétences restant à couvrir")
	covered, uncovered := plan.coverage()
	for _, s := range covered {
		contains(t, "Markdown covered", section(md, "## Compétences couvertes"), "- "+s)
	}
	for _, s := range uncovered {
		contains(t, "Markdown uncovered", section(md, "## Compétences restant à couvrir"), "- "+s)
	}
}

// printPlan opens the print-friendly plan.
func printPlan(t *testing.T, b *browserSession, plan planState) {
	do(t, b.ctx, "print page", chromedp.Click(chromedp.CSS("#imprimer")), chromedp.WaitVisible(chromedp.CSS("#p-actions")))
	contains(t, "print page", textOf(t, b.ctx, "article.printable"), plan.Actions[0].Title, plan.Actions[1].Title, "Restant à couvrir")
	for _, a := range plan.Actions { // internal ids are for developers
		if printed := textOf(t, b.ctx, "article.printable"); strings.Contains(printed, a.ID) {
			t.Errorf("the print page shows the internal id %q", a.ID)
		}
	}
	checkAxe(t, b, "imprimer")
	b.shots.take(t, b.ctx, "plan-imprimer")
}

// planOnPhone comes back to the plan page on a phone: the last answer and
// the plan are still there, and nothing is wider than the screen; searching
// again brings the results into view.
func planOnPhone(t *testing.T, b *browserSession) {
	do(t, b.ctx, "back to the plan on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(chromedp.CSS(`#groupes li.suggestion`)))
	do(t, b.ctx, "search again", chromedp.Click(chromedp.CSS("#chercher")))
	waitJS(t, b.ctx, "results in view", `!document.getElementById('chercher').disabled && Math.abs(document.getElementById('resultats').getBoundingClientRect().top) < 2`)
	if w := eval[int](t, b.ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("page is %d px wide on a 390 px phone", w)
	}
	if n := eval[int](t, b.ctx, `document.querySelectorAll('#plan-actions li').length`); n != 2 {
		t.Errorf("plan kept %d actions after navigation, want 2", n)
	}
	b.shots.take(t, b.ctx, "plan-mobile")
}

// adoptProposal takes the plan proposed by Tremplin as a whole and returns
// the ids the plan then holds.
func adoptProposal(t *testing.T, b *browserSession, plan planState) []string {
	proposed := eval[[]string](t, b.ctx, `JSON.parse(sessionStorage.getItem('tremplin.dernier')).response.plan.actions.map(a => a.id)`)
	if len(proposed) == 0 {
		t.Fatal("no plan proposed")
	}
	do(t, b.ctx, "adopt the proposed plan", chromedp.Click(chromedp.CSS("#adopter-plan")))
	want := []string{plan.Actions[0].ID, plan.Actions[1].ID}
	for _, id := range proposed {
		if !slices.Contains(want, id) {
			want = append(want, id)
		}
	}
	if got := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#plan-actions li')].map(li => li.dataset.id)`); !slices.Equal(got, want) {
		t.Errorf("plan after adopting the proposal = %q, want %q", got, want)
	}
	return want
}

// planState is the plan the page keeps in sessionStorage.
type planState struct {
	Goal struct {
		GapSkills []string `json:"gap_skills"`
	} `json:"goal"`
	Actions []struct {
		ID, Kind, Title, Reason string
		Covers                  []string
	} `json:"actions"`
}

// coverage splits the gap skills into those the actions cover and the rest.
func (p planState) coverage() (covered, uncovered []string) {
	has := map[string]bool{}
	for _, a := range p.Actions {
		for _, s := range a.Covers {
			has[strings.ToLower(strings.TrimSpace(s))] = true
		}
	}
	for _, s := range p.Goal.GapSkills {
		if has[strings.ToLower(strings.TrimSpace(s))] {
			covered = append(covered, s)
		} else {
			uncovered = append(uncovered, s)
		}
	}
	return covered, uncovered
}

// section returns the Markdown section starting at heading, up to the next one.
func section(md, heading string) string {
	_, after, _ := strings.Cut(md, heading+"\n")
	if i := strings.Index(after, "\n## "); i >= 0 {
		return after[:i]
	}
	return after
}
