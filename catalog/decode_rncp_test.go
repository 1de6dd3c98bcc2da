package catalog

import (
	"bytes"
	"os"
	"testing"

	"github.com/tremplin/tremplin/internal/sharedtest"
)

func TestDecodeRNCP(t *testing.T) {
	path := sharedtest.Path(t, "eval/catalog-rncp.jsonl")
	items, problems, err := LoadFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range problems {
		if i == 10 {
			break
		}
		t.Errorf("unexpected problem: %v", p)
	}
	if len(items) != 4481 || len(problems) != 0 {
		t.Errorf("got %d items and %d problems, want 4481 and 0", len(items), len(problems))
	}
	for _, it := range items {
		if it.Kind != KindCertification || !it.Active || it.CertificationCode == "" {
			t.Fatalf("item %s: kind %q, active %v, code %q; want an active certification with a code",
				it.ID, it.Kind, it.Active, it.CertificationCode)
		}
	}
}

func BenchmarkDecodeRNCP(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "eval/catalog-rncp.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		items, problems, err := Decode(bytes.NewReader(data), "catalog-rncp.jsonl", FormatJSONL)
		if err != nil || len(problems) > 0 || len(items) != 4481 {
			b.Fatalf("Decode: %d items, %d problems, %v", len(items), len(problems), err)
		}
	}
}
