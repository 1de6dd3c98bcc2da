package pgvector_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/internal/pgtest"
)

// TestCreateAcrossStores races Create of one id through two stores on the
// same schema, each with its own connection pool, as two replicas on one
// database: each round exactly one wins and the other gets ErrConflict.
func TestCreateAcrossStores(t *testing.T) {
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	replicas := []*pgvector.Store{open(t, url, schema, 3), open(t, url, schema, 3)}
	for round := range 20 {
		id := fmt.Sprintf("item-%d", round)
		errs := make([]error, len(replicas))
		var start, done sync.WaitGroup
		start.Add(1)
		for i, s := range replicas {
			done.Add(1)
			go func() {
				defer done.Done()
				r := catalog.Record{Item: catalog.Item{ID: id, Kind: catalog.KindFormation, Title: fmt.Sprint(i), Active: true},
					Hash: "h", Vector: []float32{1, float32(i), 0}}
				start.Wait()
				errs[i] = s.Create(t.Context(), r)
			}()
		}
		start.Done()
		done.Wait()
		created, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				created++
			case errors.Is(err, catalog.ErrConflict):
				conflicts++
			default:
				t.Fatalf("round %d: Create error = %v, want nil or catalog.ErrConflict", round, err)
			}
		}
		if created != 1 || conflicts != 1 {
			t.Fatalf("round %d: %d created and %d conflicts, want 1 and 1 (errors %v)", round, created, conflicts, errs)
		}
	}
}
