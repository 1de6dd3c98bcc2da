// Package pgvector is the PostgreSQL vector store: items, content hashes
// and embeddings in one table, searched by cosine distance through an HNSW
// index with SQL filters equivalent to catalog.Filter.Match. Migrations are
// embedded and applied by Open.
package pgvector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"

	"github.com/tremplin/tremplin/catalog"
)

// ErrDimensionMismatch reports a database holding vectors of another
// dimension than the one the store was opened with.
var ErrDimensionMismatch = errors.New("dimension des vecteurs différente de celle de la base")

// Store is the pgvector-backed vector store. It is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	dims   int
	logger *slog.Logger
	// schema is the schema given by WithSchema ("" for the connection's).
	schema string
	// connConfig opens the change feed's listening connection.
	connConfig *pgx.ConnConfig
	// indexPending is set when this Store dropped the HNSW index for a
	// bulk upsert; Close builds it again.
	indexPending atomic.Bool
}

// Option tunes Open.
type Option func(*options)

type options struct {
	schema string
}

// WithSchema keeps the store's tables (and its migration history) in the
// given schema, created if needed, instead of the connection's default.
// Tests use it to isolate themselves.
func WithSchema(name string) Option {
	return func(o *options) { o.schema = name }
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// Open connects to the database at url, applies the embedded migrations
// and prepares the vector column and its HNSW index for vectors of dims
// dimensions, building the index if a bulk upsert left it dropped. A
// database already holding another dimension gives ErrDimensionMismatch.
func Open(ctx context.Context, url string, dims int, logger *slog.Logger, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if dims <= 0 {
		return nil, fmt.Errorf("pgvector: %w : dimension des vecteurs %d, elle doit être positive", catalog.ErrInvalid, dims)
	}
	if o.schema != "" && !schemaName.MatchString(o.schema) {
		return nil, fmt.Errorf("pgvector: %w : nom de schéma %q (lettres minuscules, chiffres et _ seulement)", catalog.ErrInvalid, o.schema)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The URL may hold a password: do not echo it.
		return nil, fmt.Errorf("pgvector: %w : URL de la base de données illisible", catalog.ErrInvalid)
	}
	if o.schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{o.schema}.Sanitize() + ", public"
	}
	if err := migrate(ctx, cfg.ConnConfig, o.schema, logger); err != nil {
		return nil, err
	}
	cfg.AfterConnect = pgxvec.RegisterTypes
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgvector: connect: %w", err)
	}
	s := &Store{pool: pool, dims: dims, logger: logger, schema: o.schema, connConfig: cfg.ConnConfig.Copy()}
	if err := s.prepareVectors(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	// A process killed after a bulk upsert left the index dropped.
	if err := s.BuildIndex(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// closeBuildTimeout bounds the index build Close may run.
const closeBuildTimeout = 10 * time.Minute

// Close builds the HNSW index if a bulk upsert dropped it, then closes the
// connection pool.
func (s *Store) Close() error {
	defer s.pool.Close()
	if !s.indexPending.Load() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), closeBuildTimeout)
	defer cancel()
	return s.BuildIndex(ctx)
}

// Dims returns the dimension of the stored vectors.
func (s *Store) Dims() int { return s.dims }

// maxPlainDims is the largest dimension whose vectors fit in a heap page.
// Below it vectors are kept inline (STORAGE PLAIN) rather than in TOAST:
// exact scans then avoid a TOAST fetch per row, and the planner, seeing
// the real size of the table, uses the HNSW index when it should.
const maxPlainDims = 1900

// prepareVectors records the dimension on first use, adding the vector
// column and its HNSW index, and refuses a different one afterwards.
func (s *Store) prepareVectors(ctx context.Context) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "LOCK TABLE vector_meta IN EXCLUSIVE MODE"); err != nil {
			return fmt.Errorf("pgvector: lock vector_meta: %w", err)
		}
		var have int
		err := tx.QueryRow(ctx, "SELECT dims FROM vector_meta").Scan(&have)
		switch {
		case err == nil && have == s.dims:
			return nil
		case err == nil:
			return fmt.Errorf("pgvector: %w : la base contient des vecteurs de dimension %d, l'embedder en produit %d ; "+
				"réindexez dans une base vide ou avec le même modèle", ErrDimensionMismatch, have, s.dims)
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("pgvector: read vector_meta: %w", err)
		}
		stmts := []string{
			fmt.Sprintf("ALTER TABLE items ADD COLUMN embedding vector(%d) NOT NULL", s.dims),
			fmt.Sprintf("INSERT INTO vector_meta (dims) VALUES (%d)", s.dims),
		}
		if s.dims <= maxPlainDims {
			stmts = append(stmts, "ALTER TABLE items ALTER COLUMN embedding SET STORAGE PLAIN")
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("pgvector: prepare %d-dimension vectors: %w", s.dims, err)
			}
		}
		s.logger.Info("vector column created", "dims", s.dims)
		return nil
	})
}

// translate maps driver errors to the catalog's sentinels: data exceptions
// (bad values) to ErrInvalid, integrity violations to ErrConflict.
func translate(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || len(pgErr.Code) < 2 {
		return err
	}
	switch pgErr.Code[:2] {
	case "22":
		return fmt.Errorf("%w: %w", catalog.ErrInvalid, err)
	case "23":
		return fmt.Errorf("%w: %w", catalog.ErrConflict, err)
	}
	return err
}
