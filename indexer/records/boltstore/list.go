package boltstore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
)

// ByEmployee lists one employee's records, latest first.
func (s *Store) ByEmployee(ctx context.Context, actor plan.Actor, employeeID string) ([]plan.Entretien, error) {
	return s.list(ctx, actor, bucketEmployee, employeeID)
}

// ByManager lists the records whose current manager is managerID.
func (s *Store) ByManager(ctx context.Context, actor plan.Actor, managerID string) ([]plan.Entretien, error) {
	return s.list(ctx, actor, bucketManager, managerID)
}

func (s *Store) list(ctx context.Context, actor plan.Actor, index []byte, person string) ([]plan.Entretien, error) {
	var out []plan.Entretien
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if out, err = indexed(tx, index, person); err != nil {
			return err
		}
		at := s.clock()
		for _, e := range out {
			if err := audit(tx, at, actor, plan.AuditList, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: list: %w", err)
	}
	records.SortLatestFirst(out)
	return out, nil
}

// indexed reads the records listed under person in an index bucket.
func indexed(tx *bolt.Tx, index []byte, person string) ([]plan.Entretien, error) {
	var out []plan.Entretien
	prefix := []byte(person + "\x00")
	c := tx.Bucket(index).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		e, err := latest(tx, string(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// Export returns everything held on one employee.
func (s *Store) Export(ctx context.Context, actor plan.Actor, employeeID string) (plan.Export, error) {
	ex := plan.Export{EmployeeID: employeeID}
	err := s.update(ctx, func(tx *bolt.Tx) error {
		ex.ExportedAt = s.clock()
		var err error
		if ex.Entretiens, err = indexed(tx, bucketEmployee, employeeID); err != nil {
			return err
		}
		for _, e := range ex.Entretiens {
			vs, err := versions(tx, e.ID, e.Version)
			if err != nil {
				return err
			}
			ex.Versions = append(ex.Versions, vs...)
		}
		if err := audit(tx, ex.ExportedAt, actor, plan.AuditExport, plan.Entretien{EmployeeID: employeeID}); err != nil {
			return err
		}
		ex.Audit, err = auditEntries(tx, func(a plan.AuditEntry) bool {
			return a.EmployeeID == employeeID || a.ActorID == employeeID
		})
		return err
	})
	if err != nil {
		return plan.Export{}, fmt.Errorf("boltstore: export: %w", err)
	}
	records.SortLatestFirst(ex.Entretiens)
	records.SortVersions(ex.Versions)
	return ex, nil
}

// versions reads versions 1 to last-1 of record id.
func versions(tx *bolt.Tx, id string, last int64) ([]plan.Entretien, error) {
	var out []plan.Entretien
	b := tx.Bucket(bucketVersions)
	for v := int64(1); v < last; v++ {
		raw := b.Get(versionKey(id, v))
		if raw == nil {
			continue
		}
		var e plan.Entretien
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("entretien %s version %d: %w", id, v, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Audit returns the audit entries q selects, oldest first.
func (s *Store) Audit(ctx context.Context, q plan.AuditQuery) ([]plan.AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []plan.AuditEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = auditEntries(tx, q.Match)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: audit: %w", err)
	}
	return out, nil
}

func auditEntries(tx *bolt.Tx, keep func(plan.AuditEntry) bool) ([]plan.AuditEntry, error) {
	var out []plan.AuditEntry
	err := tx.Bucket(bucketAudit).ForEach(func(k, v []byte) error {
		var a plan.AuditEntry
		if err := json.Unmarshal(v, &a); err != nil {
			return err
		}
		if keep(a) {
			out = append(out, a)
		}
		return nil
	})
	return out, err
}

// ItemUsage scans the last version of every record.
func (s *Store) ItemUsage(ctx context.Context) ([]plan.ItemUsage, error) {
	es, err := s.lastVersions(ctx)
	if err != nil {
		return nil, err
	}
	return plan.Usage(es), nil
}

// MetierDemand scans the last version of every record.
func (s *Store) MetierDemand(ctx context.Context) ([]plan.MetierDemand, error) {
	es, err := s.lastVersions(ctx)
	if err != nil {
		return nil, err
	}
	return plan.Demand(es), nil
}

// lastVersions reads the last version of every record.
func (s *Store) lastVersions(ctx context.Context) ([]plan.Entretien, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var es []plan.Entretien
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketEntretiens).ForEach(func(k, v []byte) error {
			var e plan.Entretien
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("boltstore: entretien %s: %w", k, err)
			}
			es = append(es, e)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return es, nil
}
