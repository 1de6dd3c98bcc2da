package api

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// signInCookie signs in on srv with key and returns the session cookie header.
func signInCookie(t *testing.T, base, key string) http.Header {
	t.Helper()
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	status, h, _ := webCall(t, http.MethodPost, base+"/connexion", url.Values{"cle": {key}}.Encode(), form)
	if status != http.StatusSeeOther {
		t.Fatalf("sign-in: status %d, want 303", status)
	}
	c, err := http.ParseSetCookie(h.Get("Set-Cookie"))
	if err != nil {
		t.Fatal(err)
	}
	return http.Header{"Cookie": {c.Name + "=" + c.Value}}
}

// TestSessionsSharedByServers runs two servers over one session store, as
// two replicas over Postgres: a sign-in through A is valid on B, a
// sign-out through B ends it on A, and the store holds only a hash of the
// cookie.
func TestSessionsSharedByServers(t *testing.T) {
	store := NewMemorySessions()
	a := newTestEnv(t, Options{Sessions: store}, nil)
	b := newTestEnv(t, Options{Sessions: store}, nil)
	cookie := signInCookie(t, a.srv.URL, keyManager)
	if status, _, body := webCall(t, http.MethodGet, b.srv.URL+"/api/v1/items", "", cookie); status != http.StatusOK {
		t.Fatalf("B with A's session: status %d, want 200; body %.200s", status, body)
	}
	value := strings.TrimPrefix(cookie.Get("Cookie"), sessionCookie+"=")
	store.mu.Lock()
	for k, v := range store.m {
		if strings.Contains(k, value) || strings.Contains(hex.EncodeToString([]byte(k)), value) || strings.Contains(string(v.data), value) {
			t.Errorf("the store holds the cookie value (key %x)", k)
		}
	}
	store.mu.Unlock()
	if status, _, _ := webCall(t, http.MethodPost, b.srv.URL+"/deconnexion", "", cookie); status != http.StatusSeeOther {
		t.Fatalf("sign-out through B: status %d, want 303", status)
	}
	if status, _, _ := webCall(t, http.MethodGet, a.srv.URL+"/api/v1/items", "", cookie); status != http.StatusUnauthorized {
		t.Errorf("A after sign-out through B: status %d, want 401", status)
	}
}

// TestSessionExpires: a session past its end is refused, and removed.
func TestSessionExpires(t *testing.T) {
	store := NewMemorySessions()
	env := newTestEnv(t, Options{Sessions: store}, nil)
	cookie := signInCookie(t, env.srv.URL, keyManager)
	store.mu.Lock()
	store.now = func() time.Time { return time.Now().Add(sessionSeconds*time.Second + time.Minute) }
	store.mu.Unlock()
	if status, _, _ := webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "", cookie); status != http.StatusUnauthorized {
		t.Errorf("expired session: status %d, want 401", status)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.m) != 0 {
		t.Errorf("%d sessions left in the store after the expired one was read, want 0", len(store.m))
	}
}

// brokenSessions is a session store whose database is down.
type brokenSessions struct{}

var errStoreDown = errors.New("connection refused")

func (brokenSessions) SaveSession(context.Context, []byte, []byte, time.Time) error {
	return errStoreDown
}
func (brokenSessions) LoadSession(context.Context, []byte) ([]byte, error) { return nil, errStoreDown }
func (brokenSessions) DeleteSession(context.Context, []byte) error         { return errStoreDown }

// TestSessionStoreDown: with the store down, sign-in says so in French
// (503), and a request with a session cookie is unauthenticated, never a 500.
func TestSessionStoreDown(t *testing.T) {
	env := newTestEnv(t, Options{Sessions: brokenSessions{}}, nil)
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	status, _, body := webCall(t, http.MethodPost, env.srv.URL+"/connexion", url.Values{"cle": {keyManager}}.Encode(), form)
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "pas pu être ouverte") {
		t.Errorf("sign-in with the store down: status %d, want 503 with a French message; body %.300s", status, body)
	}
	cookie := http.Header{"Cookie": {sessionCookie + "=" + strings.Repeat("ab", 32)}}
	if status, _, _ := webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "", cookie); status != http.StatusUnauthorized {
		t.Errorf("request with a session cookie, store down: status %d, want 401", status)
	}
	if !strings.Contains(env.logs.String(), "read web session") {
		t.Error("the store failure is not in the logs")
	}
}

// TestRateLimitPerIdentity: two sessions of one OIDC user share one rate
// bucket (per user, not per session); another user has their own.
func TestRateLimitPerIdentity(t *testing.T) {
	store := NewMemorySessions()
	env := newTestEnv(t, Options{Sessions: store, RatePerSecond: 0.001, Burst: 2}, nil)
	open := func(sub string) http.Header {
		id, err := newSessions(store, time.Hour).create(t.Context(), keyEntry{role: RoleManager, id: "oidc:" + sub, sub: sub})
		if err != nil {
			t.Fatal(err)
		}
		return http.Header{"Cookie": {sessionCookie + "=" + id}}
	}
	first, second, other := open("u-1"), open("u-1"), open("u-2")
	for i, c := range []http.Header{first, second} {
		if status, _, _ := webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "", c); status != http.StatusOK {
			t.Fatalf("request %d of u-1: status %d, want 200", i+1, status)
		}
	}
	if status, _, _ := webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "", first); status != http.StatusTooManyRequests {
		t.Errorf("third request of u-1 (burst 2, two sessions): status %d, want 429", status)
	}
	if status, _, _ := webCall(t, http.MethodGet, env.srv.URL+"/api/v1/items", "", other); status != http.StatusOK {
		t.Errorf("first request of u-2: status %d, want 200", status)
	}
}
