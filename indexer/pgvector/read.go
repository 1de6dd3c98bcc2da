package pgvector

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
	pgv "github.com/pgvector/pgvector-go"

	"github.com/tremplin/tremplin/catalog"
)

// efSearch is the HNSW candidate list size; at pgvector's default of 40
// some queries lose all their neighbours.
const efSearch = 100

// Hashes returns the hash every stored item is kept under (see
// catalog.Record.Hash), by id.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, hash FROM items")
	if err != nil {
		return nil, fmt.Errorf("pgvector: read hashes: %w", err)
	}
	out := map[string]string{}
	var id, hash string
	_, err = pgx.ForEachRow(rows, []any{&id, &hash}, func() error {
		out[id] = hash
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgvector: read hashes: %w", err)
	}
	return out, nil
}

// Vectors returns the records of the stored ids among ids with their hash
// and vector (Item holds the ID only), in no particular order; unknown
// ids are left out.
func (s *Store) Vectors(ctx context.Context, ids []string) ([]catalog.Record, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.pool.Query(ctx, "SELECT id, hash, embedding FROM items WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("pgvector: read vectors: %w", err)
	}
	out := make([]catalog.Record, 0, len(ids))
	var id, hash string
	var vec pgv.Vector
	_, err = pgx.ForEachRow(rows, []any{&id, &hash, &vec}, func() error {
		out = append(out, catalog.Record{Item: catalog.Item{ID: id}, Hash: hash, Vector: slices.Clone(vec.Slice())})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgvector: read vectors: %w", err)
	}
	return out, nil
}

// Item returns the item with the given id, or an error wrapping
// catalog.ErrNotFound.
func (s *Store) Item(ctx context.Context, id string) (catalog.Item, error) {
	var doc []byte
	err := s.pool.QueryRow(ctx, "SELECT doc FROM items WHERE id = $1", id).Scan(&doc)
	if errors.Is(err, pgx.ErrNoRows) {
		return catalog.Item{}, fmt.Errorf("élément %q : %w", id, catalog.ErrNotFound)
	}
	if err != nil {
		return catalog.Item{}, fmt.Errorf("pgvector: read item %q: %w", id, err)
	}
	return decodeItem(id, doc)
}

// ItemsByID returns the stored items among ids, in one query, in no
// particular order; unknown ids are left out.
func (s *Store) ItemsByID(ctx context.Context, ids []string) ([]catalog.Item, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, doc FROM items WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("pgvector: read items: %w", err)
	}
	out := make([]catalog.Item, 0, len(ids))
	var id string
	var doc []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &doc}, func() error {
		it, err := decodeItem(id, doc)
		out = append(out, it)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pgvector: read items: %w", err)
	}
	return out, nil
}

// Items returns every stored item, ordered by id.
func (s *Store) Items(ctx context.Context) ([]catalog.Item, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, doc FROM items ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("pgvector: read items: %w", err)
	}
	out := []catalog.Item{}
	var id string
	var doc []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &doc}, func() error {
		it, err := decodeItem(id, doc)
		out = append(out, it)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pgvector: read items: %w", err)
	}
	return out, nil
}

func decodeItem(id string, doc []byte) (catalog.Item, error) {
	var it catalog.Item
	if err := json.Unmarshal(doc, &it); err != nil {
		return catalog.Item{}, fmt.Errorf("pgvector: item %q: stored document does not decode: %w", id, err)
	}
	return it, nil
}

// Search returns the k items closest to vec by cosine similarity among
// those matching f, best first, ties broken by id. The HNSW index is
// scanned iteratively until k rows pass the filter; the rows are then
// ordered by their exact distance. The planner may prefer an exact scan
// for selective filters, and must while a bulk upsert has the index
// dropped. A zero vec or k <= 0 gives no result; a
// vector of another dimension gives catalog.ErrInvalid.
func (s *Store) Search(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error) {
	if k <= 0 {
		return nil, nil
	}
	if err := catalog.CheckVector(vec, s.dims); err != nil {
		if len(vec) == s.dims && !slices.ContainsFunc(vec, func(x float32) bool { return x != 0 }) {
			return nil, nil
		}
		return nil, fmt.Errorf("pgvector: search: %w", err)
	}
	query, args := searchSQL(vec, f, k)
	var out []catalog.Scored
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := applySearchSettings(ctx, tx, k); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		var id string
		var dist float64
		_, err = pgx.ForEachRow(rows, []any{&id, &dist}, func() error {
			out = append(out, catalog.Scored{ID: id, Score: 1 - dist})
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("pgvector: search: %w", translate(err))
	}
	// relaxed_order may return rows slightly out of order.
	slices.SortFunc(out, func(a, b catalog.Scored) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, nil
}

// searchSQL returns the kNN query for vec under f and its arguments.
func searchSQL(vec []float32, f catalog.Filter, k int) (string, []any) {
	w := where{}
	q := w.arg(pgv.NewVector(vec))
	w.filter(f)
	return fmt.Sprintf("SELECT id, embedding <=> %[1]s FROM items WHERE %[2]s ORDER BY embedding <=> %[1]s LIMIT %[3]d",
		q, w.sql(), k), w.args
}

// applySearchSettings sets, for the transaction, the HNSW candidate list
// size and iterative scans, so that filtered queries still return k rows.
func applySearchSettings(ctx context.Context, tx pgx.Tx, k int) error {
	_, err := tx.Exec(ctx, "SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)",
		strconv.Itoa(min(max(efSearch, k), 1000)))
	return err
}
