package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/internal/sharedtest"
	"github.com/tremplin/tremplin/recommender"
)

func quietEnv(k string) string {
	if k == "TREMPLIN_LOG_LEVEL" {
		return "error"
	}
	return ""
}

// runRecommendJSON runs tremplin recommend --json and decodes the answer.
func runRecommendJSON(t *testing.T, data string, args ...string) (recommender.Response, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"recommend", "--json", "--data", data}, args...)
	if err := run(t.Context(), args, quietEnv, &out, &errOut); err != nil {
		t.Fatalf("run %q: %v\n%s", args, err, errOut.String())
	}
	var resp recommender.Response
	if err := json.Unmarshal(out.Bytes(), &resp); err != nil {
		t.Fatalf("decode %q: %v\n%s", args, err, out.String())
	}
	return resp, errOut.String()
}

// TestRecommendDemo runs the four goals of the issue on the demo catalog,
// indexed on first use: every kind comes, every reason is said, and the
// top formations are on topic.
func TestRecommendDemo(t *testing.T) {
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]catalog.Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	data := t.TempDir()
	first, stderr := runRecommendJSON(t, data, "Je veux devenir data analyst", "--explain")
	if !strings.Contains(stderr, "catalogue de démonstration") {
		t.Errorf("first run did not say it indexes the demo catalog: %q", stderr)
	}
	again, stderr := runRecommendJSON(t, data, "Je veux devenir data analyst", "--explain")
	if strings.Contains(stderr, "catalogue de démonstration") {
		t.Errorf("second run indexed again: %q", stderr)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("the live index answers differently from the fresh one (-fresh +live):\n%s", diff)
	}
	for _, tc := range []struct {
		projet string
		// topic: one of the top 3 formations has a skill or title containing one of these.
		topic []string
		// domain of the first formation: one of these.
		domain []string
		// metier is the emploi of the demo référentiel recognised first.
		metier string
	}{
		{"Je veux devenir data analyst", []string{"sql", "power bi", "python", "statistique"}, []string{"data-ia"}, "Analyste de données"},
		{"Manager d'équipe depuis peu, je veux mieux conduire mes entretiens", []string{"entretien"}, []string{"management"}, ""},
		{"Technicien de maintenance, je vise un poste de responsable maintenance", []string{"maintenance"}, []string{"industrie-maintenance"}, "Responsable maintenance"},
		{"Reconversion vers les RH", []string{"rh", "ressources humaines", "recrutement"}, []string{"rh"}, "Responsable des ressources humaines"},
		{"Je voudrais devenir cheffe de projet", []string{"projet"}, []string{"competences-transverses", "bureautique", "management"}, "Chef / Cheffe de projet"},
	} {
		t.Run(tc.projet, func(t *testing.T) {
			resp, _ := runRecommendJSON(t, data, tc.projet)
			checkResponse(t, resp)
			var got string
			if len(resp.Goal.Metiers) > 0 {
				got = resp.Goal.Metiers[0].Label
			}
			if got != tc.metier {
				t.Errorf("recognised emploi %q, want %q", got, tc.metier)
			}
			if tc.metier != "" && !strings.HasPrefix(kindItems(resp, catalog.KindFormation)[0].Reason, "Couvre : ") {
				t.Errorf("first formation does not cover the emploi's skills: %q", kindItems(resp, catalog.KindFormation)[0].Reason)
			}
			forms := kindItems(resp, catalog.KindFormation)
			if len(forms) == 0 {
				t.Fatal("no formation")
			}
			if it := byID[forms[0].ID]; !slices.Contains(tc.domain, it.Domain) {
				t.Errorf("first formation %s %q is in domain %q, want %q", it.ID, it.Title, it.Domain, tc.domain)
			}
			if !onTopic(forms[:min(3, len(forms))], byID, tc.topic) {
				t.Errorf("no top-3 formation about %v: %v", tc.topic, titles(forms[:min(3, len(forms))]))
			}
		})
	}
}

// checkResponse checks what every demo answer must have: the four kinds,
// a reason for each suggestion and plan action, a mentor and a mission in
// the plan.
func checkResponse(t *testing.T, resp recommender.Response) {
	t.Helper()
	for _, k := range catalog.Kinds {
		if len(kindItems(resp, k)) == 0 {
			t.Errorf("no %s suggested", k)
		}
	}
	for _, ks := range resp.Suggestions {
		for _, s := range ks.Items {
			if strings.TrimSpace(s.Reason) == "" {
				t.Errorf("%s: empty reason", s.ID)
			}
		}
	}
	kinds := make(map[catalog.Kind]bool)
	for _, a := range resp.Plan.Actions {
		kinds[a.Kind] = true
		if strings.TrimSpace(a.Reason) == "" {
			t.Errorf("plan action %s: empty reason", a.ID)
		}
	}
	if !kinds[catalog.KindMentoring] || !kinds[catalog.KindMission] {
		t.Errorf("plan without a mentor or a mission: %+v", resp.Plan.Actions)
	}
}

func kindItems(resp recommender.Response, k catalog.Kind) []recommender.Suggestion {
	for _, ks := range resp.Suggestions {
		if ks.Kind == k {
			return ks.Items
		}
	}
	return nil
}

// onTopic reports whether one suggestion's title or skills contain one of
// the folded words.
func onTopic(ss []recommender.Suggestion, byID map[string]catalog.Item, words []string) bool {
	for _, s := range ss {
		it := byID[s.ID]
		text := " " + strings.Join(french.Tokens(it.Title+" "+strings.Join(it.Skills, " ")), " ") + " "
		for _, w := range words {
			if strings.Contains(text, " "+w) {
				return true
			}
		}
	}
	return false
}

func titles(ss []recommender.Suggestion) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.Title)
	}
	return out
}

// TestRecommendText checks the terminal output of one goal, with
// constraints met by every suggestion and the plan.
func TestRecommendText(t *testing.T) {
	var out, errOut bytes.Buffer
	args := []string{"recommend", "Je veux devenir data analyst", "--skill", "SQL", "--skill", "Power BI", "--skill", "Python",
		"--max-price", "2000", "--max-hours", "20", "--per-kind", "3", "--explain", "--data", t.TempDir()}
	if err := run(t.Context(), args, quietEnv, &out, &errOut); err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"Projet compris : « data analyst »", "Compétences à acquérir : Langage SQL, Power BI",
		"\nFormations\n  1. ", "\nMentors\n  1. ", "\nMissions internes\n  1. ",
		"Couvre : ", "\nPlan d'action (", "score ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "\nCompétences non couvertes : ") && !strings.Contains(text, "\nToutes les compétences à acquérir sont couvertes par ce plan.\n") {
		t.Errorf("output says nothing of the skills left uncovered:\n%s", text)
	}
	for _, bad := range []string{"7 900 €", "11 800 €"} { // certifications over the budget
		if strings.Contains(text, bad) {
			t.Errorf("output shows an item over the 2 000 € budget (%s):\n%s", bad, text)
		}
	}
}

func TestRecommendBadInput(t *testing.T) {
	data := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no projet", nil, "indiquez un projet"},
		{"blank projet", []string{"   "}, "indiquez un projet"},
		{"unknown modality", []string{"data", "--modality", "courrier"}, "--modality"},
		{"unknown kind", []string{"data", "--kind", "stage"}, "--kind"},
		{"negative price", []string{"data", "--max-price", "-5"}, "--max-price"},
		{"negative hours", []string{"data", "--max-hours", "-1"}, "--max-hours"},
		{"too many per kind", []string{"data", "--per-kind", "500"}, "--per-kind"},
		{"price not a number", []string{"data", "--max-price", "beaucoup"}, "max-price"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(t.Context(), append([]string{"recommend", "--data", data}, tc.args...), quietEnv, &out, &errOut)
			if err == nil {
				t.Fatalf("no error; output:\n%s", out.String())
			}
			if !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tc.want)
			}
			if c := exitCode(err); c == 0 {
				t.Errorf("exit code 0")
			}
		})
	}
}

// TestRecommendWithReferentiel imports ROME 4.0 into the data directory
// first: the target métier is recognised, reasons say which items prepare
// for it, and the plan lists the métier's skills left uncovered.
func TestRecommendWithReferentiel(t *testing.T) {
	rome := sharedtest.Path(t, "referentiels/rome4_v460")
	data := t.TempDir()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"referentiel", "import", "--rome", rome, "--data", data}, quietEnv, &out, &errOut); err != nil {
		t.Fatalf("referentiel import: %v\n%s", err, errOut.String())
	}
	resp, _ := runRecommendJSON(t, data, "Je veux devenir data analyst")
	checkResponse(t, resp)
	if len(resp.Goal.Metiers) == 0 || !strings.Contains(strings.ToLower(resp.Goal.Metiers[0].Label), "data") {
		t.Errorf("target métiers %+v: want a data métier first", resp.Goal.Metiers)
	}
	if len(resp.Goal.GapSkills) == 0 {
		t.Error("no gap skills from the métier")
	}
	prepares := 0
	for _, ks := range resp.Suggestions {
		for _, s := range ks.Items {
			if strings.Contains(s.Reason, "prépare au métier") {
				prepares++
			}
		}
	}
	if prepares == 0 {
		t.Errorf("no reason says which métier an item prepares for: %+v", resp.Suggestions)
	}
	if len(resp.Plan.Uncovered)+len(resp.Plan.Actions) == 0 {
		t.Error("empty plan")
	}
}

// TestRecommendLocationAndWording runs the issue 11 tour on the demo
// catalog: the goal understood is the target, not the rest of the
// sentence; with --location, what is in that city comes first in every
// kind and the others say how far they are; each suggestion shows its
// facts on a line of its own, and reasons read as French prose.
func TestRecommendLocationAndWording(t *testing.T) {
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]catalog.Item, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	data := t.TempDir()
	args := []string{"Technicien de maintenance, je veux devenir chef d'équipe maintenance et encadrer une équipe de 6 personnes", "--location", "Lyon"}
	resp, _ := runRecommendJSON(t, data, args...)
	if resp.Goal.Target != "chef d'équipe maintenance" {
		t.Errorf("goal understood %q, want %q", resp.Goal.Target, "chef d'équipe maintenance")
	}
	inLyon := func(it catalog.Item) bool {
		for _, s := range it.Sessions {
			if s.Location == "Lyon" && s.Start.After(time.Now()) {
				return true
			}
		}
		return len(it.Sessions) == 0 && it.Modality != catalog.ModalityDistanciel && it.Location == "Lyon"
	}
	lyon := 0
	for _, ks := range resp.Suggestions {
		elsewhere := ""
		for _, s := range ks.Items {
			switch {
			case !inLyon(byID[s.ID]):
				elsewhere = s.ID
			case elsewhere != "":
				t.Errorf("%s: %s, in Lyon, comes after %s", ks.Kind, s.ID, elsewhere)
			default:
				lyon++
			}
		}
	}
	if lyon == 0 {
		t.Error("nothing in Lyon suggested")
	}

	var out, errOut bytes.Buffer
	if err := run(t.Context(), append([]string{"recommend", "--data", data}, args...), quietEnv, &out, &errOut); err != nil {
		t.Fatalf("run: %v\n%s", err, errOut.String())
	}
	text := out.String()
	for _, want := range []string{"Projet compris : « chef d'équipe maintenance »\n", "session à Lyon ", " km de Lyon",
		"prépare au métier de responsable d'équipe", "\n     21 h en présentiel à Lyon · gratuit\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	checkProse(t, text)
}

// checkProse checks the reasons of a terminal answer (its indented lines):
// no capital after "métier de", no "Chargé / Chargée", no "(e)" or "(s)",
// nothing generic, no fact of the facts line repeated.
func checkProse(t *testing.T, text string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "     ") {
			continue
		}
		for _, bad := range []string{" / ", "(e)", "(s)", "la mieux classée", "places libres", "€", "% du temps", "éligible CPF"} {
			if strings.Contains(l, bad) && !isFactsLine(lines, i) {
				t.Errorf("reason says %q: %q", bad, l)
			}
		}
		for _, lead := range []string{"métier de ", "métier d'"} {
			if _, after, ok := strings.Cut(l, lead); ok && after != "" {
				if r, _ := utf8.DecodeRuneInString(after); unicode.IsUpper(r) && !strings.HasPrefix(after, "HR ") {
					t.Errorf("capital mid-sentence: %q", l)
				}
			}
		}
	}
}

// isFactsLine reports whether the indented line i is a suggestion's facts
// line: right after its numbered title, with the reason below it (a plan
// action has a reason only).
func isFactsLine(lines []string, i int) bool {
	title := strings.TrimLeft(lines[i-1], " ")
	return i > 0 && i+1 < len(lines) && title != "" && title[0] >= '1' && title[0] <= '9' &&
		strings.HasPrefix(lines[i+1], "     ")
}
