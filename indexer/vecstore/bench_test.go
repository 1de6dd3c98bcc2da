package vecstore_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/vecstore"
)

// The size of the RNCP evaluation catalog with 1,024-dim embeddings.
const (
	benchItems = 4481
	benchDims  = 1024
)

func randomVector(rng *rand.Rand, dims int) []float32 {
	v := make([]float32, dims)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

func benchStore(b *testing.B) *vecstore.Store {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	recs := make([]catalog.Record, benchItems)
	kinds := catalog.Kinds
	for i := range recs {
		it := catalog.Item{
			ID: fmt.Sprintf("RNCP%05d", i), Kind: kinds[i%len(kinds)], Title: "Titre professionnel de développeur",
			Description: "Concevoir, développer et maintenir des applications ; travailler en équipe projet.",
			Skills:      []string{"Développer une application", "Concevoir une base de données", "Tester"}, Active: true,
		}
		recs[i] = catalog.Record{Item: it, Hash: "h", Vector: randomVector(rng, benchDims)}
	}
	s, err := vecstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Upsert(b.Context(), recs); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkSearch measures one exact kNN query (k=50) over 4,481 items of
// 1,024 dimensions, without and with a filter keeping a quarter of them.
func BenchmarkSearch(b *testing.B) {
	s := benchStore(b)
	q := randomVector(rand.New(rand.NewPCG(3, 4)), benchDims)
	filters := map[string]catalog.Filter{
		"nofilter":  {},
		"formation": {Kinds: []catalog.Kind{catalog.KindFormation}},
	}
	for name, f := range filters {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(b.Context(), q, f, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpsert measures writing 4,481 items of 1,024 dimensions in
// batches of 256 into an empty store, every batch persisted.
func BenchmarkUpsert(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	recs := make([]catalog.Record, benchItems)
	for i := range recs {
		it := catalog.Item{ID: fmt.Sprintf("RNCP%05d", i), Kind: catalog.KindCertification, Title: "Certification", Active: true}
		recs[i] = catalog.Record{Item: it, Hash: "h", Vector: randomVector(rng, benchDims)}
	}
	for b.Loop() {
		s, err := vecstore.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < len(recs); i += 256 {
			if err := s.Upsert(b.Context(), recs[i:min(i+256, len(recs))]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkItems measures listing 4,481 items (each a private copy).
func BenchmarkItems(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.Items(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}
