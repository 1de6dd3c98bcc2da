package demand

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// FuzzOpen: any file either fails to open with an error or loads, and
// what loads is written back and read again unchanged.
func FuzzOpen(f *testing.F) {
	for _, seed := range []string{`{"Langage SQL":2}`, `{}`, `null`, `{"skills":3,"version":2}`,
		`{"version":2,"skills":{"SQL":1},"metiers_without_offer":{"J1506":{"label":"Soins","requests":2}}}`,
		`{"version":3,"skills":{}}`, `[1]`, ``,
		`{"version":3,"months":{"2026-05":{"skills":{"SQL":1},"constrained":{"SQL":{"modality":1}},"unknown_skills":{"X":3}},"undated":{}}}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "demand.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := Open(path)
		if err != nil {
			return
		}
		ctx := t.Context()
		before, _ := d.Counts(ctx, time.Time{})
		d.dirty = true
		if err := d.Flush(); err != nil {
			t.Fatal(err)
		}
		again, err := Open(path)
		if err != nil {
			t.Fatalf("reopen what was written: %v", err)
		}
		after, _ := again.Counts(ctx, time.Time{})
		if diff := cmp.Diff(before, after); diff != "" {
			t.Errorf("counts after rewrite (-before +after):\n%s", diff)
		}
	})
}
