package french

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"L'entreprise d’Équipe", []string{"entreprise", "equipe"}},
		{"Chargé·e de développement RH", []string{"charge", "e", "de", "developpement", "rh"}},
		{"aujourd'hui", []string{"aujourdhui"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		if len(got) == 0 && len(tt.want) == 0 {
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Tokens(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestFoldTable wants Fold, through its table, equal to the Unicode
// decomposition on every rune of the table and on strings mixing them
// with combining marks, ligatures and runes beyond the table.
func TestFoldTable(t *testing.T) {
	var all strings.Builder
	for r := range rune(foldTableSize) {
		all.WriteRune(r)
		if got, want := Fold(string(r)), foldNFD(string(r)); got != want {
			t.Errorf("Fold(%q) = %q, want %q", r, got, want)
		}
	}
	for _, s := range []string{all.String(), "Œuvre Éphémère", "DÉVELOPPEUSE d’équipe", "e\u0301te\u0301", "Ça`va", "ÀÉÎÕÜ ǅ Ǳ ȸ", "Straße Øre", "naïve café\u0300", "日本 Été", "\xff\xfeÉ", "ABC`", "déjà-vu"} {
		if got, want := Fold(s), foldNFD(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
	if len(foldTable['A']) != 1 || len(foldTable['`']) != 1 {
		t.Fatal("ASCII folds are not one byte: Fold's ASCII path is wrong")
	}
}

// FuzzFold wants Fold equal to the Unicode decomposition on any input.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Œuvre Éphémère", "e\u0301", "Ça`va", "\xff", "ÅÅ\u0327"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldNFD(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
