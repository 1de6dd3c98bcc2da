package boltstore_test

import (
	"testing"
	"time"

	"github.com/tremplin/tremplin/indexer/records"
	"github.com/tremplin/tremplin/indexer/records/boltstore"
	"github.com/tremplin/tremplin/indexer/records/recordstest"
)

func open(t *testing.T, dir string, now func() time.Time) *boltstore.Store {
	t.Helper()
	s, err := boltstore.Open(dir, boltstore.WithClock(now))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	recordstest.Run(t, func(t *testing.T, now func() time.Time) records.Store {
		return open(t, t.TempDir(), now)
	})
}
