package vecstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// writeStoreFile writes the items named ids (vectors (1, i)) as a store
// file of format m and sequence number seq at path.
func writeStoreFile(t *testing.T, path string, m magic, seq uint64, removed []string, ids ...string) {
	t.Helper()
	st := (&state{}).clone(2, len(ids))
	for i, id := range ids {
		it := catalog.Item{ID: id, Kind: catalog.KindFormation, Title: id, Active: true}
		doc, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		st.put(catalog.Record{Item: it, Hash: "h-" + id, Vector: []float32{1, float32(i)}}, doc, uint64(i+1))
	}
	var b bytes.Buffer
	if _, err := encode(&b, st, m, seq, removed, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOpenEarlierVersionFiles opens store files of the earlier formats
// (first: no sequence number, no delta files; second: no filter views,
// with a delta file of its own format) and writes to them.
func TestOpenEarlierVersionFiles(t *testing.T) {
	t.Run("first", func(t *testing.T) {
		dir := t.TempDir()
		writeStoreFile(t, filepath.Join(dir, FileName), magicV1, 0, nil, "a", "b", "c", "d", "e")
		checkEarlierVersion(t, dir, 5)
	})
	t.Run("second", func(t *testing.T) {
		dir := t.TempDir()
		writeStoreFile(t, filepath.Join(dir, FileName), magicBase2, 1, nil, "a", "b", "c", "d", "e")
		writeStoreFile(t, filepath.Join(dir, deltaName(2)), magicDelta2, 2, []string{"e"}, "f", "g")
		checkEarlierVersion(t, dir, 6)
	})
}

// checkEarlierVersion checks the store of dir, of n items among which a
// and c, then deletes a and opens it again.
func checkEarlierVersion(t *testing.T, dir string, n int) {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if it, err := s.Item(t.Context(), "c"); err != nil || it.Title != "c" || s.Len() != n {
		t.Fatalf("Item(c) = %+v, %v with %d items; want c of %d", it, err, s.Len(), n)
	}
	if got := s.cur.Load().views[s.cur.Load().pos["c"]]; got.ID != "c" || got.Kind != catalog.KindFormation || !got.Active || got.Title != "" {
		t.Errorf("filter view of c = %+v, want the view of its document", got)
	}
	if err := s.Delete(t.Context(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	re, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := re.Item(t.Context(), "a"); err == nil || re.Len() != n-1 {
		t.Errorf("reopened after a delete: %d items, a found: %v", re.Len(), err == nil)
	}
}

// TestDeltaFoldedIntoBaseIsIgnored leaves a delta file whose sequence
// number the base file already includes, as a crash after writing a new
// base and before removing the deltas would: it is not applied again, and
// it is removed.
func TestDeltaFoldedIntoBaseIsIgnored(t *testing.T) {
	dir := t.TempDir()
	writeStoreFile(t, filepath.Join(dir, FileName), magicBase, 5, nil, "a", "b")
	stale := filepath.Join(dir, deltaName(4))
	writeStoreFile(t, stale, magicDelta, 4, []string{"a"}, "z")
	writeStoreFile(t, filepath.Join(dir, deltaName(6)), magicDelta, 6, []string{"b"}, "y")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ids, _ := s.Hashes(t.Context())
	if _, ok := ids["a"]; !ok || len(ids) != 2 || ids["y"] == "" {
		t.Errorf("store holds %v, want a (the stale delta not applied) and y (delta 6 removed b)", ids)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale delta file still there: %v", err)
	}
}

// TestEditsReusePostings checks that a small write keeps the postings of
// the state before it, marking what changed, and that a large one leaves
// the next search to build them anew.
func TestEditsReusePostings(t *testing.T) {
	ctx := t.Context()
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	rec := func(i int) catalog.Record {
		v := make([]float32, 64)
		v[i%64], v[(i*7)%64] = 1, 0.5
		return catalog.Record{Item: catalog.Item{ID: fmt.Sprintf("I%05d", i), Kind: catalog.KindFormation, Title: "T", Active: true}, Hash: "h", Vector: v}
	}
	var recs []catalog.Record
	for i := range annMinItems + 500 {
		recs = append(recs, rec(i))
	}
	if err := s.Upsert(ctx, recs); err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	core := s.cur.Load().ann
	if core == nil {
		t.Fatal("no postings built")
	}
	if err := s.Upsert(ctx, []catalog.Record{rec(3), rec(100000)}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, []string{"I00010"}); err != nil {
		t.Fatal(err)
	}
	st := s.cur.Load()
	if st.ann != core || !slices.Equal(st.annExtra, []int{3, 10}) || !st.annStale[3] || !st.annStale[10] || st.annStaleN != 2 {
		t.Errorf("after small edits: same postings %v, extra %v, stale 3/10 %v/%v (%d), want the same postings, extra [3 10], 2 stale",
			st.ann == core, st.annExtra, st.annStale[3], st.annStale[10], st.annStaleN)
	}
	var many []catalog.Record
	for i := range annMaxExtra + 1 {
		many = append(many, rec(200000+i))
	}
	if err := s.Upsert(ctx, many); err != nil {
		t.Fatal(err)
	}
	if s.cur.Load().annBuilt.Load() {
		t.Errorf("after %d new items the postings were reused, want them built anew at the next search", len(many))
	}
}

// TestFilterViewsSurviveReopen writes items with every attribute a filter
// reads, reopens the store and compares the views it decoded from the
// file with those of the items.
func TestFilterViewsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	price, hours := 450.0, 21.0
	items := []catalog.Item{
		{ID: "f", Kind: catalog.KindFormation, Title: "Excel", Description: "tableaux", Skills: []string{"excel"}, Language: "fr",
			Location: "Lyon", DurationHours: &hours, Modality: catalog.ModalityDistanciel, PriceEUR: &price, CPFEligible: true,
			Active: true, Metiers: []string{"M1607"}},
		{ID: "c", Kind: catalog.KindCertification, Title: "Titre", VAEEligible: true, CertificationCode: "RNCP1", Active: false},
		{ID: "m", Kind: catalog.KindMentoring, Title: "Mentorat", Active: true,
			Mentor: &catalog.Mentor{Name: "Ana", Capacity: 3, CurrentMentees: 2, Languages: []string{"fr"}}},
		{ID: "x", Kind: catalog.KindMission, Title: "Mission", Active: true, Mission: &catalog.Mission{Department: "DSI"}},
	}
	var recs []catalog.Record
	for i, it := range items {
		recs = append(recs, catalog.Record{Item: it, Hash: "h", Vector: []float32{1, float32(i)}})
	}
	if err := s.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	re, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := re.cur.Load()
	for _, it := range items {
		if diff := cmp.Diff(it.FilterView(), st.views[st.pos[it.ID]]); diff != "" {
			t.Errorf("view of %s after reopening (-want +got):\n%s", it.ID, diff)
		}
	}
}
