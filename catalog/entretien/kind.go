package entretien

// Kind is the occasion of an entretien de parcours professionnel, as the
// law lists them (article L6315-1). Its values are stable identifiers for
// JSON and storage; Label gives the French wording.
type Kind string

// The occasions of an entretien de parcours professionnel.
const (
	// KindPremier is the first entretien, during the first year after
	// hiring (L6315-1, I, first paragraph).
	KindPremier Kind = "premier"
	// KindParcours is the periodic entretien, every four years unless an
	// accord sets a shorter period (L6315-1, I and III).
	KindParcours Kind = "parcours"
	// KindEtatDesLieux is the entretien that also makes the état des lieux
	// récapitulatif du parcours professionnel, every eight years (L6315-1, II).
	KindEtatDesLieux Kind = "etat_des_lieux"
	// KindRetour is the entretien offered on return from one of the
	// absences of LeaveKind (L6315-1, I).
	KindRetour Kind = "retour"
	// KindMiCarriere is the entretien within two months after the visite
	// médicale de mi-carrière of article L4624-2-2.
	KindMiCarriere Kind = "mi_carriere"
	// KindFinDeCarriere is the entretien in the two years before the
	// employee's 60th birthday, on staying in work and end-of-career
	// arrangements (temps partiel, retraite progressive).
	KindFinDeCarriere Kind = "fin_de_carriere"
)

// Kinds lists every Kind, in the order of a career.
var Kinds = []Kind{KindPremier, KindParcours, KindEtatDesLieux, KindRetour, KindMiCarriere, KindFinDeCarriere}

var kindLabels = map[Kind]string{
	KindPremier:       "Premier entretien de parcours professionnel",
	KindParcours:      "Entretien de parcours professionnel",
	KindEtatDesLieux:  "État des lieux récapitulatif du parcours professionnel",
	KindRetour:        "Entretien de parcours professionnel au retour d'absence",
	KindMiCarriere:    "Entretien de parcours professionnel après la visite de mi-carrière",
	KindFinDeCarriere: "Entretien de parcours professionnel avant 60 ans",
}

// Label returns the French name of the occasion, or the identifier itself
// for an unknown one.
func (k Kind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// LeaveKind is an absence after which the entretien de parcours
// professionnel is offered systematically (article L6315-1, I).
type LeaveKind string

// The absences listed by article L6315-1, I.
const (
	LeaveMaternite      LeaveKind = "conge_maternite"
	LeaveParental       LeaveKind = "conge_parental_education"
	LeaveProcheAidant   LeaveKind = "conge_proche_aidant"
	LeaveAdoption       LeaveKind = "conge_adoption"
	LeaveSabbatique     LeaveKind = "conge_sabbatique"
	LeaveMobilite       LeaveKind = "mobilite_volontaire_securisee"
	LeaveTempsPartiel   LeaveKind = "temps_partiel_parental"
	LeaveLongueMaladie  LeaveKind = "arret_longue_maladie"
	LeaveMandatSyndical LeaveKind = "mandat_syndical"
)

// LeaveKinds lists every LeaveKind in the order of the article.
var LeaveKinds = []LeaveKind{
	LeaveMaternite, LeaveParental, LeaveProcheAidant, LeaveAdoption, LeaveSabbatique,
	LeaveMobilite, LeaveTempsPartiel, LeaveLongueMaladie, LeaveMandatSyndical,
}

var leaveLabels = map[LeaveKind]string{
	LeaveMaternite:      "congé de maternité",
	LeaveParental:       "congé parental d'éducation",
	LeaveProcheAidant:   "congé de proche aidant",
	LeaveAdoption:       "congé d'adoption",
	LeaveSabbatique:     "congé sabbatique",
	LeaveMobilite:       "période de mobilité volontaire sécurisée (art. L1222-12)",
	LeaveTempsPartiel:   "période d'activité à temps partiel (art. L1225-47)",
	LeaveLongueMaladie:  "arrêt longue maladie (art. L324-1 du code de la sécurité sociale)",
	LeaveMandatSyndical: "mandat syndical",
}

// Label returns the French name of the absence, with the article that
// defines it where the Code du travail gives one.
func (k LeaveKind) Label() string {
	if l, ok := leaveLabels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is one of LeaveKinds.
func (k LeaveKind) Valid() bool { _, ok := leaveLabels[k]; return ok }
