package textindex

import (
	"context"
	"fmt"

	"github.com/tremplin/tremplin/catalog"
)

// feedKey is the internal key of the change-feed position the index was
// brought up to (see Apply).
var feedKey = []byte("tremplin:feed-position")

// Apply upserts recs, deletes ids and records pos as the change-feed
// position of the index, all in one Bleve batch: searches see the index
// before it or after it, never in between, and a process killed during it
// finds the old position with the old content. pos nil leaves the
// position as it was.
func (ix *Index) Apply(ctx context.Context, recs []catalog.Record, ids []string, pos []byte) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	b := ix.bi.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := addDocuments(b, recs); err != nil {
		return fmt.Errorf("apply to text index: %w", err)
	}
	if pos != nil {
		b.SetInternal(feedKey, pos)
	}
	if err := ix.batch(b); err != nil {
		return fmt.Errorf("apply to text index: %w", err)
	}
	return nil
}

// Position returns the change-feed position recorded by Apply, nil when
// none was.
func (ix *Index) Position(ctx context.Context) ([]byte, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v, err := ix.bi.GetInternal(feedKey)
	if err != nil {
		return nil, fmt.Errorf("read feed position: %w", wrapClosed(err))
	}
	return v, nil
}
