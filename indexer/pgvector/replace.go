package pgvector

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ErrSameStore reports a ReplaceWith between a store and itself.
var ErrSameStore = errors.New("pgvector: a store cannot be replaced with itself")

// ReplaceWith makes s hold exactly the items of staging, another store of
// the same database kept in its own schema (WithSchema), in one
// transaction: readers see the old items or the new ones, never a mix,
// and a crash before the commit leaves s untouched. It starts a new
// generation of the change feed: replicas reload every item. The staging schema is
// dropped afterwards. It is how a full rebuild is built aside then swapped.
func (s *Store) ReplaceWith(ctx context.Context, staging *Store) error {
	if staging.schema == "" || staging.schema == s.schema {
		return ErrSameStore
	}
	if staging.dims != s.dims {
		return fmt.Errorf("%w: staging %d, live %d", ErrDimensionMismatch, staging.dims, s.dims)
	}
	cols := strings.Join(columns, ", ")
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Without the ANN index during the copy; BuildIndex adds it back.
		if _, err := tx.Exec(ctx, "DROP INDEX IF EXISTS items_embedding_hnsw"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM items"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO items ("+cols+") SELECT "+cols+" FROM "+
			pgx.Identifier{staging.schema, "items"}.Sanitize()); err != nil {
			return err
		}
		return s.newGeneration(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("pgvector: replace items: %w", err)
	}
	s.indexPending.Store(true)
	if err := s.BuildIndex(ctx); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{staging.schema}.Sanitize()+" CASCADE"); err != nil {
		return fmt.Errorf("pgvector: drop staging schema: %w", err)
	}
	return nil
}

// DropSchema removes the schema name and everything in it, if it exists
// (a staging schema left by a crashed rebuild).
func DropSchema(ctx context.Context, url, name string) error {
	if !schemaName.MatchString(name) {
		return fmt.Errorf("pgvector: schema name %q", name)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("pgvector: connect: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
		return fmt.Errorf("pgvector: drop schema %s: %w", name, err)
	}
	return nil
}

// LockRebuild takes the database's rebuild lock for the live schema (a
// session advisory lock, on a connection of its own), waiting for a
// rebuild already running, then drops every staging schema of prefix left
// by an abandoned rebuild: while the lock is held, no other rebuild uses
// one. The returned function releases the lock.
func LockRebuild(ctx context.Context, url, live, prefix string) (func() error, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("pgvector: connect: %w", err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtextextended('tremplin-rebuild/' || $1, 0))", live); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("pgvector: rebuild lock: %w", err)
	}
	rows, err := conn.Query(ctx, "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)", prefix)
	if err == nil {
		var names []string
		if names, err = pgx.CollectRows(rows, pgx.RowTo[string]); err == nil {
			for _, n := range names {
				if _, err = conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
					break
				}
			}
		}
	}
	if err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("pgvector: drop abandoned staging schemas: %w", err)
	}
	return func() error { return conn.Close(context.Background()) }, nil
}
