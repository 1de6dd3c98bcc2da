package stores

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/embed"
)

// openEmbedder returns the embedder of catalog items, the one of queries,
// and what closes them: OpenAI behind the data directory's cache, or the
// local embedder of generation gen (fitted on corpus when fresh).
func openEmbedder(ctx context.Context, cfg Config, logger *slog.Logger, gen string, fresh bool, corpus []catalog.Item, ref *catalog.Referentiel, shared *sharedModel, rebuild bool) (items, queries indexer.Embedder, closer func() error, err error) {
	noop := func() error { return nil }
	if cfg.Embedder == "openai" {
		inner, err := embed.NewOpenAI(embed.Config{
			APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel,
			Dimensions: cfg.OpenAIDims, RequestTimeout: cfg.OpenAITimeout, Logger: logger,
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("configurer l'embedder OpenAI : %w", err)
		}
		if gen == "" {
			// Writing Postgres only, beside a server that holds the data
			// directory: no cache (the vectors of unchanged items stay
			// in Postgres).
			return inner, inner, noop, nil
		}
		cache, err := embed.OpenCache(filepath.Join(cfg.DataDir, "embedding-cache"), inner)
		if err != nil {
			return nil, nil, nil, err
		}
		return cache, inner, cache.Close, nil
	}
	path := ""
	if gen != "" {
		path = filepath.Join(gen, localModelFile)
	}
	if shared != nil { // Postgres: the weights of the database, whatever this data directory holds
		l, err := shared.local(ctx, logger, rebuild, fresh, path, func() (*embed.Local, error) {
			return fitLocal(ctx, cfg, logger, corpus, ref)
		})
		if err != nil {
			return nil, nil, nil, err
		}
		if gen != "" {
			if err := l.Save(path); err != nil {
				return nil, nil, nil, fmt.Errorf("enregistrer l'embedder local : %w", err)
			}
		}
		shared.live = newSwapLocal(l)
		return shared.live, shared.live, noop, nil
	}
	if !fresh {
		l, err := embed.LoadLocal(path)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil, errors.New("index incomplet (modèle d'embeddings absent) : relancez « tremplin index --rebuild »")
		}
		if err != nil {
			return nil, nil, nil, err
		}
		return l, l, noop, nil
	}
	l, err := fitLocal(ctx, cfg, logger, corpus, ref)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := l.Save(path); err != nil {
		return nil, nil, nil, fmt.Errorf("enregistrer l'embedder local : %w", err)
	}
	return l, l, noop, nil
}

// fitLocal fits the local embedder on corpus and the métiers of ref.
func fitLocal(ctx context.Context, cfg Config, logger *slog.Logger, corpus []catalog.Item, ref *catalog.Referentiel) (*embed.Local, error) {
	texts, concepts := corpusTexts(corpus, ref)
	l, err := embed.FitLocalConcepts(texts, concepts, embed.LocalOptions{Dimensions: cfg.LocalDims})
	if err != nil {
		return nil, fmt.Errorf("entraîner l'embedder local : %w", err)
	}
	logger.InfoContext(ctx, "local embedder fitted", "items", len(corpus), "fitted_items", len(texts)-len(concepts), "dims", l.Dimensions(), "model", l.Model())
	return l, nil
}

// maxFitItems is the most catalog items the local embedder learns its
// weights from. Beyond it the document frequencies of a sample spread
// evenly over the catalog are as good an estimate, and fitting stops
// growing with the catalog (it took a tenth of indexing at 100,000 items).
// Catalogs up to this size, the RNCP benchmark among them, are fitted on
// every item as before.
const maxFitItems = 20_000

// corpusTexts is what the local embedder learns its weights from: the
// catalog items (at most maxFitItems of them, evenly spread) and, when
// imported, the ROME fiches, which also become its concepts (métiers a
// text is pointed towards).
func corpusTexts(items []catalog.Item, ref *catalog.Referentiel) (texts, concepts []string) {
	n := min(len(items), maxFitItems)
	texts = make([]string, 0, n)
	for k := range n {
		texts = append(texts, catalog.EmbeddingText(items[k*len(items)/n]))
	}
	if ref != nil {
		for _, m := range ref.Metiers {
			if m.Structured() {
				concepts = append(concepts, embed.ConceptText(m))
			}
		}
	}
	return append(texts, concepts...), concepts
}
