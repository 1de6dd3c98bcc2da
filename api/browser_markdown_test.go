package api

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserMarkdownEscapes runs the page's planMarkdown in Chromium on a
// plan whose fields hold HTML, Markdown syntax and unsafe links: every
// copied field stays text, and only http(s) links are kept.
func TestBrowserMarkdownEscapes(t *testing.T) {
	srv := newWebServer(t, allKeys)
	ctx := newBrowser(t)
	do(t, ctx, "open the sign-in page", chromedp.Navigate(srv.URL+"/connexion"))
	waitJS(t, ctx, "app.js", "typeof window.Tremplin === 'object'")
	md := eval[string](t, ctx, `Tremplin.planMarkdown({
		projet: "Devenir chef\n# Titre injecté <img src=x onerror=alert(1)>",
		goal: {target: "chef <b>gras</b>", gap_skills: ["SQL", "*Python*", "[lien](javascript:alert(1))"],
		       metiers: [{label: "Chef <script>", code: "X1"}]},
		actions: [
			{kind: "formation", id: "form-mgt-002", title: "Excel <img src=x onerror=alert(1)>", reason: "Parce que **oui** & &amp; _aussi_",
			 covers: ["SQL"], url: "javascript:alert(1)", facts: [["Lieu", "Lyon | <i>Paris</i>"]]},
			{kind: "formation", id: "form-case-003", title: "- [ ] case\n## Faux titre", reason: "", covers: [], url: "https://exemple.fr/a b?x=<y>"},
			{kind: "mentoring", id: "ment-007", title: "Mentor", reason: "", covers: [], url: "data:text/html,<script>alert(1)</script>"},
		],
	}, "01/06/2026")`)
	for _, bad := range []string{"<img", "<b>gras", "<i>", "<script", "data:text", "\n# Titre", "\n## Faux titre", "**oui**"} {
		if strings.Contains(md, bad) {
			t.Errorf("Markdown export holds %q:\n%s", bad, md)
		}
	}
	if link := regexp.MustCompile(`[^\\]\]\(`); link.MatchString(md) {
		t.Errorf("Markdown export holds a link made of copied text: %q", link.FindString(md))
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", `\*\*oui\*\*`, "& &amp;amp; ", "<https://exemple.fr/a%20b?x=%3Cy%3E>",
		"Lien : <https://", `\*Python\*`, `\[lien\]`, "- **Excel &lt;img"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown export lacks %q:\n%s", want, md)
		}
	}
	for _, id := range []string{"form-mgt-002", "form-case-003", "ment-007"} { // internal ids are for developers
		if strings.Contains(md, id) {
			t.Errorf("Markdown export holds the internal id %q:\n%s", id, md)
		}
	}
	if n := strings.Count(md, "Lien : "); n != 1 {
		t.Errorf("%d links exported, want only the https one:\n%s", n, md)
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "# Plan d'action") && !strings.HasPrefix(line, "## ") && !strings.HasPrefix(line, "### ") {
			t.Errorf("unexpected heading %q", line)
		}
	}
	for _, h := range []string{"## Objectif", "## Actions retenues", "### Formations", "### Mentors", "## Compétences couvertes"} {
		if strings.Count(md, "\n"+h+"\n") != 1 {
			t.Errorf("heading %q not exactly once:\n%s", h, md)
		}
	}
}
