package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// propagation bounds the wait for a write to reach every replica: a
// deadline for the polls, never an assertion on the delay (measured by
// BenchmarkReplicaPropagation).
const propagation = 60 * time.Second

// startCluster starts n replicas on c: the first alone (it fills the
// empty database with the demo catalog), then the others together.
func startCluster(t *testing.T, c *cluster, names ...string) []*replica {
	t.Helper()
	rs := make([]*replica, len(names))
	for i, n := range names {
		rs[i] = c.replica(n)
	}
	rs[0].start()
	for _, r := range rs[1:] {
		r.startProcess()
	}
	for _, r := range rs[1:] {
		r.waitReady(3 * time.Minute)
	}
	return rs
}

// TestReplicasShareWrites runs three replicas on one Postgres schema: an
// item created through A is found by a search on B and C; then B is
// killed (SIGKILL) during a stream of writes through A and C and
// restarted: every acknowledged write is searchable on every replica, and
// the text indexes of all three hold what Postgres holds.
func TestReplicasShareWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three servers; skipped with -short")
	}
	c := newCluster(t, testDatabaseURL(t))
	rs := startCluster(t, c, "a", "b", "c")
	a, b, cc := rs[0], rs[1], rs[2]

	t.Run("created on A, found on B and C", func(t *testing.T) {
		w := word("zqpropag", 1)
		if code, body := a.do(http.MethodPost, "/api/v1/items", testItem("PROPAG-1", w)); code != http.StatusCreated {
			t.Fatalf("create on A: %d %s", code, body)
		}
		for _, r := range []*replica{b, cc} {
			waitFor(t, propagation, "PROPAG-1 searchable on "+r.name, func() bool {
				ids, _ := r.searchIDs(w)
				return slices.Contains(ids, "PROPAG-1")
			})
		}
	})

	t.Run("kill -9 of B during writes", func(t *testing.T) {
		st := newWriteLog()
		var wg sync.WaitGroup
		for _, w := range []*replica{a, cc} {
			wg.Add(1)
			go func() { defer wg.Done(); writeStream(w, "KILL-"+w.name, 60, st) }()
		}
		waitFor(t, propagation, "20 writes acknowledged", func() bool { return st.acked() >= 20 })
		b.kill()
		waitFor(t, propagation, "60 writes acknowledged", func() bool { return st.acked() >= 60 })
		b.startProcess()
		wg.Wait()
		b.waitReady(3 * time.Minute)
		checkReplicas(t, st, rs)
	})
}

// writeLog records the writes the servers acknowledged: the final word of
// each item id, "" for an item deleted.
type writeLog struct {
	mu    sync.Mutex
	final map[string]string
	n     int
}

func newWriteLog() *writeLog { return &writeLog{final: map[string]string{}} }

func (l *writeLog) ack(id, w string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.final[id] = w
	l.n++
}

func (l *writeLog) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// writeStream sends writes through r until n were acknowledged (2 min at
// most): creations, and every fifth one an
// update of an item created before, every seventh a deletion. A write is
// logged only once acknowledged; failed ones (the database restarting)
// are retried later with other ids.
func writeStream(r *replica, prefix string, n int, log *writeLog) {
	var created []string
	start, ok := time.Now(), 0
	for i := 0; ok < n && time.Since(start) < 2*time.Minute; i++ {
		before := log.acked()
		id := prefix + "-" + strconv.Itoa(i)
		switch {
		case i%7 == 6 && len(created) > 1:
			victim := created[0]
			if code, _ := r.do(http.MethodDelete, "/api/v1/items/"+victim, nil); code == http.StatusNoContent || code == http.StatusOK {
				created = created[1:]
				log.ack(victim, "")
			}
		case i%5 == 4 && len(created) > 0:
			target := created[len(created)-1]
			w := word("zqmaj", i) + prefixWord(prefix)
			if code, _ := r.do(http.MethodPut, "/api/v1/items/"+target, testItem(target, w)); code == http.StatusOK {
				log.ack(target, w)
			}
		default:
			w := word("zqnew", i) + prefixWord(prefix)
			if code, _ := r.do(http.MethodPost, "/api/v1/items", testItem(id, w)); code == http.StatusCreated {
				created = append(created, id)
				log.ack(id, w)
			}
		}
		if log.acked() > before {
			ok++
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// prefixWord turns an id prefix into letters, so that words of different
// streams differ.
func prefixWord(p string) string {
	n := 0
	for _, c := range p {
		n = n*31 + int(c)
	}
	return word("x", n&0xffff)
}

// checkReplicas waits until every replica finds every acknowledged item
// by its final word (and no deleted one), and until the text indexes of
// all replicas and the Postgres table agree on counts and content hashes.
func checkReplicas(t *testing.T, log *writeLog, rs []*replica) {
	t.Helper()
	log.mu.Lock()
	final := maps2slice(log.final)
	log.mu.Unlock()
	if len(final) == 0 {
		t.Fatal("no write was acknowledged: the test exercised nothing")
	}
	missing := func(r *replica) []string {
		var out []string
		for _, kv := range final {
			id, w := kv[0], kv[1]
			if w == "" {
				if code, _ := r.get("/api/v1/items/" + id); code != http.StatusNotFound {
					out = append(out, fmt.Sprintf("%s (deleted) still there (%d)", id, code))
				}
				continue
			}
			if ids, _ := r.searchIDs(w); !slices.Contains(ids, id) {
				code, body := r.get("/api/v1/items/" + id)
				out = append(out, fmt.Sprintf("%s not found by %q (search gave %v; GET: %d %s)", id, w, ids, code, tail(string(body), 200)))
			}
		}
		return out
	}
	for _, r := range rs {
		var miss []string
		deadline := time.Now().Add(propagation)
		for miss = missing(r); len(miss) > 0 && time.Now().Before(deadline); miss = missing(r) {
			time.Sleep(200 * time.Millisecond)
		}
		if len(miss) > 0 {
			t.Fatalf("on %s, %d of %d acknowledged writes missing:\n%s", r.name, len(miss), len(final), strings.Join(miss, "\n"))
		}
	}
	var last []feedReport
	agree := func() bool {
		last = last[:0]
		for _, r := range rs {
			rep, ok := r.feed()
			if !ok {
				return false
			}
			last = append(last, rep)
		}
		for _, rep := range last {
			c := rep.Consistency
			if c == nil || c.TextCount != c.StoreCount || c.TextDigest != c.StoreDigest || *c != *last[0].Consistency {
				return false
			}
		}
		return true
	}
	deadline := time.Now().Add(propagation)
	for !agree() {
		if time.Now().After(deadline) {
			var b strings.Builder
			for i, rep := range last {
				fmt.Fprintf(&b, "%s: %+v %+v\n", rs[i].name, rep, rep.Consistency)
			}
			t.Fatalf("text indexes and Postgres still disagree after %v:\n%s", propagation, b.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("replicas agree: %d items, digest %s, feed at %d", last[0].Consistency.TextCount, last[0].Consistency.TextDigest, last[0].Applied.Seq)
}

func maps2slice(m map[string]string) [][2]string {
	out := make([][2]string, 0, len(m))
	for k, v := range m {
		out = append(out, [2]string{k, v})
	}
	slices.SortFunc(out, func(a, b [2]string) int {
		if a[0] < b[0] {
			return -1
		}
		if a[0] > b[0] {
			return 1
		}
		return 0
	})
	return out
}

// feedReport is the "feed" part of /readyz?consistency=1.
type feedReport struct {
	Applied struct {
		Generation int64 `json:"generation"`
		Seq        int64 `json:"seq"`
	} `json:"applied"`
	LagSeq      int64 `json:"lag_seq"`
	CaughtUp    bool  `json:"caught_up"`
	Consistency *struct {
		TextCount   int    `json:"text_count"`
		TextDigest  string `json:"text_digest"`
		StoreCount  int    `json:"store_count"`
		StoreDigest string `json:"store_digest"`
	} `json:"consistency"`
}

// feed reads the replica's change-feed report, false when not ready.
func (r *replica) feed() (feedReport, bool) {
	code, body := r.get("/readyz?consistency=1")
	var out struct {
		Feed feedReport `json:"feed"`
	}
	if code != http.StatusOK || json.Unmarshal(body, &out) != nil {
		return feedReport{}, false
	}
	return out.Feed, true
}

// TestReplicasSurvivePostgresRestart restarts (immediate stop, then
// start) a private Postgres cluster during a stream of writes through two
// replicas: both reconnect, catch up, and every acknowledged write is on
// both. The shared Postgres of the other tests is never restarted.
func TestReplicasSurvivePostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Postgres cluster and two servers; skipped with -short")
	}
	testDatabaseURL(t) // the same requirement as the other Postgres tests
	pg := startPrivatePostgres(t)
	c := newCluster(t, pg.url)
	rs := startCluster(t, c, "a", "b")
	st := newWriteLog()
	var wg sync.WaitGroup
	for _, w := range rs {
		wg.Add(1)
		go func() { defer wg.Done(); writeStream(w, "PGR-"+w.name, 60, st) }()
	}
	waitFor(t, propagation, "15 writes acknowledged", func() bool { return st.acked() >= 15 })
	pg.ctl(t, "stop", "-m", "immediate")
	time.Sleep(500 * time.Millisecond) // writes fail meanwhile: not acknowledged
	pg.ctl(t, "start", "-w", "-l", filepath.Join(pg.dir, "log"))
	wg.Wait()
	if st.acked() <= 15 {
		t.Fatalf("no write acknowledged after the restart (%d in all)", st.acked())
	}
	checkReplicas(t, st, rs)
}

// privatePostgres is a Postgres cluster of one test, on its own port.
type privatePostgres struct {
	dir, data, url string
	port           int
}

// pgBin is where Debian installs PostgreSQL 15's server programs.
const pgBin = "/usr/lib/postgresql/15/bin"

// startPrivatePostgres creates and starts a throwaway cluster (initdb as
// the postgres user, trust authentication on 127.0.0.1), stopped at the
// end of the test. Without the server programs or a postgres user it
// skips, or fails under CI=true.
func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	u, err := user.Lookup("postgres")
	if _, serr := os.Stat(filepath.Join(pgBin, "initdb")); err != nil || serr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no PostgreSQL 15 server programs (%s) or no postgres user: cannot start a private cluster", pgBin)
		}
		t.Skipf("no PostgreSQL 15 server programs (%s) or no postgres user", pgBin)
	}
	dir, err := os.MkdirTemp("", "tremplin-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	_, port, _ := splitHostPort(freeAddr(t))
	pg := &privatePostgres{dir: dir, data: filepath.Join(dir, "data"), port: port,
		url: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
	pg.run(t, filepath.Join(pgBin, "initdb"), "-D", pg.data, "-A", "trust", "-U", "postgres", "--no-sync")
	conf := fmt.Sprintf("port = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nfsync = on\nsynchronous_commit = on\n", port, dir)
	f, err := os.OpenFile(filepath.Join(pg.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(conf)
	f.Close()
	pg.ctl(t, "start", "-w", "-l", filepath.Join(dir, "log"))
	t.Cleanup(func() { pg.ctlQuiet("stop", "-m", "immediate") })
	return pg
}

func splitHostPort(addr string) (string, int, error) {
	i := len(addr) - 1
	for i >= 0 && addr[i] != ':' {
		i--
	}
	p, err := strconv.Atoi(addr[i+1:])
	return addr[:i], p, err
}

// run runs a program as the postgres user.
func (pg *privatePostgres) run(t *testing.T, prog string, args ...string) {
	t.Helper()
	out, err := exec.Command("runuser", append([]string{"-u", "postgres", "--", prog}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", filepath.Base(prog), args, err, out)
	}
}

// ctl runs pg_ctl on the cluster.
func (pg *privatePostgres) ctl(t *testing.T, args ...string) {
	t.Helper()
	pg.run(t, filepath.Join(pgBin, "pg_ctl"), append([]string{"-D", pg.data}, args...)...)
}

func (pg *privatePostgres) ctlQuiet(args ...string) {
	exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(pgBin, "pg_ctl"), "-D", pg.data}, args...)...).Run()
}
