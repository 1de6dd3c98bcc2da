package pgvector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
)

// FeedPosition is a place in the change feed: the generation (bumped by
// each rebuild) and the sequence number of the last change applied.
type FeedPosition struct {
	Generation int64
	Seq        int64
}

// Changes is what a replica at some position must apply to catch up.
type Changes struct {
	// Next is the position once the changes are applied.
	Next FeedPosition
	// Head is the position of the feed when they were read.
	Head FeedPosition
	// Reload says that the generation changed, or that the changes after
	// the replica's position were pruned: Upserted is then every item, and
	// any other item held by the replica must go.
	Reload bool
	// Upserted are the current versions of the items changed; Removed the
	// ids of those that no longer exist.
	Upserted []catalog.Item
	Removed  []string
}

// channel is the NOTIFY channel of the store's schema.
func (s *Store) channel() string {
	if s.schema == "" {
		return "tremplin_feed"
	}
	return "tremplin_feed_" + s.schema
}

// recordChange takes the next sequence number in tx, records ids under it
// and notifies listeners at commit. The row lock on feed_head, held until
// tx ends, makes sequence numbers commit in order.
func (s *Store) recordChange(ctx context.Context, tx pgx.Tx, ids []string) error {
	var seq int64
	if err := tx.QueryRow(ctx, "UPDATE feed_head SET seq = seq + 1, changed_at = now() RETURNING seq").Scan(&seq); err != nil {
		return fmt.Errorf("feed: next sequence: %w", err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO item_changes (seq, id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING", seq, ids); err != nil {
		return fmt.Errorf("feed: record changes: %w", err)
	}
	if _, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", s.channel(), fmt.Sprint(seq)); err != nil {
		return fmt.Errorf("feed: notify: %w", err)
	}
	return nil
}

// newGeneration starts a new generation in tx: the history of the old one
// is dropped, and replicas reload every item.
func (s *Store) newGeneration(ctx context.Context, tx pgx.Tx) error {
	var seq int64
	if err := tx.QueryRow(ctx, "UPDATE feed_head SET seq = seq + 1, generation = generation + 1, changed_at = now() RETURNING seq").Scan(&seq); err != nil {
		return fmt.Errorf("feed: new generation: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM item_changes"); err != nil {
		return fmt.Errorf("feed: clear changes: %w", err)
	}
	_, err := tx.Exec(ctx, "SELECT pg_notify($1, $2)", s.channel(), fmt.Sprint(seq))
	return err
}

// ChangesSince returns, read from one snapshot, what a replica at from
// must apply: the items changed by at most maxSeqs sequence numbers after
// it, or every item when from is of another generation or before the
// changes PruneFeed dropped.
func (s *Store) ChangesSince(ctx context.Context, from FeedPosition, maxSeqs int64) (Changes, error) {
	var ch Changes
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		var pruned int64
		if err := tx.QueryRow(ctx, "SELECT generation, seq, pruned_seq FROM feed_head").Scan(&ch.Head.Generation, &ch.Head.Seq, &pruned); err != nil {
			return fmt.Errorf("read feed head: %w", err)
		}
		if from.Generation != ch.Head.Generation || from.Seq < pruned {
			ch.Reload, ch.Next = true, ch.Head
			rows, err := tx.Query(ctx, "SELECT id, doc FROM items ORDER BY id")
			if err != nil {
				return err
			}
			ch.Upserted, err = collectItems(rows)
			return err
		}
		ch.Next = FeedPosition{Generation: from.Generation, Seq: min(ch.Head.Seq, from.Seq+maxSeqs)}
		if ch.Next.Seq <= from.Seq {
			ch.Next = from
			return nil
		}
		rows, err := tx.Query(ctx, `SELECT c.id, i.doc FROM (SELECT DISTINCT id FROM item_changes WHERE seq > $1 AND seq <= $2) c
			LEFT JOIN items i ON i.id = c.id ORDER BY c.id`, from.Seq, ch.Next.Seq)
		if err != nil {
			return err
		}
		var id string
		var doc []byte
		_, err = pgx.ForEachRow(rows, []any{&id, &doc}, func() error {
			if doc == nil {
				ch.Removed = append(ch.Removed, id)
				return nil
			}
			it, err := decodeItem(id, doc)
			ch.Upserted = append(ch.Upserted, it)
			return err
		})
		return err
	})
	if err != nil {
		return Changes{}, fmt.Errorf("pgvector: read changes: %w", err)
	}
	return ch, nil
}

func collectItems(rows pgx.Rows) ([]catalog.Item, error) {
	var out []catalog.Item
	var id string
	var doc []byte
	_, err := pgx.ForEachRow(rows, []any{&id, &doc}, func() error {
		it, err := decodeItem(id, doc)
		out = append(out, it)
		return err
	})
	return out, err
}

// FeedHead returns the feed's position and, when changes after applied
// are pending, when the oldest of them was committed (zero otherwise).
func (s *Store) FeedHead(ctx context.Context, applied FeedPosition) (head FeedPosition, pendingSince time.Time, err error) {
	var oldest *time.Time
	err = s.pool.QueryRow(ctx, `SELECT h.generation, h.seq,
		CASE WHEN h.generation <> $1 THEN h.changed_at
		     ELSE (SELECT min(changed_at) FROM item_changes WHERE seq > $2) END
		FROM feed_head h`, applied.Generation, applied.Seq).Scan(&head.Generation, &head.Seq, &oldest)
	if err != nil {
		return FeedPosition{}, time.Time{}, fmt.Errorf("pgvector: read feed head: %w", err)
	}
	if oldest != nil && head != applied {
		pendingSince = *oldest
	}
	return head, pendingSince, nil
}

// Listen calls wake on each change committed to the store, on its own
// connection, until ctx ends. It also calls wake after each (re)connection,
// since notifications sent while disconnected are lost; it reconnects with
// exponential backoff (at most 5 s apart). It returns ctx's error.
func (s *Store) Listen(ctx context.Context, wake func()) error {
	bo := backoff.NewExponentialBackOff()
	bo.InitialInterval, bo.MaxInterval, bo.MaxElapsedTime = 100*time.Millisecond, 5*time.Second, 0
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, wake, bo.Reset)
		if ctx.Err() != nil {
			break
		}
		d := bo.NextBackOff()
		s.logger.Warn("change feed listener disconnected, reconnecting", "err", err, "retry_in_ms", d.Milliseconds())
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
	}
	return ctx.Err()
}

func (s *Store) listenOnce(ctx context.Context, wake, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.connConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel()}.Sanitize()); err != nil {
		return err
	}
	connected()
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return ctx.Err()
			}
			return err
		}
		wake()
	}
}

// PruneFeed drops the changes committed more than retention ago, keeping
// the feed's size bounded, and returns how many rows went. A replica
// still behind them (stopped longer than retention) reloads the whole
// generation at its next catch-up rather than applying changes one by one.
// Every replica may call it: it is one transaction, serialised with the
// writers by the feed head's row lock.
func (s *Store) PruneFeed(ctx context.Context, retention time.Duration) (int64, error) {
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var pruned int64
		err := tx.QueryRow(ctx, `UPDATE feed_head SET pruned_seq = greatest(pruned_seq,
			coalesce((SELECT max(seq) FROM item_changes WHERE changed_at < now() - make_interval(secs => $1)), 0))
			RETURNING pruned_seq`, retention.Seconds()).Scan(&pruned)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, "DELETE FROM item_changes WHERE seq <= $1", pruned)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("pgvector: prune feed: %w", err)
	}
	return n, nil
}
