package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tremplin/tremplin/indexer"
)

// statusAfter is a follower that catches up on its n-th status.
type statusAfter struct {
	n, calls atomic.Int32
}

func (s *statusAfter) Status(context.Context) (indexer.FeedStatus, error) {
	return indexer.FeedStatus{CaughtUp: s.calls.Add(1) >= s.n.Load()}, nil
}

// TestAnnounceCaughtUp: a replica says it is ready once its follower has
// caught up, once; never if serve stops first.
func TestAnnounceCaughtUp(t *testing.T) {
	f := &statusAfter{}
	f.n.Store(2)
	var ready atomic.Int32
	announceCaughtUp(t.Context(), f, func() { ready.Add(1) })
	if got := ready.Load(); got != 1 || f.calls.Load() != 2 {
		t.Errorf("ready called %d times after %d statuses, want once after 2", got, f.calls.Load())
	}

	never := &statusAfter{}
	never.n.Store(1 << 30)
	ctx, cancel := context.WithTimeout(t.Context(), 700*time.Millisecond)
	defer cancel()
	announceCaughtUp(ctx, never, func() { ready.Add(1) })
	if got := ready.Load(); got != 1 {
		t.Errorf("ready called for a follower that never caught up (%d calls)", got)
	}
}
