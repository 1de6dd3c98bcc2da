package api

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/tremplin/tremplin/catalog"
)

// importFile has a valid line and a line whose kind is unknown.
const importFile = `{"id":"form-web-soudure","kind":"formation","title":"Soudure TIG sur inox : perfectionnement","skills":["Soudage"],"duration_hours":21,"price_eur":1290,"modality":"presentiel","provider":"Atelier École Rhône"}
{"id":"form-web-qualite","kind":"webinaire","title":"Webinaire : les bases de la qualité","skills":["Qualité"]}
`

// TestBrowserLDCatalogue drives Chromium through an L&D session: sign in,
// search the catalogue, import a file with one bad line, read the
// per-line report, fix the line and import again, find the item, edit and
// deactivate it, and read the skill-gap report.
func TestBrowserLDCatalogue(t *testing.T) {
	b := newBrowserSession(t, allKeys)
	ldSignInAndSearch(t, b)
	importWithBadLine(t, b)
	editAndDeactivate(t, b)
	skillGapPage(t, b)
	lacunesPerSessionAndPeriod(t, b)
	for _, page := range []string{"/catalogue?q=excel", "/catalogue/lacunes", "/catalogue/importer", "/catalogue/form-buro-001"} {
		do(t, b.ctx, "phone "+page, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(b.base+page))
		if w := eval[int](t, b.ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s is %d px wide on a 390 px phone", page, w)
		}
	}
	do(t, b.ctx, "sign out", chromedp.Click(chromedp.CSS("header.site form button")), chromedp.WaitVisible(chromedp.CSS("#cle")))
	do(t, b.ctx, "pages need a session again", chromedp.Navigate(b.base+"/catalogue"), chromedp.WaitVisible(chromedp.CSS("#cle")))
}

// ldSignInAndSearch signs in as L&D, lands on the catalogue and searches it.
func ldSignInAndSearch(t *testing.T, b *browserSession) {
	signIn(t, b.ctx, b.base, webKeyLD, "/connexion?suite=%2Fcatalogue")
	if loc := get(t, b.ctx, "location", chromedp.Location()); loc != b.base+"/catalogue" {
		t.Errorf("after sign-in at %s, want the catalogue", loc)
	}
	contains(t, "L&D navigation", textOf(t, b.ctx, "header.site nav"), "Catalogue", "Importer", "Lacunes de compétences")

	do(t, b.ctx, "search the catalogue", chromedp.SendKeys(chromedp.CSS("#q"), "Excel"), chromedp.Submit(chromedp.CSS("#q")))
	waitJS(t, b.ctx, "search results", `document.getElementById('nombre-resultats').textContent.includes('pour « Excel »')`)
	contains(t, "search results", textOf(t, b.ctx, "table.items"), "Excel : les bases pour bien démarrer")
	b.shots.take(t, b.ctx, "catalogue")
}

// importWithBadLine imports a file with a bad line, reads the report, fixes
// the line in place, imports again and finds the new item.
func importWithBadLine(t *testing.T, b *browserSession) {
	path := filepath.Join(t.TempDir(), "nouveautes.jsonl")
	if err := os.WriteFile(path, []byte(importFile), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, b.ctx, "import a file with a bad line",
		chromedp.Navigate(b.base+"/catalogue/importer"),
		chromedp.WaitVisible(chromedp.CSS("#fichier")),
		chromedp.SetUploadFiles(chromedp.CSS("#fichier"), []string{path}),
		chromedp.Poll[chromedp.Void](`document.getElementById('contenu-fichier').value.length > 0`),
		chromedp.Click(chromedp.CSS("#importer")),
		chromedp.WaitVisible(chromedp.CSS("#rapport-table tbody tr")))
	contains(t, "import report", textOf(t, b.ctx, "#rapport"), "rien n'a été importé")
	row := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#rapport-table tbody tr:first-child td')].map(td => td.textContent)`)
	if len(row) != 4 || row[0] != "2" || row[1] != "kind" || row[2] != "form-web-qualite" {
		t.Errorf("first problem row = %q, want line 2, field kind, id form-web-qualite", row)
	} else if !strings.HasPrefix(row[3], "nouveautes.jsonl:2: kind:") {
		t.Errorf("problem %q does not name the uploaded file nouveautes.jsonl", row[3])
	}
	contains(t, "import refusal", textOf(t, b.ctx, "#rapport-message"), "1 problème : rien n'a été importé", "Importer les lignes valides et ignorer les autres")
	b.shots.take(t, b.ctx, "import-erreurs")

	do(t, b.ctx, "import the valid line only",
		chromedp.Click(chromedp.CSS("#ignorer-invalides")),
		chromedp.Click(chromedp.CSS("#importer")),
		chromedp.WaitVisible(chromedp.CSS("#rapport-message.status")))
	contains(t, "import with skip_invalid", textOf(t, b.ctx, "#rapport-message"), "Import terminé : 1 nouveau ; 1 ligne ignorée")
	if n := eval[int](t, b.ctx, `document.querySelectorAll('#rapport-table tbody tr').length`); n != 1 {
		t.Errorf("report lists %d ignored lines, want 1", n)
	}

	do(t, b.ctx, "fix the line and import again",
		chromedp.Click(chromedp.CSS("#ignorer-invalides")),
		chromedp.Click(chromedp.CSS("#rapport-table tbody button")), // selects line 2
		chromedp.Evaluate[chromedp.Void](`(() => { const c = document.getElementById('contenu-fichier'); c.value = c.value.replace('"webinaire"', '"formation"'); })()`),
		chromedp.Click(chromedp.CSS("#importer")))
	waitJS(t, b.ctx, "import result", `document.getElementById('rapport-message').textContent.startsWith('Import terminé : 1 nouveau,')`)
	msg := textOf(t, b.ctx, "#rapport-message")
	contains(t, "import result", msg, "Import terminé : 1 nouveau, 1 inchangé.")
	if strings.Contains(msg, "(s)") {
		t.Errorf("import result %q writes plurals as (s)", msg)
	}

	do(t, b.ctx, "change a price as people write it and import again",
		chromedp.Evaluate[chromedp.Void](`(() => { const c = document.getElementById('contenu-fichier'); c.value = c.value.replace('"price_eur":1290', '"price_eur":"1 400 €"'); })()`),
		chromedp.Click(chromedp.CSS("#importer")))
	waitJS(t, b.ctx, "re-import result", `document.getElementById('rapport-message').textContent.includes('1 modifié, 1 inchangé')`)
	if it := apiItem(t, b.base, "form-web-soudure"); it.PriceEUR == nil || *it.PriceEUR != 1400 {
		t.Errorf("price after import of « 1 400 € » = %v, want 1400", it.PriceEUR)
	}

	do(t, b.ctx, "find the imported item",
		chromedp.Navigate(b.base+"/catalogue?q=soudure+TIG"),
		chromedp.WaitVisible(chromedp.CSS("table.items")))
	contains(t, "search after import", textOf(t, b.ctx, "table.items"), "Soudure TIG sur inox : perfectionnement")
}

// editAndDeactivate edits an item's title and price, then deactivates it;
// the API then serves the stored change, other fields untouched.
func editAndDeactivate(t *testing.T, b *browserSession) {
	do(t, b.ctx, "edit the item",
		chromedp.Click(chromedp.CSS(`a[href="/catalogue/form-web-soudure"]`)),
		chromedp.WaitVisible(chromedp.CSS("#f-title")),
		chromedp.SetValue(chromedp.CSS("#f-title"), "Soudure TIG sur inox : perfectionnement 2027"),
		chromedp.SetValue(chromedp.CSS("#f-price"), "1 350 €"),
		chromedp.Click(chromedp.CSS(`#form-element button[type="submit"]`)))
	waitJS(t, b.ctx, "saved", `document.getElementById('resultat-element').textContent === 'Modifications enregistrées.'`)
	contains(t, "edited item", textOf(t, b.ctx, "main"), "Soudure TIG sur inox : perfectionnement 2027", "1\u202f350\u00a0€")
	do(t, b.ctx, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	b.shots.take(t, b.ctx, "element")

	do(t, b.ctx, "deactivate the item", chromedp.Click(chromedp.CSS("#basculer-actif")))
	waitJS(t, b.ctx, "deactivated", `document.getElementById('resultat-element').textContent.startsWith('Élément désactivé')`)
	it := apiItem(t, b.base, "form-web-soudure")
	if it.Active || it.Title != "Soudure TIG sur inox : perfectionnement 2027" || it.PriceEUR == nil || *it.PriceEUR != 1350 {
		t.Errorf("stored item = active %v, title %q, price %v; want inactive, the new title and 1350", it.Active, it.Title, it.PriceEUR)
	}
	if it.Provider != "Atelier École Rhône" || len(it.Skills) != 1 {
		t.Errorf("editing lost fields: provider %q, skills %q", it.Provider, it.Skills)
	}
}

// skillGapPage: the page shows the API's skill-gap report as a table and bars.
func skillGapPage(t *testing.T, b *browserSession) {
	// The skill-gap page shows what employees asked for.
	for _, skills := range []string{
		`"Méthodes maintenance","Microsoft Excel","Cybersécurité industrielle"`,
		`"Méthodes maintenance","IA générative","Conformité NIS 2"`,
		`"IA générative","Conformité NIS 2","Management à distance"`,
		`"Conformité NIS 2","Ingénierie de prompts"`,
	} {
		apiCall(t, b.base, http.MethodPost, "/api/v1/recommendations", webKeyEmployee,
			`{"projet":"Évoluer dans mon métier","desired_skills":[`+skills+`]}`, nil)
	}
	var report struct {
		SkillGaps []catalog.SkillGap `json:"skill_gaps"`
	}
	apiCall(t, b.base, http.MethodGet, "/api/v1/reports/skill-gaps", webKeyLD, "", &report)
	if len(report.SkillGaps) == 0 {
		t.Fatal("the skill-gap report is empty after a recommendation")
	}
	do(t, b.ctx, "skill-gap page", chromedp.Navigate(b.base+"/catalogue/lacunes"), chromedp.WaitVisible(chromedp.CSS("#table-lacunes")))
	rows := eval[[]string](t, b.ctx, `[...document.querySelectorAll('#table-lacunes tbody tr')].map(tr => tr.innerText.replace(/\s+/g, ' ').trim())`)
	var want []string
	for _, g := range report.SkillGaps {
		want = append(want, strings.Join([]string{g.Skill, strconv.Itoa(g.Requests), strconv.Itoa(g.Coverage)}, " "))
	}
	if strings.Join(rows, "|") != strings.Join(want, "|") {
		t.Errorf("skill-gap table = %q, want %q", rows, want)
	}
	if n := eval[int](t, b.ctx, `document.querySelectorAll('figure.chart svg rect.bar-demand').length`); n != len(report.SkillGaps) {
		t.Errorf("chart has %d bars, want %d", n, len(report.SkillGaps))
	}
	b.shots.take(t, b.ctx, "lacunes")
}

// lacunesPerSessionAndPeriod: one browser session searching three times
// counts a skill once; the long label is shown whole and readable on a
// phone; unknown skills have their own table; the period filter and the
// CSV export work.
func lacunesPerSessionAndPeriod(t *testing.T, b *browserSession) {
	const skill = "Management d'une équipe de maintenance"
	do(t, b.ctx, "search three times in one session", chromedp.Navigate(b.base+"/catalogue/lacunes"), chromedp.WaitVisible(chromedp.CSS("#periode")))
	do(t, b.ctx, "start the searches", chromedp.Evaluate[chromedp.Void](`(async () => {
		for (let i = 0; i < 3; i++) {
			await window.Tremplin.api('POST', '/api/v1/recommendations', { projet: 'Devenir responsable maintenance', desired_skills: ["`+skill+`", 'Soudure orbitale'] });
		}
		window.searched = true;
	})()`))
	waitJS(t, b.ctx, "three searches", `window.searched === true`)
	var report struct {
		SkillGaps     []catalog.SkillGap    `json:"skill_gaps"`
		UnknownSkills []catalog.SkillDemand `json:"unknown_skills"`
	}
	apiCall(t, b.base, http.MethodGet, "/api/v1/reports/skill-gaps?period=month&limit=500", webKeyLD, "", &report)
	requests := -1
	for _, g := range report.SkillGaps {
		if g.Skill == skill {
			requests = g.Requests
		}
	}
	if requests != 1 {
		t.Errorf("%q counted %d times for one session's three searches, want 1", skill, requests)
	}
	if len(report.UnknownSkills) != 0 {
		t.Errorf("an unknown label asked by one session is reported: %+v", report.UnknownSkills)
	}
	for range 3 { // three API requests without session: each counts, with the browser's session 4
		apiCall(t, b.base, http.MethodPost, "/api/v1/recommendations", webKeyEmployee, `{"projet":"Évoluer","desired_skills":["Soudure orbitale"]}`, nil)
	}

	do(t, b.ctx, "Lacunes on a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(b.base+"/catalogue/lacunes"), chromedp.WaitVisible(chromedp.CSS("figure.chart")))
	labels := eval[[]string](t, b.ctx, `[...document.querySelectorAll('figure.chart .bar-label')].map(l => l.textContent)`)
	if !slices.Contains(labels, skill) {
		t.Errorf("chart labels %q lack the whole label %q", labels, skill)
	}
	small := eval[[]string](t, b.ctx, `[...document.querySelectorAll('figure.chart .bar-label, figure.chart .bar-value')]
		.filter(l => parseFloat(getComputedStyle(l).fontSize) < 12 || l.getBoundingClientRect().left < 0 || l.scrollWidth > l.clientWidth + 1)
		.map(l => l.textContent + ' ' + getComputedStyle(l).fontSize)`)
	if len(small) > 0 {
		t.Errorf("chart labels smaller than 12 px or cut on a phone: %q", small)
	}
	contains(t, "unknown skills", textOf(t, b.ctx, "#table-inconnues"), "Soudure orbitale\t4")
	b.shots.take(t, b.ctx, "lacunes-mobile")
	do(t, b.ctx, "back to desktop", chromedp.EmulateViewport(1366, 900))

	do(t, b.ctx, "choose this month",
		chromedp.SetValue(chromedp.CSS("#periode"), "month"),
		chromedp.Click(chromedp.CSS(`#form-periode button[type="submit"]`)))
	waitJS(t, b.ctx, "period in the URL", `location.search.includes('period=month') && !!document.getElementById('table-lacunes')`)
	if href := eval[string](t, b.ctx, `document.getElementById('export-csv').getAttribute('href')`); href != "/catalogue/lacunes.csv?period=month" {
		t.Errorf("CSV link = %q, want the chosen period's", href)
	}
	do(t, b.ctx, "download the CSV", chromedp.Evaluate[chromedp.Void](`fetch('/catalogue/lacunes.csv?period=month').then(r => r.text()).then(t => { window.csvText = t; })`))
	waitJS(t, b.ctx, "CSV downloaded", `typeof window.csvText === 'string'`)
	csv := eval[string](t, b.ctx, `window.csvText`)
	contains(t, "CSV export", csv, "tableau;libellé;code;demandes", "compétences demandées;"+skill+";;1;",
		"compétences inconnues de la taxonomie;Soudure orbitale;;4;;")
}

// apiItem reads an item through the API with the L&D key.
func apiItem(t *testing.T, base, id string) catalog.Item {
	t.Helper()
	var it catalog.Item
	apiCall(t, base, http.MethodGet, "/api/v1/items/"+id, webKeyLD, "", &it)
	return it
}

// apiCall calls the JSON API with a Bearer key and decodes the answer into out.
func apiCall(t *testing.T, base, method, path, key, body string, out any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s = %d: %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}
