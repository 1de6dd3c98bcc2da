//go:build !amd64

package embed

// axpy4 is axpy4Go where there is no assembly version.
func axpy4(sims, r0, r1, r2, r3 []float32, x0, x1, x2, x3 float32) {
	axpy4Go(sims, r0, r1, r2, r3, x0, x1, x2, x3)
}
