package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/tremplin/tremplin/api"
	"github.com/tremplin/tremplin/indexer/demand"
	"github.com/tremplin/tremplin/indexer/pgstate"
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
