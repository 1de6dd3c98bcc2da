package recommender_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/recommender"
)

// caseFile is testdata/cases/<dir>/cases.json: requests against the items
// of items.jsonl, with the ids that must and must not come out.
type caseFile struct {
	// Now is today for mission windows (YYYY-MM-DD).
	Now   catalog.Date `json:"now"`
	Cases []recCase    `json:"cases"`
}

type recCase struct {
	Name    string              `json:"name"`
	Request recommender.Request `json:"request"`
	// FailEmbedder makes the query embedder fail.
	FailEmbedder bool  `json:"fail_embedder"`
	Degraded     *bool `json:"degraded"`
	// MustIncludeKind lists, per kind, ids that must be suggested.
	MustIncludeKind map[catalog.Kind][]string `json:"must_include_kind"`
	// MustExclude lists ids that must appear nowhere, not even in the plan.
	MustExclude []string       `json:"must_exclude"`
	KindsAbsent []catalog.Kind `json:"kinds_absent"`
	// FirstOfKind gives the id expected first in a kind.
	FirstOfKind map[catalog.Kind]string `json:"first_of_kind"`
	// TopCovers: the first n suggestions of a kind jointly cover these skills.
	TopCovers []struct {
		Kind   catalog.Kind `json:"kind"`
		N      int          `json:"n"`
		Skills []string     `json:"skills"`
	} `json:"top_covers"`
	// NoAdjacent: within the first n of a kind, no two of ids follow each other.
	NoAdjacent *struct {
		Kind catalog.Kind `json:"kind"`
		N    int          `json:"n"`
		IDs  []string     `json:"ids"`
	} `json:"no_adjacent"`
	// NeverCovers lists gap skills no suggestion may claim to cover.
	NeverCovers  []string `json:"never_covers"`
	PlanIncludes []string `json:"plan_includes"`
	PlanMaxPrice *float64 `json:"plan_max_price"`
	PlanMaxHours *float64 `json:"plan_max_hours"`
}

var errEmbedderDown = errors.New("embedder down")

// failingEmbedder always fails, like an unreachable embedding API.
type failingEmbedder struct{}

func (failingEmbedder) Embed(context.Context, []string) ([][]float32, error) {
	return nil, errEmbedderDown
}

// stores indexes items in a real Bleve index on disk and a real embedded
// vector store, with the local embedder fitted on the items.
type stores struct {
	text  *textindex.Index
	vec   *vecstore.Store
	emb   *embed.Local
	items map[string]catalog.Item
}

func openStores(t *testing.T, items []catalog.Item) stores {
	t.Helper()
	text, err := textindex.Open(filepath.Join(t.TempDir(), "text.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { text.Close() })
	vec, err := vecstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 0, len(items))
	byID := make(map[string]catalog.Item, len(items))
	for _, it := range items {
		texts = append(texts, catalog.EmbeddingText(it))
		byID[it.ID] = it
	}
	emb, err := embed.FitLocal(texts, embed.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := indexer.New(text, vec, emb, indexer.Options{}).Sync(t.Context(), items); err != nil {
		t.Fatal(err)
	}
	return stores{text: text, vec: vec, emb: emb, items: byID}
}

func (s stores) recommender(now time.Time, failEmbed bool) *recommender.Recommender {
	d := recommender.Deps{Text: s.text, Vector: s.vec, Embedder: s.emb, Items: s.vec, Now: func() time.Time { return now },
		Confidence: recommender.FusedOrderModels()}
	if failEmbed {
		d.Embedder = failingEmbedder{}
	}
	return recommender.New(d)
}

func TestCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "cases", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no case directories: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			items, problems, err := catalog.LoadFiles(filepath.Join(dir, "items.jsonl"))
			if err != nil || len(problems) > 0 {
				t.Fatalf("items: %v %v", err, problems)
			}
			var cf caseFile
			b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &cf); err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			s := openStores(t, items)
			for _, c := range cf.Cases {
				t.Run(c.Name, func(t *testing.T) {
					rec := s.recommender(cf.Now.Time, c.FailEmbedder)
					resp, err := rec.Recommend(t.Context(), c.Request)
					if err != nil {
						t.Fatalf("Recommend: %v", err)
					}
					checkCase(t, c, resp, s.items)
				})
			}
		})
	}
}
