package demo_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

var updateKeys = flag.Bool("update-keys", false, "rewrite testdata/taxonomy_keys.golden")

// TestTaxonomyKeysGolden pins catalog.Key of every label of the demo
// taxonomy: a change of the French analysis that moves a key shows here as
// a diff of testdata/taxonomy_keys.golden (regenerate it with
// -update-keys once the change is meant).
func TestTaxonomyKeysGolden(t *testing.T) {
	var b strings.Builder
	for _, s := range loadTaxonomy(t).Skills() {
		for _, l := range s.Labels() {
			fmt.Fprintf(&b, "%s\t%q\t%q\n", s.ID, l, catalog.Key(l))
		}
	}
	golden := filepath.Join("testdata", "taxonomy_keys.golden")
	if *updateKeys {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("keys of the demo taxonomy moved (-golden +got):\n%s", diff)
	}
}
