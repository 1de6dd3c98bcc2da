package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestSkillFragmentRefused checks that a desired skill typed half-way
// ("Management d") is a 400 naming the field, on the real demo stack,
// while a whole skill, a synonym and a skill the taxonomy does not know
// are answered.
func TestSkillFragmentRefused(t *testing.T) {
	srv := newWebServer(t, allKeys)
	for _, tc := range []struct {
		skill  string
		status int
	}{
		{"Management d", http.StatusBadRequest},
		{"Gestion de", http.StatusBadRequest},
		{"Management d'équipe", http.StatusOK},
		{"Kubernetes", http.StatusOK},
	} {
		t.Run(tc.skill, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"projet": "Je veux devenir responsable maintenance", "desired_skills": []string{"Budget de maintenance", tc.skill}})
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/recommendations", strings.NewReader(string(body)))
			req.Header.Set("Authorization", "Bearer "+webKeyEmployee)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, b)
			}
			if tc.status != http.StatusBadRequest {
				return
			}
			var e errorBody
			if err := json.Unmarshal(b, &e); err != nil || e.Error == nil {
				t.Fatalf("error body %s: %v", b, err)
			}
			if e.Error.Field != "desired_skills[1]" || !strings.Contains(e.Error.Message, "n'est pas une compétence complète") {
				t.Errorf("error = %+v, want field desired_skills[1] and a French reason", e.Error)
			}
		})
	}
}
