package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a running `tremplin serve` started through run.
type server struct {
	base string
	stop func() error
}

var readyRE = regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)

// startServer calls run("serve") on a free port and waits for /healthz.
func startServer(t *testing.T, env map[string]string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	getenv := func(k string) string { return env[k] }
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, getenv, &stdout, &stderr) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := readyRE.FindStringSubmatch(stdout.String()); m != nil {
			s := &server{base: "http://" + m[1]}
			s.stop = func() error { cancel(); return <-done }
			waitHealthy(t, s.base)
			return s
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited early: %v\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start in time:\n%s", stderr.String())
		}
	}
}

func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for range 100 {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("/healthz never answered 200")
}

// call sends a request with a bearer key and decodes a JSON answer into out.
func call(t *testing.T, method, url, key, contentType, body string, out any) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, url, b, err)
		}
	}
	if resp.StatusCode >= 300 {
		t.Logf("%s %s → %d %s", method, url, resp.StatusCode, b)
	}
	return resp.StatusCode
}

const (
	ldKey       = "cle-ld-e2e-Xc4p9LqT2vNw7RbK"
	employeeKey = "cle-salarie-e2e-Hm3sV8yJd1QeZ6uA"
)

// importedItems are new to the demo catalog: only they teach beekeeping.
const importedItems = `{"id":"e2e-apiculture","kind":"formation","title":"Apiculture urbaine : installer et suivre les ruches du site","description":"Installer des ruches sur un toit d'entreprise, suivre les colonies, récolter le miel.","skills":["Apiculture","Biodiversité"],"duration_hours":14,"modality":"presentiel","location":"Lyon","price_eur":600}
{"id":"e2e-apiculture-mentor","kind":"mentoring","title":"Mentorat apiculture avec Jeanne Roux","skills":["Apiculture"],"mentor":{"name":"Jeanne Roux","job_title":"Apicultrice","capacity":2,"current_mentees":0}}
`

// e2eFlow is the end-to-end scenario of issue 5: health, a recommendation,
// an import as ld_admin, the imported items recommended, a restart, and the
// items still there.
//
// With Postgres the restart also uses an empty data directory: Postgres is
// the source of truth, the text index and the local embedder are rebuilt
// from it.
func e2eFlow(t *testing.T, env map[string]string) {
	srv := startServer(t, env)
	defer func() {
		if srv != nil {
			srv.stop()
		}
	}()
	var resp struct {
		Suggestions []struct {
			Kind  string `json:"kind"`
			Items []struct {
				ID     string `json:"id"`
				Reason string `json:"reason"`
			} `json:"items"`
		} `json:"suggestions"`
	}
	rec := func(projet string) []string {
		t.Helper()
		body := fmt.Sprintf(`{"projet":%q,"desired_skills":["Apiculture"]}`, projet)
		if code := call(t, "POST", srv.base+"/api/v1/recommendations", employeeKey, "application/json", body, &resp); code != 200 {
			t.Fatalf("recommendation: status %d", code)
		}
		var ids []string
		for _, ks := range resp.Suggestions {
			for _, it := range ks.Items {
				if it.Reason == "" {
					t.Errorf("suggestion %s has no reason", it.ID)
				}
				ids = append(ids, it.ID)
			}
		}
		return ids
	}
	if ids := rec("Je veux devenir data analyst"); len(ids) == 0 {
		t.Fatal("no suggestion on the demo catalog")
	}
	if env["DATABASE_URL"] == "" {
		// A new data directory gets the demo job référentiel, with its source notice.
		var metiers struct {
			Metiers     []struct{ Code string }
			Attribution []string
		}
		if code := call(t, "GET", srv.base+"/api/v1/metiers?q=analyste", employeeKey, "", "", &metiers); code != 200 ||
			len(metiers.Metiers) == 0 || len(metiers.Attribution) == 0 || !strings.Contains(metiers.Attribution[0], "Hexalys") {
			t.Errorf("métier suggestions on the demo: status %d, %+v", code, metiers)
		}
	}
	if code := call(t, "POST", srv.base+"/api/v1/items:import", employeeKey, "application/x-ndjson", importedItems, nil); code != http.StatusForbidden {
		t.Fatalf("import as employee: status %d, want 403", code)
	}
	var imp struct{ Imported int }
	if code := call(t, "POST", srv.base+"/api/v1/items:import", ldKey, "application/x-ndjson", importedItems, &imp); code != 200 || imp.Imported != 2 {
		t.Fatalf("import as ld_admin: status %d, imported %d", code, imp.Imported)
	}
	const projet = "Je souhaite m'occuper des ruches de l'entreprise et me former à l'apiculture"
	wantIDs(t, rec(projet), "e2e-apiculture", "e2e-apiculture-mentor")

	if err := srv.stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	if env["DATABASE_URL"] != "" {
		env["TREMPLIN_DATA"] = filepath.Join(t.TempDir(), "fresh-data")
	}
	srv = startServer(t, env)
	var hc syncBuffer
	if err := run(t.Context(), []string{"healthcheck", "--addr", strings.TrimPrefix(srv.base, "http://")}, func(string) string { return "" }, &hc, &hc); err != nil {
		t.Errorf("tremplin healthcheck on a running server: %v", err)
	}
	if code := call(t, "GET", srv.base+"/api/v1/items/e2e-apiculture", employeeKey, "", "", nil); code != 200 {
		t.Fatalf("imported item after restart: status %d", code)
	}
	wantIDs(t, rec(projet), "e2e-apiculture", "e2e-apiculture-mentor")
}

func wantIDs(t *testing.T, got []string, want ...string) {
	t.Helper()
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("%s not recommended; got %v", w, got)
		}
	}
}

func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole service; skipped with -short")
	}
	e2eFlow(t, map[string]string{
		"TREMPLIN_DATA":     filepath.Join(t.TempDir(), "data"),
		"TREMPLIN_API_KEYS": "ld_admin:" + ldKey + ",employee:" + employeeKey,
	})
}

func TestServeEndToEndPostgres(t *testing.T) {
	url := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset while CI=true")
		}
		t.Skip("TREMPLIN_TEST_DATABASE_URL unset: Postgres end-to-end test skipped")
	}
	schema := fmt.Sprintf("e2e_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), url)
		if err != nil {
			t.Errorf("drop schema: %v", err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	e2eFlow(t, map[string]string{
		"TREMPLIN_DATA":      filepath.Join(t.TempDir(), "data"),
		"TREMPLIN_API_KEYS":  "ld_admin:" + ldKey + ",employee:" + employeeKey,
		"DATABASE_URL":       url,
		"TREMPLIN_DB_SCHEMA": schema,
	})
}
