package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/grow"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/internal/sharedtest"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/eval"
)

// Scale benchmarks (issue 13) run on catalogs grown by catalog/grow from
// the RNCP benchmark and ROME 4.0, indexed in embedded mode with the local
// embedder, as `tremplin eval --catalog` does. The 4,481-item size runs by
// default; the larger ones only with TREMPLIN_BENCH_LARGE=1 (minutes and
// GBs each; use -benchtime=1x for the Sync ones). See docs/performance.md.
var scaleSizes = []int{4481, 25_000, 100_000}

// largeBenchEnv enables the scale benchmarks beyond the RNCP size.
const largeBenchEnv = "TREMPLIN_BENCH_LARGE"

// forEachSize runs fn as one sub-benchmark per catalog size, skipping the
// large sizes unless largeBenchEnv is set.
func forEachSize(b *testing.B, fn func(b *testing.B, n int)) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			if n > scaleSizes[0] && os.Getenv(largeBenchEnv) == "" {
				b.Skipf("%d items: set %s=1 to run", n, largeBenchEnv)
			}
			fn(b, n)
		})
	}
}

// scaleEnv is a quiet env for the benchmarks.
func scaleEnv() *env {
	return &env{getenv: quietEnv, stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
}

// grownCatalog grows the RNCP benchmark catalog to n items.
func grownCatalog(b *testing.B, n int) []catalog.Item {
	b.Helper()
	items, err := grow.FromFiles(b.Context(), sharedtest.Path(b, "eval/catalog-rncp.jsonl"), sharedtest.Path(b, "referentiels"), n)
	if err != nil {
		b.Fatal(err)
	}
	return items
}

// scaleRef imports ROME 4.0 into dataDir as tremplin eval does.
func scaleRef(b *testing.B, dataDir string) *catalog.Referentiel {
	b.Helper()
	ref, err := evalReferentiel(b.Context(), scaleEnv(), sharedtest.Path(b, "referentiels"), dataDir)
	if err != nil {
		b.Fatal(err)
	}
	return ref
}

// scaleStack opens a new generation of dataDir fitted on items, as eval
// and the first tremplin index do; it is closed when b ends.
func scaleStack(b *testing.B, dataDir string, items []catalog.Item, ref *catalog.Referentiel) *stores.Set {
	b.Helper()
	s := openScaleStack(b, dataDir, items, ref)
	b.Cleanup(func() { s.Close() })
	return s
}

// openScaleStack is scaleStack for a caller that closes the stack itself.
func openScaleStack(b *testing.B, dataDir string, items []catalog.Item, ref *catalog.Referentiel) *stores.Set {
	b.Helper()
	cfg, err := loadConfig(quietEnv)
	if err != nil {
		b.Fatal(err)
	}
	cfg.dataDir, cfg.databaseURL, cfg.embedder = dataDir, "", "local"
	s, err := openStores(b.Context(), cfg, scaleEnv().logger, stores.Options{Rebuild: true, Corpus: items, Referentiel: ref})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// indexedStack grows and indexes a catalog of n items.
func indexedStack(b *testing.B, n int) (*stores.Set, []catalog.Item) {
	b.Helper()
	items := grownCatalog(b, n)
	dir := b.TempDir()
	s := scaleStack(b, dir, items, scaleRef(b, dir))
	if _, err := s.Indexer().Sync(b.Context(), items); err != nil {
		b.Fatal(err)
	}
	return s, items
}

// devQueries reads the dev queries of the RNCP benchmark.
func devQueries(b *testing.B) []eval.Query {
	b.Helper()
	qs, err := readQueries(sharedtest.Path(b, "eval/queries-dev.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	return qs
}

// reportPercentiles adds the p50 and p95 of the durations, in ms.
func reportPercentiles(b *testing.B, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	at := func(p float64) float64 { return float64(ds[int(p*float64(len(ds)-1))]) / 1e6 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// BenchmarkScaleRecommend measures one whole served recommendation (the
// request of tremplin eval: projet, skills, 10 per kind; goal, retrievals,
// fusion, floor, diversity, reasons, plan) through the recommender serve
// builds (newRecommender), cycling over the dev queries.
func BenchmarkScaleRecommend(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		s, _ := indexedStack(b, n)
		tax, err := taxonomyInUse(b.Context(), s)
		if err != nil {
			b.Fatal(err)
		}
		rec, err := newRecommender(b.Context(), s, tax, scaleEnv().logger, recommenderOptions{})
		if err != nil {
			b.Fatal(err)
		}
		recommendEach(b, rec, devQueries(b))
	})
}

// recommendEach runs one served recommendation per benchmark iteration,
// cycling over qs, and reports the p50 and p95.
func recommendEach(b *testing.B, rec *recommender.Recommender, qs []eval.Query) {
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := rec.Recommend(b.Context(), qs[i%len(qs)].Request()); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportPercentiles(b, ds)
}

// BenchmarkScaleVectorSearch measures one search of the embedded vector
// store at the recommender's depth (100) and filter, with the dev queries
// embedded beforehand by the query embedder.
func BenchmarkScaleVectorSearch(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		s, _ := indexedStack(b, n)
		vecs := devQueryVectors(b, s, devQueries(b))
		f := recommender.Constraints{}.Filter(time.Now())
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if _, err := s.Vectors().Search(b.Context(), vecs[i%len(vecs)], f, 100); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if vs, ok := s.Vectors().(*vecstore.Store); ok {
			b.ReportMetric(vectorRecall(b, vs, vecs, f, 100), "recall@100")
		}
	})
}

// devQueryVectors embeds the dev queries (projet and desired skills) with
// the stores' query embedder, as the recommender's vector retrieval does.
func devQueryVectors(b *testing.B, s *stores.Set, qs []eval.Query) [][]float32 {
	b.Helper()
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = strings.Join(append([]string{q.Projet}, q.DesiredSkills...), " ")
	}
	vecs, err := s.QueryEmbedder().Embed(b.Context(), texts)
	if err != nil {
		b.Fatal(err)
	}
	return vecs
}

// vectorRecall is the mean recall@k of the store's Search against its
// exact scan over the query vectors: the share of the exact top k that
// Search returns.
func vectorRecall(b *testing.B, vs *vecstore.Store, vecs [][]float32, f catalog.Filter, k int) float64 {
	b.Helper()
	var sum float64
	for _, v := range vecs {
		got, err := vs.Search(b.Context(), v, f, k)
		if err != nil {
			b.Fatal(err)
		}
		want, err := vs.SearchExact(b.Context(), v, f, k)
		if err != nil {
			b.Fatal(err)
		}
		if len(want) == 0 {
			sum++
			continue
		}
		found := make(map[string]bool, len(got))
		for _, h := range got {
			found[h.ID] = true
		}
		n := 0
		for _, h := range want {
			if found[h.ID] {
				n++
			}
		}
		sum += float64(n) / float64(len(want))
	}
	return sum / float64(len(vecs))
}

// BenchmarkScaleSyncEmpty measures indexer.Sync of the whole catalog into
// a new, empty generation (tagging, embedding, Bleve and vector writes);
// opening the stack (fitting the local embedder) is not timed.
func BenchmarkScaleSyncEmpty(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		items := grownCatalog(b, n)
		ref := scaleRef(b, b.TempDir())
		for b.Loop() {
			b.StopTimer()
			dir, err := os.MkdirTemp(b.TempDir(), "sync-")
			if err != nil {
				b.Fatal(err)
			}
			s := openScaleStack(b, dir, items, ref)
			b.StartTimer()
			_, err = s.Indexer().Sync(b.Context(), items)
			b.StopTimer()
			s.Close()
			if err != nil {
				b.Fatal(err)
			}
			if err := os.RemoveAll(dir); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
	})
}

// BenchmarkScaleSyncChanged measures indexer.Sync of the catalog with 1 %
// of its items changed (a description edited) since the previous sync.
func BenchmarkScaleSyncChanged(b *testing.B) {
	forEachSize(b, func(b *testing.B, n int) {
		s, items := indexedStack(b, n)
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			next := changeOnePercent(items, i)
			b.StartTimer()
			st, err := s.Indexer().Sync(b.Context(), next)
			if err != nil {
				b.Fatal(err)
			}
			if st.Upserted != n/100 {
				b.Fatalf("sync upserted %d items, want %d", st.Upserted, n/100)
			}
		}
	})
}

// changeOnePercent returns items with one in a hundred descriptions edited
// for round i, so that each round changes them again.
func changeOnePercent(items []catalog.Item, round int) []catalog.Item {
	out := slices.Clone(items)
	for k := range len(out) / 100 {
		it := &out[k*100+50]
		it.Description = fmt.Sprintf("%s\nMise à jour n° %d.", it.Description, round+1)
	}
	return out
}

// dataBenchEnv names an indexed data directory for BenchmarkServeDataDir.
const dataBenchEnv = "TREMPLIN_BENCH_DATA"

// BenchmarkServeDataDir measures, on the data directory named by
// TREMPLIN_BENCH_DATA (from tremplin index of a grown catalog: see
// docs/performance.md), opened as tremplin serve opens it, cycling over the
// dev queries: one whole served recommendation ("served"), and beside it
// one raw Bleve query of the projet's words against item titles, French
// analysis, the recommender's depth (100) and default filter ("bleve-raw").
// It profiles a 100,000-item catalog without indexing it again; skipped
// when the variable is unset.
func BenchmarkServeDataDir(b *testing.B) {
	dir := os.Getenv(dataBenchEnv)
	if dir == "" {
		b.Skipf("set %s to an indexed data directory to run", dataBenchEnv)
	}
	cfg, err := loadConfig(quietEnv)
	if err != nil {
		b.Fatal(err)
	}
	cfg.dataDir, cfg.databaseURL, cfg.embedder = dir, "", "local"
	demoItems, err := demo.Items()
	if err != nil {
		b.Fatal(err)
	}
	s, err := openStores(b.Context(), cfg, scaleEnv().logger, stores.Options{Corpus: demoItems, PreferStored: true, DemoReferentiel: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tax, err := taxonomyInUse(b.Context(), s)
	if err != nil {
		b.Fatal(err)
	}
	rec, err := newRecommender(b.Context(), s, tax, scaleEnv().logger, recommenderOptions{})
	if err != nil {
		b.Fatal(err)
	}
	qs := devQueries(b)
	b.Run("served", func(b *testing.B) { recommendEach(b, rec, qs) })
	b.Run("bleve-raw", func(b *testing.B) {
		var ds []time.Duration
		for i := 0; b.Loop(); i++ {
			q := catalog.TextQuery{Clauses: []catalog.TextClause{{Field: catalog.FieldTitle, Text: qs[i%len(qs)].Request().Projet}}}
			start := time.Now()
			if _, err := s.Text().Search(b.Context(), q, catalog.Filter{}, 100); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
		reportPercentiles(b, ds)
	})
	b.Run("vectors", func(b *testing.B) {
		vs, ok := s.Vectors().(*vecstore.Store)
		if !ok {
			b.Skip("not the embedded vector store")
		}
		vecs := devQueryVectors(b, s, qs)
		f := recommender.Constraints{}.Filter(time.Now())
		var ds []time.Duration
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			if _, err := vs.Search(b.Context(), vecs[i%len(vecs)], f, 100); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(start))
		}
		reportPercentiles(b, ds)
		// Against the exact scan, on the first 100 queries (a scan of
		// 100,000 vectors takes about 0.1 s).
		b.ReportMetric(vectorRecall(b, vs, vecs[:min(100, len(vecs))], f, 100), "recall@100")
	})
}

// BenchmarkVectorEditDataDir measures, on a copy of the vector store of
// the data directory named by TREMPLIN_BENCH_DATA, an edit as the API
// makes one (one item rewritten) and the first search after it, which
// reuses the postings built before the edit (search-ms).
func BenchmarkVectorEditDataDir(b *testing.B) {
	dir := os.Getenv(dataBenchEnv)
	if dir == "" {
		b.Skipf("set %s to an indexed data directory to run", dataBenchEnv)
	}
	src, _ := filepath.Glob(filepath.Join(dir, "gen-*", "vectors"))
	if len(src) != 1 {
		b.Fatalf("%s: want one gen-*/vectors directory, found %v", dir, src)
	}
	copyDir := b.TempDir()
	if err := os.CopyFS(copyDir, os.DirFS(src[0])); err != nil {
		b.Fatal(err)
	}
	vs, err := vecstore.Open(copyDir)
	if err != nil {
		b.Fatal(err)
	}
	if err := vs.Warm(b.Context()); err != nil {
		b.Fatal(err)
	}
	items, err := vs.Hashes(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	var id string
	for k := range items {
		id = k
		break
	}
	it, err := vs.Item(b.Context(), id)
	if err != nil {
		b.Fatal(err)
	}
	vec := make([]float32, vs.Dims())
	f := recommender.Constraints{}.Filter(time.Now())
	var edits, searches []time.Duration
	for i := 0; b.Loop(); i++ {
		vec[i%len(vec)] = 1
		it.Title = fmt.Sprintf("Titre %d", i)
		start := time.Now()
		if err := vs.Upsert(b.Context(), []catalog.Record{{Item: it, Hash: fmt.Sprint(i), Vector: vec}}); err != nil {
			b.Fatal(err)
		}
		edits = append(edits, time.Since(start))
		start = time.Now()
		if _, err := vs.Search(b.Context(), vec, f, 100); err != nil {
			b.Fatal(err)
		}
		searches = append(searches, time.Since(start))
	}
	slices.Sort(edits)
	slices.Sort(searches)
	b.ReportMetric(float64(edits[len(edits)/2].Microseconds())/1000, "edit-p50-ms")
	b.ReportMetric(float64(searches[len(searches)/2].Microseconds())/1000, "search-p50-ms")
}
