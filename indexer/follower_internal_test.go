package indexer

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// recordingText is a FeedText in memory that records each Apply and
// Reload.
type recordingText struct {
	hashes  map[string]string
	pos     []byte
	applies []recordedApply
	reloads []recordedApply // recs, chunk (in removed), pos
}

func (r *recordingText) Reload(ctx context.Context, recs []catalog.Record, chunk int, pos []byte) error {
	r.hashes = map[string]string{}
	for _, rec := range recs {
		r.hashes[rec.Item.ID] = rec.Hash
	}
	r.pos = pos
	r.reloads = append(r.reloads, recordedApply{len(recs), chunk, pos})
	return nil
}

type recordedApply struct {
	recs, removed int
	pos           []byte
}

func (r *recordingText) Apply(ctx context.Context, recs []catalog.Record, ids []string, pos []byte) error {
	for _, id := range ids {
		delete(r.hashes, id)
	}
	for _, rec := range recs {
		r.hashes[rec.Item.ID] = rec.Hash
	}
	if pos != nil {
		r.pos = pos
	}
	r.applies = append(r.applies, recordedApply{len(recs), len(ids), pos})
	return nil
}

func (r *recordingText) Position(ctx context.Context) ([]byte, error) { return r.pos, nil }

func (r *recordingText) Hashes(ctx context.Context) (map[string]string, error) {
	out := make(map[string]string, len(r.hashes))
	for id, h := range r.hashes {
		out[id] = h
	}
	return out, nil
}

func (r *recordingText) HashesOf(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		if h, ok := r.hashes[id]; ok {
			out[id] = h
		}
	}
	return out, nil
}

func (r *recordingText) Compact(ctx context.Context) error { return nil }

// reloadFeed is a change feed of one generation holding n items: a
// replica of another generation reloads them all.
type reloadFeed struct {
	gen   int64
	items []catalog.Item
}

func (f *reloadFeed) ChangesSince(ctx context.Context, from FeedPosition, maxSeqs int64) (FeedChanges, error) {
	head := FeedPosition{Generation: f.gen, Seq: 1}
	if from == head {
		return FeedChanges{Next: head, Head: head}, nil
	}
	return FeedChanges{Next: head, Head: head, Reload: true, Upserted: f.items}, nil
}

func (f *reloadFeed) Head(ctx context.Context, applied FeedPosition) (FeedPosition, time.Time, error) {
	return FeedPosition{Generation: f.gen, Seq: 1}, time.Time{}, nil
}

func (f *reloadFeed) Listen(ctx context.Context, wake func()) error { <-ctx.Done(); return nil }

func feedItems(n int, title string) []catalog.Item {
	items := make([]catalog.Item, n)
	for i := range items {
		items[i] = catalog.Item{ID: fmt.Sprintf("i%05d", i), Kind: catalog.KindFormation, Title: title, Active: true}
	}
	return items
}

// TestStartupReloadIsWrittenInBatches catches a new replica up with a
// feed of more items than applyChunk: it writes them in batches, the
// position with the last only. Once caught up (serving), the reload of a
// new generation goes to Reload, whole, in batches of applyChunk: written
// aside, so that searches never see a mix of two generations.
func TestStartupReloadIsWrittenInBatches(t *testing.T) {
	ctx := t.Context()
	text := &recordingText{hashes: map[string]string{}}
	feed := &reloadFeed{gen: 1, items: feedItems(2*applyChunk+5, "Première génération")}
	f := NewFollower(New(nil, nil, nil, Options{}), text, feed, nil)
	if err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if len(text.applies) != 3 {
		t.Fatalf("start-up reload of %d items written in %d batches, want 3: %+v", len(feed.items), len(text.applies), text.applies)
	}
	for i, a := range text.applies {
		if a.recs > applyChunk {
			t.Errorf("batch %d writes %d items, more than %d", i, a.recs, applyChunk)
		}
		if last := i == len(text.applies)-1; (a.pos != nil) != last {
			t.Errorf("batch %d sets the position %q; only the last may", i, a.pos)
		}
	}
	if len(text.hashes) != len(feed.items) || string(text.pos) != "1:1" {
		t.Fatalf("after catching up: %d items at %q, want %d at 1:1", len(text.hashes), text.pos, len(feed.items))
	}
	text.applies = nil
	feed.gen, feed.items = 2, feedItems(2*applyChunk+5, "Seconde génération")
	if err := f.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if len(text.applies) != 0 || len(text.reloads) != 1 || text.reloads[0].recs != len(feed.items) ||
		text.reloads[0].removed != applyChunk || string(text.reloads[0].pos) != "2:1" {
		t.Errorf("a serving replica wrote a new generation as applies %+v and reloads %+v, want one reload of %d items in batches of %d at 2:1",
			text.applies, text.reloads, len(feed.items), applyChunk)
	}
	if len(text.hashes) != len(feed.items) {
		t.Errorf("after the reload the text index holds %d items, want %d", len(text.hashes), len(feed.items))
	}
}
