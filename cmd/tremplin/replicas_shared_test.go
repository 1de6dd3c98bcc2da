package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestReplicasShareState starts two replicas on one Postgres schema and
// checks the state they share there: a catalog id created through both at
// once is created exactly once (one 201, one 409), and a web sign-in made
// through one is valid on the other, until a sign-out through either.
func TestReplicasShareState(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two tremplin serve processes")
	}
	c := newCluster(t, testDatabaseURL(t))
	a, b := c.replica("a"), c.replica("b")
	a.start() // the first fills the database with the demo catalog
	b.start()

	t.Run("CreateSameID", func(t *testing.T) {
		for round := range 10 {
			id := fmt.Sprintf("course-replicas-%d", round)
			var statuses [2]int
			var bodies [2][]byte
			var start, done sync.WaitGroup
			start.Add(1)
			for i, r := range []*replica{a, b} {
				done.Add(1)
				go func() {
					defer done.Done()
					start.Wait()
					statuses[i], bodies[i] = r.do(http.MethodPost, "/api/v1/items", testItem(id, word("creation", round)))
				}()
			}
			start.Done()
			done.Wait()
			created, conflicts := 0, 0
			for _, s := range statuses {
				switch s {
				case http.StatusCreated:
					created++
				case http.StatusConflict:
					conflicts++
				}
			}
			if created != 1 || conflicts != 1 {
				t.Fatalf("round %d: statuses %v (bodies %s | %s), want one 201 and one 409", round, statuses, bodies[0], bodies[1])
			}
		}
	})

	t.Run("SignInOnAValidOnB", func(t *testing.T) {
		cookie := replicaSignIn(t, a)
		if status := cookieGet(t, b, "/api/v1/items?limit=1", cookie); status != http.StatusOK {
			t.Fatalf("B with a session opened on A: status %d, want 200", status)
		}
		req, err := http.NewRequest(http.MethodPost, b.base+"/deconnexion", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(cookie)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-out through B: status %d, want 303", resp.StatusCode)
		}
		if status := cookieGet(t, a, "/api/v1/items?limit=1", cookie); status != http.StatusUnauthorized {
			t.Errorf("A after sign-out through B: status %d, want 401", status)
		}
	})
}

// noRedirect is a client that returns redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// replicaSignIn signs in on r's sign-in page with the cluster's key and
// returns the session cookie.
func replicaSignIn(t *testing.T, r *replica) *http.Cookie {
	t.Helper()
	resp, err := noRedirect.Post(r.base+"/connexion", "application/x-www-form-urlencoded",
		strings.NewReader(url.Values{"cle": {replicaKey}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "tremplin_session" && c.Value != "" {
			return c
		}
	}
	t.Fatalf("sign-in on %s: status %d and no session cookie", r.name, resp.StatusCode)
	return nil
}

// cookieGet sends a GET with cookie to r and returns the status.
func cookieGet(t *testing.T, r *replica, path string, cookie *http.Cookie) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, r.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(cookie)
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
