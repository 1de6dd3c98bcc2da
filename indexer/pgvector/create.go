package pgvector

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
)

// createSQL inserts one item unless its id is taken: the uniqueness check
// and the write are one statement, so two processes creating the same id
// at once get one row and one conflict.
var createSQL = func() string {
	params := make([]string, len(columns))
	for i := range columns {
		params[i] = "$" + strconv.Itoa(i+1)
	}
	return "INSERT INTO items (" + strings.Join(columns, ", ") + ") VALUES (" + strings.Join(params, ", ") +
		") ON CONFLICT (id) DO NOTHING"
}()

// Create adds rec, whose id must be new, in one INSERT … ON CONFLICT DO
// NOTHING: when the id is already stored — by this process or another one
// on the same database — nothing is written and the error wraps
// catalog.ErrConflict. It runs in a transaction so that what else a write
// records (the change feed) is kept or dropped with the row.
func (s *Store) Create(ctx context.Context, rec catalog.Record) error {
	rows, err := s.rows([]catalog.Record{rec})
	if err != nil {
		return err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, createSQL, rows[0]...)
		if err != nil {
			return translate(err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("item %s: %w", rec.Item.ID, catalog.ErrConflict)
		}
		return s.recordChange(ctx, tx, []string{rec.Item.ID})
	})
	if err != nil {
		return fmt.Errorf("pgvector: create: %w", err)
	}
	return nil
}
