// Package plan is the domain of the saved plan d'action: an entretien
// (professional interview) between an employee and their manager, its bilan,
// projet, actions, comments and sign-offs, and the audit trail of who read or
// wrote it. It does no I/O; stores live under indexer/records.
//
// Bilan, projet, questions, comments and abandon reasons are personal data: no error of
// this package ever quotes them.
package plan

import (
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/entretien"
)

// Type is the occasion of an entretien: the calendar's kinds
// (catalog/entretien, Code du travail L6315-1 as amended by loi n° 2025-989
// du 24 octobre 2025), one list for the record and the calendar.
type Type = entretien.Kind

// The occasions of an entretien.
const (
	TypePremier      = entretien.KindPremier
	TypeParcours     = entretien.KindParcours
	TypeEtatDesLieux = entretien.KindEtatDesLieux
	TypeRetourConge  = entretien.KindRetour
	TypeMiCarriere   = entretien.KindMiCarriere
	TypeFinCarriere  = entretien.KindFinDeCarriere
)

// Types lists every occasion in the order of a career.
var Types = entretien.Kinds

// Status is where an action of the plan stands.
type Status string

// The statuses of an action.
const (
	StatusProposee   Status = "proposee"
	StatusValidee    Status = "validee"
	StatusPlanifiee  Status = "planifiee"
	StatusEnCours    Status = "en_cours"
	StatusRealisee   Status = "realisee"
	StatusAbandonnee Status = "abandonnee"
)

// Statuses lists every status in the order an action goes through them.
var Statuses = []Status{StatusProposee, StatusValidee, StatusPlanifiee, StatusEnCours, StatusRealisee, StatusAbandonnee}

var statusLabels = map[Status]string{
	StatusProposee:   "proposée",
	StatusValidee:    "validée",
	StatusPlanifiee:  "planifiée",
	StatusEnCours:    "en cours",
	StatusRealisee:   "réalisée",
	StatusAbandonnee: "abandonnée",
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label returns the French name of the status.
func (s Status) Label() string { return label(statusLabels, s) }

// Funding is how an action is paid for.
type Funding string

// The ways an action can be funded; the empty Funding is "not decided yet".
const (
	FundingPlanDeveloppement Funding = "plan_developpement"
	FundingCPF               Funding = "cpf"
	FundingCPFAbondement     Funding = "cpf_abondement"
	FundingOPCO              Funding = "opco"
	FundingPTP               Funding = "projet_transition"
)

// Fundings lists every funding in display order.
var Fundings = []Funding{FundingPlanDeveloppement, FundingCPF, FundingCPFAbondement, FundingOPCO, FundingPTP}

var fundingLabels = map[Funding]string{
	FundingPlanDeveloppement: "plan de développement des compétences",
	FundingCPF:               "CPF",
	FundingCPFAbondement:     "CPF avec abondement de l'employeur",
	FundingOPCO:              "OPCO",
	FundingPTP:               "projet de transition professionnelle",
}

// Valid reports whether f is empty or a known funding.
func (f Funding) Valid() bool { _, ok := fundingLabels[f]; return ok || f == "" }

// Label returns the French name of the funding ("" when not decided).
func (f Funding) Label() string { return label(fundingLabels, f) }

// Role is the part a person plays in an entretien: who writes a comment,
// who signs.
type Role string

// The two parties of an entretien.
const (
	RoleEmployee Role = "employee"
	RoleManager  Role = "manager"
)

var roleLabels = map[Role]string{RoleEmployee: "salarié", RoleManager: "manager"}

// Valid reports whether r is one of the two parties.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Label returns the French name of the party.
func (r Role) Label() string { return label(roleLabels, r) }

func label[K ~string](labels map[K]string, k K) string {
	if l, ok := labels[k]; ok {
		return l
	}
	return string(k)
}

// Entretien is one interview and its written record. Version counts the
// saves: a store refuses an update whose Version is not the stored one.
// Once both parties have signed, the record is read-only except for the
// follow-up of its actions (see Revise), and SignedVersion names the
// version they signed, which stores keep.
type Entretien struct {
	ID         string       `json:"id"`
	EmployeeID string       `json:"employee_id"`
	ManagerID  string       `json:"manager_id"`
	Date       catalog.Date `json:"date"`
	Type       Type         `json:"type"`
	// Bilan is the review of the past period, written by either party.
	Bilan string `json:"bilan,omitempty"`
	// Projet is the employee's professional project.
	Projet string `json:"projet,omitempty"`
	// TargetMetier is the métier the projet aims at, chosen by a party
	// from the référentiel in use (ROME 4.0 codes such as M1607); nil when
	// none was chosen.
	TargetMetier *Metier `json:"target_metier,omitempty"`
	// Questions are what the employee wants to ask their manager in the
	// meeting, written while preparing it.
	Questions string    `json:"questions,omitempty"`
	Actions   []Action  `json:"actions,omitempty"`
	Comments  []Comment `json:"comments,omitempty"`

	EmployeeSignature *Signature `json:"employee_signature,omitempty"`
	ManagerSignature  *Signature `json:"manager_signature,omitempty"`
	// SignedVersion is the version both parties signed (0 until then).
	SignedVersion int64 `json:"signed_version,omitempty"`

	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Signed reports whether both parties have signed.
func (e *Entretien) Signed() bool {
	return e.EmployeeSignature != nil && e.ManagerSignature != nil
}

// SignedAt is when the record was fully signed: the later of the two
// signatures; zero until both parties have signed. A signed record's
// retention period runs from it.
func (e *Entretien) SignedAt() time.Time {
	if !e.Signed() {
		return time.Time{}
	}
	if e.EmployeeSignature.At.After(e.ManagerSignature.At) {
		return e.EmployeeSignature.At
	}
	return e.ManagerSignature.At
}

// Metier is a métier of the référentiel as it was named when chosen.
type Metier struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// Action is one step of the plan d'action: an item of the catalog, kept as
// it was when chosen, or a free action outside the catalog (Item nil).
type Action struct {
	// ID identifies the action within its entretien; stores assign one
	// when it is empty.
	ID string `json:"id"`
	// Item is the catalog item as it was when chosen; nil for a free action.
	Item *Snapshot `json:"item,omitempty"`
	// Title names a free action ("Bilan de compétences avec le CEP"); for a
	// catalog action it may be left empty (the snapshot's title is shown).
	Title      string       `json:"title,omitempty"`
	TargetDate catalog.Date `json:"target_date,omitempty"`
	Status     Status       `json:"status"`
	// AbandonReason says why an abandoned action was given up.
	AbandonReason string  `json:"abandon_reason,omitempty"`
	Funding       Funding `json:"funding,omitempty"`
}

// Free reports whether the action is outside the catalog.
func (a *Action) Free() bool { return a.Item == nil }

// Snapshot is what a plan keeps of a catalog item, so that later edits of
// the catalog never rewrite a record.
type Snapshot struct {
	ItemID            string       `json:"item_id"`
	Title             string       `json:"title"`
	Kind              catalog.Kind `json:"kind"`
	PriceEUR          *float64     `json:"price_eur,omitempty"`
	DurationHours     *float64     `json:"duration_hours,omitempty"`
	Provider          string       `json:"provider,omitempty"`
	CertificationCode string       `json:"certification_code,omitempty"`
}

// SnapshotOf keeps what a plan needs of it.
func SnapshotOf(it *catalog.Item) *Snapshot {
	return &Snapshot{
		ItemID:            it.ID,
		Title:             it.Title,
		Kind:              it.Kind,
		PriceEUR:          copyFloat(it.PriceEUR),
		DurationHours:     copyFloat(it.DurationHours),
		Provider:          it.Provider,
		CertificationCode: it.CertificationCode,
	}
}

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Comment is a remark of one party on the record.
type Comment struct {
	Author   Role   `json:"author"`
	AuthorID string `json:"author_id"`
	// At is when the comment was written; stores set it when zero.
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// Signature is one party's sign-off.
type Signature struct {
	UserID string    `json:"user_id"`
	At     time.Time `json:"at"`
}

// Actor is who reads or writes a record: a user id and the role they act
// in (employee, manager, hr_admin, ...), as the API authenticated them.
type Actor struct {
	ID   string `json:"id"`
	Role string `json:"role"`
}
