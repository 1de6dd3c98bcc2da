package catalog

// KindInfo is what Tremplin knows of one kind of item: how it is named in
// French and where it goes in a plan d'action. Kinds is the one list of
// kinds; everything that spells kinds out (labels, headings, notices, plan
// slots, the OpenAPI enums) derives from KindInfos, and a test checks the
// OpenAPI enums against it.
type KindInfo struct {
	Kind Kind
	// Label names one item ("Formation", "Mentorat").
	Label string
	// Heading titles a list of them ("Formations", "Mentors").
	Heading string
	// None says that no item of the kind fits, as the start of a sentence
	// ("Aucune formation du catalogue ne correspond").
	None string
	// TooFar says that those of the kind are too far from a goal.
	TooFar string
	// PlanSlots is the most actions of the kind in a plan d'action.
	PlanSlots int
	// Learning kinds (formations, certifications) come first in a plan;
	// the others support and put into practice.
	Learning bool
	// CPF says whether CPF eligibility applies to the kind: a filter on
	// CPF-eligible offers (Filter.CPFOnly) excludes its ineligible items
	// and keeps every item of the other kinds, in every store.
	CPF bool
}

// KindInfos describes every kind, in display order (the order of Kinds).
var KindInfos = []KindInfo{
	{Kind: KindFormation, Label: "Formation", Heading: "Formations",
		None:      "Aucune formation du catalogue ne correspond",
		TooFar:    "Les formations du catalogue sont trop éloignées de ce projet pour être proposées.",
		PlanSlots: 3, Learning: true, CPF: true},
	{Kind: KindCertification, Label: "Certification", Heading: "Certifications",
		None:      "Aucune certification du catalogue ne correspond",
		TooFar:    "Les certifications du catalogue sont trop éloignées de ce projet pour être proposées.",
		PlanSlots: 1, Learning: true, CPF: true},
	{Kind: KindMentoring, Label: "Mentorat", Heading: "Mentors",
		None:      "Aucun mentor ne correspond",
		TooFar:    "Les mentors disponibles sont trop éloignés de ce projet pour être proposés.",
		PlanSlots: 1},
	{Kind: KindMission, Label: "Mission interne", Heading: "Missions internes",
		None:      "Aucune mission interne ne correspond",
		TooFar:    "Les missions internes ouvertes sont trop éloignées de ce projet pour être proposées.",
		PlanSlots: 1},
}

// Info returns what is known of k; ok is false for an unknown kind.
func (k Kind) Info() (info KindInfo, ok bool) {
	for _, i := range KindInfos {
		if i.Kind == k {
			return i, true
		}
	}
	return KindInfo{Kind: k, Label: string(k), Heading: string(k)}, false
}

// TakesCPF reports whether CPF eligibility applies to items of kind k
// (KindInfo.CPF).
func (k Kind) TakesCPF() bool {
	info, _ := k.Info()
	return info.CPF
}

// CPFKinds lists the kinds CPF eligibility applies to, in display order.
func CPFKinds() []Kind {
	var out []Kind
	for _, i := range KindInfos {
		if i.CPF {
			out = append(out, i.Kind)
		}
	}
	return out
}
