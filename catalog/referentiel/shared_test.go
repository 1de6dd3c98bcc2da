package referentiel

import (
	"os"
	"path/filepath"
	"testing"
)

// sharedDir returns ../shared/referentiels/<sub> relative to the repository
// root (the first parent holding go.mod). When it is absent the test is
// skipped, or fails when CI=true.
func sharedDir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod introuvable au-dessus du dossier de test")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "referentiels", sub)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("données partagées absentes (%s) alors que CI=true", p)
		}
		t.Skipf("données partagées absentes : %s (test ignoré)", p)
	}
	return p
}
