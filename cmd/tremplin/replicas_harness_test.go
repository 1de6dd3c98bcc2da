package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// This file is the harness of the multi-replica tests: a built tremplin
// binary, several `tremplin serve` processes on one Postgres schema (each
// with its own data directory and port), and an HTTP client with an API
// key. Other tests reuse it: newCluster, (*cluster).replica, start, kill,
// stop, do.

// replicaKey is the ld_admin API key every replica of a cluster accepts.
const replicaKey = "cle-de-test-replicas-ld-admin"

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// tremplinBinary builds the tremplin command once per test process.
func tremplinBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tremplin-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "tremplin")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// testDatabaseURL returns TREMPLIN_TEST_DATABASE_URL, skipping the test
// when it is unset (failing it under CI=true).
func testDatabaseURL(t testing.TB) string {
	t.Helper()
	dbURL := os.Getenv("TREMPLIN_TEST_DATABASE_URL")
	if dbURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TREMPLIN_TEST_DATABASE_URL is unset while CI=true: the replica tests must run in CI")
		}
		t.Skip("TREMPLIN_TEST_DATABASE_URL unset: replica tests skipped")
	}
	return dbURL
}

// cluster is a set of replicas sharing one Postgres schema.
type cluster struct {
	t      testing.TB
	bin    string
	dbURL  string
	schema string
	dir    string
	env    []string // extra environment of every replica
}

// newCluster prepares replicas on dbURL in a fresh schema, dropped at the
// end of the test.
func newCluster(t testing.TB, dbURL string, env ...string) *cluster {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	c := &cluster{t: t, bin: tremplinBinary(t), dbURL: dbURL, schema: "replicas_" + hex.EncodeToString(b), dir: t.TempDir(), env: env}
	t.Cleanup(func() { c.dropSchemas() })
	return c
}

// dropSchemas drops the cluster's schema and any staging schema of it.
func (c *cluster) dropSchemas() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.dbURL)
	if err != nil {
		c.t.Logf("drop schema %s: %v", c.schema, err)
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'", c.schema)
	if err != nil {
		c.t.Logf("list schemas: %v", err)
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
			c.t.Logf("drop schema %s: %v", n, err)
		}
	}
}

// replica is one `tremplin serve` process of a cluster: its data
// directory and port survive restarts.
type replica struct {
	c    *cluster
	name string
	data string
	addr string
	base string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	logs *syncBuffer
}

// replica returns a new, not yet started, replica named name.
func (c *cluster) replica(name string) *replica {
	c.t.Helper()
	addr := freeAddr(c.t)
	r := &replica{c: c, name: name, data: filepath.Join(c.dir, name), addr: addr, base: "http://" + addr}
	c.t.Cleanup(func() {
		r.kill()
		if c.t.Failed() {
			c.t.Logf("logs of replica %s:\n%s", r.name, tail(r.logString(), 4000))
		}
	})
	return r
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func (r *replica) logString() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.logs == nil {
		return ""
	}
	return r.logs.String()
}

// environ is the replica's environment.
func (r *replica) environ() []string {
	env := append(os.Environ(),
		"DATABASE_URL="+r.c.dbURL, "TREMPLIN_DB_SCHEMA="+r.c.schema,
		"TREMPLIN_DATA="+r.data, "TREMPLIN_ADDR="+r.addr,
		"TREMPLIN_API_KEYS=ld_admin:"+replicaKey, "TREMPLIN_EMBEDDER=local", "TREMPLIN_LOG_LEVEL=info")
	return append(env, r.c.env...)
}

// startProcess starts the process without waiting for it to be ready.
func (r *replica) startProcess() {
	r.c.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil {
		r.c.t.Fatalf("replica %s started twice", r.name)
	}
	if r.logs == nil {
		r.logs = &syncBuffer{}
	}
	fmt.Fprintf(r.logs, "=== start %s\n", time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(r.c.bin, "serve")
	cmd.Env = r.environ()
	cmd.Stdout, cmd.Stderr = r.logs, r.logs
	if err := cmd.Start(); err != nil {
		r.c.t.Fatalf("start replica %s: %v", r.name, err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	r.cmd, r.done = cmd, done
}

// start starts the replica and waits until /readyz answers 200.
func (r *replica) start() {
	r.c.t.Helper()
	r.startProcess()
	r.waitReady(3 * time.Minute)
}

// waitReady polls /readyz until it answers 200, failing the test past
// timeout or when the process exits.
func (r *replica) waitReady(timeout time.Duration) {
	r.c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		done := r.done
		r.mu.Unlock()
		select {
		case <-done:
			r.c.t.Fatalf("replica %s exited before being ready:\n%s", r.name, tail(r.logString(), 4000))
		default:
		}
		if code, _ := r.get("/readyz"); code == http.StatusOK {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	r.c.t.Fatalf("replica %s not ready after %v:\n%s", r.name, timeout, tail(r.logString(), 4000))
}

// kill sends SIGKILL and waits for the process to end; it does nothing on
// a replica not running.
func (r *replica) kill() { r.signal(syscall.SIGKILL) }

// stop sends SIGTERM and waits for the process to end.
func (r *replica) stop() { r.signal(syscall.SIGTERM) }

func (r *replica) signal(sig syscall.Signal) {
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.cmd, r.done = nil, nil
	r.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(sig)
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

var replicaClient = &http.Client{Timeout: 20 * time.Second}

// do sends a request with the cluster's ld_admin key and returns the
// status and body; a transport error gives status 0 and the error text.
func (r *replica) do(method, path string, body any) (int, []byte) {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			r.c.t.Fatal(err)
		}
	}
	for attempt := 0; ; attempt++ {
		code, out := r.once(method, path, raw)
		// Rate limits are per replica and per key: wait, as a client would.
		if code != http.StatusTooManyRequests || attempt == 30 {
			return code, out
		}
		time.Sleep(time.Second)
	}
}

func (r *replica) once(method, path string, raw []byte) (int, []byte) {
	var rd io.Reader
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, r.base+path, rd)
	if err != nil {
		r.c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+replicaKey)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := replicaClient.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (r *replica) get(path string) (int, []byte) { return r.do(http.MethodGet, path, nil) }

// searchIDs returns the ids a catalog search for q finds on the replica
// (the text index), or nil and false when the request failed.
func (r *replica) searchIDs(q string) ([]string, bool) {
	code, body := r.get("/api/v1/items?limit=100&q=" + url.QueryEscape(q))
	if code != http.StatusOK {
		return nil, false
	}
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, false
	}
	ids := make([]string, len(page.Items))
	for i, it := range page.Items {
		ids[i] = it.ID
	}
	return ids, true
}

// waitFor polls cond every 50 ms until it holds, failing the test with
// what past timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still false after %v", what, timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// word encodes n as a word of letters (no digits: it survives the
// analysis as one term), prefixed so that it matches nothing else.
func word(prefix string, n int) string {
	var b []byte
	for {
		b = append(b, byte('a'+n%26))
		n /= 26
		if n == 0 {
			break
		}
	}
	return prefix + string(b)
}

// testItem is a formation whose title holds the unique word w.
func testItem(id, w string) map[string]any {
	return map[string]any{"id": id, "kind": "formation", "title": "Formation " + w, "description": "Atelier " + w, "active": true}
}
