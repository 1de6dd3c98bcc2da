package main

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// BenchmarkReplicaPropagation measures how long an item created through
// replica A takes to be found by a search on replica B (both on one
// Postgres schema), polling B every 2 ms. It reports the median and p99
// in ms; the goal is p99 ≤ 1 s. Nothing is asserted.
func BenchmarkReplicaPropagation(b *testing.B) {
	c := newCluster(b, testDatabaseURL(b))
	a, r := c.replica("a"), c.replica("b")
	a.start()
	r.start()
	var delays []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := word("zqbench", i)
		id := "BENCH-" + w
		start := time.Now()
		if code, body := a.do(http.MethodPost, "/api/v1/items", testItem(id, w)); code != http.StatusCreated {
			b.Fatalf("create: %d %s", code, body)
		}
		for {
			if ids, _ := r.searchIDs(w); slices.Contains(ids, id) {
				break
			}
			if time.Since(start) > time.Minute {
				b.Fatalf("%s not on b after a minute", id)
			}
			time.Sleep(2 * time.Millisecond)
		}
		delays = append(delays, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(delays)
	ms := func(q float64) float64 {
		return float64(delays[min(len(delays)-1, int(q*float64(len(delays))))].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.5), "p50_ms")
	b.ReportMetric(ms(0.99), "p99_ms")
}
