package demand

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFilePersistsCounts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demand.json")
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if err := f.Add(ctx, []string{"Langage SQL", "Power BI"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Add(ctx, []string{"Langage SQL"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	g, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := g.Counts(ctx)
	want := map[string]int{"Langage SQL": 2, "Power BI": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("counts after reopen (-want +got):\n%s", diff)
	}
}
