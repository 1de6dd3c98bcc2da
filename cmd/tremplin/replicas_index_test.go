package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestReplicasIndexBesideServe runs `tremplin index` against the Postgres
// of a running replica, with the replica's own data directory: the index
// writes Postgres only (no data directory lock), and the replica picks the
// new catalog up through the change feed. Then `referentiel import`
// stores the référentiel in Postgres, where a replica started on an empty
// data directory finds it, and the replica already running switches to it
// (and to the taxonomy imported next) without a restart.
func TestReplicasIndexBesideServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tremplin serve processes")
	}
	c := newCluster(t, testDatabaseURL(t), "TREMPLIN_DOCS_POLL=200ms")
	a := c.replica("a")
	a.start()

	catalogPath := filepath.Join(t.TempDir(), "catalogue.jsonl")
	var lines []string
	for i, id := range []string{"course-index-a", "course-index-b"} {
		b, err := json.Marshal(testItem(id, word("indexbeside", i)))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	analyste, err := json.Marshal(map[string]any{"id": "course-index-analyste", "kind": "formation", "active": true,
		"title": "Analyste des données de formation", "description": "Analyser les données de formation de l'entreprise."})
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, string(analyste))
	if err := os.WriteFile(catalogPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := c.tremplin(t, a.environ(), "index", "--catalog", catalogPath, "--yes")
	if !strings.Contains(out, "Postgres") {
		t.Errorf("index output does not say it wrote Postgres:\n%s", out)
	}
	waitFor(t, time.Minute, "the serving replica returns the indexed items", func() bool {
		ids, ok := a.searchIDs(word("indexbeside", 1))
		return ok && slices.Equal(ids, []string{"course-index-b"})
	})
	waitFor(t, time.Minute, "the serving replica drops the items no longer in the catalog", func() bool {
		ids, ok := a.searchIDs("formation")
		return ok && len(ids) == 3
	})

	// Completions asked before the imports are cached: the cache must not
	// answer them once the imports are in use.
	a.get("/api/v1/metiers?q=Analyste")
	a.get("/api/v1/skills?q=" + url.QueryEscape("Analyse de données"))

	refPath := filepath.Join(t.TempDir(), "emplois.jsonl")
	if err := os.WriteFile(refPath, []byte(`{"code":"EMP-IDX-1","label":"Analyste des données de formation","definition":"Analyse les données de formation."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out = c.tremplin(t, a.environ(), "referentiel", "import", "--entreprise", refPath)
	if !strings.Contains(out, "Métiers recalculés pour 3 éléments") {
		t.Errorf("referentiel import output does not say the items were tagged again:\n%s", out)
	}
	// The import tagged the stored items with the new référentiel; the
	// serving replica gets them through the feed.
	waitFor(t, time.Minute, "the serving replica returns the item tagged with the imported emploi", func() bool {
		code, body := a.get("/api/v1/items/course-index-analyste")
		var it struct {
			Metiers []string `json:"metiers"`
		}
		return code == 200 && json.Unmarshal(body, &it) == nil && slices.Contains(it.Metiers, "EMP-IDX-1")
	})
	taxPath := filepath.Join(t.TempDir(), "competences.jsonl")
	if err := os.WriteFile(taxPath, []byte(`{"id":"sk-idx","label":"Analyse de données de formation"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := c.tremplin(t, a.environ(), "taxonomy", "import", taxPath); !strings.Contains(out, "Postgres") {
		t.Errorf("taxonomy import output does not say it wrote Postgres:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(a.data, "taxonomy.jsonl")); err == nil {
		t.Errorf("the taxonomy was written to the data directory, want Postgres only")
	}
	// a, running since before both imports, switches to them.
	waitFor(t, time.Minute, "the running replica completes the imported skill and emploi", func() bool {
		sc, skills := a.get("/api/v1/skills?q=" + url.QueryEscape("Analyse de données"))
		mc, metiers := a.get("/api/v1/metiers?q=Analyste")
		return sc == 200 && strings.Contains(string(skills), `"sk-idx"`) && mc == 200 && strings.Contains(string(metiers), "EMP-IDX-1")
	})
	code, body := a.do(http.MethodPost, "/api/v1/recommendations", map[string]any{"projet": "Je veux devenir analyste des données de formation"})
	var resp struct {
		Goal struct {
			Metiers []struct {
				Code string `json:"code"`
			} `json:"metiers"`
		} `json:"goal"`
	}
	if code != 200 || json.Unmarshal(body, &resp) != nil || len(resp.Goal.Metiers) == 0 || resp.Goal.Metiers[0].Code != "EMP-IDX-1" {
		t.Errorf("recommendation on the running replica: %d %s, want the goal recognised as EMP-IDX-1", code, body)
	}
	// An item written through a is tagged with the new référentiel.
	created := map[string]any{"id": "course-index-analyste-2", "kind": "formation", "active": true,
		"title": "Analyste des données de formation : niveau avancé", "description": "Analyser les données de formation de l'entreprise."}
	if code, body := a.do(http.MethodPost, "/api/v1/items", created); code != http.StatusCreated {
		t.Fatalf("create through a: %d %s", code, body)
	}
	if code, body := a.get("/api/v1/items/course-index-analyste-2"); code != 200 || !strings.Contains(string(body), "EMP-IDX-1") {
		t.Errorf("item created through the running replica: %d %s, want it tagged EMP-IDX-1", code, body)
	}
	if !strings.Contains(a.logString(), "referentiel and taxonomy reloaded from postgres") {
		t.Errorf("the running replica did not log the reload:\n%s", tail(a.logString(), 3000))
	}
	b := c.replica("b") // an empty data directory
	show := c.tremplin(t, b.environ(), "referentiel", "show", "EMP-IDX-1")
	if !strings.Contains(show, "Analyste des données de formation") {
		t.Errorf("référentiel read through an empty data directory:\n%s", show)
	}
	if _, err := os.Stat(filepath.Join(b.data, "referentiel.json.gz")); err == nil {
		t.Errorf("the référentiel was written to the data directory, want Postgres only")
	}
	b.start()
	waitFor(t, time.Minute, "a replica on an empty data directory serves the indexed items", func() bool {
		ids, ok := b.searchIDs(word("indexbeside", 0))
		return ok && slices.Equal(ids, []string{"course-index-a"})
	})
	// b started after both imports: it completes the imported skill and
	// emploi, read from Postgres.
	if code, body := b.get("/api/v1/skills?q=" + url.QueryEscape("Analyse de données")); code != 200 || !strings.Contains(string(body), `"sk-idx"`) {
		t.Errorf("skills completion on b: %d %s, want the imported sk-idx", code, body)
	}
	if code, body := b.get("/api/v1/metiers?q=Analyste"); code != 200 || !strings.Contains(string(body), "EMP-IDX-1") {
		t.Errorf("métier completion on b: %d %s, want the imported EMP-IDX-1", code, body)
	}

	// A rebuild beside both: a new generation, which they reload whole.
	rebuilt := filepath.Join(t.TempDir(), "reconstruit.jsonl")
	if err := os.WriteFile(rebuilt, append(analyste, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	c.tremplin(t, a.environ(), "index", "--rebuild", "--catalog", rebuilt, "--yes")
	for _, r := range []*replica{a, b} {
		waitFor(t, time.Minute, "replica "+r.name+" serves the rebuilt generation only", func() bool {
			ids, ok := r.searchIDs("formation")
			return ok && slices.Equal(ids, []string{"course-index-analyste"})
		})
	}
}

// tremplin runs the tremplin binary with env and args, failing the test
// when it fails, and returns its output.
func (c *cluster) tremplin(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tremplin %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestRecommendBesideServe: `tremplin recommend` on the data directory of
// a running server says it is in use and how to ask the server instead;
// with --url it prints the server's own answer.
func TestRecommendBesideServe(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tremplin serve processes")
	}
	c := newCluster(t, testDatabaseURL(t))
	a := c.replica("a")
	a.start()
	if code, body := a.do(http.MethodPost, "/api/v1/items", testItem("course-remote-1", word("remoterec", 0))); code != http.StatusCreated {
		t.Fatalf("create: %d %s", code, body)
	}
	waitFor(t, time.Minute, "the item is searchable", func() bool {
		ids, ok := a.searchIDs(word("remoterec", 0))
		return ok && slices.Equal(ids, []string{"course-remote-1"})
	})

	local := exec.Command(c.bin, "recommend", "Je veux apprendre "+word("remoterec", 0))
	local.Env = a.environ()
	out, err := local.CombinedOutput()
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "tremplin recommend --url") {
		t.Errorf("recommend on the served data directory: %v\n%s\nwant exit 1 naming --url", err, out)
	}

	projet := "Je veux apprendre " + word("remoterec", 0)
	env := append(a.environ(), "TREMPLIN_API_KEY="+replicaKey)
	text := c.tremplin(t, env, "recommend", "--url", "http://"+a.addr, projet)
	if !strings.Contains(text, "course-remote-1") && !strings.Contains(text, "Formation "+word("remoterec", 0)) {
		t.Errorf("recommend --url does not show the server's suggestion:\n%s", text)
	}
	asJSON := c.tremplin(t, env, "recommend", "--url", "http://"+a.addr, "--json", projet)
	var got struct {
		Suggestions []struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		} `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(asJSON), &got); err != nil {
		t.Fatalf("recommend --url --json: %v\n%s", err, asJSON)
	}
	code, body := a.do(http.MethodPost, "/api/v1/recommendations", map[string]any{"projet": projet})
	var want struct {
		Suggestions []struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		} `json:"suggestions"`
	}
	if code != 200 || json.Unmarshal(body, &want) != nil {
		t.Fatalf("POST recommendations: %d %s", code, body)
	}
	if len(got.Suggestions) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("recommend --url --json = %v, the server answers %v", got, want)
	}
	for _, args := range [][]string{{"--url", "http://" + a.addr, "--data", t.TempDir()}, {"--url", a.addr}} {
		out, err := exec.Command(c.bin, append(append([]string{"recommend"}, args...), projet)...).CombinedOutput()
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(string(out), "--url") {
			t.Errorf("recommend %v: %v\n%s\nwant exit 2 about --url", args, err, out)
		}
	}
}
