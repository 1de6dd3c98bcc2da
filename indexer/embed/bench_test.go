package embed

import (
	"testing"
)

// query300 is a typical projet with desired skills, about 300 characters.
const query300 = "Je suis assistante administrative depuis huit ans et je voudrais devenir gestionnaire de paie.\n" +
	"Établir les bulletins de paie ; Réaliser les déclarations sociales nominatives ; " +
	"Conseiller les salariés sur leurs droits ; Maîtriser un logiciel de paie et la convention collective"

func BenchmarkLocalQuery(b *testing.B) {
	_, docs := rncpTexts(b)
	l, err := FitLocal(docs, LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	in := []string{query300}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Embed(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLocalRNCP(b *testing.B) {
	_, docs := rncpTexts(b)
	l, err := FitLocal(docs, LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Embed(b.Context(), docs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "items/s")
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
	_, docs := rncpTexts(b)
	l, err := FitLocal(docs, LocalOptions{})
	if err != nil {
		b.Fatal(err)
	}
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
	in := []string{query300}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Embed(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLocalConceptsRNCP(b *testing.B) {
	l, docs := fitConcepts(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.Embed(b.Context(), docs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
