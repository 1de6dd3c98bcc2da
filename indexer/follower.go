package indexer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// FeedPosition is a place in a change feed: the generation (a rebuild
// starts a new one) and the sequence number of the last change applied.
type FeedPosition struct {
	Generation int64 `json:"generation"`
	Seq        int64 `json:"seq"`
}

// String encodes the position as kept in the text index.
func (p FeedPosition) String() string { return fmt.Sprintf("%d:%d", p.Generation, p.Seq) }

// parsePosition reads what String wrote; anything else is no position.
func parsePosition(b []byte) (FeedPosition, bool) {
	g, s, ok := strings.Cut(string(b), ":")
	gen, err1 := strconv.ParseInt(g, 10, 64)
	seq, err2 := strconv.ParseInt(s, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return FeedPosition{}, false
	}
	return FeedPosition{Generation: gen, Seq: seq}, true
}

// FeedChanges is what a replica at some position applies to catch up.
type FeedChanges struct {
	// Next is the position once applied; Head the feed's when read.
	Next, Head FeedPosition
	// Reload says that the generation changed: Upserted is every item,
	// and any other item must go.
	Reload bool
	// Upserted are the current versions of the changed items; Removed the
	// ids of those that no longer exist.
	Upserted []catalog.Item
	Removed  []string
}

// ChangeFeed is the shared store's log of item changes (Postgres).
type ChangeFeed interface {
	// ChangesSince reads, from one snapshot, the changes of at most
	// maxSeqs sequence numbers after from, or every item when from is of
	// another generation.
	ChangesSince(ctx context.Context, from FeedPosition, maxSeqs int64) (FeedChanges, error)
	// Head returns the feed's position and, when changes after applied
	// are pending, the commit time of the oldest (zero otherwise).
	Head(ctx context.Context, applied FeedPosition) (FeedPosition, time.Time, error)
	// Listen calls wake on every change and after every (re)connection,
	// until ctx ends.
	Listen(ctx context.Context, wake func()) error
}

// FeedPruner is a change feed that drops the changes older than a
// retention window (Postgres); a replica behind them reloads the whole
// generation.
type FeedPruner interface {
	PruneFeed(ctx context.Context, retention time.Duration) (int64, error)
}

// Feed retention: the changes of the last FeedRetention are kept, pruned
// every pruneEvery by each replica (the prune is idempotent). A replica
// stopped for longer reloads every item at restart, as after a rebuild.
const (
	FeedRetention = 24 * time.Hour
	pruneEvery    = time.Hour
)

// FeedText is a text index that records, atomically with its content, the
// feed position it was brought up to.
type FeedText interface {
	Apply(ctx context.Context, recs []catalog.Record, ids []string, pos []byte) error
	// Reload replaces the whole content with recs and pos, written aside
	// chunk records per batch and swapped in at once.
	Reload(ctx context.Context, recs []catalog.Record, chunk int, pos []byte) error
	Position(ctx context.Context) ([]byte, error)
	Hashes(ctx context.Context) (map[string]string, error)
	HashesOf(ctx context.Context, ids []string) (map[string]string, error)
	Compact(ctx context.Context) error
}

// Follower keeps one replica's text index (and the Indexer's watchers:
// the métier tag index) in step with a change feed written by every
// replica. Its position is kept in the text index, so a restart resumes
// where it stopped.
type Follower struct {
	ix     *Indexer
	text   FeedText
	feed   ChangeFeed
	logger *slog.Logger
	// poll is how often the feed is read without a notification.
	poll time.Duration

	run sync.Mutex // one catch-up at a time
	mu  sync.Mutex
	pos FeedPosition
	// loaded says pos was read from the text index; caughtUp that the
	// follower reached the head once.
	loaded, caughtUp bool
}

// feedBatch bounds the sequence numbers read at once.
const feedBatch = 500

// NewFollower returns a follower applying feed to text, which must be the
// text index ix writes to.
func NewFollower(ix *Indexer, text FeedText, feed ChangeFeed, logger *slog.Logger) *Follower {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Follower{ix: ix, text: text, feed: feed, logger: logger, poll: 5 * time.Second}
}

// CatchUp applies every change committed before it was called.
func (f *Follower) CatchUp(ctx context.Context) error {
	f.run.Lock()
	defer f.run.Unlock()
	pos, err := f.position(ctx)
	if err != nil {
		return err
	}
	written := 0
	for {
		ch, err := f.feed.ChangesSince(ctx, pos, feedBatch)
		if err != nil {
			return err
		}
		if !ch.Reload && ch.Next == pos {
			break
		}
		n, err := f.apply(ctx, ch)
		if err != nil {
			return err
		}
		written += n
		pos = ch.Next
		f.mu.Lock()
		f.pos = pos
		f.mu.Unlock()
		if pos == ch.Head {
			break
		}
	}
	if written >= 1000 { // a bulk catch-up: merged as Sync merges its bulk loads
		if err := f.text.Compact(ctx); err != nil {
			return fmt.Errorf("compact text index: %w", err)
		}
	}
	f.mu.Lock()
	f.caughtUp = true
	f.mu.Unlock()
	return nil
}

// position is the applied position, read from the text index once.
func (f *Follower) position(ctx context.Context) (FeedPosition, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.loaded {
		return f.pos, nil
	}
	b, err := f.text.Position(ctx)
	if err != nil {
		return FeedPosition{}, err
	}
	// No position (a new index, or one from before the feed): generation
	// 0, which no feed has, reloads everything.
	f.pos, _ = parsePosition(b)
	f.loaded = true
	return f.pos, nil
}

// applyChunk is the most items a replica catching up at start-up writes
// to its text index per batch.
const applyChunk = 2000

// apply writes ch to the text index in one batch with its position, then
// tells the watchers. Items whose indexed hash is already current are not
// rewritten (the replica's own writes, mostly). A reload (a new
// generation) is never written in one batch, which held every document's
// analysis at once (over 10 GB at 100,000 items): a replica that has not
// caught up yet (not ready: nothing is routed to it) writes it in place in
// batches of applyChunk, the position with the last; a serving replica
// writes the whole generation aside in such batches and swaps it in
// (FeedText.Reload), so that its searches never see a mix.
func (f *Follower) apply(ctx context.Context, ch FeedChanges) (int, error) {
	f.ix.mu.Lock()
	defer f.ix.mu.Unlock()
	// Items as stored: the writing replica tagged them, and Postgres is
	// the source of truth for every replica.
	recs := asStored(ch.Upserted)
	var have map[string]string
	var err error
	if ch.Reload {
		have, err = f.text.Hashes(ctx)
	} else {
		ids := make([]string, 0, len(recs)+len(ch.Removed))
		for _, r := range recs {
			ids = append(ids, r.Item.ID)
		}
		have, err = f.text.HashesOf(ctx, append(ids, ch.Removed...))
	}
	if err != nil {
		return 0, fmt.Errorf("read text index hashes: %w", err)
	}
	var todo []catalog.Record
	keep := make(map[string]bool, len(recs))
	for _, r := range recs {
		keep[r.Item.ID] = true
		if have[r.Item.ID] != r.Hash {
			todo = append(todo, r)
		}
	}
	var removed []string
	for _, id := range ch.Removed {
		if _, ok := have[id]; ok {
			removed = append(removed, id)
		}
	}
	if ch.Reload {
		removed = removed[:0]
		for id := range have {
			if !keep[id] {
				removed = append(removed, id)
			}
		}
		slices.Sort(removed)
	}
	written := len(todo) + len(removed)
	f.mu.Lock()
	chunked := !f.caughtUp
	f.mu.Unlock()
	if ch.Reload && !chunked {
		if err := f.text.Reload(ctx, recs, applyChunk, []byte(ch.Next.String())); err != nil {
			return 0, err
		}
		f.ix.notify(todo, removed)
		f.logger.InfoContext(ctx, "change feed generation reloaded aside", "position", ch.Next.String(),
			"items", len(recs), "written", written, "removed", len(removed))
		return written, nil
	}
	for chunked && len(todo) > applyChunk {
		if err := f.text.Apply(ctx, todo[:applyChunk], nil, nil); err != nil {
			return 0, err
		}
		f.ix.notify(todo[:applyChunk], nil)
		todo = todo[applyChunk:]
	}
	if err := f.text.Apply(ctx, todo, removed, []byte(ch.Next.String())); err != nil {
		return 0, err
	}
	f.ix.notify(todo, removed)
	f.logger.DebugContext(ctx, "change feed applied", "position", ch.Next.String(), "reload", ch.Reload,
		"written", written, "removed", len(removed))
	return written, nil
}

// Run follows the feed until ctx ends: woken by the feed's notifications,
// and every few seconds in case one was missed; a failed catch-up is
// retried a second later.
func (f *Follower) Run(ctx context.Context) error {
	wake := make(chan struct{}, 1)
	signal := func() {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
	signal() // catch up at once, listener or not
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.feed.Listen(ctx, signal)
	}()
	defer func() { <-done }()
	poll := time.NewTicker(f.poll)
	defer poll.Stop()
	prune := time.NewTicker(pruneEvery)
	defer prune.Stop()
	var retry <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-prune.C:
			f.Prune(ctx, FeedRetention)
			continue
		case <-wake:
		case <-poll.C:
		case <-retry:
		}
		retry = nil
		if err := f.CatchUp(ctx); err != nil && ctx.Err() == nil {
			f.logger.WarnContext(ctx, "change feed catch-up failed, retrying", "err", err)
			retry = time.After(time.Second)
		}
	}
}

// Prune drops the feed's changes older than retention, when the feed can
// (see FeedPruner); a failure is logged, and retried at the next prune.
func (f *Follower) Prune(ctx context.Context, retention time.Duration) {
	p, ok := f.feed.(FeedPruner)
	if !ok {
		return
	}
	n, err := p.PruneFeed(ctx, retention)
	if err != nil {
		if ctx.Err() == nil {
			f.logger.WarnContext(ctx, "change feed prune failed", "err", err)
		}
		return
	}
	f.logger.DebugContext(ctx, "change feed pruned", "rows", n, "retention", retention.String())
}

// FeedStatus is how far a replica lags behind the feed.
type FeedStatus struct {
	Applied FeedPosition `json:"applied"`
	Head    FeedPosition `json:"head"`
	// LagSeq is the number of sequence numbers not applied yet (a whole
	// generation counts as one); LagSeconds how long ago the oldest of
	// them was committed.
	LagSeq     int64   `json:"lag_seq"`
	LagSeconds float64 `json:"lag_seconds"`
	// CaughtUp says the follower reached the head at least once.
	CaughtUp bool `json:"caught_up"`
}

// Status reads the feed's head and compares it with the applied position.
func (f *Follower) Status(ctx context.Context) (FeedStatus, error) {
	f.mu.Lock()
	st := FeedStatus{Applied: f.pos, CaughtUp: f.caughtUp}
	f.mu.Unlock()
	head, since, err := f.feed.Head(ctx, st.Applied)
	if err != nil {
		return st, err
	}
	st.Head = head
	switch {
	case head.Generation != st.Applied.Generation:
		st.LagSeq = 1
	case head.Seq > st.Applied.Seq:
		st.LagSeq = head.Seq - st.Applied.Seq
	}
	if !since.IsZero() && st.LagSeq > 0 {
		st.LagSeconds = max(0, time.Since(since).Seconds())
	}
	return st, nil
}

// FeedReport is what /readyz shows of the follower: its Status and, with
// full, its Consistency; the follower is ready once it caught up after
// starting.
func (f *Follower) FeedReport(ctx context.Context, full bool) (any, bool, error) {
	st, err := f.Status(ctx)
	if err != nil {
		return nil, false, err
	}
	out := struct {
		FeedStatus
		Consistency *Consistency `json:"consistency,omitempty"`
	}{FeedStatus: st}
	if full {
		c, err := f.Compare(ctx)
		if err != nil {
			return nil, false, err
		}
		out.Consistency = &c
	}
	return out, st.CaughtUp, nil
}

// Consistency compares the text index with the shared store: the number
// of items in each and a digest of their ids and content hashes.
type Consistency struct {
	TextCount   int    `json:"text_count"`
	TextDigest  string `json:"text_digest"`
	StoreCount  int    `json:"store_count"`
	StoreDigest string `json:"store_digest"`
}

// Compare computes the Consistency of the replica now.
func (f *Follower) Compare(ctx context.Context) (Consistency, error) {
	text, err := f.text.Hashes(ctx)
	if err != nil {
		return Consistency{}, err
	}
	items, err := f.ix.vec.Items(ctx)
	if err != nil {
		return Consistency{}, err
	}
	store := make(map[string]string, len(items))
	for _, r := range asStored(items) {
		store[r.Item.ID] = r.Hash
	}
	return Consistency{TextCount: len(text), TextDigest: digest(text), StoreCount: len(store), StoreDigest: digest(store)}, nil
}

// asStored makes records of items as they are stored, without tagging
// them again.
func asStored(items []catalog.Item) []catalog.Record {
	recs := make([]catalog.Record, len(items))
	for i, it := range items {
		recs[i] = catalog.Record{Item: it, Hash: catalog.ContentHash(it)}
	}
	return recs
}

// digest hashes id→hash pairs in id order.
func digest(m map[string]string) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	h := sha256.New()
	for _, id := range ids {
		fmt.Fprintf(h, "%s\x00%s\n", id, m[id])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
