package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/tremplin/tremplin/catalog/plan"
)

// retentionActor is who the audit log names for a purge.
var retentionActor = plan.Actor{ID: "tremplin", Role: "retention"}

// signedPurger is what the retention purge needs of the records store.
type signedPurger interface {
	PurgeSigned(ctx context.Context, actor plan.Actor, signedBefore time.Time) (int, error)
}

// purgeRecords removes the signed records older than keep at once, then
// every interval until ctx ends. Each replica runs it; the store removes
// each record once. The log gives counts only, never a record.
func purgeRecords(ctx context.Context, st signedPurger, keep retention, now func() time.Time, logger *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		purgeOnce(ctx, st, keep, now, logger)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeOnce runs one purge and logs its outcome.
func purgeOnce(ctx context.Context, st signedPurger, keep retention, now func() time.Time, logger *slog.Logger) {
	before := keep.before(now())
	n, err := st.PurgeSigned(ctx, retentionActor, before)
	switch {
	case err != nil && ctx.Err() == nil:
		logger.Warn("record retention purge failed", "err", err)
	case n > 0:
		logger.Info("record retention purge", "purged", n, "signed_before", before.Format(time.DateOnly))
	}
}
