package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadFilesKnown reads a JSON Lines file three times through a saved
// line memo: the lines unchanged since the last read come back as Knowns
// carrying the content hash of their item, the others decoded; ids are
// checked across both; a line with métiers, a problem line, another
// version's memo and a damaged memo are never taken from it.
func TestLoadFilesKnown(t *testing.T) {
	dir := t.TempDir()
	path, memoPath := filepath.Join(dir, "c.jsonl"), filepath.Join(dir, "memo")
	lines := []string{
		`{"id":"a","kind":"formation","title":"Excel avancé","price_eur":300}`,
		`{"id":"b","kind":"formation","title":"SQL pour l'analyse"}`,
		`{"id":"c","kind":"formation","title":"Tagguée","metiers":["M1805"]}`,
		`{"id":"d","kind":"formation"}`, // no title: a problem
	}
	write := func(ls ...string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(strings.Join(ls, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	load := func(version string) ([]Item, []Known, []Problem) {
		t.Helper()
		memo, err := ReadLineMemo(memoPath, []byte(version))
		if err != nil {
			t.Fatalf("read memo: %v", err)
		}
		items, known, probs, err := LoadFilesKnown(memo, path)
		if err != nil {
			t.Fatal(err)
		}
		if err := memo.Save(memoPath); err != nil {
			t.Fatal(err)
		}
		return items, known, probs
	}
	ids := func(items []Item) (out []string) {
		for _, it := range items {
			out = append(out, it.ID)
		}
		return out
	}

	write(lines...)
	first, known, probs := load("v1")
	if len(known) != 0 || !cmp.Equal(ids(first), []string{"a", "b", "c"}) || len(probs) != 1 {
		t.Fatalf("first read: items %v, known %v, %d problems; want a b c decoded, d a problem", ids(first), known, len(probs))
	}

	write(lines[0], `{"id":"b","kind":"formation","title":"SQL pour l'analyse de données"}`, lines[2], lines[3])
	items, known, probs := load("v1")
	want := []Known{{ID: "a", Hash: ContentHash(first[0])}}
	if diff := cmp.Diff(want, known); diff != "" || !cmp.Equal(ids(items), []string{"b", "c"}) || len(probs) != 1 {
		t.Errorf("second read: items %v, %d problems, known (-want +got):\n%s", ids(items), len(probs), diff)
	}

	// The memo now holds a and the new b; a later line reusing a's id is
	// the duplicate, as without a memo.
	write(lines[0], `{"id":"b","kind":"formation","title":"SQL pour l'analyse de données"}`, `{"id":"a","kind":"formation","title":"Autre"}`)
	items, known, probs = load("v1")
	if len(items) != 0 || len(known) != 2 || len(probs) != 1 || probs[0].Code != CodeDuplicate || probs[0].Line != 3 {
		t.Errorf("third read: items %v, known %v, problems %v; want a and b known, line 3 a duplicate", ids(items), known, probs)
	}

	// Another version of the code decodes every line again.
	items, known, _ = load("v2")
	if len(known) != 0 || len(items) != 2 {
		t.Errorf("other version: items %v, known %v; want every line decoded", ids(items), known)
	}

	if err := os.WriteFile(memoPath, []byte("TRMPLNM1 damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	memo, err := ReadLineMemo(memoPath, []byte("v2"))
	if err == nil || memo == nil {
		t.Fatalf("damaged memo: %v, %v; want an empty memo and the reason", memo, err)
	}
	if items, known, _, err := LoadFilesKnown(memo, path); err != nil || len(known) != 0 || len(items) != 2 {
		t.Errorf("through a damaged memo: items %v, known %v, %v", ids(items), known, err)
	}
}
