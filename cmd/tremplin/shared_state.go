package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/tremplin/tremplin/api"
	"github.com/tremplin/tremplin/indexer/demand"
	"github.com/tremplin/tremplin/indexer/pgstate"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender"
)

// sharedState is what serve keeps besides the search stores: sign-in
// sessions and skill-demand counts. With DATABASE_URL they live in
// Postgres, shared by every replica (nothing of them on the data
// directory); without, in memory and in the data directory's file.
type sharedState struct {
	sessions api.SessionStore // nil: the API's in-memory store
	counts   recommender.DemandCounter
	flush    func() error // writes counts kept in memory; a no-op for Postgres
	close    func() error
}

// openShared opens the shared state of cfg.
func openShared(ctx context.Context, cfg config, logger *slog.Logger) (*sharedState, error) {
	if cfg.databaseURL == "" {
		f, err := demand.Open(filepath.Join(cfg.dataDir, "skill-demand.json"))
		if err != nil {
			return nil, err
		}
		return &sharedState{counts: f, flush: f.Flush, close: func() error { return nil }}, nil
	}
	db, err := pgstate.Open(ctx, cfg.databaseURL, cfg.dbSchema, logger)
	if err != nil {
		return nil, fmt.Errorf("ouvrir l'état partagé dans Postgres : %w", err)
	}
	return &sharedState{
		sessions: db.Sessions(), counts: db.Demand(),
		flush: func() error { return nil }, close: db.Close,
	}, nil
}

// docsPoll is how often a replica checks whether the référentiel or the
// taxonomy stored in Postgres changed.
const docsPoll = 30 * time.Second

// watchDocuments warns, once, when the référentiel or the taxonomy stored
// in Postgres changes while this replica runs: the métier tags of the
// items follow through the change feed (referentiel import tags them
// again), but goal recognition and completions keep what the replica
// started with until it restarts. It returns once ctx ends.
func watchDocuments(ctx context.Context, docs *stores.Docs, logger *slog.Logger) {
	start, err := docs.Version(ctx)
	if err != nil {
		logger.WarnContext(ctx, "referentiel version unreadable, changes will not be reported", "err", err)
		return
	}
	t := time.NewTicker(docsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := docs.Version(ctx)
		if err != nil || v == start {
			continue
		}
		logger.WarnContext(ctx, "referentiel or taxonomy changed in postgres since this replica started: restart it to recognise goals with the new one")
		return
	}
}
