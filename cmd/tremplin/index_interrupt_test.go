package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptedFirstIndexIsNeverTheDemo kills the very first
// `tremplin index --catalog` of a new data directory once it has started
// writing there: the next recommend and serve must refuse, saying how to
// finish the index, rather than fill the directory with the demo catalog;
// running the index again finishes it.
func TestInterruptedFirstIndexIsNeverTheDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process; skipped with -short")
	}
	dir := t.TempDir()
	cat := writeCatalog(t, filepath.Join(dir, "mon catalogue.jsonl"), 1500)
	data := filepath.Join(dir, "data")
	marker := filepath.Join(data, "INDEXING")

	// Killed once it has begun writing the directory's first generation.
	killWhen(t, []string{"index", "--catalog", cat, "--data", data}, func() bool { return len(generations(t, data)) > 0 })
	if exists(filepath.Join(data, "CURRENT")) {
		t.Fatal("the first index committed before it was killed: the test did not exercise an interruption")
	}

	getenv := testEnv(nil)
	for _, args := range [][]string{
		{"recommend", "devenir responsable maintenance", "--data", data},
		{"serve", "--data", data, "--addr", "127.0.0.1:0"},
	} {
		var stdout, stderr syncBuffer
		// A serve that wrongly starts stops after a while, and fails below.
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		err := run(ctx, args, getenv, &stdout, &stderr)
		cancel()
		if err == nil {
			t.Fatalf("tremplin %s after an interrupted first index: no error; stdout %.300s", args[0], stdout.String())
		}
		want := "relancez « tremplin index --catalog '" + cat + "' --data " + data + " »"
		if code := exitCode(err); code != exitInterruptedIndex || !strings.Contains(err.Error(), "indexation interrompue") || !strings.Contains(err.Error(), want) {
			t.Errorf("tremplin %s: exit code %d, error %q; want %d and an error ending %q", args[0], code, err, exitInterruptedIndex, want)
		}
		if strings.Contains(stderr.String(), "démonstration (") {
			t.Errorf("tremplin %s announced the demo catalog: %s", args[0], stderr.String())
		}
	}
	if exists(filepath.Join(data, "CURRENT")) {
		t.Fatal("a live index appeared although every command was refused")
	}

	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"index", "--catalog", cat, "--data", data}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("index again: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "1500 éléments dans le catalogue") {
		t.Errorf("index again: %s", stdout.String())
	}
	if exists(marker) || !exists(filepath.Join(data, "CURRENT")) {
		t.Errorf("after a finished index: marker present %v, CURRENT present %v; want false, true",
			exists(marker), exists(filepath.Join(data, "CURRENT")))
	}
}

// TestKilledRebuildGenerationIsRemoved: the generation of a killed
// `index --rebuild` is removed by the next command that opens the
// directory, even one that does not rebuild.
func TestKilledRebuildGenerationIsRemoved(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process; skipped with -short")
	}
	dir := t.TempDir()
	cat := writeCatalog(t, filepath.Join(dir, "catalogue.jsonl"), 1500)
	data := filepath.Join(dir, "data")
	getenv := testEnv(nil)
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"index", "--catalog", cat, "--data", data}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("first index: %v\n%s", err, stderr.String())
	}
	live := generations(t, data)
	if len(live) != 1 {
		t.Fatalf("generations after the first index: %v", live)
	}

	killWhen(t, []string{"index", "--rebuild", "--catalog", cat, "--data", data}, func() bool {
		return len(generations(t, data)) > 1
	})
	if got := generations(t, data); len(got) != 2 || got[0] != live[0] {
		t.Fatalf("generations after the killed rebuild: %v; want %s and an abandoned one", got, live[0])
	}

	if err := run(t.Context(), []string{"index", "--catalog", cat, "--data", data}, getenv, &stdout, &stderr); err != nil {
		t.Fatalf("index after the killed rebuild: %v\n%s", err, stderr.String())
	}
	if got := generations(t, data); len(got) != 1 || got[0] != live[0] {
		t.Errorf("generations after the next start: %v; want only %s", got, live[0])
	}
}

// writeCatalog writes n distinct formations to path.
func writeCatalog(t *testing.T, path string, n int) string {
	t.Helper()
	words := []string{"maintenance", "gestion", "qualité", "données", "sécurité", "management", "logistique",
		"comptabilité", "vente", "anglais", "automatisme", "électricité", "paie", "achats", "projet", "Excel"}
	var b strings.Builder
	for i := range n {
		w1, w2, w3 := words[i%len(words)], words[(i/len(words))%len(words)], words[(i*7)%len(words)]
		fmt.Fprintf(&b, `{"id":"f-%04d","kind":"formation","title":"%s et %s, niveau %d","description":"Formation en %s, %s et %s.","skills":[%q,%q],"duration_hours":%d}`+"\n",
			i, w1, w2, i%5, w1, w2, w3, w1, w3, 7+i%30)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// killWhen runs tremplin with args in a child process and kills it with
// SIGKILL as soon as ready holds; it fails when the child ends otherwise.
func killWhen(t *testing.T, args []string, ready func() bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(args, "\x1f"), "DATABASE_URL=", "TREMPLIN_EMBEDDER=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for !ready() {
		select {
		case err := <-done:
			t.Fatalf("tremplin %s ended before it could be killed: %v\n%s", strings.Join(args, " "), err, stderr.String())
		case <-time.After(time.Millisecond):
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	err := <-done
	var exit *exec.ExitError
	if !errors.As(err, &exit) || !exit.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("tremplin %s was not killed: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
}

// testEnv is a getenv with only the values of env: no database, the local
// embedder.
func testEnv(env map[string]string) func(string) string {
	return func(k string) string {
		if k == "TREMPLIN_EMBEDDER" {
			return "local"
		}
		return env[k]
	}
}

// generations lists the gen-* directories of data.
func generations(t *testing.T, data string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(data, "gen-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
