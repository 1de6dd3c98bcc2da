package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
)

// Entretien returns the last version of a record.
func (s *Store) Entretien(ctx context.Context, actor plan.Actor, id string) (plan.Entretien, error) {
	var e plan.Entretien
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if e, err = latest(ctx, tx, id, false); err != nil {
			return err
		}
		return audit(ctx, tx, s.clock(), actor, plan.AuditRead, e)
	})
	return e, err
}

// Version returns one version of a record.
func (s *Store) Version(ctx context.Context, actor plan.Actor, id string, version int64) (plan.Entretien, error) {
	var e plan.Entretien
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		row := tx.QueryRow(ctx, `SELECT doc FROM entretien_versions WHERE id = $1 AND version = $2`, id, version)
		if e, err = scanDoc(row, fmt.Sprintf("%s, version %d", id, version)); err != nil {
			return err
		}
		return audit(ctx, tx, s.clock(), actor, plan.AuditRead, e)
	})
	return e, err
}

// ByEmployee lists one employee's records, latest first.
func (s *Store) ByEmployee(ctx context.Context, actor plan.Actor, employeeID string) ([]plan.Entretien, error) {
	return s.list(ctx, actor, `SELECT doc FROM entretiens WHERE employee_id = $1`, employeeID)
}

// ByManager lists the records whose current manager is managerID.
func (s *Store) ByManager(ctx context.Context, actor plan.Actor, managerID string) ([]plan.Entretien, error) {
	return s.list(ctx, actor, `SELECT doc FROM entretiens WHERE manager_id = $1`, managerID)
}

func (s *Store) list(ctx context.Context, actor plan.Actor, query, person string) ([]plan.Entretien, error) {
	var out []plan.Entretien
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if out, err = docs(ctx, tx, query, person); err != nil {
			return err
		}
		at := s.clock()
		for _, e := range out {
			if err := audit(ctx, tx, at, actor, plan.AuditList, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	records.SortLatestFirst(out)
	return out, nil
}

// docs runs a query selecting doc columns and decodes them.
func docs(ctx context.Context, tx pgx.Tx, query string, args ...any) ([]plan.Entretien, error) {
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: list: %w", err)
	}
	raws, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return nil, fmt.Errorf("pgstore: list: %w", err)
	}
	out := make([]plan.Entretien, len(raws))
	for i, raw := range raws {
		if err := json.Unmarshal(raw, &out[i]); err != nil {
			return nil, fmt.Errorf("pgstore: decode entretien: %w", err)
		}
	}
	return out, nil
}

// Export returns everything held on one employee.
func (s *Store) Export(ctx context.Context, actor plan.Actor, employeeID string) (plan.Export, error) {
	ex := plan.Export{EmployeeID: employeeID}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		ex.ExportedAt = s.clock()
		var err error
		if ex.Entretiens, err = docs(ctx, tx, `SELECT doc FROM entretiens WHERE employee_id = $1`, employeeID); err != nil {
			return err
		}
		ex.Versions, err = docs(ctx, tx, `SELECT v.doc FROM entretien_versions v JOIN entretiens e ON e.id = v.id
			WHERE e.employee_id = $1 AND v.version < e.version`, employeeID)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, ex.ExportedAt, actor, plan.AuditExport, plan.Entretien{EmployeeID: employeeID}); err != nil {
			return err
		}
		ex.Audit, err = auditEntries(ctx, tx, `WHERE employee_id = $1 OR actor_id = $1`, employeeID)
		return err
	})
	if err != nil {
		return plan.Export{}, err
	}
	records.SortLatestFirst(ex.Entretiens)
	records.SortVersions(ex.Versions)
	return ex, nil
}

// Audit returns the audit entries q selects, oldest first.
func (s *Store) Audit(ctx context.Context, q plan.AuditQuery) ([]plan.AuditEntry, error) {
	var out []plan.AuditEntry
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = auditEntries(ctx, tx, `WHERE ($1 = '' OR entretien_id = $1) AND ($2 = '' OR employee_id = $2)
			AND ($3 = '' OR actor_id = $3)`, q.EntretienID, q.EmployeeID, q.ActorID)
		return err
	})
	return out, err
}

func auditEntries(ctx context.Context, tx pgx.Tx, where string, args ...any) ([]plan.AuditEntry, error) {
	rows, err := tx.Query(ctx, `SELECT seq, at, actor_id, actor_role, action, entretien_id, employee_id, version
		FROM record_audit `+where+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: audit: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (plan.AuditEntry, error) {
		var a plan.AuditEntry
		err := row.Scan(&a.Seq, &a.At, &a.ActorID, &a.ActorRole, &a.Action, &a.EntretienID, &a.EmployeeID, &a.Version)
		a.At = a.At.UTC()
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: audit: %w", err)
	}
	return out, nil
}

// ItemUsage reads the actions of the last version of every record that
// has catalog actions (only the fields the counts need) and aggregates
// them with plan.Usage.
func (s *Store) ItemUsage(ctx context.Context) ([]plan.ItemUsage, error) {
	es, err := s.lastVersions(ctx, "actions", func(e *plan.Entretien) any { return &e.Actions })
	if err != nil {
		return nil, fmt.Errorf("pgstore: item usage: %w", err)
	}
	return plan.Usage(es), nil
}

// MetierDemand reads the target métier of the last version of every record
// that names one and aggregates them with plan.Demand.
func (s *Store) MetierDemand(ctx context.Context) ([]plan.MetierDemand, error) {
	es, err := s.lastVersions(ctx, "target_metier", func(e *plan.Entretien) any { return &e.TargetMetier })
	if err != nil {
		return nil, fmt.Errorf("pgstore: metier demand: %w", err)
	}
	return plan.Demand(es), nil
}

// lastVersions reads, for the last version of every record whose document
// has field (an array or an object), the employee, the save time and that
// field, decoded into what into returns: only what an aggregate needs.
func (s *Store) lastVersions(ctx context.Context, field string, into func(*plan.Entretien) any) ([]plan.Entretien, error) {
	// field is one of the callers' constants, never input.
	rows, err := s.pool.Query(ctx, `SELECT employee_id, doc->'updated_at', doc->'`+field+`' FROM entretiens
		WHERE jsonb_typeof(doc->'`+field+`') IN ('array', 'object')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []plan.Entretien
	for rows.Next() {
		var e plan.Entretien
		var updated, value []byte
		if err := rows.Scan(&e.EmployeeID, &updated, &value); err != nil {
			return nil, err
		}
		if err := errors.Join(json.Unmarshal(updated, &e.UpdatedAt), json.Unmarshal(value, into(&e))); err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}
