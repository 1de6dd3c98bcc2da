// Package storetest is the contract test suite every indexer.VectorStore
// must pass. Each backend's tests call Run with a function opening a fresh,
// empty store:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, dims int) indexer.VectorStore {
//			s, err := vecstore.Open(t.TempDir())
//			...
//		})
//	}
//
// The contract, beyond the interface's doc comments:
//   - Search scores are cosine similarities (higher is better), ordered by
//     score then by id; ties are broken by id.
//   - Upsert rejects, with an error wrapping catalog.ErrInvalid and without
//     storing anything, a batch holding an empty or duplicate id, or a vector
//     that is empty, of another dimension than the store's, all zeros, or not
//     finite.
//   - Create checks and writes at once: of several writers creating the
//     same id together exactly one succeeds, the others get
//     catalog.ErrConflict and nothing of theirs is stored.
//   - Search with an all-zero vector, or with k <= 0, returns no result and
//     no error; a vector of the wrong dimension gives catalog.ErrInvalid.
package storetest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
)

// Dims is the vector dimension the suite's fixtures use.
const Dims = 16

// Opener opens a new empty store for one test; it registers its own cleanup.
type Opener func(t *testing.T, dims int) indexer.VectorStore

// Run runs the whole contract suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, open Opener)
	}{
		{"Empty", testEmpty},
		{"RoundTrip", testRoundTrip},
		{"UpdateReplaces", testUpdateReplaces},
		{"Delete", testDelete},
		{"RejectsBadBatch", testRejectsBadBatch},
		{"Ranking", testRanking},
		{"TiesByID", testTiesByID},
		{"Filters", testFilters},
		{"KLargerThanMatches", testKLargerThanMatches},
		{"FilteredReturnsK", testFilteredReturnsK},
		{"BadQueries", testBadQueries},
		{"Create", testCreate},
		{"CreateRace", testCreateRace},
		{"Vectors", testVectors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open) })
	}
}

// equateEmpty makes nil and empty slices and maps compare equal.
var equateEmpty = cmpopts.EquateEmpty()

func testEmpty(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	items, err := s.Items(ctx)
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	if len(items) != 0 {
		t.Errorf("Items on an empty store = %d items, want 0", len(items))
	}
	hashes, err := s.Hashes(ctx)
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	if len(hashes) != 0 {
		t.Errorf("Hashes on an empty store = %v, want none", hashes)
	}
	got, err := s.Search(ctx, along(0), catalog.Filter{}, 5)
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	if len(got) != 0 {
		t.Errorf("Search on an empty store = %v, want none", got)
	}
	if _, err := s.Item(ctx, "absent"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Item(absent) error = %v, want catalog.ErrNotFound", err)
	}
	if err := s.Delete(ctx, []string{"absent"}); err != nil {
		t.Errorf("Delete(absent) = %v, want nil", err)
	}
	if err := s.Upsert(ctx, nil); err != nil {
		t.Errorf("Upsert(nil) = %v, want nil", err)
	}
}

func testRoundTrip(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	recs := richRecords()
	upsert(t, s, recs...)

	for _, r := range recs {
		got, err := s.Item(ctx, r.Item.ID)
		if err != nil {
			t.Fatalf("Item(%q): %v", r.Item.ID, err)
		}
		if diff := cmp.Diff(r.Item, got, equateEmpty); diff != "" {
			t.Errorf("Item(%q) mismatch (-want +got):\n%s", r.Item.ID, diff)
		}
	}
	items, err := s.Items(ctx)
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	var gotIDs []string
	for _, it := range items {
		gotIDs = append(gotIDs, it.ID)
	}
	wantIDs := []string{"A-1", "a-1", "cert-rncp-1", "form-1", "mentor-1", "mission-1"}
	if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
		t.Errorf("Items ids (-want +got):\n%s", diff)
	}
	wantHashes := map[string]string{}
	for _, r := range recs {
		wantHashes[r.Item.ID] = r.Hash
	}
	hashes, err := s.Hashes(ctx)
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	if diff := cmp.Diff(wantHashes, hashes); diff != "" {
		t.Errorf("Hashes (-want +got):\n%s", diff)
	}
}

func testUpdateReplaces(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	upsert(t, s, rec(formation("a"), 0.1), rec(formation("b"), 0.5))
	changed := formation("a")
	changed.Title = "Titre modifié"
	r := rec(changed, 1.0)
	r.Hash = "h-changed"
	upsert(t, s, r)

	got, err := s.Item(ctx, "a")
	if err != nil {
		t.Fatalf("Item(a): %v", err)
	}
	if got.Title != "Titre modifié" {
		t.Errorf("Item(a).Title = %q, want the updated title", got.Title)
	}
	hashes, err := s.Hashes(ctx)
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	if diff := cmp.Diff(map[string]string{"a": "h-changed", "b": "h-b"}, hashes); diff != "" {
		t.Errorf("Hashes (-want +got):\n%s", diff)
	}
	// The vector moved from angle 0.1 to 1.0: b is now the nearest to angle 0.
	assertSearch(t, s, along(0), catalog.Filter{}, 2, []string{"b", "a"})
}

func testDelete(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	upsert(t, s, rec(formation("a"), 0.1), rec(formation("b"), 0.2), rec(formation("c"), 0.3))
	if err := s.Delete(ctx, []string{"b", "absent"}); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Item(ctx, "b"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Item(b) after Delete error = %v, want catalog.ErrNotFound", err)
	}
	hashes, err := s.Hashes(ctx)
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	if diff := cmp.Diff(map[string]string{"a": "h-a", "c": "h-c"}, hashes); diff != "" {
		t.Errorf("Hashes after Delete (-want +got):\n%s", diff)
	}
	assertSearch(t, s, along(0.2), catalog.Filter{}, 5, []string{"a", "c"})
	if err := s.Delete(ctx, nil); err != nil {
		t.Errorf("Delete(nil) = %v, want nil", err)
	}
	// A deleted id can come back.
	upsert(t, s, rec(formation("b"), 0.2))
	assertSearch(t, s, along(0.2), catalog.Filter{}, 1, []string{"b"})
}

func testRejectsBadBatch(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	upsert(t, s, rec(formation("kept"), 0.1))
	before := snapshot(t, s)
	good := rec(formation("new"), 0.2)
	nan := make([]float32, Dims)
	nan[0], nan[1] = 1, float32(nanValue())
	inf := make([]float32, Dims)
	inf[0] = float32(infValue())
	tests := []struct {
		name string
		bad  catalog.Record
	}{
		{"wrong dimension", catalog.Record{Item: formation("x"), Hash: "h", Vector: []float32{1, 0, 0}}},
		{"no vector", catalog.Record{Item: formation("x"), Hash: "h"}},
		{"zero vector", catalog.Record{Item: formation("x"), Hash: "h", Vector: make([]float32, Dims)}},
		{"NaN", catalog.Record{Item: formation("x"), Hash: "h", Vector: nan}},
		{"infinity", catalog.Record{Item: formation("x"), Hash: "h", Vector: inf}},
		{"empty id", rec(formation(""), 0.3)},
		{"duplicate id", rec(formation("new"), 0.4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Upsert(ctx, []catalog.Record{good, tt.bad})
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("Upsert error = %v, want catalog.ErrInvalid", err)
			}
			if diff := cmp.Diff(before, snapshot(t, s)); diff != "" {
				t.Errorf("store changed by a rejected batch (-before +after):\n%s", diff)
			}
		})
	}
}

func testRanking(t *testing.T, open Opener) {
	s := open(t, Dims)
	// Angles from the query direction; scales differ to check normalisation.
	angles := map[string]float64{"e": 1.2, "b": 0.3, "d": 0.9, "a": 0.05, "c": 0.6, "f": 2.5}
	var recs []catalog.Record
	scale := float32(0.5)
	for id, a := range angles {
		r := rec(formation(id), a)
		for i := range r.Vector {
			r.Vector[i] *= scale
		}
		scale += 1.5
		recs = append(recs, r)
	}
	upsert(t, s, recs...)
	got := search(t, s, scaled(along(0), 7), catalog.Filter{}, 10)
	want := []catalog.Scored{
		{ID: "a", Score: cos(0.05)}, {ID: "b", Score: cos(0.3)}, {ID: "c", Score: cos(0.6)},
		{ID: "d", Score: cos(0.9)}, {ID: "e", Score: cos(1.2)}, {ID: "f", Score: cos(2.5)},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-4)); diff != "" {
		t.Errorf("Search (-want +got):\n%s", diff)
	}
	assertSearch(t, s, along(0.95), catalog.Filter{}, 3, []string{"d", "e", "c"})
}

func testTiesByID(t *testing.T, open Opener) {
	s := open(t, Dims)
	upsert(t, s, rec(formation("z"), 0.5), rec(formation("m"), 0.5), rec(formation("b"), 0.5), rec(formation("a"), 1.5))
	assertSearch(t, s, along(0.5), catalog.Filter{}, 3, []string{"b", "m", "z"})
}

func testKLargerThanMatches(t *testing.T, open Opener) {
	s := open(t, Dims)
	upsert(t, s, rec(formation("f1"), 0.1), rec(mission("x1", "", ""), 0.2), rec(formation("f2"), 0.3))
	f := catalog.Filter{Kinds: []catalog.Kind{catalog.KindFormation}}
	assertSearch(t, s, along(0), f, 50, []string{"f1", "f2"})
}

func testBadQueries(t *testing.T, open Opener) {
	s := open(t, Dims)
	ctx := t.Context()
	upsert(t, s, rec(formation("a"), 0.1))
	if got, err := s.Search(ctx, make([]float32, Dims), catalog.Filter{}, 5); err != nil || len(got) != 0 {
		t.Errorf("Search(zero vector) = %v, %v; want no result and no error", got, err)
	}
	for _, k := range []int{0, -1} {
		if got, err := s.Search(ctx, along(0), catalog.Filter{}, k); err != nil || len(got) != 0 {
			t.Errorf("Search(k=%d) = %v, %v; want no result and no error", k, got, err)
		}
	}
	if _, err := s.Search(ctx, []float32{1, 0}, catalog.Filter{}, 5); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Search(wrong dimension) error = %v, want catalog.ErrInvalid", err)
	}
	nan := along(0)
	nan[3] = float32(nanValue())
	if _, err := s.Search(ctx, nan, catalog.Filter{}, 5); !errors.Is(err, catalog.ErrInvalid) {
		t.Errorf("Search(NaN) error = %v, want catalog.ErrInvalid", err)
	}
}

// testVectors: the store gives back the hash and the vector (in the
// direction of the one written; a store may keep it as unit vector) of
// each stored id asked for, and leaves out the others.
func testVectors(t *testing.T, open Opener) {
	s := open(t, Dims)
	vr, ok := s.(indexer.VectorReader)
	if !ok {
		t.Fatalf("%T does not implement indexer.VectorReader", s)
	}
	recs := []catalog.Record{rec(formation("v-1"), 0.3), rec(formation("v-2"), 1.1)}
	recs[1].Vector = scaled(recs[1].Vector, 3)
	upsert(t, s, recs...)
	got, err := vr.Vectors(t.Context(), []string{"v-2", "absent", "v-1"})
	if err != nil {
		t.Fatalf("Vectors: %v", err)
	}
	byID := map[string]catalog.Record{}
	for _, r := range got {
		byID[r.Item.ID] = r
	}
	if len(got) != 2 || len(byID) != 2 {
		t.Fatalf("Vectors(v-2, absent, v-1) = %d records %v, want v-1 and v-2", len(got), byID)
	}
	for _, want := range []struct {
		id    string
		hash  string
		theta float64
	}{{"v-1", recs[0].Hash, 0.3}, {"v-2", recs[1].Hash, 1.1}} {
		r := byID[want.id]
		if r.Hash != want.hash {
			t.Errorf("Vectors: %s hash %q, want %q", want.id, r.Hash, want.hash)
		}
		if len(r.Vector) != Dims || cosine(r.Vector, along(want.theta)) < 0.99999 {
			t.Errorf("Vectors: %s vector %v, want one along the stored %v", want.id, r.Vector, along(want.theta))
		}
	}
	if got, err := vr.Vectors(t.Context(), nil); err != nil || len(got) != 0 {
		t.Errorf("Vectors(nil) = %v, %v; want none", got, err)
	}
}
