package vecstore

import (
	"math"
	"testing"
)

func TestDot(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 16, 1023, 1024} {
		a, b := make([]float32, n), make([]float32, n)
		var want float64
		for i := range a {
			a[i], b[i] = float32(i%7)-3, float32(i%5)/2
			want += float64(a[i]) * float64(b[i])
		}
		if got := dot(a, b); math.Abs(float64(got)-want) > 1e-3 {
			t.Errorf("dot of length %d = %v, want %v", n, got, want)
		}
	}
}

// BenchmarkDot measures one 1,024-dim dot product on vectors in cache.
func BenchmarkDot(b *testing.B) {
	x, y := make([]float32, 1024), make([]float32, 1024)
	for i := range x {
		x[i], y[i] = float32(i), float32(1024-i)
	}
	var sink float32
	for b.Loop() {
		sink += dot(x, y)
	}
	_ = sink
}
