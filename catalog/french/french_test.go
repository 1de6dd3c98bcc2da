package french

import (
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
