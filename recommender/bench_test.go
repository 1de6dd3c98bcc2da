package recommender_test

import (
	"path/filepath"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/internal/sharedtest"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/metier"
)

// demoRecommender indexes the demo catalog on disk (Bleve, embedded vector
// store, local embedder) with its items tagged by ROME métiers.
func demoRecommender(b *testing.B) *recommender.Recommender {
	b.Helper()
	ref, _, err := referentiel.ImportROME(b.Context(), sharedtest.Path(b, "referentiels/rome4_v460"))
	if err != nil {
		b.Fatal(err)
	}
	items, err := demo.Items()
	if err != nil {
		b.Fatal(err)
	}
	tagger := metier.NewTagger(ref, 0)
	texts := make([]string, 0, len(items))
	for i := range items {
		items[i].Metiers = tagger.Tag(items[i])
		texts = append(texts, catalog.EmbeddingText(items[i]))
	}
	text, err := textindex.Open(filepath.Join(b.TempDir(), "text.bleve"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { text.Close() })
	vec, err := vecstore.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	emb, err := embed.FitLocal(texts, embed.LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := indexer.New(text, vec, emb, indexer.Options{}).Sync(b.Context(), items); err != nil {
		b.Fatal(err)
	}
	return recommender.New(recommender.Deps{
		Text: text, Vector: vec, Embedder: emb, Items: vec,
		Metiers: metier.NewIndex(ref), Tags: recommender.NewTagIndex(items),
	})
}

// BenchmarkRecommend measures one full recommendation (goal, three
// retrievals, fusion, per-kind selection, reasons, plan) on the demo catalog.
func BenchmarkRecommend(b *testing.B) {
	rec := demoRecommender(b)
	req := recommender.Request{
		Projet:        "Technicien de maintenance depuis 8 ans, je vise un poste de responsable maintenance",
		DesiredSkills: []string{"management d'équipe", "budget de maintenance"},
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := rec.Recommend(b.Context(), req); err != nil {
			b.Fatal(err)
		}
	}
}
