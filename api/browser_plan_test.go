package api

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEmployeePlan drives Chromium through an employee's session:
// sign in, describe a projet with an autocompleted skill, get suggestions
// of each kind, add two to the plan, export it as Markdown, print it, and
// find the L&D pages closed.
func TestBrowserEmployeePlan(t *testing.T) {
	srv := newWebServer(t, allKeys)
	ctx := newBrowser(t)
	shots := newScreenshots(t)

	do(t, ctx, "open the plan page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#cle")))
	loc := get(t, ctx, "location", chromedp.Location())
	if !strings.Contains(loc, "/connexion?suite=%2F") {
		t.Errorf("not signed in: at %s, want the sign-in page", loc)
	}
	do(t, ctx, "wrong key",
		chromedp.SendKeys(chromedp.CSS("#cle"), "pas-une-cle"),
		chromedp.Submit(chromedp.CSS("#cle")),
		chromedp.WaitVisible(chromedp.CSS("#erreur-connexion")))
	contains(t, "sign-in error", textOf(t, ctx, "#erreur-connexion"), "Clé d'API inconnue")
	shots.take(t, ctx, "connexion")

	signIn(t, ctx, srv.URL, webKeyEmployee, "/connexion?suite=%2F")
	if n := eval[int](t, ctx, `document.querySelectorAll('a[href^="/catalogue"]').length`); n != 0 {
		t.Errorf("an employee sees %d L&D link(s)", n)
	}
	contains(t, "navigation", textOf(t, ctx, "header.site"), "Salarié·e", "Se déconnecter")

	// Keyboard: the first Tab reaches the skip link, which leads to the content.
	do(t, ctx, "tab to the skip link", pressKey("Tab", 9))
	if got := eval[string](t, ctx, `document.activeElement.className`); got != "skip" {
		t.Errorf("first Tab focuses %q, want the skip link", got)
	}
	do(t, ctx, "follow the skip link", pressEnter)
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "contenu" {
		t.Errorf("the skip link leads to %q, want the main content", got)
	}

	// A desired skill picked from the autocomplete list.
	do(t, ctx, "fill the form",
		chromedp.SendKeys(chromedp.CSS("#projet"), "Je suis technicien de maintenance et je veux devenir responsable de maintenance industrielle."),
		chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Méthodes mainte"),
		chromedp.WaitReady(chromedp.CSS(`#options-souhaitees option[value="Méthodes maintenance"]`)),
		chromedp.SetValue(chromedp.CSS("#saisie-souhaitees"), "Méthodes maintenance"),
		chromedp.Focus(chromedp.CSS("#saisie-souhaitees")),
		pressEnter,
		chromedp.SendKeys(chromedp.CSS("#saisie-souhaitees"), "Analyse financière"),
		pressEnter,
		chromedp.SendKeys(chromedp.CSS("#budget"), "5000"),
	)
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll('#liste-souhaitees li')].map(li => li.firstChild.textContent)`); !slices.Equal(got, []string{"Méthodes maintenance", "Analyse financière"}) {
		t.Errorf("desired skills = %q", got)
	}
	do(t, ctx, "ask for suggestions",
		chromedp.Click(chromedp.CSS("#chercher")),
		chromedp.WaitVisible(chromedp.CSS(`#groupes section[data-kind="formation"] li.suggestion`)))

	for _, k := range []struct{ kind, fact string }{
		{"formation", "Durée"}, {"certification", "CPF"}, {"mentoring", "Disponibilité"}, {"mission", "Dates"},
	} {
		sel := `#groupes section[data-kind="` + k.kind + `"] li.suggestion`
		if n := eval[int](t, ctx, `document.querySelectorAll('`+sel+`').length`); n == 0 {
			t.Errorf("no %s suggested", k.kind)
			continue
		}
		first := textOf(t, ctx, sel)
		contains(t, "first "+k.kind, first, k.fact, "Ajouter au plan")
		if eval[string](t, ctx, `document.querySelector('`+sel+` .reason').textContent`) == "" {
			t.Errorf("first %s has no reason", k.kind)
		}
	}
	contains(t, "goal", textOf(t, ctx, "#objectif"), "Objectif compris", "responsable de maintenance", "Méthodes maintenance")

	do(t, ctx, "add two suggestions to the plan",
		chromedp.Click(chromedp.CSS(`#groupes section[data-kind="formation"] button.add-plan`)),
		chromedp.Click(chromedp.CSS(`#groupes section[data-kind="mentoring"] button.add-plan`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-actions li:nth-child(2)`)))
	plan := eval[planState](t, ctx, `JSON.parse(sessionStorage.getItem('tremplin.plan'))`)
	if len(plan.Actions) != 2 || plan.Actions[0].Kind != "formation" || plan.Actions[1].Kind != "mentoring" {
		t.Fatalf("plan = %+v, want a formation and a mentor", plan)
	}
	covered, uncovered := plan.coverage()
	if len(uncovered) > 0 {
		contains(t, "plan coverage", textOf(t, ctx, "#non-couvertes"), uncovered...)
	}
	do(t, ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	shots.take(t, ctx, "plan")
	do(t, ctx, "scroll to the mentors", chromedp.ScrollIntoView(chromedp.CSS(`#groupes section[data-kind="mentoring"]`)))
	shots.take(t, ctx, "plan-suggestions")

	dl := t.TempDir()
	allowDownloads(t, ctx, dl)
	do(t, ctx, "export as Markdown", chromedp.Click(chromedp.CSS("#exporter-md")))
	md := string(waitFile(t, filepath.Join(dl, "plan-action-tremplin.md")))
	contains(t, "Markdown", md, "# Plan d'action", "## Objectif", "## Actions retenues", "### Formations", "### Mentors",
		plan.Actions[0].Title, plan.Actions[1].Title, "Pourquoi : "+plan.Actions[0].Reason,
		"## Compétences couvertes", "## Compétences restant à couvrir")
	for _, s := range covered {
		contains(t, "Markdown covered", section(md, "## Compétences couvertes"), "- "+s)
	}
	for _, s := range uncovered {
		contains(t, "Markdown uncovered", section(md, "## Compétences restant à couvrir"), "- "+s)
	}

	do(t, ctx, "print page", chromedp.Click(chromedp.CSS("#imprimer")), chromedp.WaitVisible(chromedp.CSS("#p-actions")))
	contains(t, "print page", textOf(t, ctx, "article.printable"), plan.Actions[0].Title, plan.Actions[1].Title, "Restant à couvrir")
	shots.take(t, ctx, "plan-imprimer")

	do(t, ctx, "back to the plan on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#groupes li.suggestion`)))
	if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("page is %d px wide on a 390 px phone", w)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('#plan-actions li').length`); n != 2 {
		t.Errorf("plan kept %d actions after navigation, want 2", n)
	}
	shots.take(t, ctx, "plan-mobile")

	// The plan proposed by Tremplin can be taken as a whole.
	proposed := eval[[]string](t, ctx, `JSON.parse(sessionStorage.getItem('tremplin.dernier')).response.plan.actions.map(a => a.id)`)
	if len(proposed) == 0 {
		t.Fatal("no plan proposed")
	}
	do(t, ctx, "adopt the proposed plan", chromedp.Click(chromedp.CSS("#adopter-plan")))
	want := []string{plan.Actions[0].ID, plan.Actions[1].ID}
	for _, id := range proposed {
		if !slices.Contains(want, id) {
			want = append(want, id)
		}
	}
	if got := eval[[]string](t, ctx, `[...document.querySelectorAll('#plan-actions li')].map(li => li.dataset.id)`); !slices.Equal(got, want) {
		t.Errorf("plan after adopting the proposal = %q, want %q", got, want)
	}

	do(t, ctx, "clear the form", chromedp.Click(chromedp.CSS(`#form-projet button[type="reset"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#groupes li.suggestion`)))
	if got := eval[[]int](t, ctx, `[document.querySelectorAll('#liste-souhaitees li').length, document.querySelectorAll('#plan-actions li').length]`); !slices.Equal(got, []int{0, len(want)}) {
		t.Errorf("after Effacer: %d desired skill(s) and %d plan action(s), want none and the plan kept (%d)", got[0], got[1], len(want))
	}

	do(t, ctx, "L&D page", chromedp.Navigate(srv.URL+"/catalogue"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	contains(t, "403 page", textOf(t, ctx, "main"), "Accès refusé", "réservée à l'équipe L&D")
	shots.take(t, ctx, "acces-refuse")
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
