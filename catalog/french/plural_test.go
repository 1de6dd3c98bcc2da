package french

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "0 élément valide"}, {1, "1 élément valide"}, {2, "2 éléments valides"}, {445, "445 éléments valides"},
	} {
		if got := Count(tc.n, "élément valide", "éléments valides"); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
