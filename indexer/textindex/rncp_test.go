package textindex

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// rncpRecords reads ../shared/eval/catalog-rncp.jsonl. It skips when the
// file is absent, or fails under CI=true.
func rncpRecords(tb testing.TB) []catalog.Record {
	tb.Helper()
	return readRecords(tb, sharedtest.Path(tb, "eval/catalog-rncp.jsonl"))
}

// TestRNCP indexes the 4,481 RNCP certifications and checks counts, hashes
// and that word families meet on real titles.
func TestRNCP(t *testing.T) {
	recs := rncpRecords(t)
	ix := openTemp(t)
	if err := ix.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	want := make(map[string]string, len(recs))
	for _, r := range recs {
		want[r.Item.ID] = r.Hash
	}
	got, err := ix.Hashes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Hashes mismatch (-want +got):\n%s", diff)
	}
	titles := make(map[string]string, len(recs))
	for _, r := range recs {
		titles[r.Item.ID] = r.Item.Title
	}
	// Each query, written with a word of the family, must bring titles
	// holding another word of it among its first results.
	tests := []struct{ query, titleWord string }{
		{"développeur", "développement"},
		{"développement", "développeur"},
		{"gestionnaire", "gestion"},
		{"formateur", "formation"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(t.Context(), catalog.TextQuery{Clauses: []catalog.TextClause{{Field: catalog.FieldTitle, Text: tt.query}}}, catalog.Filter{}, 50)
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, s := range res {
				if strings.Contains(strings.ToLower(titles[s.ID]), tt.titleWord) {
					found = append(found, titles[s.ID])
				}
			}
			if len(found) == 0 {
				t.Errorf("Search(%q): no title with %q among %d results", tt.query, tt.titleWord, len(res))
			}
		})
	}
}

// BenchmarkUpsertBatched indexes the RNCP file through Upsert (batches of
// BatchSize) into a fresh on-disk index per iteration.
func BenchmarkUpsertBatched(b *testing.B) {
	recs := rncpRecords(b)
	benchFreshIndex(b, len(recs), func(ix *Index) error {
		return ix.Upsert(b.Context(), recs)
	})
}

// BenchmarkIndexUnbatched indexes the first 200 RNCP items one Bleve call
// per document, the path Upsert avoids.
func BenchmarkIndexUnbatched(b *testing.B) {
	recs := rncpRecords(b)[:200]
	benchFreshIndex(b, len(recs), func(ix *Index) error {
		for _, r := range recs {
			if err := ix.bi.Index(r.Item.ID, document(r)); err != nil {
				return err
			}
		}
		return nil
	})
}

// benchFreshIndex times index on a fresh on-disk index per iteration (open
// and close are not timed) and reports docs/s for docs documents each.
func benchFreshIndex(b *testing.B, docs int, index func(ix *Index) error) {
	b.Helper()
	n := 0
	for b.Loop() {
		b.StopTimer()
		ix, err := Open(filepath.Join(b.TempDir(), fmt.Sprint(n)))
		if err != nil {
			b.Fatal(err)
		}
		n++
		b.StartTimer()
		if err := index(ix); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(docs*n)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearch30Terms runs a 30-term weighted query (title, skills and
// description clauses) under a filter on the RNCP index.
func BenchmarkSearch30Terms(b *testing.B) {
	recs := rncpRecords(b)
	ix, err := Open(filepath.Join(b.TempDir(), "rncp"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Upsert(b.Context(), recs); err != nil {
		b.Fatal(err)
	}
	q := catalog.TextQuery{Clauses: []catalog.TextClause{
		{Field: catalog.FieldTitle, Boost: 3, Text: "développeur web applications logiciel informatique programmation données numérique réseau système"},
		{Field: catalog.FieldSkills, Boost: 2, Text: "concevoir développer tester déployer maintenir sécuriser analyser gérer projet équipe"},
		{Field: catalog.FieldDescription, Boost: 1, Text: "conception développement intégration base cloud agile qualité documentation client besoin"},
	}}
	f := catalog.Filter{Kinds: []catalog.Kind{catalog.KindCertification, catalog.KindFormation}}
	for b.Loop() {
		res, err := ix.Search(b.Context(), q, f, 50)
		if err != nil || len(res) == 0 {
			b.Fatalf("Search() = %d results, %v", len(res), err)
		}
	}
}
