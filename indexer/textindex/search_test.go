package textindex

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// searchCase is one entry of a testdata/<case>/searches.json file.
type searchCase struct {
	Name    string               `json:"name"`
	Text    string               `json:"text"`
	Field   string               `json:"field"`
	Phrase  bool                 `json:"phrase"`
	Clauses []catalog.TextClause `json:"clauses"`
	Filter  testFilter           `json:"filter"`
	K       int                  `json:"k"`
	// Want lists ids that must be returned, Not ids that must not be, and
	// Order ids that must come first, in this order.
	Want  []string `json:"want"`
	Not   []string `json:"not"`
	Order []string `json:"order"`
	// Count, when set, is the exact number of results.
	Count int  `json:"count"`
	Err   bool `json:"err"`
}

// testFilter is catalog.Filter as written in searches.json.
type testFilter struct {
	Kinds           []catalog.Kind   `json:"kinds"`
	MaxPriceEUR     *float64         `json:"max_price_eur"`
	MaxHours        *float64         `json:"max_hours"`
	Modality        catalog.Modality `json:"modality"`
	Language        string           `json:"language"`
	Location        string           `json:"location"`
	CPFOnly         bool             `json:"cpf_only"`
	From            string           `json:"from"`
	To              string           `json:"to"`
	IncludeInactive bool             `json:"include_inactive"`
}

func (tf testFilter) filter(t *testing.T) catalog.Filter {
	t.Helper()
	return catalog.Filter{
		Kinds: tf.Kinds, MaxPriceEUR: tf.MaxPriceEUR, MaxHours: tf.MaxHours, Modality: tf.Modality,
		Language: tf.Language, Location: tf.Location, CPFOnly: tf.CPFOnly, IncludeInactive: tf.IncludeInactive,
		From: parseTime(t, tf.From), To: parseTime(t, tf.To),
	}
}

func parseTime(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{catalog.DateLayout, time.RFC3339} {
		if v, err := time.Parse(layout, s); err == nil {
			return v
		}
	}
	t.Fatalf("bad time %q in searches.json", s)
	return time.Time{}
}

func (sc searchCase) query() catalog.TextQuery {
	if len(sc.Clauses) > 0 {
		return catalog.TextQuery{Clauses: sc.Clauses}
	}
	return catalog.TextQuery{Clauses: []catalog.TextClause{{Field: sc.Field, Text: sc.Text, Phrase: sc.Phrase}}}
}

// TestSearchData runs every testdata/<case>/searches.json against an
// on-disk index built from the case's items.jsonl.
func TestSearchData(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/searches.json")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test cases found: %v", err)
	}
	for _, path := range dirs {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ix := openTemp(t)
			if err := ix.Upsert(t.Context(), readRecords(t, filepath.Join(dir, "items.jsonl"))); err != nil {
				t.Fatal(err)
			}
			var cases []searchCase
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &cases); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, sc := range cases {
				t.Run(sc.Name, func(t *testing.T) { runSearchCase(t, ix, sc) })
			}
		})
	}
}

func runSearchCase(t *testing.T, ix *Index, sc searchCase) {
	k := sc.K
	if k == 0 {
		k = 100
	}
	got, err := ix.Search(t.Context(), sc.query(), sc.Filter.filter(t), k)
	if sc.Err {
		if !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("Search() error = %v, want catalog.ErrInvalid", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Search() error = %v", err)
	}
	ids := make([]string, len(got))
	for i, s := range got {
		ids[i] = s.ID
	}
	for _, id := range sc.Want {
		if !slices.Contains(ids, id) {
			t.Errorf("Search(%q) = %v, missing %q", sc.Text, ids, id)
		}
	}
	for _, id := range sc.Not {
		if slices.Contains(ids, id) {
			t.Errorf("Search(%q) = %v, must not contain %q", sc.Text, ids, id)
		}
	}
	if len(sc.Order) > 0 {
		if diff := cmp.Diff(sc.Order, ids[:min(len(ids), len(sc.Order))]); diff != "" {
			t.Errorf("Search order mismatch (-want +got):\n%s", diff)
		}
	}
	if sc.Count > 0 && len(ids) != sc.Count {
		t.Errorf("Search(%q) returned %d results %v, want %d", sc.Text, len(ids), ids, sc.Count)
	}
	if len(sc.Want) == 0 && len(sc.Order) == 0 && sc.Count == 0 && len(ids) != 0 {
		t.Errorf("Search(%q) = %v, want no result", sc.Text, ids)
	}
}

func openTemp(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "text.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Error(err)
		}
	})
	return ix
}

// readRecords reads a JSONL catalog file; "active" defaults to true as in
// catalog files.
func readRecords(t testing.TB, path string) []catalog.Record {
	t.Helper()
	recs, err := loadRecords(path)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func loadRecords(path string) ([]catalog.Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var recs []catalog.Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		it := catalog.Item{Active: true}
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		recs = append(recs, catalog.Record{Item: it, Hash: catalog.ContentHash(it)})
	}
	return recs, sc.Err()
}
