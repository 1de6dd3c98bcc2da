// Package sharedtest locates the read-only data shared beside the
// repository (../shared: the RNCP benchmark, ROME and ESCO) for tests.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns ../shared/<rel> relative to the repository root (the first
// parent of the working directory holding go.mod). When it is absent the
// test is skipped with the reason, or fails when CI=true: CI must run it.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(RepoRoot(tb), "..", "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data missing while CI=true: %v", err)
		}
		tb.Skipf("shared data absent, test skipped: %v", err)
	}
	return p
}

// RepoRoot returns the repository root: the first parent of the working
// directory that holds go.mod.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}
