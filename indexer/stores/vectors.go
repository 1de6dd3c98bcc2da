package stores

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/indexer/vecstore"
)

// openVectors opens pgvector when a database is configured, the embedded
// store of generation gen otherwise.
func openVectors(ctx context.Context, cfg Config, logger *slog.Logger, gen string) (indexer.VectorStore, error) {
	if cfg.DatabaseURL == "" {
		st, err := vecstore.Open(filepath.Join(gen, "vectors"))
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return st, nil
	}
	st, err := openPostgres(ctx, cfg, logger, cfg.DBSchema)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return st, nil
}

// openPostgres opens the pgvector store of schema ("": the connection's).
func openPostgres(ctx context.Context, cfg Config, logger *slog.Logger, schema string) (*pgvector.Store, error) {
	var opts []pgvector.Option
	if schema != "" {
		opts = append(opts, pgvector.WithSchema(schema))
	}
	return pgvector.Open(ctx, cfg.DatabaseURL, embeddingDims(cfg), logger, opts...)
}

// openStaging opens, for a rebuild with Postgres, the live store and an
// empty staging store in a schema of its own: the rebuild fills the staging
// store and Commit swaps its items into the live one in one transaction.
func (s *Set) openStaging(ctx context.Context, cfg Config, logger *slog.Logger) (err error) {
	// Concurrent rebuilds queue on the database's lock; the holder drops
	// the staging schemas of abandoned ones and builds in a schema of its own.
	prefix := stagingSchema(cfg.DBSchema) + "_"
	if s.unlockRebuild, err = pgvector.LockRebuild(ctx, cfg.DatabaseURL, cfg.DBSchema, prefix); err != nil {
		return err
	}
	b := make([]byte, 4)
	rand.Read(b)
	name := prefix + hex.EncodeToString(b)
	if s.live, err = openPostgres(ctx, cfg, logger, cfg.DBSchema); err != nil {
		return err
	}
	if s.staging, err = openPostgres(ctx, cfg, logger, name); err != nil {
		return err
	}
	s.vec = s.staging
	return nil
}

// stagingSchema is the prefix of the schemas where Postgres rebuilds are
// built aside (each adds _ and a random suffix).
func stagingSchema(live string) string {
	if live == "" {
		return "tremplin_rebuild"
	}
	return live[:min(len(live), 44)] + "_rebuild"
}

// embeddingDims is the dimension of the configured embedder's vectors.
func embeddingDims(cfg Config) int {
	if cfg.Embedder == "openai" {
		return cfg.OpenAIDims
	}
	return cfg.LocalDims
}

// LiveItems returns the items of the live index (none when it was never
// indexed): with a database, those of Postgres, without touching the data
// directory (a server may hold it); otherwise those of cfg.DataDir, read
// under its lock, released before returning. Nothing is created or
// written, except the Postgres tables when the database has none yet. logger receives the
// store's logs (nil: discarded).
func LiveItems(ctx context.Context, cfg Config, logger *slog.Logger) ([]catalog.Item, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	gen := ""
	if cfg.DatabaseURL != "" {
		// Postgres is the source of truth, shared with any server running
		// on it: the data directory is not read.
	} else if _, err := os.Stat(cfg.DataDir); err == nil {
		dir, err := indexer.OpenDir(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		unlock, err := dir.Lock()
		if err != nil {
			return nil, err
		}
		defer unlock()
		if gen, err = dir.Current(); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if cfg.DatabaseURL == "" {
		if gen == "" {
			return nil, nil
		}
		if _, err := os.Stat(filepath.Join(gen, "vectors")); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		st, err := vecstore.Open(filepath.Join(gen, "vectors"))
		if err != nil {
			return nil, fmt.Errorf("lire l'index : %w", err)
		}
		return st.Items(ctx)
	}
	st, err := openPostgres(ctx, cfg, logger, cfg.DBSchema)
	if err != nil {
		return nil, fmt.Errorf("ouvrir la base de vecteurs : %w", err)
	}
	defer st.Close()
	return st.Items(ctx)
}
