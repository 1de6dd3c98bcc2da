// Package pgstate keeps in PostgreSQL the state that the replicas of one
// deployment share besides the items and their vectors: web sign-in
// sessions (keyed by a hash of the cookie), skill-demand aggregates
// (counts only), and named documents (the référentiel, the skills
// taxonomy, the local embedder's weights). Every write that may race with
// another replica is one statement. Migrations are embedded (goose), with
// their own history table beside the other stores' in one schema.
package pgstate

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationTable is the goose history table of these migrations.
const migrationTable = "state_goose_db_version"

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// DB is the shared state of one database schema. It is safe for
// concurrent use.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to the database at url, keeping the tables in schema
// (created if needed; "" for the connection's), and applies the embedded
// migrations.
func Open(ctx context.Context, url, schema string, logger *slog.Logger) (*DB, error) {
	if schema != "" && !schemaName.MatchString(schema) {
		return nil, fmt.Errorf("pgstate: %w : nom de schéma %q (lettres minuscules, chiffres et _ seulement)", catalog.ErrInvalid, schema)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The URL may hold a password: do not echo it.
		return nil, fmt.Errorf("pgstate: %w : URL de la base de données illisible", catalog.ErrInvalid)
	}
	if schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	}
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("pgstate: migrations: %w", err)
	}
	if err := pgmigrate.Up(ctx, cfg.ConnConfig, schema, "state", fsys, migrationTable, logger); err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstate: connect: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }
