package plan

import "time"

// AuditAction is what an actor did to a record.
type AuditAction string

// The audited actions.
const (
	AuditCreate AuditAction = "create"
	AuditRead   AuditAction = "read"
	AuditList   AuditAction = "list"
	AuditUpdate AuditAction = "update"
	AuditSign   AuditAction = "sign"
	AuditDelete AuditAction = "delete"
	AuditExport AuditAction = "export"
	// AuditPurge is the removal of a signed record at the end of its
	// retention period (see Entretien.SignedAt).
	AuditPurge AuditAction = "purge"
)

// AuditEntry records who did what to which record, and when; never any
// content. Entries are only ever appended.
type AuditEntry struct {
	// Seq orders the entries of one store (assigned by the store).
	Seq       int64       `json:"seq"`
	At        time.Time   `json:"at"`
	ActorID   string      `json:"actor_id"`
	ActorRole string      `json:"actor_role"`
	Action    AuditAction `json:"action"`
	// EntretienID is empty for an export.
	EntretienID string `json:"entretien_id,omitempty"`
	// EmployeeID is the person the record is about.
	EmployeeID string `json:"employee_id"`
	// Version is the version read or written (0 for a delete or an export).
	Version int64 `json:"version,omitempty"`
}

// AuditQuery selects audit entries: every non-empty field must match.
type AuditQuery struct {
	EntretienID string
	EmployeeID  string
	ActorID     string
}

// Match reports whether the entry is selected by q.
func (q AuditQuery) Match(e AuditEntry) bool {
	return (q.EntretienID == "" || e.EntretienID == q.EntretienID) &&
		(q.EmployeeID == "" || e.EmployeeID == q.EmployeeID) &&
		(q.ActorID == "" || e.ActorID == q.ActorID)
}

// Export is everything the stores hold on one employee, for the right of
// access (RGPD, article 15): their entretiens as last saved, every earlier
// version, and the audit entries about them or by them.
type Export struct {
	EmployeeID string       `json:"employee_id"`
	ExportedAt time.Time    `json:"exported_at"`
	Entretiens []Entretien  `json:"entretiens"`
	Versions   []Entretien  `json:"versions"`
	Audit      []AuditEntry `json:"audit"`
}
