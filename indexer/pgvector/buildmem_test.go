package pgvector

import "testing"

// TestBuildMemoryKB: the HNSW build's memory grows with the table, within
// [64 MB, 2 GB].
func TestBuildMemoryKB(t *testing.T) {
	for _, tt := range []struct {
		n        int64
		dims     int
		min, max int64 // kB
	}{
		{0, 1536, 64 << 10, 64 << 10},
		{4481, 1536, 64 << 10, 64 << 10},
		{100_000, 1536, 900 << 10, 1 << 20},
		{10_000_000, 1536, 2 << 20, 2 << 20},
	} {
		if got := buildMemoryKB(tt.n, tt.dims); got < tt.min || got > tt.max {
			t.Errorf("buildMemoryKB(%d, %d) = %d kB, want within [%d, %d]", tt.n, tt.dims, got, tt.min, tt.max)
		}
	}
}
