package recommender

import (
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/recommender/metier"
)

// understood is the goal of a request with what retrieval needs.
type understood struct {
	Goal
	// content is the target without goal words.
	content string
	// metiers are the recognised target métiers, best first.
	metiers []catalog.Metier
	// codes weighs the target fiches and their siblings for tag retrieval.
	codes map[string]float64
	// expansion is the weighted expansion of the first target métier.
	expansion []metier.WeightedWord
}

// Goal understanding settings.
const (
	// maxTargetMetiers is the number of métiers recognised in a projet.
	maxTargetMetiers = 3
	// tagMetiers is the number of recognised métiers whose tagged items are
	// read off: only the best (dev queries, nDCG@10 of the fused ranking:
	// 1 → 0.546, 2 → 0.541, 3 → 0.538, 5 → 0.535).
	tagMetiers = 1
	// siblingWeight weighs fiches sharing the target's code_rome_parent
	// (0.25 → 0.540, 0.5 → 0.542, 1 → 0.546 with one métier).
	siblingWeight = 1.0
	// maxGapFromMetier caps the métier skills added to the gap.
	maxGapFromMetier = 8
)

// understand cuts the projet, recognises the target métiers and computes
// the skill gap.
func (r *Recommender) understand(req Request) understood {
	target, current := splitProjet(req.Projet)
	if target == "" {
		target = req.Projet
	}
	if req.CurrentRole != "" {
		current = req.CurrentRole
	}
	u := understood{Goal: Goal{Target: target, Current: current}, content: contentText(target)}
	if r.d.Metiers != nil {
		u.Metiers = goalMetiers(withoutCurrent(r.d.Metiers.Match(target, maxTargetMetiers), r.d.Metiers, current))
		u.codes = make(map[string]float64)
		for n, gm := range u.Metiers {
			m, _ := r.d.Metiers.Metier(gm.Code)
			u.metiers = append(u.metiers, m)
			if n >= tagMetiers {
				continue
			}
			for i, c := range r.d.Metiers.Family(gm.Code) {
				w := gm.Score
				if i > 0 {
					w *= siblingWeight
				}
				u.codes[c] += w
			}
		}
	}
	if len(u.metiers) > 0 {
		u.expansion = r.d.Metiers.Expansion(u.metiers[0].Code)
	}
	desired := req.DesiredSkills
	if r.d.Skills != nil {
		// Skills the projet names in so many words ("mieux conduire mes
		// entretiens") join the gap after the ones the employee listed.
		for _, sk := range r.d.Skills.Find(target) {
			desired = append(desired[:len(desired):len(desired)], sk.Label)
		}
	}
	u.GapSkills = r.canonicalGap(gapSkills(u.metiers, desired, req.CurrentSkills))
	return u
}

// withoutCurrent drops from the target métiers after the first the one the
// current role names: a technicien de maintenance aiming at "responsable de
// maintenance" is not aiming at technicien de maintenance too.
func withoutCurrent(ms []metier.Match, x *metier.Index, current string) []metier.Match {
	if len(ms) < 2 || strings.TrimSpace(current) == "" {
		return ms
	}
	cur := x.Match(current, 1)
	if len(cur) == 0 {
		return ms
	}
	out := ms[:1]
	for _, m := range ms[1:] {
		if m.Code != cur[0].Code {
			out = append(out, m)
		}
	}
	return out
}

// gapSkills returns desired skills then the first target métier's core
// skills, without those the employee already has (compared by terms).
func gapSkills(metiers []catalog.Metier, desired, current []string) []string {
	have := make([]map[string]bool, 0, len(current))
	for _, c := range current {
		have = append(have, termSet(c))
	}
	var out []string
	seen := make(map[string]bool)
	add := func(s string) {
		key := strings.Join(french.Terms(s), " ")
		if key == "" || seen[key] || covered(termSet(s), have) {
			return
		}
		seen[key] = true
		out = append(out, strings.TrimSpace(s))
	}
	for _, s := range desired {
		add(s)
	}
	if len(metiers) > 0 {
		for i, s := range metiers[0].CoreSkills {
			if i == maxGapFromMetier {
				break
			}
			add(s)
		}
	}
	return out
}

func termSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, t := range french.Terms(s) {
		m[t] = true
	}
	return m
}

// covered reports whether most terms of skill appear in one current skill.
func covered(skill map[string]bool, have []map[string]bool) bool {
	if len(skill) == 0 {
		return false
	}
	for _, h := range have {
		n := 0
		for t := range skill {
			if h[t] {
				n++
			}
		}
		if 3*n >= 2*len(skill) {
			return true
		}
	}
	return false
}
