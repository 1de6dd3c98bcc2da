package stores

import (
	"fmt"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// TestCorpusTextsSample fits on every item up to maxFitItems, in order,
// and beyond on maxFitItems items spread evenly from the first to near the
// last.
func TestCorpusTextsSample(t *testing.T) {
	mk := func(n int) []catalog.Item {
		items := make([]catalog.Item, n)
		for i := range items {
			items[i] = catalog.Item{ID: fmt.Sprint(i), Title: fmt.Sprintf("Formation %d", i)}
		}
		return items
	}
	small := mk(1200)
	texts, concepts := corpusTexts(small, nil)
	if len(texts) != len(small) || len(concepts) != 0 {
		t.Fatalf("1,200 items: %d texts, %d concepts, want 1,200 and 0", len(texts), len(concepts))
	}
	for i, s := range texts {
		if s != catalog.EmbeddingText(small[i]) {
			t.Fatalf("text %d = %q, want item %d's", i, s, i)
		}
	}
	big := mk(3*maxFitItems + 7)
	texts, _ = corpusTexts(big, nil)
	if len(texts) != maxFitItems {
		t.Fatalf("%d items: %d texts, want %d", len(big), len(texts), maxFitItems)
	}
	if texts[0] != catalog.EmbeddingText(big[0]) || texts[1] != catalog.EmbeddingText(big[3]) ||
		texts[len(texts)-1] != catalog.EmbeddingText(big[len(big)-4]) {
		t.Errorf("sample %q, %q … %q: want items 0, 3 … %d", texts[0], texts[1], texts[len(texts)-1], len(big)-4)
	}
}
