package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/internal/sharedtest"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/eval"
)

// TestServeRecommendEvalSameAnswer sends the same requests through
// `tremplin recommend`, a running `tremplin serve` and the recommender
// `tremplin eval` builds, over the RNCP catalog with ROME: all three must
// return the same ids in the same order (one wiring, newRecommender).
func TestServeRecommendEvalSameAnswer(t *testing.T) {
	catalogFile := sharedtest.Path(t, "eval/catalog-rncp.jsonl")
	queryFile := sharedtest.Path(t, "eval/queries-dev.jsonl")
	romeDir := filepath.Join(sharedtest.Path(t, "referentiels"), "rome4_v460")
	queries := sampleQueries(t, queryFile, 6)
	data := t.TempDir()
	var out bytes.Buffer
	for _, args := range [][]string{
		{"referentiel", "import", "--rome", romeDir, "--data", data},
		{"index", "--catalog", catalogFile, "--data", data},
	} {
		if err := run(t.Context(), args, quietEnv, &out, &out); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
	}
	fromCLI := make([][]string, len(queries))
	for i, q := range queries {
		args := []string{q.Projet}
		for _, s := range q.DesiredSkills {
			args = append(args, "--skill", s)
		}
		for _, s := range q.CurrentSkills {
			args = append(args, "--current-skill", s)
		}
		args = append(args, "--per-kind", "10")
		resp, _ := runRecommendJSON(t, data, args...)
		fromCLI[i] = eval.ServedIDs(resp, eval.K)
	}
	srv := startServer(t, map[string]string{"TREMPLIN_DATA": data, "TREMPLIN_LOG_LEVEL": "error"})
	fromHTTP := make([][]string, len(queries))
	for i, q := range queries {
		body, _ := json.Marshal(recommender.Request{Projet: q.Projet, DesiredSkills: q.DesiredSkills, CurrentSkills: q.CurrentSkills, PerKind: 10})
		var resp recommender.Response
		if code := call(t, "POST", srv.base+"/api/v1/recommendations", "", "application/json", string(body), &resp); code != 200 {
			t.Fatalf("POST recommendations: %d", code)
		}
		fromHTTP[i] = eval.ServedIDs(resp, eval.K)
	}
	if err := srv.stop(); err != nil {
		t.Fatal(err)
	}
	fromEval := evalAnswers(t, catalogFile, romeDir, queries)
	for i, q := range queries {
		if diff := cmp.Diff(fromCLI[i], fromHTTP[i]); diff != "" {
			t.Errorf("%s: recommend (-) and serve (+) differ:\n%s", q.ID, diff)
		}
		if diff := cmp.Diff(fromCLI[i], fromEval[i]); diff != "" {
			t.Errorf("%s: recommend (-) and eval (+) differ:\n%s", q.ID, diff)
		}
		if len(fromCLI[i]) == 0 {
			t.Errorf("%s: no suggestion at all", q.ID)
		}
	}
}

// sampleQueries returns n dev queries spread over the file.
func sampleQueries(t *testing.T, path string, n int) []eval.Query {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := eval.ReadQueries(f, path)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]eval.Query, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, all[i*len(all)/n])
	}
	return out
}

// evalAnswers indexes the catalog as `tremplin eval` does and answers the
// queries in process.
func evalAnswers(t *testing.T, catalogFile, romeDir string, queries []eval.Query) [][]string {
	t.Helper()
	var errOut bytes.Buffer
	e := &env{getenv: quietEnv, stdout: &bytes.Buffer{}, stderr: &errOut, logger: slog.New(slog.DiscardHandler)}
	items, err := loadCatalog(&errOut, []string{catalogFile}, true)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	ref, err := evalReferentiel(t.Context(), e, romeDir, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	rec, closeStack, err := evalRecommender(t.Context(), e, dataDir, items, ref)
	if err != nil {
		t.Fatal(err)
	}
	defer closeStack()
	out := make([][]string, len(queries))
	for i, q := range queries {
		resp, err := rec.Recommend(t.Context(), q.Request())
		if err != nil {
			t.Fatal(err)
		}
		out[i] = eval.ServedIDs(resp, eval.K)
	}
	return out
}
