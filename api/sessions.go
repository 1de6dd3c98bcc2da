package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// SessionStore keeps the sessions of users signed in on the web pages.
// Keys are SHA-256 hashes of the session cookie, never the cookie itself;
// data is an opaque JSON document (role, caller id and, with OIDC, the
// user's sub, manager id and display name). A store shared by several
// replicas (Postgres, indexer/pgstate) makes a session opened through one
// valid on all, and a sign-out through any end it everywhere.
type SessionStore interface {
	// SaveSession keeps data under key until expires.
	SaveSession(ctx context.Context, key, data []byte, expires time.Time) error
	// LoadSession returns the data under key; an unknown or expired
	// session gives an error wrapping catalog.ErrNotFound.
	LoadSession(ctx context.Context, key []byte) ([]byte, error)
	// DeleteSession ends the session under key; an unknown key is ignored.
	DeleteSession(ctx context.Context, key []byte) error
}

// MemorySessions is a SessionStore in the memory of one process: the
// sessions of a single server, lost when it stops.
type MemorySessions struct {
	mu  sync.Mutex
	m   map[string]memorySession
	now func() time.Time
}

type memorySession struct {
	data    []byte
	expires time.Time
}

// NewMemorySessions returns an empty in-memory session store.
func NewMemorySessions() *MemorySessions {
	return &MemorySessions{m: map[string]memorySession{}, now: time.Now}
}

// SaveSession keeps data under key until expires, dropping expired
// sessions on the way.
func (s *MemorySessions) SaveSession(ctx context.Context, key, data []byte, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, v := range s.m {
		if !now.Before(v.expires) {
			delete(s.m, k)
		}
	}
	s.m[string(key)] = memorySession{data: append([]byte(nil), data...), expires: expires}
	return nil
}

// LoadSession returns the data under key, or catalog.ErrNotFound.
func (s *MemorySessions) LoadSession(ctx context.Context, key []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[string(key)]
	if !ok || !s.now().Before(v.expires) {
		delete(s.m, string(key))
		return nil, fmt.Errorf("session: %w", catalog.ErrNotFound)
	}
	return v.data, nil
}

// DeleteSession ends the session under key.
func (s *MemorySessions) DeleteSession(ctx context.Context, key []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, string(key))
	return nil
}

// sessions maps random session ids, held by the browser's cookie, to the
// key entry a web user signed in with, so that the API key never travels
// again after sign-in. Only a hash of the id reaches the store.
type sessions struct {
	store SessionStore
	ttl   time.Duration
	now   func() time.Time
}

// sessionData is what a session keeps of its keyEntry.
type sessionData struct {
	Role    Role   `json:"role"`
	ID      string `json:"id"`
	Sub     string `json:"sub,omitempty"`
	Manager string `json:"manager,omitempty"`
	Name    string `json:"name,omitempty"`
}

func newSessions(store SessionStore, ttl time.Duration) *sessions {
	if store == nil {
		store = NewMemorySessions()
	}
	return &sessions{store: store, ttl: ttl, now: time.Now}
}

// sessionKey is the store key of the session id: its SHA-256 (the id holds
// 256 random bits, so no salt is needed against guessing).
func sessionKey(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}

// create starts a session for e and returns its id.
func (s *sessions) create(ctx context.Context, e keyEntry) (string, error) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	id := hex.EncodeToString(b[:])
	data, err := json.Marshal(sessionData{Role: e.role, ID: e.id, Sub: e.sub, Manager: e.manager, Name: e.name})
	if err != nil {
		return "", err
	}
	if err := s.store.SaveSession(ctx, sessionKey(id), data, s.now().Add(s.ttl)); err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	return id, nil
}

// lookup returns the key entry of the session id; false when there is no
// such session or it expired, and an error when the store failed.
func (s *sessions) lookup(ctx context.Context, id string) (keyEntry, bool, error) {
	data, err := s.store.LoadSession(ctx, sessionKey(id))
	if errors.Is(err, catalog.ErrNotFound) {
		return keyEntry{}, false, nil
	}
	if err != nil {
		return keyEntry{}, false, fmt.Errorf("read session: %w", err)
	}
	var d sessionData
	if err := json.Unmarshal(data, &d); err != nil {
		return keyEntry{}, false, fmt.Errorf("read session: %w", err)
	}
	return keyEntry{role: d.Role, id: d.ID, sub: d.Sub, manager: d.Manager, name: d.Name}, true, nil
}

func (s *sessions) remove(ctx context.Context, id string) error {
	if err := s.store.DeleteSession(ctx, sessionKey(id)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}
