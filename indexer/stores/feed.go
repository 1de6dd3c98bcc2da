package stores

import (
	"context"
	"time"

	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/pgvector"
)

// Follower applies the change feed of the shared Postgres store to this
// replica's text index (see indexer.Follower); nil without Postgres, or
// during a rebuild. Run it beside the server, after a first CatchUp.
func (s *Set) Follower() *indexer.Follower { return s.follower }

// pgFeed is the change feed of a pgvector store, as indexer.Follower
// wants it.
type pgFeed struct{ st *pgvector.Store }

func (f pgFeed) ChangesSince(ctx context.Context, from indexer.FeedPosition, maxSeqs int64) (indexer.FeedChanges, error) {
	ch, err := f.st.ChangesSince(ctx, pgvector.FeedPosition(from), maxSeqs)
	if err != nil {
		return indexer.FeedChanges{}, err
	}
	return indexer.FeedChanges{
		Next: indexer.FeedPosition(ch.Next), Head: indexer.FeedPosition(ch.Head), Reload: ch.Reload,
		Upserted: ch.Upserted, Removed: ch.Removed,
	}, nil
}

func (f pgFeed) Head(ctx context.Context, applied indexer.FeedPosition) (indexer.FeedPosition, time.Time, error) {
	h, since, err := f.st.FeedHead(ctx, pgvector.FeedPosition(applied))
	return indexer.FeedPosition(h), since, err
}

func (f pgFeed) Listen(ctx context.Context, wake func()) error { return f.st.Listen(ctx, wake) }

func (f pgFeed) PruneFeed(ctx context.Context, retention time.Duration) (int64, error) {
	return f.st.PruneFeed(ctx, retention)
}
