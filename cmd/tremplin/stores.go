package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender/metier"
)

// exitInterruptedIndex is the exit code of a command refused because the
// first index of the data directory was interrupted.
const exitInterruptedIndex = 3

// storesConfig says, from cfg, where the stores live and which embedder
// fills them.
func storesConfig(cfg config) stores.Config {
	return stores.Config{
		DataDir: cfg.dataDir, DatabaseURL: cfg.databaseURL, DBSchema: cfg.dbSchema,
		Embedder: cfg.embedder, LocalDims: cfg.localDims,
		OpenAIKey: cfg.openAIKey, OpenAIBaseURL: cfg.openAIBaseURL, OpenAIModel: cfg.openAIModel,
		OpenAIDims: cfg.openAIDims, OpenAITimeout: cfg.openAITimeout,
	}
}

// openStores opens the stores of cfg for a command that wants o, logging
// to logger and tagging items with their métiers. An interrupted first
// index is refused with exitInterruptedIndex.
func openStores(ctx context.Context, cfg config, logger *slog.Logger, o stores.Options) (*stores.Set, error) {
	o.Logger = logger
	if o.NewTagger == nil {
		o.NewTagger = newTagger
	}
	s, err := stores.Open(ctx, storesConfig(cfg), o)
	if ie := (*stores.InterruptedError)(nil); errors.As(err, &ie) {
		return nil, &exitError{code: exitInterruptedIndex, err: err}
	}
	return s, err
}

// newTagger returns the item→métier tagger for ref.
func newTagger(ref *catalog.Referentiel) indexer.Tagger {
	return metier.NewTagger(ref, 0)
}
