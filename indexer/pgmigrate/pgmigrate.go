// Package pgmigrate applies a store's embedded goose migrations in its
// Postgres schema, once even when several processes open the store at the
// same time. The pgvector store and the entretien record store share it.
package pgmigrate

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Up creates schema if needed (empty: the connection's) and applies the
// migrations of fsys in it, under a session lock named after name and
// schema, with goose's version table table (empty: goose's default). It
// uses a connection of its own, since types the migrations create may not
// exist before them.
func Up(ctx context.Context, cc *pgx.ConnConfig, schema, name string, fsys fs.FS, table string, logger *slog.Logger) error {
	db := stdlib.OpenDB(*cc)
	defer db.Close()
	h := fnv.New64a()
	h.Write([]byte("tremplin-" + name + "-migrations/" + schema))
	lockID := int64(h.Sum64() >> 1)
	if schema != "" {
		if err := createSchema(ctx, db, schema, lockID); err != nil {
			return fmt.Errorf("%s: create schema: %w", name, err)
		}
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID))
	if err != nil {
		return fmt.Errorf("%s: migration lock: %w", name, err)
	}
	opts := []goose.ProviderOption{goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true)}
	if table != "" {
		opts = append(opts, goose.WithTableName(table))
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("%s: migrations: %w", name, err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("%s: apply migrations: %w", name, err)
	}
	for _, r := range results {
		logger.Info("migration applied", "store", name, "version", r.Source.Version, "duration_ms", r.Duration.Milliseconds())
	}
	return nil
}

// createSchema creates schema unless it exists. Concurrent CREATE SCHEMA IF
// NOT EXISTS can fail on a unique violation, so creators queue on a lock.
func createSchema(ctx context.Context, db *sql.DB, schema string, lockID int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockID^1); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return err
	}
	return tx.Commit()
}
