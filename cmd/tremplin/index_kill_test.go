package main

import (
	"bufio"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// TestIndexSurvivesKill9 kills `tremplin index` with SIGKILL at random points
// of a sync and of a rebuild, several times, then checks that the index was
// readable all along and that a final run leaves Bleve and the vector store
// holding exactly the catalog, with the same content hashes.
func TestIndexSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	rncp := sharedtest.Path(t, "eval/catalog-rncp.jsonl")
	dir := t.TempDir()
	first := writeLines(t, rncp, filepath.Join(dir, "first.jsonl"), 0, 1500, true)
	second := writeLines(t, rncp, filepath.Join(dir, "second.jsonl"), 500, 2500, false)
	data := filepath.Join(dir, "data")

	start := time.Now()
	runChild(t, data, first, false, 0)
	full := time.Since(start)
	t.Logf("first index of 1,500 items: %v", full)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	killed := 0
	for i := range 6 {
		delay := time.Duration(rng.Int64N(int64(full) * 6 / 10))
		if runChild(t, data, second, i%2 == 1, delay) {
			killed++
		}
		checkReadable(t, data)
	}
	if killed < 3 {
		t.Fatalf("only %d of 6 runs were killed before they finished: the test did not exercise crashes", killed)
	}
	runChild(t, data, second, false, 0)

	want := expectedHashes(t, second)
	text, vec, closeAll := openLive(t, data)
	defer closeAll()
	gotText, err := text.Hashes(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	vecItems, err := vec.Items(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	gotVec := make(map[string]string, len(vecItems))
	for _, it := range vecItems {
		gotVec[it.ID] = catalog.ContentHash(it)
	}
	if diff := cmp.Diff(want, gotText); diff != "" {
		t.Errorf("Bleve hashes differ from the catalog (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, gotVec); diff != "" {
		t.Errorf("vector store items differ from the catalog (-want +got content hashes):\n%s", diff)
	}
}

// writeLines copies lines [from, to) of src to dst; with alter, every tenth
// title is changed so that the next sync has updates as well as adds and deletes.
func writeLines(t *testing.T, src, dst string, from, to int, alter bool) string {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 0; sc.Scan() && n < to; n++ {
		if n < from {
			continue
		}
		line := sc.Text()
		if alter && n%10 == 0 {
			line = strings.Replace(line, `"title": "`, `"title": "Ancien intitulé — `, 1)
		}
		out.WriteString(line + "\n")
	}
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// runChild runs `tremplin index` in a child process; with a delay it sends
// SIGKILL after it (the child may also have finished by then) and reports
// whether the kill landed.
func runChild(t *testing.T, data, catalogPath string, rebuild bool, killAfter time.Duration, env ...string) bool {
	t.Helper()
	args := []string{"index", "--catalog", catalogPath, "--data", data, "--yes"}
	if rebuild {
		args = append(args, "--rebuild")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(args, "\x1f"), "DATABASE_URL=", "TREMPLIN_EMBEDDER=local")
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if killAfter == 0 {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("tremplin %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return false
	}
	timer := time.AfterFunc(killAfter, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
	err := cmd.Wait()
	timer.Stop()
	t.Logf("rebuild=%v killed after %v: %v", rebuild, killAfter, err)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
	}
	if err != nil {
		t.Fatalf("tremplin %s failed by itself: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return false
}

// checkReadable opens the live generation (there must be one) and searches it.
func checkReadable(t *testing.T, data string) {
	t.Helper()
	text, vec, closeAll := openLive(t, data)
	defer closeAll() // before the next child opens the index
	if _, err := text.Search(t.Context(), catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "maintenance"}}}, catalog.Filter{}, 5); err != nil {
		t.Fatalf("live text index unreadable after kill: %v", err)
	}
	if _, err := vec.Items(t.Context()); err != nil {
		t.Fatalf("live vector store unreadable after kill: %v", err)
	}
}

func openLive(t *testing.T, data string) (*textindex.Index, *vecstore.Store, func()) {
	t.Helper()
	d, err := indexer.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := d.Current()
	if err != nil || gen == "" {
		t.Fatalf("no live generation after kill: %q, %v", gen, err)
	}
	text, err := textindex.Open(filepath.Join(gen, "text.bleve"))
	if err != nil {
		t.Fatalf("open live text index: %v", err)
	}
	vec, err := vecstore.Open(filepath.Join(gen, "vectors"))
	if err != nil {
		text.Close()
		t.Fatalf("open live vector store: %v", err)
	}
	return text, vec, func() { text.Close(); vec.Close() }
}

func expectedHashes(t *testing.T, path string) map[string]string {
	t.Helper()
	items, problems, err := catalog.LoadFiles(path)
	if err != nil || len(problems) > 0 {
		t.Fatalf("load %s: %v %v", path, err, problems)
	}
	want := make(map[string]string, len(items))
	for _, it := range items {
		want[it.ID] = catalog.ContentHash(it)
	}
	return want
}
