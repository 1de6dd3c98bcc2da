package recommender

// goalWords are folded words that say the employee wants something, not
// what: they are dropped from the target before searching.
var goalWords = setOf(
	"je", "j", "me", "m", "mon", "ma", "mes", "veux", "voudrais", "souhaite", "souhaiterais",
	"aimerais", "envisage", "vise", "viser", "devenir", "evoluer", "evolution", "poste", "postes",
	"metier", "metiers", "former", "reconvertir", "reconversion", "travailler",
	"objectif", "professionnel", "professionnelle", "projet", "occuper", "mobilite", "orienter",
	"tant", "comme", "vers", "un", "une", "le", "la", "les", "l", "de", "d", "du", "des", "en",
	"est", "et", "pour", "dans", "domaine", "secteur", "faire", "passer", "aller", "etre",
	"ici", "ans", "an", "deux", "trois", "annees", "bientot", "terme", "rapidement", "idealement",
	"emploi", "job", "carriere", "nouveau", "nouvelle", "plutot", "peut", "pouvoir", "mieux",
)

// strongGoalWords are goal words dropped anywhere in the target, not only
// around it.
var strongGoalWords = setOf(
	"veux", "voudrais", "souhaite", "souhaiterais", "aimerais", "envisage", "vise", "devenir",
	"evoluer", "poste", "metier", "reconvertir", "reconversion", "mobilite", "occuper",
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
