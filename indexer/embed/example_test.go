package embed_test

import (
	"context"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/indexer/embed"
)

// The local embedder learns its weights from the catalog texts, then embeds
// catalog items and queries offline; a Cache in front of it remembers vectors.
func ExampleFitLocal() {
	ctx := context.Background()
	corpus := []string{
		"Développeur web\nConcevoir et développer des applications web",
		"Comptable\nTenir la comptabilité, clôturer les comptes",
		"Boulanger\nFabriquer le pain et les viennoiseries",
	}
	local, err := embed.FitLocal(corpus, embed.LocalOptions{Dimensions: 256})
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.MkdirTemp("", "embed-example")
	defer os.RemoveAll(dir)
	cache, err := embed.OpenCache(filepath.Join(dir, "cache"), local)
	if err != nil {
		log.Fatal(err)
	}
	defer cache.Close()

	vecs, err := cache.Embed(ctx, []string{"développeuse", "développeur", "boulangère"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d dimensions\n", len(vecs[0]))
	fmt.Printf("développeuse~développeur high: %v\n", dot(vecs[0], vecs[1]) > 0.6)
	fmt.Printf("développeuse~boulangère low: %v\n", math.Abs(dot(vecs[0], vecs[2])) < 0.2)
	_, _ = cache.Embed(ctx, []string{"développeur"})
	fmt.Printf("%+v\n", cache.Stats())
	// Output:
	// 256 dimensions
	// développeuse~développeur high: true
	// développeuse~boulangère low: true
	// {Hits:1 Misses:3}
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}
