package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
)

// creators is how many writers race to create the same id.
const creators = 8

// testCreate checks that Create adds a new id, refuses a stored one with
// catalog.ErrConflict without changing it, and refuses invalid records
// with catalog.ErrInvalid.
func testCreate(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	if err := s.Create(ctx, rec(formation("a"), 0.1)); err != nil {
		t.Fatalf("Create(a) = %v, want nil", err)
	}
	before := snapshot(t, s)
	again := rec(formation("a"), 1.2)
	again.Item.Title, again.Hash = "Autre titre", "h-other"
	if err := s.Create(ctx, again); !errors.Is(err, catalog.ErrConflict) {
		t.Errorf("Create(a) again error = %v, want catalog.ErrConflict", err)
	}
	if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
		t.Errorf("store changed by a refused Create (-before +after):\n%s", diff)
	}
	bad := catalog.Record{Item: formation("b"), Hash: "h", Vector: make([]float32, Dims)}
	if err := s.Create(ctx, bad); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Create(zero vector) error = %v, want catalog.ErrInvalid", err)
	}
	assertSearch(t, s, along(0), catalog.Filter{}, 5, []string{"a"})
}

// testCreateRace starts several writers creating the same id at once:
// exactly one succeeds, every other gets catalog.ErrConflict, and the
// stored item is the winner's.
func testCreateRace(t *testing.T, open Opener) {
	s := open(t, Dims)
	for round := range 5 {
		id := fmt.Sprintf("race-%d", round)
		errs := raceCreate(t, s, id)
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("round %d: writers %d and %d both created %s", round, won, i, id)
			case err == nil:
				won = i
			case !errors.Is(err, catalog.ErrConflict):
				t.Fatalf("round %d: writer %d: Create error = %v, want nil or catalog.ErrConflict", round, i, err)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: no writer created %s", round, id)
		}
		got, err := s.Item(t.Context(), id)
		if err != nil {
			t.Fatalf("Item(%s): %v", id, err)
		}
		if want := fmt.Sprintf("Écrit par %d", won); got.Title != want {
			t.Errorf("round %d: stored title %q, want the winner's %q", round, got.Title, want)
		}
	}
}

// raceCreate has creators goroutines create id together and returns
// their errors.
func raceCreate(t *testing.T, s indexer.VectorStore, id string) []error {
	errs := make([]error, creators)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range creators {
		done.Add(1)
		go func() {
			defer done.Done()
			it := formation(id)
			it.Title = fmt.Sprintf("Écrit par %d", i)
			r := rec(it, 0.1*float64(i+1))
			start.Wait()
			errs[i] = s.Create(t.Context(), r)
		}()
	}
	start.Done()
	done.Wait()
	return errs
}
