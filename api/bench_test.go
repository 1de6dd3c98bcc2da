package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkRecommendationOverhead measures what the API adds around the
// recommender (middleware, auth, rate limit, strict decoding, checks,
// encoding), with a fake recommender.
func BenchmarkRecommendationOverhead(b *testing.B) {
	keys, err := ParseKeys("employee:" + keyEmployee)
	if err != nil {
		b.Fatal(err)
	}
	cat := newFakeCatalog(testItems()...)
	h, err := NewServer(Deps{Recommender: &fakeRecommender{catalog: cat}, Catalog: cat,
		Demand: &fakeDemand{counts: map[string]int{}, catalog: cat}}, Options{Keys: keys, RatePerSecond: 1e9, Burst: 1e9})
	if err != nil {
		b.Fatal(err)
	}
	body := `{"projet":"Je suis technicien et je veux devenir responsable de maintenance","desired_skills":["Management d'équipe","Budget de maintenance"],"constraints":{"max_price_eur":3000,"modality":"hybride"},"per_kind":3}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/recommendations", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+keyEmployee)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
