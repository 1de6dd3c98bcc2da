package pgvector_test

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/internal/pgtest"
)

// The size of the RNCP evaluation catalog with 1,024-dim embeddings.
const (
	benchItems = 4481
	benchDims  = 1024
)

func benchRecords() []catalog.Record {
	rng := rand.New(rand.NewPCG(1, 2))
	recs := make([]catalog.Record, benchItems)
	for i := range recs {
		it := catalog.Item{
			ID: fmt.Sprintf("RNCP%05d", i), Kind: catalog.Kinds[i%len(catalog.Kinds)], Title: "Certification",
			Description: "Une certification professionnelle enregistrée au RNCP.", Active: true,
		}
		recs[i] = catalog.Record{Item: it, Hash: "h", Vector: randomVector(rng, benchDims)}
	}
	return recs
}

func randomVector(rng *rand.Rand, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

// BenchmarkUpsert writes 4,481 items of 1,024 dimensions into an empty
// store, in batches of 256, of 1,000 (the indexer's default) and in one
// batch, then closes it, which builds the HNSW index.
func BenchmarkUpsert(b *testing.B) {
	url := pgtest.URL(b)
	recs := benchRecords()
	for _, batch := range []int{256, 1000, benchItems} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			for b.Loop() {
				s := open(b, url, pgtest.Schema(b, url), benchDims)
				for i := 0; i < len(recs); i += batch {
					if err := s.Upsert(b.Context(), recs[i:min(i+batch, len(recs))]); err != nil {
						b.Fatal(err)
					}
				}
				// Close builds the HNSW index the bulk upserts dropped.
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearch measures one kNN query (k=50) over 4,481 items of 1,024
// dimensions, without and with a filter keeping a quarter of them.
func BenchmarkSearch(b *testing.B) {
	url := pgtest.URL(b)
	s := open(b, url, pgtest.Schema(b, url), benchDims)
	if err := s.Upsert(b.Context(), benchRecords()); err != nil {
		b.Fatal(err)
	}
	if err := s.BuildIndex(b.Context()); err != nil {
		b.Fatal(err)
	}
	if err := s.Analyze(b.Context()); err != nil {
		b.Fatal(err)
	}
	q := randomVector(rand.New(rand.NewPCG(3, 4)), benchDims)
	filters := []struct {
		name string
		f    catalog.Filter
	}{
		{"nofilter", catalog.Filter{}},
		{"formation", catalog.Filter{Kinds: []catalog.Kind{catalog.KindFormation}}},
	}
	for _, tt := range filters {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(b.Context(), q, tt.f, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSearchDatabase measures filtered kNN queries (k = 100) on the
// Postgres named by TREMPLIN_BENCH_DATABASE_URL, indexed beforehand by
// `tremplin index` with DATABASE_URL (1,536 dimensions, the local
// embedder): per filter, the p50 / p95 and the fewest results a query
// returned (HNSW iterative scans keep reading the graph until k rows pass
// the filter). docs/performance.md gives the figures at 100,000 items.
func BenchmarkSearchDatabase(b *testing.B) {
	url := os.Getenv("TREMPLIN_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("set TREMPLIN_BENCH_DATABASE_URL to an indexed database to run")
	}
	s, err := pgvector.Open(b.Context(), url, 1536, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	price, hours := 500.0, 35.0
	filters := []struct {
		name string
		f    catalog.Filter
	}{
		{"nofilter", catalog.Filter{}},
		{"mission", catalog.Filter{Kinds: []catalog.Kind{catalog.KindMission}}},
		{"mentoring", catalog.Filter{Kinds: []catalog.Kind{catalog.KindMentoring}}},
		{"formation-cpf-500eur-35h-distanciel", catalog.Filter{Kinds: []catalog.Kind{catalog.KindFormation}, CPFOnly: true,
			MaxPriceEUR: &price, MaxHours: &hours, Modality: catalog.ModalityDistanciel}},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	queries := make([][]float32, 50)
	for i := range queries {
		queries[i] = make([]float32, 1536)
		for range 400 {
			queries[i][rng.IntN(1536)] = float32(rng.ExpFloat64())
		}
	}
	for _, tt := range filters {
		b.Run(tt.name, func(b *testing.B) {
			var ds []time.Duration
			fewest := -1
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				got, err := s.Search(b.Context(), queries[i%len(queries)], tt.f, 100)
				if err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
				if fewest < 0 || len(got) < fewest {
					fewest = len(got)
				}
			}
			slices.Sort(ds)
			b.ReportMetric(float64(ds[len(ds)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(ds[len(ds)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(float64(fewest), "fewest-results")
		})
	}
}
