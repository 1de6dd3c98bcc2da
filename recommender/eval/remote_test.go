package eval

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/recommender"
)

// recommendServer answers recommendations with resp to callers sending
// "Bearer secret", 401 with an API error body to others, and keeps the
// last request.
func recommendServer(t *testing.T, resp recommender.Response, got *recommender.Request) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != RecommendPath {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "Bearer secret" {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"code":"unauthenticated","message":"authentification requise"}}`))
			return
		}
		if err := json.NewDecoder(r.Body).Decode(got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRemote(t *testing.T) {
	var got recommender.Request
	srv := recommendServer(t, response([]string{"f1"}, []string{"c1", "c2"}), &got)
	client := &http.Client{Timeout: 5 * time.Second}
	q := Query{ID: "q7", Projet: "Devenir comptable", DesiredSkills: []string{"paie"}, Relevant: []string{"c1"}}

	ids, err := Remote(client, srv.URL+"/", "secret").Rank(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"f1", "c1", "c2"}, ids); diff != "" {
		t.Errorf("remote ids mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(q.Request(), got); diff != "" {
		t.Errorf("request sent mismatch (-want +got):\n%s", diff)
	}

	_, err = Evaluate(t.Context(), []Query{q}, []Ranker{Remote(client, srv.URL, "wrong")}, nil)
	for _, want := range []string{"requête q7", "401", "authentification requise"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Evaluate with a wrong key: error %v, want one containing %q", err, want)
		}
	}
}
