package indexer

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestDirGenerations(t *testing.T) {
	d, err := OpenDir(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	if cur, err := d.Current(); err != nil || cur != "" {
		t.Fatalf("Current() on empty dir = %q, %v; want \"\", nil", cur, err)
	}
	g1, err := d.NewGeneration()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(g1); err != nil {
		t.Fatal(err)
	}
	// A rebuild that crashed before Commit leaves the live generation alone.
	g2, err := d.NewGeneration()
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := d.Current(); cur != g1 {
		t.Fatalf("Current() = %q after uncommitted rebuild, want %q", cur, g1)
	}
	g3, err := d.NewGeneration()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(g3); err != nil {
		t.Fatal(err)
	}
	if cur, _ := d.Current(); cur != g3 {
		t.Fatalf("Current() = %q, want %q", cur, g3)
	}
	for _, old := range []string{g1, g2} {
		if _, err := os.Stat(old); !os.IsNotExist(err) {
			t.Errorf("generation %s still present after commit (err %v)", old, err)
		}
	}
}

func TestDirLockIsExclusive(t *testing.T) {
	d, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := d.Lock()
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open files: a second open in this process conflicts too.
	if _, err := d.Lock(); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock() = %v, want ErrLocked", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	unlock, err = d.Lock()
	if err != nil {
		t.Fatalf("Lock() after unlock: %v", err)
	}
	unlock()
}

func TestDirStartedMark(t *testing.T) {
	d, err := OpenDir(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	if note, ok, err := d.Started(); ok || err != nil {
		t.Fatalf("Started() on an empty dir = %q, %v, %v; want none", note, ok, err)
	}
	const note = "/srv/catalogue.jsonl\n"
	if err := d.MarkStarted(note); err != nil {
		t.Fatal(err)
	}
	// A process that dies here leaves the mark: the next one reads it.
	again, err := OpenDir(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	if got, ok, err := again.Started(); !ok || err != nil || got != note {
		t.Fatalf("Started() after MarkStarted = %q, %v, %v; want %q", got, ok, err, note)
	}
	g, err := again.NewGeneration()
	if err != nil {
		t.Fatal(err)
	}
	if err := again.Commit(g); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := again.Started(); ok || err != nil {
		t.Errorf("Started() after Commit = %q, %v, %v; want none", got, ok, err)
	}
}
