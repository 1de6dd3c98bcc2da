package pgstore_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records"
	"github.com/tremplin/tremplin/indexer/records/pgstore"
	"github.com/tremplin/tremplin/indexer/records/recordstest"
	"github.com/tremplin/tremplin/internal/pgtest"
)

func open(tb testing.TB, url, schema string, now func() time.Time) *pgstore.Store {
	tb.Helper()
	s, err := pgstore.Open(tb.Context(), url, nil, pgstore.WithSchema(schema), pgstore.WithClock(now))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	url := pgtest.URL(t)
	recordstest.Run(t, func(t *testing.T, now func() time.Time) records.Store {
		return open(t, url, pgtest.Schema(t, url), now)
	})
}

// TestAuditAppendOnly checks that the database itself refuses to change or
// remove audit entries, and that reopening keeps them (migrations run once).
func TestAuditAppendOnly(t *testing.T) {
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	ctx := t.Context()
	s := open(t, url, schema, recordstest.NewClock().Now)
	if _, err := s.Create(ctx, recordstest.Alice, recordstest.Entretien("alice", "manon", recordstest.Day(2026, 2, 2))); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	table := pgx.Identifier{schema, "record_audit"}.Sanitize()
	for _, stmt := range []string{
		"UPDATE " + table + " SET actor_id = 'x'",
		"DELETE FROM " + table,
		"TRUNCATE " + table,
	} {
		if _, err := conn.Exec(ctx, stmt); err == nil {
			t.Errorf("%s succeeded, want the append-only trigger to refuse it", stmt)
		}
	}
	again := open(t, url, schema, recordstest.NewClock().Now)
	entries, err := again.Audit(ctx, plan.AuditQuery{})
	if err != nil || len(entries) != 1 {
		t.Errorf("audit after reopening = %d entries, %v; want 1", len(entries), err)
	}
}
