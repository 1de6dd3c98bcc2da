package french

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAnalyzeText(t *testing.T) {
	tests := []struct {
		in   string
		o    Options
		want [][]Stemmed
	}{
		{"Gestion des conflits", Options{}, [][]Stemmed{{{"gestion", "gest"}, {"conflits", "conflit"}}}},
		{"anglais et techniques", Options{}, [][]Stemmed{{{"anglais", "anglai"}, {"techniques", "techn"}}}},
		{"anglais et techniques", Options{Conjunctions: true},
			[][]Stemmed{{{"anglais", "anglai"}, {"et", "et"}, {"techniques", "techn"}}}},
		{"projet SI", Options{}, [][]Stemmed{{{"projet", "projet"}}}},
		{"projet SI", Options{Acronyms: true}, [][]Stemmed{{{"projet", "projet"}, {"si", "si"}}}},
		{"PROJET SI", Options{Acronyms: true}, [][]Stemmed{{{"projet", "projet"}}}},
		{"Excel, Word. L’équipe", Options{Clauses: true},
			[][]Stemmed{{{"excel", "excel"}}, {{"word", "word"}}, {{"equipe", "equip"}}}},
		{"Excel, Word", Options{}, [][]Stemmed{{{"excel", "excel"}, {"word", "word"}}}},
		{"de la, et", Options{Clauses: true}, nil},
		{"", Options{}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, AnalyzeText(tt.in, tt.o)); diff != "" {
			t.Errorf("AnalyzeText(%q, %+v) mismatch (-want +got):\n%s", tt.in, tt.o, diff)
		}
	}
}

func TestFields(t *testing.T) {
	got := Fields("L’ÉQUIPE RH/d`a, v1.2 ʼn´x")
	want := []string{"L’ÉQUIPE", "RH", "d`a", "v1", "2", "ʼn´x"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Fields mismatch (-want +got):\n%s", diff)
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"bureaux": "bureau", "cours": "cour", "conflits": "conflit", "bts": "bts", "sql": "sql", "": "",
	} {
		if got := Singular(in); got != want {
			t.Errorf("Singular(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInCapitals(t *testing.T) {
	for in, want := range map[string]bool{
		"SI": true, "CE": true, "B2B": true, "ÉTÉ": true, "L'RH": true,
		"Si": false, "A": false, "A1": false, "42": false, "": false,
	} {
		if got := InCapitals(in); got != want {
			t.Errorf("InCapitals(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestClauses(t *testing.T) {
	got := Clauses("Excel, Word; v1.2 (avancé) « Python »: fin. S.A.\nligne•puce.")
	want := []string{"Excel", " Word", " v1.2 ", "avancé", " ", " Python ", "", " fin", " S.A", "", "ligne", "puce", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Clauses mismatch (-want +got):\n%s", diff)
	}
}

func TestSpellSymbols(t *testing.T) {
	for in, want := range map[string]string{
		"C++ et c#":        " cplusplus  et  csharp ",
		"ASP.NET Core":     "ASP dotnet  Core",
		"Santé & sécurité": "Santé  et  sécurité",
		"abc++ x.network":  "abc++ x.network",
		"Excel":            "Excel",
	} {
		if got := SpellSymbols(in); got != want {
			t.Errorf("SpellSymbols(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzAnalyzeText: cutting into clauses only groups the words, the options
// only add words, and every stem is the stem of its folded word.
func FuzzAnalyzeText(f *testing.F) {
	for _, s := range []string{"Gestion des conflits, et SI", "PROJET SI. ou", "l’l' d`", "v1.2 (a) «b»", "\xff."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		all := Options{Conjunctions: true, Acronyms: true}
		whole := slices.Concat(AnalyzeText(s, all)...)
		all.Clauses = true
		runs := AnalyzeText(s, all)
		if got := slices.Concat(runs...); !slices.Equal(got, whole) {
			t.Fatalf("AnalyzeText(%q) in clauses gave %v, in one run %v", s, got, whole)
		}
		for _, run := range runs {
			if len(run) == 0 {
				t.Fatalf("AnalyzeText(%q) gave an empty run", s)
			}
		}
		plain := slices.Concat(AnalyzeText(s, Options{})...)
		i := 0
		for _, w := range whole {
			if i < len(plain) && plain[i] == w {
				i++
			}
			if w.Stem != Stem(w.Folded) {
				t.Fatalf("AnalyzeText(%q): stem %q of %q, Stem gives %q", s, w.Stem, w.Folded, Stem(w.Folded))
			}
		}
		if i != len(plain) {
			t.Fatalf("AnalyzeText(%q) without options gave %v, not a part of %v", s, plain, whole)
		}
	})
}
