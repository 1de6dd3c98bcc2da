package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog/plan"
	"github.com/tremplin/tremplin/indexer/records/boltstore"
	"github.com/tremplin/tremplin/indexer/records/recordstest"
)

func TestParseRetention(t *testing.T) {
	now := time.Date(2036, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in     string
		before time.Time // zero: records kept forever
		bad    bool
	}{
		{in: "10y", before: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
		{in: "1y", before: time.Date(2035, 3, 1, 12, 0, 0, 0, time.UTC)},
		{in: "120m", before: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)},
		{in: "30d", before: time.Date(2036, 1, 31, 12, 0, 0, 0, time.UTC)}, // 2036 is a leap year
		{in: "0"},
		{in: "", bad: true},
		{in: "y", bad: true},
		{in: "10", bad: true},
		{in: "10 ans", bad: true},
		{in: "-1y", bad: true},
		{in: "0y", bad: true},
		{in: "101y", bad: true},
		{in: "6w", bad: true},
		{in: "1.5y", bad: true},
	} {
		r, err := parseRetention(tt.in)
		if tt.bad {
			if err == nil || !strings.Contains(err.Error(), "TREMPLIN_RECORD_RETENTION") || !strings.Contains(err.Error(), "exemples") {
				t.Errorf("parseRetention(%q) error = %v; want a French error naming the variable with examples", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseRetention(%q): %v", tt.in, err)
			continue
		}
		if tt.before.IsZero() {
			if !r.zero() {
				t.Errorf("parseRetention(%q) = %+v; want records kept forever", tt.in, r)
			}
			continue
		}
		if got := r.before(now); !got.Equal(tt.before) {
			t.Errorf("parseRetention(%q).before(%v) = %v; want %v", tt.in, now, got, tt.before)
		}
	}
	cfg, err := loadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.recordRetention != (retention{years: 10}) {
		t.Errorf("default retention = %+v; want 10 years", cfg.recordRetention)
	}
}

// TestPurgeOnce signs a record, then purges as the store would ten years
// and a day later: the record goes, the log has a count and no content.
func TestPurgeOnce(t *testing.T) {
	clock := recordstest.NewClock()
	st, err := boltstore.Open(t.TempDir(), boltstore.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := t.Context()
	e, err := st.Create(ctx, recordstest.Alice, recordstest.Entretien("alice", "manon", recordstest.Day(2026, 2, 2)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		actor plan.Actor
		role  plan.Role
	}{{recordstest.Manon, plan.RoleManager}, {recordstest.Alice, plan.RoleEmployee}} {
		if e, err = st.Sign(ctx, s.actor, e.ID, e.Version, s.role); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	keep := retention{years: 10}

	purgeOnce(ctx, st, keep, func() time.Time { return e.SignedAt().AddDate(10, 0, -1) }, logger)
	if _, err := st.Entretien(ctx, recordstest.Alice, e.ID); err != nil {
		t.Fatalf("a record one day short of its retention was purged: %v", err)
	}
	purgeOnce(ctx, st, keep, func() time.Time { return e.SignedAt().AddDate(10, 0, 1) }, logger)
	if _, err := st.Entretien(ctx, recordstest.Alice, e.ID); err == nil {
		t.Fatal("a record past its retention is still there")
	}
	if !strings.Contains(logs.String(), "purged=1") {
		t.Errorf("log = %q; want the count purged=1", logs.String())
	}
	if strings.Contains(logs.String(), recordstest.Secret) || strings.Contains(logs.String(), "alice") {
		t.Errorf("the purge log names a person or quotes a record: %q", logs.String())
	}
}
