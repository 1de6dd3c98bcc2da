// Package records declares the storage of saved plans d'action (entretien
// records, catalog/plan) that both backends implement: boltstore, embedded
// in the data directory, and pgstore, in Postgres. recordstest is the
// contract suite both pass. Consumers such as the API declare their own
// narrower interfaces; this one is what the contract suite checks.
package records

import (
	"context"
	"time"

	"github.com/tremplin/tremplin/catalog/plan"
)

// Store keeps entretien records, every version of them, and an
// append-only audit log. Every method that reads or writes a record
// appends, in the same transaction, an audit entry naming the actor, the
// action, the record and its version, never its content. Every write is
// atomic: a crash leaves the previous version or the new one.
//
// Errors wrap catalog.ErrNotFound (no such record or version),
// catalog.ErrConflict (stale version, a party signing twice; plan.ErrSigned
// for a change to a signed record) or catalog.ErrInvalid (a
// *plan.ValidationError for a record breaking a rule). No error quotes the
// personal text of a record.
type Store interface {
	// Create saves e as a new draft (see plan.Draft) with a new random id,
	// and returns it as stored.
	Create(ctx context.Context, actor plan.Actor, e plan.Entretien) (plan.Entretien, error)
	// Entretien returns the last version of the record id.
	Entretien(ctx context.Context, actor plan.Actor, id string) (plan.Entretien, error)
	// Version returns one version of the record id, e.g. the signed one.
	Version(ctx context.Context, actor plan.Actor, id string, version int64) (plan.Entretien, error)
	// Update saves e over the record e.ID (see plan.Revise: e.Version must
	// be the stored version) and returns the new version.
	Update(ctx context.Context, actor plan.Actor, e plan.Entretien) (plan.Entretien, error)
	// Sign records actor's sign-off of version of the record id in role
	// (see plan.Sign) and returns the new version.
	Sign(ctx context.Context, actor plan.Actor, id string, version int64, role plan.Role) (plan.Entretien, error)
	// Delete removes a record nobody has fully signed, with all its
	// versions (plan.ErrSigned for a signed one). Its audit entries stay.
	Delete(ctx context.Context, actor plan.Actor, id string) error
	// ByEmployee lists the records of one employee, latest first (by date,
	// then id).
	ByEmployee(ctx context.Context, actor plan.Actor, employeeID string) ([]plan.Entretien, error)
	// ByManager lists the records whose current manager is managerID,
	// latest first (by date, then id).
	ByManager(ctx context.Context, actor plan.Actor, managerID string) ([]plan.Entretien, error)
	// Export returns everything held on one employee (see plan.Export):
	// the audit entries about them or by them, this export's included.
	Export(ctx context.Context, actor plan.Actor, employeeID string) (plan.Export, error)
	// PurgeSigned removes, with all their versions, the records whose
	// SignedAt is before signedBefore (the end of the retention period of
	// signed records), appends one plan.AuditPurge entry per record (no
	// content) and returns how many it removed. Drafts are left to their
	// employee. Several processes may purge the same store at once: each
	// record is removed, and audited, once.
	PurgeSigned(ctx context.Context, actor plan.Actor, signedBefore time.Time) (int, error)
	// ItemUsage aggregates the catalog actions of the last version of
	// every record (see plan.Usage): counts of people, never who. It is
	// not audited as a read of each record: nothing of any record leaves
	// but counts of at least plan.MinCell.
	ItemUsage(ctx context.Context) ([]plan.ItemUsage, error)
	// MetierDemand aggregates the target métiers of the last version of
	// every record (see plan.Demand): counts of people, never who; not
	// audited, as ItemUsage.
	MetierDemand(ctx context.Context) ([]plan.MetierDemand, error)
	// Audit returns the audit entries q selects, in the order written.
	Audit(ctx context.Context, q plan.AuditQuery) ([]plan.AuditEntry, error)
	// Close releases the store.
	Close() error
}
