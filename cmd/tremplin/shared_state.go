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

// docsPoll is how often a replica checks whether the référentiel, the
// taxonomy or the local embedder's weights stored in Postgres changed.
const docsPoll = 30 * time.Second

// watchDocuments follows what other processes change in Postgres besides
// the items, until ctx ends. New local embedder weights (stored by
// `tremplin index --rebuild` with the vectors it embedded) replace this
// replica's, so that queries are embedded like the vectors. A new
// référentiel or taxonomy is warned about, once: the items' métier tags
// follow through the change feed (referentiel import tags them again),
// but goal recognition and completions keep what the replica started
// with until it restarts.
func watchDocuments(ctx context.Context, s *stores.Set, logger *slog.Logger) {
	start, err := s.Docs().Version(ctx)
	if err != nil {
		logger.WarnContext(ctx, "referentiel version unreadable, changes will not be reported", "err", err)
	}
	warned := err != nil
	t := time.NewTicker(docsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if changed, err := s.ReloadEmbedder(ctx); err != nil && ctx.Err() == nil {
			logger.WarnContext(ctx, "local embedder weights in postgres unreadable", "err", err)
		} else if changed {
			logger.InfoContext(ctx, "local embedder weights reloaded from postgres", "model", s.QueryEmbedder().Model())
		}
		if v, err := s.Docs().Version(ctx); !warned && err == nil && v != start {
			logger.WarnContext(ctx, "referentiel or taxonomy changed in postgres since this replica started: restart it to recognise goals with the new one")
			warned = true
		}
	}
}
