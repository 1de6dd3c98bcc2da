// Package pgstore keeps entretien records in PostgreSQL: the last version
// of each record, every version, and an append-only audit log (a trigger
// refuses UPDATE, DELETE and TRUNCATE on it). Every read and write is one
// transaction holding the record and its audit entry. Migrations are
// embedded (goose) and applied by Open, with their own history table so
// that they live beside the vector store's in one schema.
package pgstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/tremplin/tremplin/catalog"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationTable is the goose history table of these migrations.
const migrationTable = "records_goose_db_version"

// Store is the Postgres record store. It is safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// Option tunes Open.
type Option func(*options)

type options struct {
	schema string
	now    func() time.Time
}

// WithSchema keeps the tables in the given schema, created if needed,
// instead of the connection's default. Tests use it to isolate themselves.
func WithSchema(name string) Option { return func(o *options) { o.schema = name } }

// WithClock makes the store read the time from now (tests).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Open connects to the database at url and applies the embedded migrations.
func Open(ctx context.Context, url string, logger *slog.Logger, opts ...Option) (*Store, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if o.schema != "" && !schemaName.MatchString(o.schema) {
		return nil, fmt.Errorf("pgstore: %w : nom de schéma %q (lettres minuscules, chiffres et _ seulement)", catalog.ErrInvalid, o.schema)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The URL may hold a password: do not echo it.
		return nil, fmt.Errorf("pgstore: %w : URL de la base de données illisible", catalog.ErrInvalid)
	}
	if o.schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.schema}.Sanitize()
	}
	if err := migrate(ctx, cfg.ConnConfig, o.schema, logger); err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: connect: %w", err)
	}
	return &Store{pool: pool, now: o.now}, nil
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// clock reads the time at the precision Postgres keeps (microseconds).
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// migrate creates schema if needed and applies the embedded migrations in
// it, under a session lock so that concurrent Opens apply them once.
func migrate(ctx context.Context, cc *pgx.ConnConfig, schema string, logger *slog.Logger) error {
	db := stdlib.OpenDB(*cc)
	defer db.Close()
	h := fnv.New64a()
	h.Write([]byte("tremplin-records-migrations/" + schema))
	lockID := int64(h.Sum64() >> 1)
	if schema != "" {
		if err := createSchema(ctx, db, schema, lockID); err != nil {
			return err
		}
	}
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("pgstore: migrations: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(lockID))
	if err != nil {
		return fmt.Errorf("pgstore: migration lock: %w", err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, db, fsys,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true), goose.WithTableName(migrationTable))
	if err != nil {
		return fmt.Errorf("pgstore: migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("pgstore: apply migrations: %w", err)
	}
	for _, r := range results {
		logger.Info("records migration applied", "version", r.Source.Version, "duration_ms", r.Duration.Milliseconds())
	}
	return nil
}

// createSchema creates schema unless it exists. Concurrent CREATE SCHEMA IF
// NOT EXISTS can fail on a unique violation, so creators queue on a lock.
func createSchema(ctx context.Context, db *sql.DB, schema string, lockID int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("pgstore: create schema: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockID^1); err != nil {
		return fmt.Errorf("pgstore: create schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("pgstore: create schema: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("pgstore: create schema: %w", err)
	}
	return nil
}
