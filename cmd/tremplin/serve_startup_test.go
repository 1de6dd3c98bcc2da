package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A busy port is reported before anything is indexed.
func TestServeBusyPortBeforeIndexing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dataDir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TREMPLIN_DATA": dataDir}
	var stdout, stderr bytes.Buffer
	err = run(t.Context(), []string{"serve", "--addr", busy.Addr().String()}, func(k string) string { return env[k] }, &stdout, &stderr)
	if err == nil {
		t.Fatal("serve on a busy port succeeded")
	}
	if want := "écouter sur " + busy.Addr().String() + " : adresse déjà utilisée"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr.String(), want)
	}
	if strings.Contains(stderr.String(), "indexation") {
		t.Errorf("serve indexed before finding the port busy:\n%s", stderr.String())
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("data directory %s was created (stat: %v): serve opened the stores before listening", dataDir, err)
	}
}
