package catalog

import "slices"

// NewReferentielTaxonomy returns the taxonomy of the skills of ref: the
// skills of ref.Skills (ROME compétences and savoirs, ESCO skills), then
// the skill labels of the métiers (core, then other) that name none of
// them, such as those of a company référentiel, each a skill whose id is
// its label. Labels are deduplicated by Key: a skill whose preferred label
// has the key of a label kept before is merged into that skill, its labels
// becoming alternatives when their key is free or that skill's; a label
// whose key belongs to another skill is dropped. A skill without id or
// label is left out, as is a second skill with the same id. Each label is
// analysed once, so that a start with ROME and ESCO stays quick. It
// returns nil, and no error, when ref is nil or names no skill.
func NewReferentielTaxonomy(ref *Referentiel) (*Taxonomy, error) {
	if ref == nil {
		return nil, nil
	}
	b := skillSet{byID: make(map[string]bool), byKey: make(map[string]int),
		forms: make(map[string]labelForms, 2*len(ref.Skills))}
	labels := make(map[string]bool, len(ref.Skills))
	for _, s := range ref.Skills {
		labels[s.Label] = true
		b.add(s)
	}
	// Métiers share most of their skill labels: each is read once.
	for _, m := range ref.Metiers {
		for _, list := range [][]string{m.CoreSkills, m.OtherSkills} {
			for _, l := range list {
				if !labels[l] {
					labels[l] = true
					b.add(Skill{ID: l, Label: l})
				}
			}
		}
	}
	if len(b.skills) == 0 {
		return nil, nil
	}
	return newTaxonomy(b.skills, b.analyse)
}

// skillSet builds a list of skills whose labels have distinct keys.
type skillSet struct {
	skills []Skill
	byID   map[string]bool
	byKey  map[string]int // key of a kept label → index in skills
	forms  map[string]labelForms
}

// analyse returns the forms of label, analysing it the first time only.
func (b *skillSet) analyse(label string) labelForms {
	f, ok := b.forms[label]
	if !ok {
		f = analyseLabel(label)
		b.forms[label] = f
	}
	return f
}

// add keeps s, or merges its labels into the skill that already has the
// key of its preferred label.
func (b *skillSet) add(s Skill) {
	s.ID, s.Label = NormText(s.ID), NormText(oneLine(s.Label))
	k := b.analyse(s.Label).key
	if s.ID == "" || k == "" {
		return
	}
	owner, taken := b.byKey[k]
	if !taken {
		if b.byID[s.ID] {
			return
		}
		owner = len(b.skills)
		b.byID[s.ID] = true
		b.byKey[k] = owner
		b.skills = append(b.skills, Skill{ID: s.ID, Label: s.Label, Broader: s.Broader, Related: s.Related, Domain: s.Domain})
	}
	kept := &b.skills[owner]
	if taken && s.Label != kept.Label && !slices.Contains(kept.AltLabels, s.Label) {
		// Same key, other words ("BP électricien(ne)" for "BP électricien"):
		// kept so that Resolve knows how the label ends.
		kept.AltLabels = append(kept.AltLabels, s.Label)
	}
	kept.AltLabels = b.alternatives(owner, kept.AltLabels, s.AltLabels)
	kept.English = b.alternatives(owner, kept.English, s.English)
}

// alternatives appends to dst the labels of src not in it whose key is
// free or the owner's, and takes their key for the skill at owner.
func (b *skillSet) alternatives(owner int, dst, src []string) []string {
	for _, l := range src {
		l = NormText(oneLine(l))
		k := b.analyse(l).key
		if k == "" || slices.Contains(dst, l) {
			continue
		}
		if o, taken := b.byKey[k]; taken && o != owner {
			continue
		}
		b.byKey[k] = owner
		dst = append(dst, l)
	}
	return dst
}
