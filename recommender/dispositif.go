package recommender

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

// dispositifPhrase is a folded word sequence that names a dispositif in a
// projet. The phrase is taken out of the projet before the goal is read:
// "faire valider mon expérience par une VAE" is how, not where.
type dispositifPhrase struct {
	d     Dispositif
	words []string
}

// dispositifPhrases are tried longest first at each word.
var dispositifPhrases = func() []dispositifPhrase {
	spec := map[Dispositif][]string{
		DispositifVAE: {
			"faire valider mon experience", "faire valider mes experiences", "valider mon experience",
			"faire valider mes acquis", "valider mes acquis", "faire reconnaitre mes acquis",
			"faire reconnaitre mon experience", "reconnaitre mes acquis", "reconnaissance de mes acquis",
			"par la validation des acquis de l experience", "par validation des acquis de l experience",
			"validation des acquis de l experience", "validation des acquis", "par une vae", "par la vae",
			"grace a une vae", "via une vae", "en vae", "une vae", "la vae", "ma vae", "vae",
		},
		DispositifPTP: {
			"projet de transition professionnelle", "un projet de transition professionnelle",
			"transition professionnelle", "transitions pro", "cpf de transition", "cpf transition", "ptp",
		},
		DispositifCPF: {
			"avec mon compte personnel de formation", "compte personnel de formation", "mon compte formation",
			"en utilisant mon cpf", "grace a mon cpf", "avec mon cpf", "via mon cpf", "sur mon cpf",
			"par mon cpf", "financer avec mon cpf", "mon cpf", "le cpf", "du cpf", "cpf",
		},
		DispositifBilan: {
			"faire un bilan de competences", "un bilan de competences", "bilan de competences",
			"bilan de competence",
		},
		DispositifMobilite: {
			"en mobilite interne", "une mobilite interne", "mobilite interne", "en interne",
		},
	}
	var out []dispositifPhrase
	for d, ps := range spec {
		for _, p := range ps {
			out = append(out, dispositifPhrase{d: d, words: strings.Fields(p)})
		}
	}
	slices.SortFunc(out, func(a, b dispositifPhrase) int {
		if len(a.words) != len(b.words) {
			return len(b.words) - len(a.words)
		}
		return strings.Compare(strings.Join(a.words, " "), strings.Join(b.words, " "))
	})
	return out
}()

// cpfRefusals are folded words that, just before a CPF phrase, say the
// employee does not want it ("sans mon CPF", "hors CPF").
var cpfRefusals = setOf("sans", "hors", "pas", "jamais", "ni")

// readDispositifs finds the dispositifs a projet names, in the order of
// dispositifOrder, and returns the projet without their phrases. A CPF
// named only to be refused ("sans mon CPF") is taken out but not asked for.
func readDispositifs(projet string) (rest string, ds []Dispositif) {
	ws := french.Words(projet)
	type span struct{ start, end int }
	var cut []span
	found := make(map[Dispositif]bool)
	for i := 0; i < len(ws); {
		p, ok := phraseAt(ws[i:])
		if !ok {
			i++
			continue
		}
		from, to := i, i+len(p.words)-1
		if r := refusalBefore(ws, i); p.d == DispositifCPF && r >= 0 {
			from = r
		} else {
			found[p.d] = true
		}
		cut = append(cut, span{ws[from].Start, ws[to].End})
		i = to + 1
	}
	if len(cut) == 0 {
		return projet, nil
	}
	var b strings.Builder
	last := 0
	for _, c := range cut {
		b.WriteString(projet[last:c.start])
		b.WriteString(" ")
		last = c.end
	}
	b.WriteString(projet[last:])
	for _, d := range dispositifOrder {
		if found[d] {
			ds = append(ds, d)
		}
	}
	return strings.Join(strings.Fields(b.String()), " "), ds
}

// refusalBefore returns the index of a word refusing what follows ("sans
// utiliser mon CPF", "hors CPF") among the three words before i, or -1.
func refusalBefore(ws []french.Word, i int) int {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if cpfRefusals[ws[j].Folded] {
			return j
		}
	}
	return -1
}

// dispositifOrder is the order dispositifs are listed in.
var dispositifOrder = []Dispositif{DispositifVAE, DispositifCPF, DispositifPTP, DispositifBilan, DispositifMobilite}

func phraseAt(ws []french.Word) (dispositifPhrase, bool) {
	for _, p := range dispositifPhrases {
		if hasSeq(ws, p.words) {
			return p, true
		}
	}
	return dispositifPhrase{}, false
}

// prepared is a request as the recommender reads it: the projet without
// its dispositif phrases, the constraints the dispositifs imply, the
// desired skills under their taxonomy labels.
type prepared struct {
	req         Request
	dispositifs []Dispositif
	notes       []string
	// target is the code of the first target métier, once ranked.
	target string
}

// has reports whether the request asks for d.
func (p prepared) has(d Dispositif) bool { return slices.Contains(p.dispositifs, d) }

// prepare reads the dispositifs of the projet and checks the desired
// skills against the taxonomy.
func (r *Recommender) prepare(req Request) (prepared, error) {
	p := prepared{req: req}
	p.req.Projet, p.dispositifs = readDispositifs(req.Projet)
	if p.has(DispositifCPF) && !req.Constraints.CPFOnly {
		p.req.Constraints.CPFOnly = true
		p.notes = append(p.notes, "Votre projet mentionne le CPF : seules les formations et certifications éligibles au CPF sont proposées.")
	}
	if p.has(DispositifVAE) {
		p.notes = append(p.notes, "Votre projet vise une VAE : les certifications accessibles par la VAE viennent d'abord, sans formation de découverte à la place.")
	}
	if p.has(DispositifMobilite) {
		p.notes = append(p.notes, "Pour une mobilité interne, les missions et les mentors de l'entreprise sont proposés en premier.")
	}
	if p.has(DispositifBilan) {
		p.notes = append(p.notes, "Un bilan de compétences se fait avec un prestataire extérieur à l'entreprise, finançable par le CPF : voyez Mon Compte Formation ou un conseiller en évolution professionnelle.")
	}
	if p.has(DispositifPTP) {
		p.notes = append(p.notes, "Un projet de transition professionnelle se demande auprès de Transitions Pro de votre région, après accord de l'employeur sur l'absence.")
	}
	skills, err := r.resolveSkills("desired_skills", req.DesiredSkills)
	if err != nil {
		return prepared{}, err
	}
	p.req.DesiredSkills = skills
	return p, nil
}

// SkillError reports a desired skill that is only the beginning of
// taxonomy skills ("Management d"): it names the field and what to choose.
type SkillError struct {
	// Field is the request field, with its index ("desired_skills[2]").
	Field string
	// Skill is the text given.
	Skill string
	// Completions are taxonomy skills it begins.
	Completions []string
}

// Error says in French what to do.
func (e *SkillError) Error() string {
	return fmt.Sprintf("« %s » n'est pas une compétence complète : choisissez une compétence de la liste, par exemple « %s »",
		e.Skill, strings.Join(e.Completions, " », « "))
}

// resolveSkills puts each skill under its taxonomy label, once. A skill the
// taxonomy does not know whole but that is the beginning of one of its
// skills is a fragment typed half-way, and refused; any other unknown
// skill ("Kubernetes" when only "Kubernetes et Docker" is known) is kept
// as written.
func (r *Recommender) resolveSkills(field string, skills []string) ([]string, error) {
	if r.d.Skills == nil || len(skills) == 0 {
		return skills, nil
	}
	out := make([]string, 0, len(skills))
	seen := make(map[string]bool)
	for i, s := range skills {
		label := strings.TrimSpace(s)
		if sk, ok := r.d.Skills.Resolve(label); ok {
			label = sk.Label
		} else if cs := r.fragmentOf(label); len(cs) > 0 {
			return nil, &SkillError{Field: fmt.Sprintf("%s[%d]", field, i), Skill: label, Completions: cs}
		}
		if k := catalog.Key(label); !seen[k] {
			seen[k] = true
			out = append(out, label)
		}
	}
	return out, nil
}

// danglingWords end a text that stops before its noun ("Gestion de",
// "Management d").
var danglingWords = setOf("d", "l", "de", "du", "des", "la", "le", "les", "et", "ou", "en", "a", "au", "aux",
	"pour", "par", "avec", "sur", "sans", "dans", "un", "une")

// fragmentOf returns the labels of taxonomy skills that text is the
// unfinished beginning of: text stops on a dangling word and what precedes
// it begins a label ("Management d" → "Management d'équipe"), or a label
// goes on in the middle of text's last word ("Excel a" → "Excel avancé").
func (r *Recommender) fragmentOf(text string) []string {
	ws := french.Words(text)
	if len(ws) == 0 {
		return nil
	}
	typed := french.Fold(text)
	dangling := danglingWords[ws[len(ws)-1].Folded] || strings.HasSuffix(text, "'") ||
		strings.HasSuffix(text, "’") || strings.HasSuffix(text, "-")
	prefix := text
	if dangling && len(ws) > 1 && danglingWords[ws[len(ws)-1].Folded] {
		prefix = text[:ws[len(ws)-1].Start]
	}
	var out []string
	for _, c := range r.d.Skills.Complete(strings.TrimRight(prefix, " '’-"), 5) {
		for _, l := range c.Labels() {
			f := french.Fold(l)
			if dangling || len(f) > len(typed) && strings.HasPrefix(f, typed) && isLetterByte(f[len(typed)]) {
				out = append(out, c.Label)
				break
			}
		}
		if len(out) == 3 {
			break
		}
	}
	return out
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }

func skillLabels(ss []catalog.Skill) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Label
	}
	return out
}

// canonicalGap puts the gap skills under their taxonomy labels and keeps
// one of each: synonyms ("SQL", "Langage SQL") are one gap skill.
func (r *Recommender) canonicalGap(gap []string) []string {
	if r.d.Skills == nil {
		return gap
	}
	out := make([]string, 0, len(gap))
	seen := make(map[string]bool)
	for _, g := range gap {
		key, label := catalog.Key(g), g
		if sk, ok := r.d.Skills.Lookup(g); ok {
			key, label = "id:"+sk.ID, sk.Label
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, label)
		}
	}
	return out
}

// beginnerLevels are item levels that mark a course for beginners.
var beginnerLevels = setOf("debutant", "debutante", "initiation", "decouverte", "bases", "base", "niveau 1")

// vaeTarget reports whether a certification is one a VAE towards the goal
// would validate: it covers a skill of the gap, or its closest métier is
// the target. A VAE certifies the experience one has for a job; a
// certification of another job is no VAE route, however it ranks.
func vaeTarget(c *candidate, target string) bool {
	return len(c.covers) > 0 || target != "" && len(c.item.Metiers) > 0 && c.item.Metiers[0] == target
}

// vaeFit reports whether an item belongs in a VAE-oriented answer: a
// certification open to the VAE, and no beginner course in its place.
func vaeFit(it *catalog.Item) bool {
	switch it.Kind {
	case catalog.KindCertification:
		return it.VAEEligible
	case catalog.KindFormation:
		return !beginnerLevels[french.Fold(strings.TrimSpace(it.Level))]
	}
	return true
}
