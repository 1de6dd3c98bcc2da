package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/indexer/stores"
)

func TestLoadOrg(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	if o, err := loadOrg(t.Context(), stores.DirDocs(dir), logger); o != nil || err != nil {
		t.Fatalf("no file: %v, %v; want nothing", o, err)
	}
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, orgFileName), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"employee_id":"m1"}` + "\n" + `{"employee_id":"alice","manager_id":"m1","hire_date":"2021-03-01"}` + "\n")
	o, err := loadOrg(t.Context(), stores.DirDocs(dir), logger)
	if err != nil || len(o) != 2 || o[1].ManagerID != "m1" {
		t.Fatalf("loadOrg = %+v, %v", o, err)
	}
	write(`{"employee_id":"alice","manager_id":"absent"}` + "\n")
	if o, err := loadOrg(t.Context(), stores.DirDocs(dir), logger); o != nil || err == nil || !strings.Contains(err.Error(), "org.jsonl:1: manager_id") {
		t.Errorf("bad file: %v, %v; want nothing and an error at org.jsonl:1", o, err)
	}
}
