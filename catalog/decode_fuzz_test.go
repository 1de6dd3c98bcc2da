package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// addSeeds adds every file of testdata/decode with one of the extensions
// to the fuzz corpus.
func addSeeds(f *testing.F, exts ...string) {
	files, err := os.ReadDir(filepath.Join("testdata", "decode"))
	if err != nil {
		f.Fatal(err)
	}
	n := 0
	for _, e := range files {
		for _, ext := range exts {
			if strings.HasSuffix(e.Name(), ext) {
				data, err := os.ReadFile(filepath.Join("testdata", "decode", e.Name()))
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
				n++
			}
		}
	}
	if n == 0 {
		f.Fatalf("no seed file ending in %v under testdata/decode", exts)
	}
}

// checkDecode decodes data and checks the contract: no error from an
// in-memory reader, every returned item valid and normalized, every problem
// located in the file and explained, ids unique.
func checkDecode(t *testing.T, data []byte, f Format) {
	items, problems, err := Decode(bytes.NewReader(data), "fuzz", f)
	if err != nil {
		t.Fatalf("Decode returned an error on in-memory input: %v", err)
	}
	seen := map[string]bool{}
	for i := range items {
		it := items[i]
		if ps := Validate(&it); len(ps) > 0 {
			t.Fatalf("returned item %q fails Validate: %v", it.ID, ps)
		}
		Normalize(&it)
		if ps := Validate(&it); len(ps) > 0 || it.ID != items[i].ID || it.Title != items[i].Title {
			t.Fatalf("returned item %q is not normalized", items[i].ID)
		}
		if seen[it.ID] {
			t.Fatalf("id %q returned twice", it.ID)
		}
		seen[it.ID] = true
	}
	for _, p := range problems {
		if p.File != "fuzz" || p.Reason == "" || p.Code == "" {
			t.Fatalf("problem without file, reason or code: %#v", p)
		}
	}
	for _, g := range []Format{FormatJSONL, FormatJSON, FormatYAML, FormatCSV} {
		checkRoundTrip(t, items, g)
	}
}

// checkRoundTrip checks that Encode writes items in g so that Decode reads
// them back unchanged, except what Encode reported it could not write.
func checkRoundTrip(t *testing.T, items []Item, g Format) {
	var buf bytes.Buffer
	lost, err := Encode(&buf, items, g)
	if err != nil {
		t.Fatalf("Encode %s: %v", g, err)
	}
	got, problems, err := Decode(&buf, "out", g)
	if err != nil || len(problems) > 0 {
		t.Fatalf("Decode of Encode %s: %v %v", g, problems, err)
	}
	if len(got) != len(items) {
		t.Fatalf("Encode %s then Decode: %d items, want %d", g, len(got), len(items))
	}
	lostIDs := map[string]bool{}
	for _, p := range lost {
		lostIDs[p.ID] = true
	}
	for i := range items {
		if !lostIDs[items[i].ID] {
			if diff := cmp.Diff(items[i], got[i]); diff != "" {
				t.Fatalf("Encode %s then Decode changed the item (-want +got):\n%s", g, diff)
			}
		}
	}
}

func FuzzDecodeJSONL(f *testing.F) {
	addSeeds(f, ".jsonl")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, data, FormatJSONL) })
}

func FuzzDecodeJSON(f *testing.F) {
	addSeeds(f, ".json")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, data, FormatJSON) })
}

func FuzzDecodeYAML(f *testing.F) {
	addSeeds(f, ".yaml", ".yml")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, data, FormatYAML) })
}

func FuzzDecodeCSV(f *testing.F) {
	addSeeds(f, ".csv")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, data, FormatCSV) })
}

func FuzzDecodeItemJSON(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "decode", "valid.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		it, problems := DecodeItemJSON(data)
		if len(problems) > 0 {
			return
		}
		if ps := Validate(&it); len(ps) > 0 {
			t.Fatalf("item accepted by DecodeItemJSON fails Validate: %v", ps)
		}
	})
}
