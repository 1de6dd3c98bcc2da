package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// fuzzHandler builds a server with fakes, keys and no practical rate limit.
func fuzzHandler(f *testing.F) http.Handler {
	f.Helper()
	keys, err := ParseKeys("ld_admin:" + keyLDAdmin)
	if err != nil {
		f.Fatal(err)
	}
	cat := newFakeCatalog(testItems()...)
	tax, err := catalog.NewTaxonomy([]catalog.Skill{{ID: "management", Label: "Management d'équipe"}})
	if err != nil {
		f.Fatal(err)
	}
	h, err := NewServer(Deps{
		Recommender: &fakeRecommender{catalog: cat},
		Catalog:     cat,
		Skills:      tax,
		Demand:      &fakeDemand{counts: map[string]int{}, catalog: cat},
	}, Options{Keys: keys, RatePerSecond: 1e9, Burst: 1e9})
	if err != nil {
		f.Fatal(err)
	}
	return h
}

// serveFuzz sends one request and fails on a 5xx or on a 4xx whose body is
// not an API error.
func serveFuzz(t *testing.T, h http.Handler, req *http.Request) {
	t.Helper()
	req.Header.Set("Authorization", "Bearer "+keyLDAdmin)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s: status %d; body %s", req.Method, req.URL, rec.Code, rec.Body)
	}
	if rec.Code >= 400 {
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Fatalf("%s %s: status %d with a body that is not an API error: %s", req.Method, req.URL, rec.Code, rec.Body)
		}
	} else if !json.Valid(rec.Body.Bytes()) {
		t.Fatalf("%s %s: status %d with invalid JSON: %s", req.Method, req.URL, rec.Code, rec.Body)
	}
}

// FuzzRecommendationBody posts arbitrary bytes as a recommendation request:
// never a 5xx, never a panic.
func FuzzRecommendationBody(f *testing.F) {
	for _, seed := range []string{
		`{"projet":"Je veux devenir responsable de maintenance","desired_skills":["Management d'équipe"],"per_kind":3,"explain":true}`,
		`{"projet":"chef","constraints":{"max_price_eur":3000,"max_hours":70,"modality":"hybride","language":"fr","location":"Lyon","cpf_only":true,"kinds":["formation","mission"],"from":"2026-09-01","to":"2026-12-31"}}`,
		`{"projet":"title:* +-~ \"unbalanced","current_skills":["'; DROP TABLE items; --"]}`,
		`{"projet":"x","per_kind":-1}`,
		`{"desired_skills":[""]}`,
		`{"projet":"x","constraints":{"from":"2026-02-30"}}`,
		`{"projet":"x","constraints":{"max_price_eur":1e400}}`,
		`{"projet":"\ud800"}`,
		"{\"projet\":\"\xff\"}",
		`[]`, `null`, ``, `{`, `{"projet":5}`,
	} {
		f.Add([]byte(seed))
	}
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/recommendations", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		serveFuzz(t, h, req)
	})
}

// FuzzItemsQuery sends arbitrary query strings to the catalog browser and
// the autocompleters.
func FuzzItemsQuery(f *testing.F) {
	for _, seed := range []string{
		"q=maintenance&kind=formation&kind=mission&limit=5&offset=1",
		"max_price_eur=NaN&max_hours=-0&modality=avion",
		"q=%ff&limit=1000&offset=-1",
		"q=title%3A*&cpf_only=true&include_inactive=true&language=fr",
		"limit=9223372036854775808&offset=1e3",
		"q=%25&q=a;b&&=&kind",
	} {
		f.Add(seed)
	}
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, query string) {
		for _, path := range []string{"/api/v1/items", "/api/v1/skills", "/api/v1/metiers", "/api/v1/reports/skill-gaps"} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.URL.RawQuery = query
			serveFuzz(t, h, req)
		}
	})
}

// FuzzItemWrite sends arbitrary bodies to POST /items and to the import in
// every format.
func FuzzItemWrite(f *testing.F) {
	for _, seed := range []string{
		`{"id":"form-x","kind":"formation","title":"Excel","price_eur":450,"sessions":[{"start":"2026-09-14","end":"2026-09-18"}]}`,
		`{"id":"m","kind":"mentoring","title":"Mentorat","mentor":{"name":"Claire","capacity":2,"current_mentees":3}}`,
		`{"id":"mi","kind":"mission","title":"Mission","mission":{"start_date":"2026-09-01","end_date":"2026-08-01","time_share_pct":120}}`,
		"id,kind,title\na,formation,A\n",
		"- id: a\n  kind: formation\n  title: A\n",
		`[{"id":"a","kind":"formation","title":"A"}]`,
	} {
		f.Add([]byte(seed), uint8(0))
	}
	h := fuzzHandler(f)
	formats := []string{"jsonl", "json", "yaml", "csv"}
	f.Fuzz(func(t *testing.T, body []byte, format uint8) {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/items", bytes.NewReader(body))
		serveFuzz(t, h, req)
		req = httptest.NewRequest(http.MethodPost, "/api/v1/items:import?format="+formats[int(format)%len(formats)], bytes.NewReader(body))
		serveFuzz(t, h, req)
	})
}
