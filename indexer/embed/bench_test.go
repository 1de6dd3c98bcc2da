package embed

import (
	"testing"
)

// query300 is a typical projet with desired skills, about 300 characters.
const query300 = "Je suis assistante administrative depuis huit ans et je voudrais devenir gestionnaire de paie.\n" +
	"Établir les bulletins de paie ; Réaliser les déclarations sociales nominatives ; " +
	"Conseiller les salariés sur leurs droits ; Maîtriser un logiciel de paie et la convention collective"

// benchEmbed times e.Embed(texts); for a batch it also reports items/s.
func benchEmbed(b *testing.B, e Embedder, texts []string) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Embed(b.Context(), texts); err != nil {
			b.Fatal(err)
		}
	}
	if len(texts) > 1 {
		b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "items/s")
	}
}

// fitRNCP fits Local with default options on the RNCP catalog.
func fitRNCP(b *testing.B) (*Local, []string) {
	b.Helper()
	_, docs := rncpTexts(b)
	l, err := FitLocal(docs, LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return l, docs
}

func BenchmarkLocalQuery(b *testing.B) {
	l, _ := fitRNCP(b)
	benchEmbed(b, l, []string{query300})
}

func BenchmarkLocalRNCP(b *testing.B) {
	l, docs := fitRNCP(b)
	benchEmbed(b, l, docs)
}

func BenchmarkFitLocalRNCP(b *testing.B) {
	_, docs := rncpTexts(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitLocal(docs, LocalOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCacheHitRNCP(b *testing.B) {
	l, docs := fitRNCP(b)
	c, err := OpenCache(b.TempDir(), l)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Embed(b.Context(), docs); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Embed(b.Context(), docs); err != nil {
			b.Fatal(err)
		}
	}
}

// fitConcepts fits Local on the RNCP catalog and ROME fiches, with the
// fiches as concepts, as the indexer does.
func fitConcepts(b *testing.B) (*Local, []string) {
	_, docs := rncpTexts(b)
	fiches := romeFiches(b)
	l, err := FitLocalConcepts(append(append([]string{}, docs...), fiches...), fiches, LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return l, docs
}

func BenchmarkLocalConceptsQuery(b *testing.B) {
	l, _ := fitConcepts(b)
	benchEmbed(b, l, []string{query300})
}

func BenchmarkLocalConceptsRNCP(b *testing.B) {
	l, docs := fitConcepts(b)
	benchEmbed(b, l, docs)
}
