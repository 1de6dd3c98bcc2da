package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
)

// inTx runs fn in a transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// Create saves a new draft.
func (s *Store) Create(ctx context.Context, actor plan.Actor, e plan.Entretien) (plan.Entretien, error) {
	at := s.clock()
	saved, err := plan.Draft(e, plan.NewID(), at)
	if err != nil {
		return plan.Entretien{}, err
	}
	doc, err := json.Marshal(saved)
	if err != nil {
		return plan.Entretien{}, fmt.Errorf("pgstore: create: %w", err)
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO entretiens (id, employee_id, manager_id, date, version, signed, doc)
			VALUES ($1, $2, $3, $4, $5, false, $6)`,
			saved.ID, saved.EmployeeID, saved.ManagerID, saved.Date.Time, saved.Version, doc)
		if err != nil {
			return err
		}
		return errors.Join(insertVersion(ctx, tx, saved, doc), audit(ctx, tx, at, actor, plan.AuditCreate, saved))
	})
	if err != nil {
		return plan.Entretien{}, fmt.Errorf("pgstore: create: %w", err)
	}
	return saved, nil
}

// Update saves a new version of a record.
func (s *Store) Update(ctx context.Context, actor plan.Actor, e plan.Entretien) (plan.Entretien, error) {
	return s.revise(ctx, actor, e.ID, plan.AuditUpdate, func(old plan.Entretien, at time.Time) (plan.Entretien, error) {
		return plan.Revise(old, e, at)
	})
}

// Sign records a party's sign-off as a new version.
func (s *Store) Sign(ctx context.Context, actor plan.Actor, id string, version int64, role plan.Role) (plan.Entretien, error) {
	return s.revise(ctx, actor, id, plan.AuditSign, func(old plan.Entretien, at time.Time) (plan.Entretien, error) {
		return plan.Sign(old, version, role, actor.ID, at)
	})
}

// revise locks record id, derives the next version with next and saves it
// with its audit entry, all in one transaction.
func (s *Store) revise(ctx context.Context, actor plan.Actor, id string, action plan.AuditAction,
	next func(old plan.Entretien, at time.Time) (plan.Entretien, error)) (plan.Entretien, error) {
	var saved plan.Entretien
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		old, err := latest(ctx, tx, id, true)
		if err != nil {
			return err
		}
		at := s.clock()
		if saved, err = next(old, at); err != nil {
			return err
		}
		doc, err := json.Marshal(saved)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE entretiens SET manager_id = $2, date = $3, version = $4, signed = $5, doc = $6
			WHERE id = $1`, saved.ID, saved.ManagerID, saved.Date.Time, saved.Version, saved.Signed(), doc)
		if err != nil {
			return fmt.Errorf("pgstore: save entretien %s: %w", id, err)
		}
		return errors.Join(insertVersion(ctx, tx, saved, doc), audit(ctx, tx, at, actor, action, saved))
	})
	if err != nil {
		return plan.Entretien{}, err
	}
	return saved, nil
}

// Delete removes an unsigned record and its versions.
func (s *Store) Delete(ctx context.Context, actor plan.Actor, id string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		e, err := latest(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if e.Signed() {
			return plan.ErrSigned
		}
		if _, err := tx.Exec(ctx, `DELETE FROM entretiens WHERE id = $1`, id); err != nil {
			return fmt.Errorf("pgstore: delete entretien %s: %w", id, err)
		}
		e.Version = 0
		return audit(ctx, tx, s.clock(), actor, plan.AuditDelete, e)
	})
}

// PurgeSigned removes the records signed before signedBefore in one
// transaction. Rows another process is purging at the same moment are
// skipped (FOR UPDATE SKIP LOCKED), so each record is removed and audited
// once even when every replica purges.
func (s *Store) PurgeSigned(ctx context.Context, actor plan.Actor, signedBefore time.Time) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, doc FROM entretiens WHERE signed FOR UPDATE SKIP LOCKED`)
		if err != nil {
			return fmt.Errorf("pgstore: purge: %w", err)
		}
		var old []plan.Entretien
		for rows.Next() {
			var id string
			var doc []byte
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return fmt.Errorf("pgstore: purge: %w", err)
			}
			var e plan.Entretien
			if err := json.Unmarshal(doc, &e); err != nil {
				rows.Close()
				return fmt.Errorf("pgstore: entretien %s: %w", id, err)
			}
			if e.Signed() && e.SignedAt().Before(signedBefore) {
				old = append(old, e)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("pgstore: purge: %w", err)
		}
		at := s.clock()
		for _, e := range old {
			if _, err := tx.Exec(ctx, `DELETE FROM entretiens WHERE id = $1`, e.ID); err != nil {
				return fmt.Errorf("pgstore: purge entretien %s: %w", e.ID, err)
			}
			e.Version = 0
			if err := audit(ctx, tx, at, actor, plan.AuditPurge, e); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// latest reads the last version of record id, locking its row for the
// rest of the transaction with forUpdate.
func latest(ctx context.Context, tx pgx.Tx, id string, forUpdate bool) (plan.Entretien, error) {
	q := `SELECT doc FROM entretiens WHERE id = $1`
	if forUpdate {
		q += ` FOR UPDATE`
	}
	return scanDoc(tx.QueryRow(ctx, q, id), id)
}

// scanDoc reads one doc column into a record.
func scanDoc(row pgx.Row, id string) (plan.Entretien, error) {
	var doc []byte
	var e plan.Entretien
	if err := row.Scan(&doc); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return e, fmt.Errorf("entretien %s : %w", id, catalog.ErrNotFound)
		}
		return e, fmt.Errorf("pgstore: read entretien %s: %w", id, err)
	}
	if err := json.Unmarshal(doc, &e); err != nil {
		return e, fmt.Errorf("pgstore: decode entretien %s: %w", id, err)
	}
	return e, nil
}

func insertVersion(ctx context.Context, tx pgx.Tx, e plan.Entretien, doc []byte) error {
	_, err := tx.Exec(ctx, `INSERT INTO entretien_versions (id, version, doc) VALUES ($1, $2, $3)`, e.ID, e.Version, doc)
	if err != nil {
		return fmt.Errorf("pgstore: save version %d of entretien %s: %w", e.Version, e.ID, err)
	}
	return nil
}

// audit appends one entry about e.
func audit(ctx context.Context, tx pgx.Tx, at time.Time, actor plan.Actor, action plan.AuditAction, e plan.Entretien) error {
	_, err := tx.Exec(ctx, `INSERT INTO record_audit (at, actor_id, actor_role, action, entretien_id, employee_id, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, at, actor.ID, actor.Role, string(action), e.ID, e.EmployeeID, e.Version)
	if err != nil {
		return fmt.Errorf("pgstore: audit: %w", err)
	}
	return nil
}
