package embed

// axpy4 is axpy4Go in SSE assembly (axpy4_amd64.s). The rows must be at
// least as long as sims.
//
//go:noescape
func axpy4(sims, r0, r1, r2, r3 []float32, x0, x1, x2, x3 float32)
