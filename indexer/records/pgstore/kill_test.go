package pgstore_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/indexer/records"
	"github.com/tremplin/tremplin/indexer/records/pgstore"
	"github.com/tremplin/tremplin/indexer/records/recordstest"
	"github.com/tremplin/tremplin/internal/pgtest"
)

// openAt opens the store at "<url> <schema>".
func openAt(ctx context.Context, location string) (records.Store, error) {
	url, schema, ok := strings.Cut(location, " ")
	if !ok {
		return nil, fmt.Errorf("location %q is not <url> <schema>", location)
	}
	return pgstore.Open(ctx, url, nil, pgstore.WithSchema(schema))
}

func TestMain(m *testing.M) {
	recordstest.ChildMain(openAt)
	os.Exit(m.Run())
}

// TestSaveSurvivesKill9 kills a client in the middle of saves: the
// database holds every version it committed, each whole.
func TestSaveSurvivesKill9(t *testing.T) {
	url := pgtest.URL(t)
	recordstest.KillDuringSaves(t, url+" "+pgtest.Schema(t, url), openAt)
}
