// Package pgstore keeps entretien records in PostgreSQL: the last version
// of each record, every version, and an append-only audit log (a trigger
// refuses UPDATE, DELETE and TRUNCATE on it). Every read and write is one
// transaction holding the record and its audit entry. Migrations are
// embedded (goose) and applied by Open, with their own history table so
// that they live beside the vector store's in one schema.
package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/pgmigrate"
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
// it (pgmigrate: once, under a session lock), with a version table of
// their own beside pgvector's.
func migrate(ctx context.Context, cc *pgx.ConnConfig, schema string, logger *slog.Logger) error {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("pgstore: migrations: %w", err)
	}
	return pgmigrate.Up(ctx, cc, schema, "records", fsys, migrationTable, logger)
}
