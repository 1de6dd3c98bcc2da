package referentiel

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/internal/sharedtest"
)

// fixtureIndex indexes testdata/rome merged with testdata/esco.
func fixtureIndex(t *testing.T) *Index {
	t.Helper()
	rome, _, err := ImportROME(t.Context(), filepath.Join("testdata", "rome"))
	if err != nil {
		t.Fatal(err)
	}
	esco, _, err := ImportESCO(t.Context(), filepath.Join("testdata", "esco"))
	if err != nil {
		t.Fatal(err)
	}
	return NewIndex(Merge(rome, esco))
}

func TestSuggest(t *testing.T) {
	ix := fixtureIndex(t)
	const o1 = "http://data.europa.eu/esco/occupation/o1"
	type hit struct{ Code, Label string }
	tests := []struct {
		prefix string
		want   []hit
	}{
		{"conductrice", []hit{
			{"A1101", "Conductrice d'engins agricoles"},
			{"A1102", "Conductrice d'engins d'exploitation forestière"},
			{"http://data.europa.eu/esco/occupation/o2", "conductrice d'engins agricoles"},
		}},
		{"DEVELOPPEUSE", []hit{{"M1805", "Développeuse informatique"}, {o1, "développeuse logiciel"}}},
		{"dév info", []hit{{"M1805", "Développeur informatique"}}},
		{"chargée de dev", []hit{{"M1805", "Chargée de développement web"}}},
		// Métier labels before appellations, ROME before ESCO; the rare
		// appellation "Chauffeur de tracteur" of A1101 is not needed.
		{"c", []hit{
			{"A1101", "Conducteur d'engins agricoles"},
			{"A1102", "Conducteur d'engins d'exploitation forestière"},
			{"http://data.europa.eu/esco/occupation/o2", "conducteur d'engins agricoles"},
			{"M1805", "Chargé de développement web"},
		}},
		// The rare title comes after one in common use though it is shorter.
		{"ch", []hit{{"M1805", "Chargé de développement web"}, {"A1101", "Chauffeur de tracteur"}}},
		// A rare title still matches when nothing else does.
		{"chauffeur", []hit{{"A1101", "Chauffeur de tracteur"}}},
		{"engins agricoles", []hit{
			{"A1101", "Conducteur d'engins agricoles"},
			{"http://data.europa.eu/esco/occupation/o2", "conducteur d'engins agricoles"},
		}},
		{"programmeur", []hit{{o1, "programmeur"}}},
		{"plombier", nil},
		{"   ", nil},
		{"d'", nil},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			var got []hit
			for _, s := range ix.Suggest(tt.prefix, 10) {
				got = append(got, hit{s.Metier.Code, s.Label})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Suggest(%q) (-want +got):\n%s", tt.prefix, diff)
			}
		})
	}
}

func TestCompleteLimit(t *testing.T) {
	ix := fixtureIndex(t)
	got := ix.Complete("c", 2)
	var codes []string
	for _, m := range got {
		codes = append(codes, m.Code)
	}
	if diff := cmp.Diff([]string{"A1101", "A1102"}, codes); diff != "" {
		t.Errorf("Complete(c, 2) (-want +got):\n%s", diff)
	}
	if got := ix.Complete("c", 0); got != nil {
		t.Errorf("Complete(c, 0) = %v, want nil", got)
	}
}

func TestIndexLookups(t *testing.T) {
	ix := fixtureIndex(t)
	if m, ok := ix.Metier("A1102"); !ok || m.Parent != "A1101" {
		t.Errorf("Metier(A1102) = %+v, %v", m, ok)
	}
	if _, ok := ix.Metier("Z9999"); ok {
		t.Error("Metier(Z9999) found")
	}
	var codes []string
	for _, m := range ix.Title("  conductrice d'ENGINS agricoles ") {
		codes = append(codes, m.Code)
	}
	if diff := cmp.Diff([]string{"A1101", "http://data.europa.eu/esco/occupation/o2"}, codes); diff != "" {
		t.Errorf("Title (-want +got):\n%s", diff)
	}
	if s, ok := ix.Skill("rome:102"); !ok || s.Label != "Coder" {
		t.Errorf("Skill(rome:102) = %+v, %v", s, ok)
	}
	if ix.Len() != 5 {
		t.Errorf("Len() = %d, want 5", ix.Len())
	}
	if empty := NewIndex(nil); empty.Len() != 0 || empty.Complete("a", 3) != nil {
		t.Error("NewIndex(nil) is not empty")
	}
}

func BenchmarkSuggest(b *testing.B) {
	rome, _, err := ImportROME(b.Context(), sharedtest.Path(b, "referentiels/rome4_v460"))
	if err != nil {
		b.Fatal(err)
	}
	ix := NewIndex(rome)
	for _, q := range []string{"c", "dév info", "chargée de recrutement"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.Suggest(q, 10)
			}
		})
	}
}

func BenchmarkNewIndex(b *testing.B) {
	rome, _, err := ImportROME(b.Context(), sharedtest.Path(b, "referentiels/rome4_v460"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		NewIndex(rome)
	}
}

// FuzzSuggest checks that no text makes Suggest panic, that it returns at
// most n métiers, each once.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"conductrice", "dév info", "d'", "Œuvre", "\xff", "a b c d e f"} {
		f.Add(s, 3)
	}
	rome, _, err := ImportROME(f.Context(), filepath.Join("testdata", "rome"))
	if err != nil {
		f.Fatal(err)
	}
	ix := NewIndex(rome)
	f.Fuzz(func(t *testing.T, prefix string, n int) {
		got := ix.Suggest(prefix, n)
		if len(got) > max(n, 0) {
			t.Fatalf("Suggest(%q, %d) returned %d results", prefix, n, len(got))
		}
		seen := make(map[string]bool)
		for _, s := range got {
			if seen[s.Metier.Code] {
				t.Fatalf("Suggest(%q) returned %s twice", prefix, s.Metier.Code)
			}
			seen[s.Metier.Code] = true
		}
	})
}
