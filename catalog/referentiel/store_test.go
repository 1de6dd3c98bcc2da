package referentiel

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

func TestSaveLoad(t *testing.T) {
	rome, _, err := ImportROME(t.Context(), filepath.Join("testdata", "rome"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := Save(t.Context(), dir, rome); err != nil {
		t.Fatal(err)
	}
	// Saving again replaces the file.
	if err := Save(t.Context(), dir, rome); err != nil {
		t.Fatal(err)
	}
	got, err := Load(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rome, got); diff != "" {
		t.Errorf("loaded (-want +got):\n%s", diff)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != FileName {
		t.Errorf("data dir holds %v, want only %s", entries, FileName)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		want    error
	}{
		{"absent", nil, catalog.ErrNotFound},
		{"not gzip", []byte("{}"), catalog.ErrInvalid},
		{"truncated gzip", []byte{0x1f, 0x8b, 0x08, 0x00}, catalog.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.content != nil {
				if err := os.WriteFile(filepath.Join(dir, FileName), tt.content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(t.Context(), dir)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	a := &catalog.Referentiel{
		Metiers:     []catalog.Metier{{Code: "A1101", Label: "premier"}},
		Skills:      []catalog.Skill{{ID: "rome:1", Label: "un"}},
		Attribution: []string{"Source : A"},
	}
	b := &catalog.Referentiel{
		Metiers:     []catalog.Metier{{Code: "A1101", Label: "second"}, {Code: "uri", Label: "esco"}},
		Skills:      []catalog.Skill{{ID: "rome:1", Label: "autre"}, {ID: "uri:s", Label: "esco"}},
		Attribution: []string{"Source : A", "Source : B"},
	}
	want := &catalog.Referentiel{
		Metiers:     []catalog.Metier{{Code: "A1101", Label: "premier"}, {Code: "uri", Label: "esco"}},
		Skills:      []catalog.Skill{{ID: "rome:1", Label: "un"}, {ID: "uri:s", Label: "esco"}},
		Attribution: []string{"Source : A", "Source : B"},
	}
	if diff := cmp.Diff(want, Merge(a, nil, b)); diff != "" {
		t.Errorf("Merge (-want +got):\n%s", diff)
	}
}

func BenchmarkLoad(b *testing.B) {
	rome, _, err := ImportROME(b.Context(), sharedtest.Path(b, "referentiels/rome4_v460"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := Save(b.Context(), dir, rome); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(b.Context(), dir); err != nil {
			b.Fatal(err)
		}
	}
}
