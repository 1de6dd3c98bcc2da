// Package boltstore keeps entretien records in one bbolt file of the data
// directory, for a Tremplin running without Postgres. Every read and write
// is one bbolt transaction holding the record and its audit entry; bbolt
// commits by copy-on-write and fsync, so a crash leaves the previous
// version or the new one.
package boltstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/plan"
)

// FileName is the name of the store's file in the data directory.
const FileName = "records.db"

// Buckets. Keys of the index buckets are "<person id>\x00<entretien id>"
// (ids hold no control character); versions are "<id>\x00<version, 8 bytes
// big-endian>"; audit keys are the entry's sequence number, big-endian.
var (
	bucketEntretiens = []byte("entretiens")
	bucketVersions   = []byte("versions")
	bucketEmployee   = []byte("by_employee")
	bucketManager    = []byte("by_manager")
	bucketAudit      = []byte("audit")
	allBuckets       = [][]byte{bucketEntretiens, bucketVersions, bucketEmployee, bucketManager, bucketAudit}
)

// Store is the bbolt record store. It is safe for concurrent use; bbolt
// serialises writes.
type Store struct {
	db  *bolt.DB
	now func() time.Time
}

// Option tunes Open.
type Option func(*Store)

// WithClock makes the store read the time from now (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open opens (creating if needed) the store file FileName in dir. Only one
// process may hold it: another one waiting more than a few seconds gets an
// error.
func Open(dir string, opts ...Option) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("boltstore: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dir, FileName), 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", filepath.Join(dir, FileName), err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: create buckets: %w", err)
	}
	s := &Store{db: db, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) clock() time.Time { return s.now().UTC() }

// update runs fn in a write transaction unless ctx is done.
func (s *Store) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

// Create saves a new draft.
func (s *Store) Create(ctx context.Context, actor plan.Actor, e plan.Entretien) (plan.Entretien, error) {
	at := s.clock()
	saved, err := plan.Draft(e, plan.NewID(), at)
	if err != nil {
		return plan.Entretien{}, err
	}
	err = s.update(ctx, func(tx *bolt.Tx) error {
		if err := put(tx, nil, saved); err != nil {
			return err
		}
		return audit(tx, at, actor, plan.AuditCreate, saved)
	})
	if err != nil {
		return plan.Entretien{}, fmt.Errorf("boltstore: create: %w", err)
	}
	return saved, nil
}

// Entretien returns the last version of a record.
func (s *Store) Entretien(ctx context.Context, actor plan.Actor, id string) (plan.Entretien, error) {
	var e plan.Entretien
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var err error
		if e, err = latest(tx, id); err != nil {
			return err
		}
		return audit(tx, s.clock(), actor, plan.AuditRead, e)
	})
	return e, err
}

// Version returns one version of a record.
func (s *Store) Version(ctx context.Context, actor plan.Actor, id string, version int64) (plan.Entretien, error) {
	var e plan.Entretien
	err := s.update(ctx, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketVersions).Get(versionKey(id, version))
		if raw == nil {
			return fmt.Errorf("entretien %s, version %d : %w", id, version, catalog.ErrNotFound)
		}
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("boltstore: entretien %s version %d: %w", id, version, err)
		}
		return audit(tx, s.clock(), actor, plan.AuditRead, e)
	})
	return e, err
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

// revise loads record id, derives the next version with next and saves it
// with its audit entry, all in one transaction.
func (s *Store) revise(ctx context.Context, actor plan.Actor, id string, action plan.AuditAction,
	next func(old plan.Entretien, at time.Time) (plan.Entretien, error)) (plan.Entretien, error) {
	var saved plan.Entretien
	err := s.update(ctx, func(tx *bolt.Tx) error {
		old, err := latest(tx, id)
		if err != nil {
			return err
		}
		at := s.clock()
		if saved, err = next(old, at); err != nil {
			return err
		}
		if err := put(tx, &old, saved); err != nil {
			return err
		}
		return audit(tx, at, actor, action, saved)
	})
	if err != nil {
		return plan.Entretien{}, err
	}
	return saved, nil
}

// Delete removes an unsigned record and its versions.
func (s *Store) Delete(ctx context.Context, actor plan.Actor, id string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		e, err := latest(tx, id)
		if err != nil {
			return err
		}
		if e.Signed() {
			return plan.ErrSigned
		}
		if err := remove(tx, e); err != nil {
			return err
		}
		e.Version = 0
		return audit(tx, s.clock(), actor, plan.AuditDelete, e)
	})
}

// PurgeSigned removes the records signed before signedBefore, all in one
// transaction (bbolt has one writer at a time).
func (s *Store) PurgeSigned(ctx context.Context, actor plan.Actor, signedBefore time.Time) (int, error) {
	n := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var old []plan.Entretien
		err := tx.Bucket(bucketEntretiens).ForEach(func(k, v []byte) error {
			var e plan.Entretien
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("boltstore: entretien %s: %w", k, err)
			}
			if e.Signed() && e.SignedAt().Before(signedBefore) {
				old = append(old, e)
			}
			return nil
		})
		if err != nil {
			return err
		}
		at := s.clock()
		for _, e := range old {
			if err := remove(tx, e); err != nil {
				return err
			}
			e.Version = 0
			if err := audit(tx, at, actor, plan.AuditPurge, e); err != nil {
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

// remove deletes record e, its versions and its index entries.
func remove(tx *bolt.Tx, e plan.Entretien) error {
	if err := tx.Bucket(bucketEntretiens).Delete([]byte(e.ID)); err != nil {
		return err
	}
	versions := tx.Bucket(bucketVersions)
	for v := int64(1); v <= e.Version; v++ {
		if err := versions.Delete(versionKey(e.ID, v)); err != nil {
			return err
		}
	}
	return errors.Join(
		tx.Bucket(bucketEmployee).Delete(indexKey(e.EmployeeID, e.ID)),
		tx.Bucket(bucketManager).Delete(indexKey(e.ManagerID, e.ID)),
	)
}

// latest reads the last version of record id.
func latest(tx *bolt.Tx, id string) (plan.Entretien, error) {
	var e plan.Entretien
	raw := tx.Bucket(bucketEntretiens).Get([]byte(id))
	if raw == nil {
		return e, fmt.Errorf("entretien %s : %w", id, catalog.ErrNotFound)
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		return e, fmt.Errorf("boltstore: entretien %s: %w", id, err)
	}
	return e, nil
}

// put writes e as the last version of its record, keeps it among the
// versions, and moves the index entries from old (nil for a new record).
func put(tx *bolt.Tx, old *plan.Entretien, e plan.Entretien) error {
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	id := []byte(e.ID)
	if old != nil && old.ManagerID != e.ManagerID {
		if err := tx.Bucket(bucketManager).Delete(indexKey(old.ManagerID, e.ID)); err != nil {
			return err
		}
	}
	return errors.Join(
		tx.Bucket(bucketEntretiens).Put(id, raw),
		tx.Bucket(bucketVersions).Put(versionKey(e.ID, e.Version), raw),
		tx.Bucket(bucketEmployee).Put(indexKey(e.EmployeeID, e.ID), nil),
		tx.Bucket(bucketManager).Put(indexKey(e.ManagerID, e.ID), nil),
	)
}

// audit appends one entry about e.
func audit(tx *bolt.Tx, at time.Time, actor plan.Actor, action plan.AuditAction, e plan.Entretien) error {
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	entry := plan.AuditEntry{
		Seq: int64(seq), At: at, ActorID: actor.ID, ActorRole: actor.Role, Action: action,
		EntretienID: e.ID, EmployeeID: e.EmployeeID, Version: e.Version,
	}
	raw, err := json.Marshal(entry)
	if err != nil {
		return err
	}
	return b.Put(binary.BigEndian.AppendUint64(nil, seq), raw)
}

func indexKey(person, id string) []byte { return []byte(person + "\x00" + id) }

func versionKey(id string, version int64) []byte {
	return binary.BigEndian.AppendUint64([]byte(id+"\x00"), uint64(version))
}
