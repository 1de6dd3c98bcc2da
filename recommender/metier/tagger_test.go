package metier

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/catalog/grow"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// referenceTags is Tags as it was written first: french.Terms, sparse maps
// of scores and a sort of every fiche sharing a term. The dense accumulators and the
// bounded selection of Tags must give exactly its result.
func (t *Tagger) referenceTags(it catalog.Item) []Tag {
	tt := french.Terms(french.StripGenderSuffixes(it.Title))
	rest := french.Terms(strings.Join(it.Skills, " ; ") + " ; " + it.Description + " ; " + strings.Join(it.Tags, " ; "))
	title, full := t.voc.vector(weighted{tt, 1}), t.voc.vector(weighted{tt, 2}, weighted{rest, 1})
	acc := t.full.scores(full)
	for d, s := range acc {
		acc[d] = tagFullWeight * s
	}
	for d, s := range t.names.scores(title) {
		acc[d] += tagNameWeight * s
	}
	hits := make([]hit, 0, len(acc))
	for d, s := range acc {
		hits = append(hits, hit{doc: int(d), score: s})
	}
	sortHits(hits)
	out := make([]Tag, 0, t.n)
	for _, h := range hits[:min(t.n, len(hits))] {
		if h.score < minTagRelative*hits[0].score {
			break
		}
		out = append(out, Tag{Code: t.metiers[h.doc].Code, Score: h.score})
	}
	return out
}

// grownCatalog grows the RNCP benchmark catalog to n items with ROME 4.0.
func grownCatalog(t testing.TB, n int) []catalog.Item {
	t.Helper()
	items, err := grow.FromFiles(t.Context(), sharedtest.Path(t, "eval/catalog-rncp.jsonl"), sharedtest.Path(t, "referentiels"), n)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// TestTagsMatchReference tags the RNCP certifications and derived items
// of every kind with ROME 4.0, each from several goroutines at once, and
// wants, item by item, the reference's codes and scores bit for bit.
func TestTagsMatchReference(t *testing.T) {
	items := grownCatalog(t, 8000)
	for _, n := range []int{0, 3} {
		tg := NewTagger(realROME(t), n)
		got := make([][]Tag, len(items))
		var wg sync.WaitGroup
		for w := range 3 {
			wg.Go(func() {
				for i := w; i < len(items); i += 3 {
					got[i] = tg.Tags(items[i])
				}
			})
		}
		wg.Wait()
		tagged := 0
		for i, it := range items {
			want := tg.referenceTags(it)
			if diff := cmp.Diff(want, got[i]); diff != "" {
				t.Fatalf("n=%d, item %s (%q): tags differ from the reference (-want +got):\n%s", n, it.ID, it.Title, diff)
			}
			if len(want) > 0 {
				tagged++
			}
		}
		if tagged < len(items)*9/10 {
			t.Fatalf("n=%d: only %d of %d items tagged: the comparison proves little", n, tagged, len(items))
		}
	}
}

// BenchmarkTag tags the RNCP certifications and derived items in turn.
func BenchmarkTag(b *testing.B) {
	items := grownCatalog(b, 8000)
	tg := NewTagger(realROME(b), 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tg.Tag(items[i%len(items)])
	}
}
