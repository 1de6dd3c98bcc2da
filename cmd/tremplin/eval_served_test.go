package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tremplin/tremplin/api"
	"github.com/tremplin/tremplin/internal/sharedtest"
	"github.com/tremplin/tremplin/recommender/eval"
)

// servedSample is the number of dev queries compared in process and over HTTP.
const servedSample = 30

// TestServedInProcessMatchesHTTP indexes the RNCP benchmark as tremplin
// eval does and checks, on 30 dev queries spread over the file, that the
// served ranking computed in process and the one a real API server (with
// an API key) answers over HTTP give the same ids in the same order; then
// that tremplin eval --url reports the in-process metrics.
func TestServedInProcessMatchesHTTP(t *testing.T) {
	catalogPath := sharedtest.Path(t, "eval/catalog-rncp.jsonl")
	queriesPath := sharedtest.Path(t, "eval/queries-dev.jsonl")
	romeDir := sharedtest.Path(t, "referentiels")
	all, err := readQueries(queriesPath)
	if err != nil {
		t.Fatal(err)
	}
	var sample []eval.Query
	for i := 0; i < len(all) && len(sample) < servedSample; i += max(1, len(all)/servedSample) {
		sample = append(sample, all[i])
	}

	ctx := t.Context()
	e := &env{getenv: quietEnv, stdout: io.Discard, stderr: io.Discard, logger: slog.New(slog.DiscardHandler)}
	items, err := loadCatalog(io.Discard, []string{catalogPath}, true)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	ref, err := evalReferentiel(ctx, e, romeDir, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	rec, closeStack, err := evalRecommender(ctx, e, dataDir, items, ref)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeStack)

	const key = "cle-de-test-eval-Qw8rT5yUi2oP6aSd"
	keys, err := api.ParseKeys("employee:" + key)
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.NewServer(api.Deps{Recommender: rec}, api.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	local, remote := eval.Served(rec), eval.Remote(srv.Client(), srv.URL, key)
	served := 0
	for _, q := range sample {
		want, err := local.Rank(ctx, q)
		if err != nil {
			t.Fatalf("query %s in process: %v", q.ID, err)
		}
		if err := remote.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := remote.Rank(ctx, q)
		if err != nil {
			t.Fatalf("query %s over HTTP: %v", q.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("query %s: served ids over HTTP differ from in process (-in process +HTTP):\n%s", q.ID, diff)
		}
		served += len(want)
	}
	if served == 0 {
		t.Fatal("no query of the sample was served any suggestion: nothing was compared")
	}

	wantRep, err := eval.Evaluate(ctx, sample, []eval.Ranker{local}, nil)
	if err != nil {
		t.Fatal(err)
	}
	gotRep := evalURL(t, srv.URL, key, sample)
	if diff := cmp.Diff(wantRep.Rankings[0].Sets, gotRep.Rankings[0].Sets, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("tremplin eval --url metrics differ from in process (-in process +--url):\n%s", diff)
	}
}

// evalURL writes the queries to a file and runs tremplin eval --url on them.
func evalURL(t *testing.T, base, key string, queries []eval.Query) eval.Report {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for _, q := range queries {
		if err := enc.Encode(q); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "sample.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"eval", "--url", base, "--key", key, "--queries", path, "--json"}
	if err := run(t.Context(), args, quietEnv, &stdout, &stderr); err != nil {
		t.Fatalf("eval --url: %v\n%s", err, stderr.String())
	}
	var rep eval.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("eval --url printed invalid JSON: %v\n%s", err, stdout.String())
	}
	if len(rep.Rankings) != 1 || rep.Rankings[0].Name != "served" || rep.Source != base {
		t.Fatalf("eval --url report: %+v, want one served ranking from %s", rep, base)
	}
	return rep
}
