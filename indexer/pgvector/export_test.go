package pgvector

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
)

// ExplainSearch returns the query plan of Search(vec, f, k), run with the
// same settings, for tests to check that the HNSW index is used.
func (s *Store) ExplainSearch(ctx context.Context, vec []float32, f catalog.Filter, k int) (string, error) {
	query, args := searchSQL(vec, f, k)
	var lines []string
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := applySearchSettings(ctx, tx, k); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+query, args...)
		if err != nil {
			return err
		}
		lines, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	return strings.Join(lines, "\n"), err
}

// Analyze refreshes the planner statistics of the items table.
func (s *Store) Analyze(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, "ANALYZE items")
	return err
}
