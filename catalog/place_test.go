package catalog

import (
	"math"
	"testing"
)

func TestDistanceKm(t *testing.T) {
	for _, tc := range []struct {
		a, b   string
		km     float64
		known  bool
		approx float64
	}{
		{"Lyon", "Paris", 392, true, 10},
		{"lyon", "LYON", 0, true, 0},
		{"Saint-Étienne", "saint etienne", 0, true, 0},
		{"Lyon", "Grenoble", 95, true, 10},
		{"Lille", "Nantes", 510, true, 15},
		{"Lyon", "Trifouilly", 0, false, 0},
		{"", "Lyon", 0, false, 0},
		{"", "", 0, false, 0},
	} {
		km, ok := DistanceKm(tc.a, tc.b)
		if ok != tc.known || math.Abs(km-tc.km) > tc.approx {
			t.Errorf("DistanceKm(%q, %q) = %.0f, %v; want %.0f ± %.0f, %v", tc.a, tc.b, km, ok, tc.km, tc.approx, tc.known)
		}
	}
}
