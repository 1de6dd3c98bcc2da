package pgvector

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/indexer/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrate creates schema if needed and applies the embedded migrations in
// it (pgmigrate: once, under a session lock).
func migrate(ctx context.Context, cc *pgx.ConnConfig, schema string, logger *slog.Logger) error {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("pgvector: migrations: %w", err)
	}
	return pgmigrate.Up(ctx, cc, schema, "pgvector", fsys, "", logger)
}
