package pgvector

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate creates schema if needed and applies the embedded migrations in
// it, under a session lock so that concurrent Opens apply them once. It uses
// its own connection: the vector type may not exist before the migrations.
func migrate(ctx context.Context, cc *pgx.ConnConfig, schema string, logger *slog.Logger) error {
	db := stdlib.OpenDB(*cc)
	defer db.Close()
	h := fnv.New64a()
	h.Write([]byte("tremplin-pgvector-migrations/" + schema))
	lockID := int64(h.Sum64() >> 1)
	if schema != "" {
		if err := createSchema(ctx, db, schema, lockID); err != nil {
			return err
		}
	}
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("pgvector: migrations: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID))
	if err != nil {
		return fmt.Errorf("pgvector: migration lock: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, fsys,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("pgvector: migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("pgvector: apply migrations: %w", err)
	}
	for _, r := range results {
		logger.Info("migration applied", "version", r.Source.Version, "duration_ms", r.Duration.Milliseconds())
	}
	return nil
}

// createSchema creates schema unless it exists. Concurrent CREATE SCHEMA IF
// NOT EXISTS can fail on a unique violation, so creators queue on a lock.
func createSchema(ctx context.Context, db *sql.DB, schema string, lockID int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("pgvector: create schema: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockID^1); err != nil {
		return fmt.Errorf("pgvector: create schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("pgvector: create schema: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("pgvector: create schema: %w", err)
	}
	return nil
}
