package api

import (
	"time"

	"github.com/tremplin/tremplin/catalog"
	records "github.com/tremplin/tremplin/catalog/plan"
)

// The JSON contract of the plan routes (/api/v1/entretiens, /api/v1/me/export),
// described by openapi.json. As for the recommendation route, it is the
// API's own: catalog/plan's records may change without changing what
// clients send and receive; the converters below are the one place where
// the two meet (TestEntretienContract checks that nothing is lost).

// entretienResponse is a record as the plan routes send it, with the names
// of its two parties.
type entretienResponse struct {
	ID                string             `json:"id"`
	EmployeeID        string             `json:"employee_id"`
	EmployeeName      string             `json:"employee_name,omitempty"`
	ManagerID         string             `json:"manager_id"`
	ManagerName       string             `json:"manager_name,omitempty"`
	Date              catalog.Date       `json:"date"`
	Type              records.Type       `json:"type"`
	Bilan             string             `json:"bilan,omitempty"`
	Projet            string             `json:"projet,omitempty"`
	TargetMetier      *metierRef         `json:"target_metier,omitempty"`
	Questions         string             `json:"questions,omitempty"`
	Actions           []actionResponse   `json:"actions"`
	Comments          []commentResponse  `json:"comments"`
	EmployeeSignature *signatureResponse `json:"employee_signature,omitempty"`
	ManagerSignature  *signatureResponse `json:"manager_signature,omitempty"`
	SignedVersion     int64              `json:"signed_version,omitempty"`
	Version           int64              `json:"version"`
	CreatedAt         time.Time          `json:"created_at"`
	UpdatedAt         time.Time          `json:"updated_at"`
}

// metierRef is a métier of the référentiel as named when chosen.
type metierRef struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// actionResponse is one action of a plan d'action: a catalog item as it
// was when chosen (item), or a free action (title, no item).
type actionResponse struct {
	ID            string            `json:"id"`
	Item          *snapshotResponse `json:"item,omitempty"`
	Title         string            `json:"title,omitempty"`
	TargetDate    catalog.Date      `json:"target_date,omitzero"`
	Status        records.Status    `json:"status"`
	AbandonReason string            `json:"abandon_reason,omitempty"`
	Funding       records.Funding   `json:"funding,omitempty"`
}

// snapshotResponse is a catalog item as it was when added to a plan.
type snapshotResponse struct {
	ItemID            string       `json:"item_id"`
	Title             string       `json:"title"`
	Kind              catalog.Kind `json:"kind"`
	PriceEUR          *float64     `json:"price_eur,omitempty"`
	DurationHours     *float64     `json:"duration_hours,omitempty"`
	Provider          string       `json:"provider,omitempty"`
	CertificationCode string       `json:"certification_code,omitempty"`
}

// commentResponse is a comment of one party.
type commentResponse struct {
	Author   records.Role `json:"author"`
	AuthorID string       `json:"author_id"`
	At       time.Time    `json:"at"`
	Text     string       `json:"text"`
}

// signatureResponse is one party's sign-off.
type signatureResponse struct {
	UserID string    `json:"user_id"`
	At     time.Time `json:"at"`
}

// entretienList is the answer of GET /api/v1/entretiens.
type entretienList struct {
	Entretiens []entretienResponse `json:"entretiens"`
}

// exportResponse is everything Tremplin holds on the caller (GET /api/v1/me/export).
type exportResponse struct {
	EmployeeID string               `json:"employee_id"`
	ExportedAt time.Time            `json:"exported_at"`
	Entretiens []entretienResponse  `json:"entretiens"`
	Versions   []entretienResponse  `json:"versions"`
	Audit      []auditEntryResponse `json:"audit"`
}

// auditEntryResponse is who did what to a record, and when; never its content.
type auditEntryResponse struct {
	At          time.Time           `json:"at"`
	ActorID     string              `json:"actor_id"`
	ActorRole   string              `json:"actor_role"`
	Action      records.AuditAction `json:"action"`
	EntretienID string              `json:"entretien_id,omitempty"`
	EmployeeID  string              `json:"employee_id"`
	Version     int64               `json:"version,omitempty"`
}

// newEntretienRequest starts a record (POST /api/v1/entretiens).
type newEntretienRequest struct {
	// EmployeeID names a report of the calling manager, who prepares
	// their entretien; empty for the caller's own.
	EmployeeID string       `json:"employee_id,omitempty"`
	Type       records.Type `json:"type"`
	Date       catalog.Date `json:"date"`
}

// entretienWrite is what a party writes (PUT /api/v1/entretiens/{id}):
// the version read, the fields both parties edit, the whole plan d'action
// and, optionally, one new comment of the caller's. Who the parties are,
// the comments already written, the signatures and the catalog snapshots
// already taken are the server's, never the client's.
type entretienWrite struct {
	Version int64        `json:"version"`
	Date    catalog.Date `json:"date"`
	Type    records.Type `json:"type"`
	Bilan   string       `json:"bilan,omitempty"`
	Projet  string       `json:"projet,omitempty"`
	// TargetMetier is the ROME code of the métier the projet aims at ("":
	// none); the server names it from the référentiel.
	TargetMetier string        `json:"target_metier,omitempty"`
	Questions    string        `json:"questions,omitempty"`
	Actions      []actionWrite `json:"actions,omitempty"`
	Comment      string        `json:"comment,omitempty"`
}

// actionWrite is one action as a party writes it: an action already in the
// record (its id: its catalog snapshot stays), a new catalog action
// (item_id: the server copies the item as the catalog has it now), or a
// free action (title, neither).
type actionWrite struct {
	ID            string          `json:"id,omitempty"`
	ItemID        string          `json:"item_id,omitempty"`
	Title         string          `json:"title,omitempty"`
	TargetDate    catalog.Date    `json:"target_date,omitzero"`
	Status        records.Status  `json:"status"`
	AbandonReason string          `json:"abandon_reason,omitempty"`
	Funding       records.Funding `json:"funding,omitempty"`
}

// signRequest signs the version read.
type signRequest struct {
	Version int64        `json:"version"`
	Role    records.Role `json:"role"`
}

// toEntretienResponse converts a stored record, with its parties' names.
func toEntretienResponse(e records.Entretien, employeeName, managerName string) entretienResponse {
	out := entretienResponse{
		ID: e.ID, EmployeeID: e.EmployeeID, EmployeeName: employeeName, ManagerID: e.ManagerID, ManagerName: managerName,
		Date: e.Date, Type: e.Type, Bilan: e.Bilan, Projet: e.Projet, Questions: e.Questions,
		Actions: make([]actionResponse, len(e.Actions)), Comments: make([]commentResponse, len(e.Comments)),
		EmployeeSignature: toSignature(e.EmployeeSignature), ManagerSignature: toSignature(e.ManagerSignature),
		SignedVersion: e.SignedVersion, Version: e.Version, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
	}
	if m := e.TargetMetier; m != nil {
		out.TargetMetier = &metierRef{Code: m.Code, Label: m.Label}
	}
	for i, a := range e.Actions {
		out.Actions[i] = actionResponse{ID: a.ID, Title: a.Title, TargetDate: a.TargetDate, Status: a.Status,
			AbandonReason: a.AbandonReason, Funding: a.Funding}
		if s := a.Item; s != nil {
			out.Actions[i].Item = &snapshotResponse{ItemID: s.ItemID, Title: s.Title, Kind: s.Kind, PriceEUR: s.PriceEUR,
				DurationHours: s.DurationHours, Provider: s.Provider, CertificationCode: s.CertificationCode}
		}
	}
	for i, c := range e.Comments {
		out.Comments[i] = commentResponse{Author: c.Author, AuthorID: c.AuthorID, At: c.At, Text: c.Text}
	}
	return out
}

func toSignature(s *records.Signature) *signatureResponse {
	if s == nil {
		return nil
	}
	return &signatureResponse{UserID: s.UserID, At: s.At}
}

func toAuditEntry(a records.AuditEntry) auditEntryResponse {
	return auditEntryResponse{At: a.At, ActorID: a.ActorID, ActorRole: a.ActorRole, Action: a.Action,
		EntretienID: a.EntretienID, EmployeeID: a.EmployeeID, Version: a.Version}
}

// applyWrite returns old with w's fields written over it: the parties,
// the comments already written, the signatures and the id stay old's;
// w.Comment, when set, is appended as the comment of author (role) authorID.
// The actions are w's; their catalog snapshots, and the target métier
// named by w.TargetMetier, are resolved by the caller.
func applyWrite(old records.Entretien, w entretienWrite, author records.Role, authorID string) records.Entretien {
	next := old
	next.Version, next.Date, next.Type = w.Version, w.Date, w.Type
	next.Bilan, next.Projet, next.Questions = w.Bilan, w.Projet, w.Questions
	next.Comments = append([]records.Comment(nil), old.Comments...)
	if w.Comment != "" {
		next.Comments = append(next.Comments, records.Comment{Author: author, AuthorID: authorID, Text: w.Comment})
	}
	next.Actions = make([]records.Action, len(w.Actions))
	for i, a := range w.Actions {
		next.Actions[i] = records.Action{ID: a.ID, Title: a.Title, TargetDate: a.TargetDate, Status: a.Status,
			AbandonReason: a.AbandonReason, Funding: a.Funding}
	}
	return next
}
