package catalog

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/decode")

// TestDecodeGolden decodes every testdata/decode file that has a .want file
// beside it and compares the problems reported (one Error() per line)
// followed by the ids of the valid items ("valide: id").
func TestDecodeGolden(t *testing.T) {
	wants, err := filepath.Glob(filepath.Join("testdata", "decode", "*.want"))
	if err != nil {
		t.Fatal(err)
	}
	if len(wants) == 0 {
		t.Fatal("no .want file under testdata/decode")
	}
	for _, wantPath := range wants {
		input := strings.TrimSuffix(wantPath, ".want")
		name := filepath.Base(input)
		t.Run(name, func(t *testing.T) {
			f, err := FormatFromName(name)
			if err != nil {
				t.Fatal(err)
			}
			file, err := os.Open(input)
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			items, problems, err := Decode(file, name, f)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, p := range problems {
				b.WriteString(p.Error() + "\n")
			}
			for _, it := range items {
				b.WriteString("valide: " + it.ID + "\n")
			}
			if *update {
				if err := os.WriteFile(wantPath, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantPath)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", wantPath, diff)
			}
		})
	}
}
