package boltstore_test

import (
	"context"
	"os"
	"testing"

	"github.com/tremplin/tremplin/indexer/records"
	"github.com/tremplin/tremplin/indexer/records/boltstore"
	"github.com/tremplin/tremplin/indexer/records/recordstest"
)

func openAt(_ context.Context, dir string) (records.Store, error) { return boltstore.Open(dir) }

func TestMain(m *testing.M) {
	recordstest.ChildMain(openAt)
	os.Exit(m.Run())
}

// TestSaveSurvivesKill9 kills a process in the middle of saves: the file
// holds every version it committed, each whole.
func TestSaveSurvivesKill9(t *testing.T) {
	recordstest.KillDuringSaves(t, t.TempDir(), openAt)
}
