package api

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// sessions maps random session ids to the key entry a web user signed in
// with, so that the API key never travels again after sign-in.
type sessions struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[string]session
	now func() time.Time
}

type session struct {
	entry   keyEntry
	expires time.Time
}

func newSessions(ttl time.Duration) *sessions {
	return &sessions{ttl: ttl, m: map[string]session{}, now: time.Now}
}

// create starts a session for e and returns its id.
func (s *sessions) create(e keyEntry) string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	id := hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, v := range s.m { // drop expired sessions while we hold the lock
		if now.After(v.expires) {
			delete(s.m, k)
		}
	}
	s.m[id] = session{entry: e, expires: now.Add(s.ttl)}
	return id
}

func (s *sessions) lookup(id string) (keyEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[id]
	if !ok || s.now().After(v.expires) {
		delete(s.m, id)
		return keyEntry{}, false
	}
	return v.entry, true
}

func (s *sessions) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
}
