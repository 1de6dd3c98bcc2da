package embed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAxpy4MatchesGo wants axpy4 (assembly on amd64) to give axpy4Go's
// results bit for bit, for every length around the four-wide steps and
// for values of mixed signs and magnitudes.
func TestAxpy4MatchesGo(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	val := func() float32 {
		return float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3)))
	}
	for n := range 40 {
		rows := make([][]float32, 4)
		for k := range rows {
			rows[k] = make([]float32, n+rng.IntN(3)) // rows may be longer than sims
			for j := range rows[k] {
				rows[k][j] = val()
			}
		}
		want, got := make([]float32, n), make([]float32, n)
		for j := range want {
			want[j] = val()
			got[j] = want[j]
		}
		x0, x1, x2, x3 := val(), val(), val(), val()
		axpy4Go(want, rows[0], rows[1], rows[2], rows[3], x0, x1, x2, x3)
		axpy4(got, rows[0], rows[1], rows[2], rows[3], x0, x1, x2, x3)
		for j := range want {
			if math.Float32bits(got[j]) != math.Float32bits(want[j]) {
				t.Fatalf("n=%d, j=%d: axpy4 gives %v, axpy4Go %v", n, j, got[j], want[j])
			}
		}
	}
}

func BenchmarkAxpy4(b *testing.B) {
	sims := make([]float32, 1584)
	r := make([]float32, 1584)
	for b.Loop() {
		axpy4(sims, r, r, r, r, 1, 2, 3, 4)
	}
}
