package embed

import (
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/internal/sharedtest"
)

type evalQuery struct {
	ID            string   `json:"id"`
	Set           string   `json:"set"`
	Projet        string   `json:"projet"`
	DesiredSkills []string `json:"desired_skills"`
	Relevant      []string `json:"relevant"`
}

// TestLocalEval measures nDCG@10 of pure cosine ranking with Local variants
// on the RNCP catalog and the dev queries. It informs the choice of default
// options and is not part of the default run:
//
//	TREMPLIN_EMBED_EVAL=1 go test -run TestLocalEval -v ./indexer/embed/
func TestLocalEval(t *testing.T) {
	if os.Getenv("TREMPLIN_EMBED_EVAL") == "" {
		t.Skip("skipped: set TREMPLIN_EMBED_EVAL=1 to measure retrieval quality")
	}
	ids, docs := rncpTexts(t)
	queries := readJSONL[evalQuery](t, sharedtest.Path(t, "eval/queries-dev.jsonl"))
	variants := []struct {
		name string
		opts LocalOptions
	}{
		{"default", LocalOptions{}},
		{"words only", LocalOptions{GramWeight: -1}},
		{"words+bigrams", LocalOptions{GramWeight: -1, BigramWeight: 0.5}},
		{"n-grams only", LocalOptions{WordWeight: -1}},
		{"with bigrams 0.5", LocalOptions{BigramWeight: 0.5}},
		{"2000 dims", LocalOptions{Dimensions: 2000}},
		{"4096 dims", LocalOptions{Dimensions: 4096}},
		{"keep stop words", LocalOptions{KeepStopWords: true}},
		{"linear TF", LocalOptions{LinearTF: true}},
		{"n-grams 2-4", LocalOptions{MinGram: 2, MaxGram: 4}},
		{"n-grams 4-6", LocalOptions{MinGram: 4, MaxGram: 6}},
		{"n-grams weight 1", LocalOptions{GramWeight: 1}},
		{"title weight 1", LocalOptions{FirstLineWeight: 1}},
	}
	for _, v := range variants {
		if f := os.Getenv("TREMPLIN_EMBED_EVAL_ONLY"); f != "" && !strings.Contains(v.name, f) {
			continue
		}
		l, err := FitLocal(docs, v.opts)
		if err != nil {
			t.Fatal(err)
		}
		scores := evalNDCG(t, l, ids, docs, queries)
		t.Logf("%-20s nDCG@10 all=%.3f metier=%.3f transition=%.3f onisep=%.3f",
			v.name, scores["all"], scores["metier"], scores["transition"], scores["onisep"])
	}
}

// evalNDCG returns the mean nDCG@10 overall and per query set.
func evalNDCG(t *testing.T, l *Local, ids, docs []string, queries []evalQuery) map[string]float64 {
	t.Helper()
	dv, err := l.Embed(t.Context(), docs)
	if err != nil {
		t.Fatal(err)
	}
	qtexts := make([]string, len(queries))
	for i, q := range queries {
		qtexts[i] = q.Projet + "\n" + strings.Join(q.DesiredSkills, " ; ")
	}
	qv, err := l.Embed(t.Context(), qtexts)
	if err != nil {
		t.Fatal(err)
	}
	sum := map[string]float64{}
	n := map[string]int{}
	for i, q := range queries {
		top := topK(qv[i], dv, 10)
		rel := make(map[string]bool, len(q.Relevant))
		for _, id := range q.Relevant {
			rel[id] = true
		}
		s := ndcg(top, ids, rel)
		for _, set := range []string{"all", q.Set} {
			sum[set] += s
			n[set]++
		}
	}
	for k := range sum {
		sum[k] /= float64(n[k])
	}
	return sum
}

func topK(q []float32, docs [][]float32, k int) []int {
	type hit struct {
		i int
		s float32
	}
	hits := make([]hit, len(docs))
	for i, d := range docs {
		var s float32
		for j := range q {
			s += q[j] * d[j]
		}
		hits[i] = hit{i, s}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.s != b.s {
			if a.s > b.s {
				return -1
			}
			return 1
		}
		return a.i - b.i
	})
	out := make([]int, 0, k)
	for _, h := range hits[:min(k, len(hits))] {
		out = append(out, h.i)
	}
	return out
}

func ndcg(top []int, ids []string, rel map[string]bool) float64 {
	var dcg, ideal float64
	for r, i := range top {
		if rel[ids[i]] {
			dcg += 1 / math.Log2(float64(r+2))
		}
	}
	for r := range min(10, len(rel)) {
		ideal += 1 / math.Log2(float64(r+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}
