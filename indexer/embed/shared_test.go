package embed

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

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
	items := readJSONL[catalog.Item](tb, sharedtest.Path(tb, "eval/catalog-rncp.jsonl"))
	for _, it := range items {
		ids = append(ids, it.ID)
		texts = append(texts, catalog.EmbeddingText(it))
	}
	return ids, texts
}
