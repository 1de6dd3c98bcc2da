package embed

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// sharedDir returns ../shared next to the repository root, or skips the test
// with the reason when it is absent (fails instead when CI=true).
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(filepath.Join(shared, "eval", "catalog-rncp.jsonl")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared data missing in CI: %v", err)
		}
		tb.Skipf("skipped: shared data not found (%v)", err)
	}
	return shared
}

// readJSONL decodes every line of path into a T.
func readJSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// rncpTexts returns the ids and embedding texts of the RNCP eval catalog.
func rncpTexts(tb testing.TB) (ids, texts []string) {
	tb.Helper()
	items := readJSONL[catalog.Item](tb, filepath.Join(sharedDir(tb), "eval", "catalog-rncp.jsonl"))
	for _, it := range items {
		ids = append(ids, it.ID)
		texts = append(texts, catalog.EmbeddingText(it))
	}
	return ids, texts
}
