package pgvector

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	pgv "github.com/pgvector/pgvector-go"

	"github.com/tremplin/tremplin/catalog"
)

// columns are the items columns written by Upsert, in COPY order.
var columns = []string{
	"id", "kind", "modality", "language", "location", "location_key", "price_eur", "duration_hours",
	"cpf_eligible", "active", "mentor_capacity", "mentor_current_mentees", "mission_start", "mission_end",
	"hash", "doc", "embedding",
}

// upsertSQL moves the staged rows into items, replacing existing ids.
var upsertSQL = func() string {
	set := make([]string, 0, len(columns))
	for _, c := range columns[1:] {
		set = append(set, c+" = EXCLUDED."+c)
	}
	cols := strings.Join(columns, ", ")
	return "INSERT INTO items (" + cols + ") SELECT " + cols + " FROM items_in " +
		"ON CONFLICT (id) DO UPDATE SET " + strings.Join(set, ", ") + ", updated_at = now()"
}()

// Upsert adds or replaces recs in one transaction: the rows are copied into
// a temporary table, then merged into items, and the change is recorded in
// the feed. An invalid record (see
// indexer/storetest for the rules) rejects the batch with an error wrapping
// catalog.ErrInvalid.
func (s *Store) Upsert(ctx context.Context, recs []catalog.Record) error {
	if len(recs) == 0 {
		return nil
	}
	rows, err := s.rows(recs)
	if err != nil {
		return err
	}
	start := time.Now()
	var dropped bool
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if dropped, err = upsertTx(ctx, tx, rows); err != nil {
			return err
		}
		ids := make([]string, len(recs))
		for i, r := range recs {
			ids[i] = r.Item.ID
		}
		return s.recordChange(ctx, tx, ids)
	})
	if err != nil {
		return fmt.Errorf("pgvector: upsert %d items: %w", len(recs), translate(err))
	}
	if dropped {
		s.indexPending.Store(true)
	}
	s.logger.Debug("items upserted", "count", len(recs), "index_dropped", dropped,
		"duration_ms", time.Since(start).Milliseconds())
	return nil
}

// A bulk batch holds at least bulkRows rows and at least a tenth of the
// table: inserting it row by row into the HNSW index costs more than
// building the index afresh once the load is over, which is about fifteen
// times cheaper per row.
const (
	bulkRows  = 100
	bulkRatio = 10
)

// upsertTx stages rows in a temporary table and merges them into items.
// Before a bulk batch it drops the HNSW index (inside the transaction, so
// a failed batch keeps it); it reports whether it did. Until BuildIndex
// runs, searches scan the table exactly.
func upsertTx(ctx context.Context, tx pgx.Tx, rows [][]any) (bool, error) {
	drop := false
	if len(rows) >= bulkRows {
		var n int
		var indexed bool
		err := tx.QueryRow(ctx, "SELECT count(*), to_regclass('items_embedding_hnsw') IS NOT NULL FROM items").Scan(&n, &indexed)
		if err != nil {
			return false, err
		}
		drop = indexed && len(rows)*bulkRatio >= n
	}
	if drop {
		if _, err := tx.Exec(ctx, "DROP INDEX items_embedding_hnsw"); err != nil {
			return false, err
		}
	}
	if _, err := tx.Exec(ctx, "CREATE TEMP TABLE items_in (LIKE items INCLUDING DEFAULTS) ON COMMIT DROP"); err != nil {
		return false, err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"items_in"}, columns, pgx.CopyFromRows(rows)); err != nil {
		return false, err
	}
	_, err := tx.Exec(ctx, upsertSQL)
	return drop, err
}

// BuildIndex builds the HNSW index if a bulk upsert dropped it (Close and
// Open call it too). Searches meanwhile stay exact, only slower; writes
// wait for the build.
func (s *Store) BuildIndex(ctx context.Context) error {
	start := time.Now()
	var built bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		built, err = createIndex(ctx, tx, s.dims)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgvector: build HNSW index: %w", err)
	}
	s.indexPending.Store(false)
	if built {
		s.logger.Info("HNSW index built", "duration_ms", time.Since(start).Milliseconds())
	}
	return nil
}

// createIndex builds the HNSW index on the embedding column unless it
// exists, and reports whether it did. pgvector 0.8.0 has a known issue in
// parallel HNSW builds, so it builds in one process, with the memory the
// graph of the table's vectors of dims needs (see buildMemoryKB).
func createIndex(ctx context.Context, tx pgx.Tx, dims int) (bool, error) {
	// Concurrent builders queue here rather than fail on a duplicate name.
	if _, err := tx.Exec(ctx, "LOCK TABLE items IN SHARE ROW EXCLUSIVE MODE"); err != nil {
		return false, err
	}
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT to_regclass('items_embedding_hnsw') IS NOT NULL").Scan(&exists); err != nil || exists {
		return false, err
	}
	var n, haveKB int64
	if err := tx.QueryRow(ctx, "SELECT (SELECT count(*) FROM items), setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'").Scan(&n, &haveKB); err != nil {
		return false, err
	}
	if kb := buildMemoryKB(n, dims); kb > haveKB {
		if _, err := tx.Exec(ctx, "SELECT set_config('maintenance_work_mem', $1, true)", fmt.Sprintf("%dkB", kb)); err != nil {
			return false, err
		}
	}
	for _, q := range []string{
		"SET LOCAL max_parallel_maintenance_workers = 0",
		"CREATE INDEX items_embedding_hnsw ON items USING hnsw (embedding vector_cosine_ops)",
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return false, err
		}
	}
	return true, nil
}

// rows validates recs and turns them into COPY rows.
func (s *Store) rows(recs []catalog.Record) ([][]any, error) {
	seen := make(map[string]bool, len(recs))
	rows := make([][]any, len(recs))
	for i, r := range recs {
		it := &r.Item
		if it.ID == "" {
			return nil, fmt.Errorf("pgvector: enregistrement %d : %w : identifiant vide", i, catalog.ErrInvalid)
		}
		if seen[it.ID] {
			return nil, fmt.Errorf("pgvector: enregistrement %d : %w : identifiant %q présent deux fois dans le lot", i, catalog.ErrInvalid, it.ID)
		}
		seen[it.ID] = true
		if err := catalog.CheckVector(r.Vector, s.dims); err != nil {
			return nil, fmt.Errorf("pgvector: élément %q : %w", it.ID, err)
		}
		doc, err := json.Marshal(it)
		if err != nil {
			return nil, fmt.Errorf("pgvector: item %q: %w: %v", it.ID, catalog.ErrInvalid, err)
		}
		var capacity, mentees *int32
		if m := it.Mentor; m != nil {
			c, n := clamp32(m.Capacity), clamp32(m.CurrentMentees)
			capacity, mentees = &c, &n
		}
		var missionStart, missionEnd *time.Time
		if m := it.Mission; m != nil {
			missionStart, missionEnd = dateOrNil(m.StartDate), dateOrNil(m.EndDate)
		}
		rows[i] = []any{
			it.ID, string(it.Kind), string(it.Modality), it.Language, it.Location, catalog.FoldCase(it.Location),
			it.PriceEUR, it.DurationHours, it.CPFEligible, it.Active, capacity, mentees, missionStart, missionEnd,
			r.Hash, doc, pgv.NewVector(r.Vector),
		}
	}
	return rows, nil
}

// clamp32 bounds n to the int32 range: only its order against another
// count matters.
func clamp32(n int) int32 { return int32(max(math.MinInt32, min(n, math.MaxInt32))) }

func dateOrNil(d catalog.Date) *time.Time {
	if d.IsZero() {
		return nil
	}
	t := d.Time
	return &t
}

// Delete removes the items with the given ids, recording the change in
// the feed; unknown ids are ignored.
func (s *Store) Delete(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, "DELETE FROM items WHERE id = ANY($1) RETURNING id", ids)
		if err != nil {
			return err
		}
		gone, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil || len(gone) == 0 {
			return err
		}
		return s.recordChange(ctx, tx, gone)
	})
	if err != nil {
		return fmt.Errorf("pgvector: delete %d items: %w", len(ids), translate(err))
	}
	return nil
}

// buildMemoryKB is the maintenance_work_mem, in kB, an HNSW build of n
// vectors of dims asks for: the vectors and their graph (m = 16: 32
// neighbours on layer 0, ~300 bytes per element) with 60 % more for the
// build's own bookkeeping, between 64 MB and 2 GB (about 1 GB at 100,000
// vectors of 1,536 dimensions). pgvector builds far more slowly once the graph
// no longer fits: at 100,000 items of 1,536 dimensions, about 270 s with
// the server's default 64 MB, 86 s with 1 GB set by hand
// (docs/performance.md). It is
// only ever raised for the build's transaction, never lowered.
func buildMemoryKB(n int64, dims int) int64 {
	kb := n * (int64(dims)*4 + 300) * 8 / 5 / 1024
	return min(max(kb, 64<<10), 2<<20)
}
