package recommender

import (
	"strings"

	"github.com/tremplin/tremplin/catalog/french"
)

// targetCues are folded word sequences that introduce where the employee
// wants to go; the target is what follows the first one.
var targetCues = [][]string{
	{"devenir"}, {"evoluer"}, {"reconvertir"}, {"reconversion"}, {"travailler", "comme"},
	{"travailler", "en", "tant"}, {"poste"}, {"metier"}, {"mobilite"}, {"vise"}, {"viser"},
	{"objectif"}, {"mon", "projet"}, {"veux"}, {"voudrais"}, {"souhaite"}, {"souhaiterais"},
	{"aimerais"}, {"envisage"}, {"orienter"}, {"occuper"}, {"former"}, {"passer"},
}

// currentLead are folded words that introduce the current role; they are
// dropped from its start.
var currentLead = setOf(
	"apres", "plusieurs", "quelques", "annees", "ans", "comme", "je", "j", "suis", "actuellement",
	"aujourd", "hui", "aujourdhui", "en", "poste", "de", "d", "ai", "ete", "travaille", "occupe",
	"exerce", "salarie", "salariee", "moi", "ancien", "ancienne", "mon", "ma", "mes",
)

// currentTail are folded words left between the current role and the
// target cue ("…, je veux", "… et j'aimerais").
var currentTail = setOf("et", "je", "j", "mais", "aujourd", "hui", "maintenant", "donc", "me", "m")

// tailCues end the target: what follows is timing, not a métier.
var tailCues = [][]string{{"d", "ici"}, {"dans", "les"}, {"a", "terme"}, {"si", "possible"}, {"depuis"},
	{"dans", "le", "cadre"}}

// splitProjet cuts a projet into the target segment and the current role.
// Without a cue the whole projet, minus goal words, is the target.
func splitProjet(projet string) (target, current string) {
	ws := french.Words(projet)
	at, end := findTargetCue(ws)
	if at < 0 {
		return span(projet, trimGoal(ws)), ""
	}
	return span(projet, trimGoal(cutTail(ws[end:]))), span(projet, trimCurrent(ws[:at]))
}

// findTargetCue returns the index of the first target cue and of the word
// after it, or -1. "poste" after "en" ("en poste de X") names the current role.
func findTargetCue(ws []french.Word) (at, end int) {
	for i := range ws {
		for _, cue := range targetCues {
			if !hasSeq(ws[i:], cue) {
				continue
			}
			if cue[0] == "poste" && i > 0 && ws[i-1].Folded == "en" {
				continue
			}
			return i, i + len(cue)
		}
	}
	return -1, -1
}

func hasSeq(ws []french.Word, seq []string) bool {
	if len(ws) < len(seq) {
		return false
	}
	for j, s := range seq {
		if ws[j].Folded != s {
			return false
		}
	}
	return true
}

// titleTails are goal words that also end job titles after "de": "chef
// de projet", "chargée de mobilité", "conseiller en évolution de carrière".
var titleTails = setOf("projet", "projets", "mobilite", "carriere", "carrieres", "emploi", "emplois")

// trimGoal drops goal words around the target, but not the end of a job
// title ("cheffe de projet").
func trimGoal(ws []french.Word) []french.Word {
	for len(ws) > 0 && goalWords[ws[0].Folded] {
		ws = ws[1:]
	}
	for n := len(ws); n > 0 && goalWords[ws[n-1].Folded]; n = len(ws) {
		if n >= 3 && titleTails[ws[n-1].Folded] && (ws[n-2].Folded == "de" || ws[n-2].Folded == "d") {
			break
		}
		ws = ws[:n-1]
	}
	return ws
}

// cutTail ends the target before timing ("d'ici deux ans") and before a
// clause that says what the employee will do there ("et encadrer une
// équipe", "pour travailler", "afin de…"): the target is the job, not the
// rest of the sentence.
func cutTail(ws []french.Word) []french.Word {
	for i := range ws {
		if i == 0 {
			continue
		}
		for _, cue := range tailCues {
			if hasSeq(ws[i:], cue) {
				return ws[:i]
			}
		}
		if clauseAt(ws, i) {
			return ws[:i]
		}
	}
	return ws
}

// clauseVerbLead are the folded words between a clause's link and its
// verb ("et de pouvoir encadrer", "pour m'occuper").
var clauseVerbLead = setOf("de", "d", "pouvoir", "me", "m", "y", "en", "ensuite", "aussi", "enfin", "puis")

// determiners follow an infinitive that takes an object ("encadrer une
// équipe"), which a job title's "et" never does ("qualité et sécurité").
var determiners = setOf("un", "une", "des", "le", "la", "les", "l", "mon", "ma", "mes", "son", "sa", "ses",
	"de", "d", "du", "a", "au", "aux", "en", "avec", "sur", "dans", "plus", "mieux", "ce", "cet", "cette", "ces",
	"notre", "nos", "leur", "leurs", "toute", "tout", "tous", "toutes")

// objectArticles open the object of a verb, never the complement of a
// job noun ("manager une équipe", not "manager de proximité").
var objectArticles = setOf("un", "une", "des", "le", "la", "les", "l", "mon", "ma", "mes", "son", "sa", "ses",
	"notre", "nos", "leur", "leurs")

// clauseAt reports whether a purpose or coordinated clause starts at
// ws[i]: "afin de…", "pour" + infinitive, "et" (or a comma's "puis") +
// infinitive taking an object.
func clauseAt(ws []french.Word, i int) bool {
	switch ws[i].Folded {
	case "afin":
		return true
	case "pour":
		// "me former pour devenir X": the goal goes on, it is no clause.
		j := skipLead(ws, i+1)
		return j < len(ws) && infinitive(ws[j].Folded) && !strongGoalWords[ws[j].Folded]
	case "et", "puis":
		j := skipLead(ws, i+1)
		if j+1 >= len(ws) {
			return false
		}
		v, next := ws[j].Folded, ws[j+1].Folded
		// "manager une équipe" is a verb, "manager de proximité" a job.
		return infinitive(v) && determiners[next] || nounsInEr[v] && objectArticles[next]
	}
	return false
}

// skipLead skips the words between a link and its verb ("et de pouvoir
// encadrer", "pour m'occuper").
func skipLead(ws []french.Word, j int) int {
	for j < len(ws) && clauseVerbLead[ws[j].Folded] {
		j++
	}
	return j
}

// infinitive reports whether a folded word looks like a French infinitive
// ("encadrer", "ouvrir", "prendre"), not a job noun ending alike
// ("conseiller", "cuisinier", "infirmière", "cadre", "manager").
func infinitive(w string) bool {
	switch {
	case len(w) < 4 || nounsInEr[w]:
		return false
	case strings.HasSuffix(w, "ier"):
		return verbsInIer[w]
	case strings.HasSuffix(w, "er"), strings.HasSuffix(w, "ir"):
		return true
	}
	for _, e := range reEndings {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return verbsInRe[w]
}

// nounsInEr are job nouns that end like infinitives in -er or -ir.
var nounsInEr = setOf("conseiller", "boulanger", "boucher", "berger", "horloger", "manager", "designer",
	"developer", "engineer", "officer", "leader", "partner", "owner", "trader", "planner", "buyer",
	"controller", "reporter", "broker", "dispatcher", "marketer", "recruiter", "sourcer", "writer",
	"copywriter", "tester", "driver", "trainer", "master", "player", "customer", "avenir", "loisir")

// verbsInIer are infinitives in -ier ("étudier"); other words in -ier are
// job nouns ("cuisinier", "ouvrier").
var verbsInIer = setOf("etudier", "verifier", "planifier", "modifier", "certifier", "negocier",
	"simplifier", "diversifier", "justifier", "identifier", "qualifier", "publier", "confier", "beneficier")

// reEndings end only infinitives in -re ("conduire", "prendre",
// "mettre"); other words in -re are mostly nouns ("infirmière", "cadre").
var reEndings = []string{"uire", "endre", "indre", "ondre", "oudre", "ettre", "aitre", "ivre", "crire"}

// verbsInRe are the other infinitives in -re.
var verbsInRe = setOf("etre", "faire", "refaire", "satisfaire", "dire", "lire", "elire", "croire", "plaire", "battre", "combattre", "abattre")

func trimCurrent(ws []french.Word) []french.Word {
	// "(après dix ans) comme X", "en tant que X": the role follows.
	for i := len(ws) - 1; i >= 0; i-- {
		if ws[i].Folded == "comme" || (ws[i].Folded == "que" && i > 0 && ws[i-1].Folded == "tant") {
			ws = ws[i+1:]
			break
		}
	}
	for len(ws) > 0 && currentLead[ws[0].Folded] {
		ws = ws[1:]
	}
	for i, w := range ws {
		if w.Folded == "depuis" {
			ws = ws[:i]
			break
		}
	}
	for len(ws) > 0 && currentTail[ws[len(ws)-1].Folded] {
		ws = ws[:len(ws)-1]
	}
	return ws
}

// span returns the original text from the first to the last word.
func span(s string, ws []french.Word) string {
	if len(ws) == 0 {
		return ""
	}
	return strings.TrimSpace(s[ws[0].Start:ws[len(ws)-1].End])
}

// contentText returns s without strong goal words, for searching.
func contentText(s string) string {
	ws := french.Words(s)
	parts := make([]string, 0, len(ws))
	last := -1
	for _, w := range ws {
		if strongGoalWords[w.Folded] {
			continue
		}
		if last >= 0 && w.Start > last {
			parts = append(parts, " ")
		}
		parts = append(parts, s[w.Start:w.End])
		last = w.End
	}
	return strings.Join(parts, "")
}
