package catalog

// Source names the producer of a référentiel entry.
type Source string

// The référentiel producers Tremplin imports.
const (
	SourceROME Source = "rome"
	SourceESCO Source = "esco"
	// SourceCompany marks a company's own job référentiel (its "référentiel
	// des emplois"), structured like ROME fiches.
	SourceCompany Source = "entreprise"
)

// Structured reports whether m is a fiche with skills, definition and
// family (ROME or a company référentiel) rather than an ESCO occupation,
// which mostly repeats ROME métiers in other words.
func (m Metier) Structured() bool { return m.Source != SourceESCO }

// Metier is a job of a référentiel: a ROME 4.0 fiche or an ESCO occupation.
type Metier struct {
	// Code is the ROME code (e.g. "M1805") or the ESCO concept URI.
	Code   string `json:"code"`
	Source Source `json:"source"`
	Label  string `json:"label"`
	// Parent is the ROME code_rome_parent (the original fiche of a newer one).
	Parent     string `json:"parent,omitempty"`
	Definition string `json:"definition,omitempty"`
	Access     string `json:"access,omitempty"`
	Domain     string `json:"domain,omitempty"`
	// DomainCode is the ROME domaine professionnel code (e.g. "M18") or the ESCO ISCO group.
	DomainCode string `json:"domain_code,omitempty"`
	// GrandDomain is the ROME grand domaine label (e.g. "Support à l'entreprise").
	GrandDomain  string        `json:"grand_domain,omitempty"`
	Appellations []Appellation `json:"appellations,omitempty"`
	CoreSkills   []string      `json:"core_skills,omitempty"`
	OtherSkills  []string      `json:"other_skills,omitempty"`
	// Mobility lists codes of métiers reachable from this one.
	Mobility []string `json:"mobility,omitempty"`
}

// Appellation is a job title attached to a métier.
type Appellation struct {
	Code  string `json:"code,omitempty"`
	Label string `json:"label"`
	// Rare marks titles flagged peu_usité by the producer.
	Rare bool `json:"rare,omitempty"`
}

// Referentiel is the set of métiers and skills imported from ROME and ESCO.
type Referentiel struct {
	Metiers []Metier `json:"metiers"`
	Skills  []Skill  `json:"skills,omitempty"`
	// Attribution lists the source notices to show wherever this data is
	// used, e.g. "Source : France Travail – ROME 4.0 (v460)".
	Attribution []string `json:"attribution,omitempty"`
}
