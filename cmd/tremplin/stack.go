package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/recommender/metier"
)

// stack is the set of opened search stores for one data directory (and
// database when configured): what the index, recommend, eval and serve
// commands work on.
type stack struct {
	dir   *indexer.Dir
	gen   string // generation directory in use
	fresh bool   // gen is a new generation, live only after commit
	text  *textindex.Index
	vec   indexer.VectorStore
	emb   indexer.Embedder
	// queryEmb embeds employees' queries: never through the persistent
	// cache, which would keep a trace of every projet.
	queryEmb indexer.Embedder
	closeEmb func() error
	ref      *catalog.Referentiel // nil when no référentiel was imported
	ix       *indexer.Indexer
	// live is the Postgres store a rebuild swaps into at commit (vec is
	// then its staging store); nil otherwise.
	live *pgvector.Store
	// unlock releases the data directory's lock.
	unlock func() error
	// dataDir is the data directory; dropDemoRef says that the demo job
	// référentiel stored there goes at commit: the catalog being indexed
	// is not the demo's.
	dataDir     string
	dropDemoRef bool
}

type stackOptions struct {
	// rebuild builds a new generation aside, even if one is live.
	rebuild bool
	// corpus fits the local embedder of a new generation.
	corpus []catalog.Item
	// preferStored fits it on the items already stored, when there are some.
	preferStored bool
	progress     func(done, total int)
	// ref, when set, is used instead of the data directory's référentiel.
	ref *catalog.Referentiel
	// demoReferentiel says that corpus is the demo catalog: a new data
	// directory without a référentiel then gets the demo company's job
	// référentiel, so that the demo recognises métiers without ROME.
	demoReferentiel bool
	// index says that `tremplin index` opens the stack to fill it with
	// the catalog files of catalogPaths (none for the demo catalog). Any
	// other opening of a directory whose first index of catalog files was
	// interrupted is refused (see errInterruptedIndex).
	index        bool
	catalogPaths []string
}

const localModelFile = "local-embedder.bin"

// openStack opens the live generation of cfg.dataDir, or a new one when
// there is none or opts.rebuild is set.
func openStack(ctx context.Context, cfg config, logger *slog.Logger, opts stackOptions) (_ *stack, err error) {
	s := &stack{dataDir: cfg.dataDir}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if s.dir, err = indexer.OpenDir(cfg.dataDir); err != nil {
		return nil, err
	}
	if s.unlock, err = s.dir.Lock(); err != nil {
		return nil, err
	}
	if err := s.openGeneration(cfg.dataDir, opts); err != nil {
		return nil, err
	}
	s.ref = opts.ref
	if s.ref == nil {
		if s.ref, err = referentiel.Load(ctx, cfg.dataDir); err != nil && !errors.Is(err, catalog.ErrNotFound) {
			return nil, fmt.Errorf("charger le référentiel : %w", err)
		}
		if !opts.demoReferentiel && demo.IsReferentiel(s.ref) {
			// Another catalog replaces the demo's: its emplois are not this
			// company's, neither for tags nor for goals.
			logger.InfoContext(ctx, "demo job referentiel dropped: the catalog is not the demo's")
			s.ref, s.dropDemoRef = nil, true
		}
	}
	if cfg.databaseURL != "" && opts.rebuild {
		err = s.openStaging(ctx, cfg, logger)
	} else {
		s.vec, err = openVectors(ctx, cfg, logger, s.gen, embeddingDims(cfg))
	}
	if err != nil {
		return nil, fmt.Errorf("ouvrir la base de vecteurs : %w", err)
	}
	corpus, stored, err := s.corpus(ctx, opts)
	if err != nil {
		return nil, err
	}
	if s.ref == nil && opts.demoReferentiel && s.fresh && !stored {
		if s.ref, err = saveDemoReferentiel(ctx, cfg.dataDir); err != nil {
			return nil, err
		}
	}
	if s.emb, s.queryEmb, s.closeEmb, err = openEmbedder(ctx, cfg, logger, s.gen, s.fresh, corpus, s.ref); err != nil {
		return nil, err
	}
	if s.text, err = openText(filepath.Join(s.gen, "text.bleve"), logger); err != nil {
		return nil, fmt.Errorf("ouvrir l'index texte : %w", err)
	}
	s.ix = indexer.New(s.text, s.vec, s.emb, indexer.Options{
		Logger: logger, Tagger: newTagger(s.ref), Progress: opts.progress,
	})
	return s, nil
}

// openGeneration picks the generation to work on: the live one, or a new
// one when there is none or opts.rebuild is set. Generations left by an
// interrupted index or rebuild are removed first (the lock is held: no
// other process uses them). The first index of catalog files into the
// directory is marked until its commit, so that an interruption is never
// taken for an empty directory to fill with the demo catalog.
func (s *stack) openGeneration(dataDir string, opts stackOptions) (err error) {
	if s.gen, err = s.dir.Current(); err != nil {
		return err
	}
	if err := s.dir.Prune(); err != nil {
		return err
	}
	if s.gen == "" {
		if err := s.checkFirstIndex(dataDir, opts); err != nil {
			return err
		}
	}
	if s.gen == "" || opts.rebuild {
		if s.gen, err = s.dir.NewGeneration(); err != nil {
			return err
		}
		s.fresh = true
	}
	return nil
}

// checkFirstIndex marks the start of a first index of catalog files, and
// refuses to open, other than for `tremplin index` or a rebuild, a
// directory where such an index was interrupted.
func (s *stack) checkFirstIndex(dataDir string, opts stackOptions) error {
	if opts.index && len(opts.catalogPaths) > 0 {
		abs := make([]string, len(opts.catalogPaths))
		for i, p := range opts.catalogPaths {
			if a, err := filepath.Abs(p); err == nil {
				p = a
			}
			abs[i] = p
		}
		return s.dir.MarkStarted(strings.Join(abs, "\n") + "\n")
	}
	if opts.index || opts.rebuild {
		return nil
	}
	return interruptedIndex(s.dir, dataDir)
}

// exitInterruptedIndex is the exit code of a command refused because the
// first index of the data directory was interrupted.
const exitInterruptedIndex = 3

// interruptedIndex returns an error saying how to finish the interrupted
// first index of dir, or nil when none was interrupted. Call it only when
// dir has no live generation.
func interruptedIndex(dir *indexer.Dir, dataDir string) error {
	note, ok, err := dir.Started()
	if err != nil || !ok {
		return err
	}
	cmd := "tremplin index"
	for _, p := range strings.Split(strings.TrimSuffix(note, "\n"), "\n") {
		cmd += " --catalog " + shellQuote(p)
	}
	cmd += " --data " + shellQuote(dataDir)
	return &exitError{code: exitInterruptedIndex, err: fmt.Errorf(
		"indexation interrompue : la première indexation du catalogue dans %s n'a pas abouti, "+
			"et le catalogue de démonstration ne la remplace pas ; relancez « %s »", dataDir, cmd)}
}

// shellQuote writes s so that a POSIX shell reads it back as one word.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// openVectors opens pgvector when a database is configured, the embedded
// store of the generation otherwise.
func openVectors(ctx context.Context, cfg config, logger *slog.Logger, gen string, dims int) (indexer.VectorStore, error) {
	if cfg.databaseURL == "" {
		st, err := vecstore.Open(filepath.Join(gen, "vectors"))
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return st, nil
	}
	var opts []pgvector.Option
	if cfg.dbSchema != "" {
		opts = append(opts, pgvector.WithSchema(cfg.dbSchema))
	}
	st, err := pgvector.Open(ctx, cfg.databaseURL, dims, logger, opts...)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return st, nil
}

// openText opens the text index at path. One built by another version of
// the analysis is dropped and recreated empty: the sync refills it from
// the vector store or the catalog.
func openText(path string, logger *slog.Logger) (*textindex.Index, error) {
	ix, err := textindex.Open(path)
	if !errors.Is(err, textindex.ErrIncompatible) {
		return ix, err
	}
	logger.Warn("text index built by another analysis version, rebuilding it", "path", path)
	if err := os.RemoveAll(path); err != nil {
		return nil, err
	}
	return textindex.Open(path)
}

// embeddingDims is the dimension of the configured embedder's vectors.
func embeddingDims(cfg config) int {
	if cfg.embedder == "openai" {
		return cfg.openAIDims
	}
	return cfg.localDims
}

// corpus is what a new local embedder is fitted on: with preferStored, the
// items already in the vector store (Postgres, the source of truth) when
// it has some; otherwise opts.corpus.
func (s *stack) corpus(ctx context.Context, opts stackOptions) (_ []catalog.Item, fromStore bool, _ error) {
	if !s.fresh || !opts.preferStored {
		return opts.corpus, false, nil
	}
	stored, err := s.vec.Items(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("lire les éléments : %w", err)
	}
	if len(stored) > 0 {
		return stored, true, nil
	}
	return opts.corpus, false, nil
}

// saveDemoReferentiel stores the demo company's job référentiel in the data
// directory, where `tremplin referentiel import` would store ROME and ESCO,
// and returns it: the demo catalog then comes with métier recognition, and
// an import replaces it.
func saveDemoReferentiel(ctx context.Context, dataDir string) (*catalog.Referentiel, error) {
	ref, err := demo.Referentiel()
	if err != nil {
		return nil, fmt.Errorf("référentiel des emplois de démonstration : %w", err)
	}
	if err := referentiel.Save(ctx, dataDir, ref); err != nil {
		return nil, fmt.Errorf("enregistrer le référentiel des emplois de démonstration : %w", err)
	}
	return ref, nil
}

// openStaging opens, for a rebuild with Postgres, the live store and an
// empty staging store in a schema of its own: the rebuild fills the staging
// store and commit swaps its items into the live one in one transaction.
func (s *stack) openStaging(ctx context.Context, cfg config, logger *slog.Logger) error {
	name := stagingSchema(cfg.dbSchema)
	if err := pgvector.DropSchema(ctx, cfg.databaseURL, name); err != nil { // left by a crashed rebuild
		return err
	}
	dims := embeddingDims(cfg)
	live, err := openVectors(ctx, cfg, logger, s.gen, dims)
	if err != nil {
		return err
	}
	s.live = live.(*pgvector.Store)
	staging, err := pgvector.Open(ctx, cfg.databaseURL, dims, logger, pgvector.WithSchema(name))
	if err != nil {
		return err
	}
	s.vec = staging
	return nil
}

// stagingSchema is the schema where a Postgres rebuild is built aside.
func stagingSchema(live string) string {
	if live == "" {
		return "tremplin_rebuild"
	}
	return live[:min(len(live), 54)] + "_rebuild"
}

// commit makes a fresh generation live (and, for a Postgres rebuild, swaps
// the staging items into the live table first), then removes the demo job
// référentiel when another catalog replaced the demo's.
func (s *stack) commit() error {
	if s.fresh {
		if s.live != nil {
			if err := s.live.ReplaceWith(context.Background(), s.vec.(*pgvector.Store)); err != nil {
				return err
			}
		}
		if err := s.dir.Commit(s.gen); err != nil {
			return err
		}
		s.fresh = false
	}
	if s.dropDemoRef {
		if err := os.Remove(filepath.Join(s.dataDir, referentiel.FileName)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("retirer le référentiel des emplois de démonstration : %w", err)
		}
		s.dropDemoRef = false
	}
	return nil
}

// Close closes every opened store.
func (s *stack) Close() error {
	var errs []error
	if s.text != nil {
		errs = append(errs, s.text.Close())
	}
	if s.vec != nil {
		errs = append(errs, s.vec.Close())
	}
	if s.live != nil {
		errs = append(errs, s.live.Close())
	}
	if s.closeEmb != nil {
		errs = append(errs, s.closeEmb())
	}
	if s.unlock != nil {
		errs = append(errs, s.unlock())
	}
	return errors.Join(errs...)
}

// openEmbedder returns the embedder of catalog items, the one of queries,
// and what closes them.
func openEmbedder(ctx context.Context, cfg config, logger *slog.Logger, gen string, fresh bool, corpus []catalog.Item, ref *catalog.Referentiel) (items, queries indexer.Embedder, closer func() error, err error) {
	noop := func() error { return nil }
	if cfg.embedder == "openai" {
		inner, err := embed.NewOpenAI(embed.Config{
			APIKey: cfg.openAIKey, BaseURL: cfg.openAIBaseURL, Model: cfg.openAIModel,
			Dimensions: cfg.openAIDims, RequestTimeout: cfg.openAITimeout, Logger: logger,
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("configurer l'embedder OpenAI : %w", err)
		}
		cache, err := embed.OpenCache(filepath.Join(cfg.dataDir, "embedding-cache"), inner)
		if err != nil {
			return nil, nil, nil, err
		}
		return cache, inner, cache.Close, nil
	}
	path := filepath.Join(gen, localModelFile)
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
	texts, concepts := corpusTexts(corpus, ref)
	l, err := embed.FitLocalConcepts(texts, concepts, embed.LocalOptions{Dimensions: cfg.localDims})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("entraîner l'embedder local : %w", err)
	}
	if err := l.Save(path); err != nil {
		return nil, nil, nil, fmt.Errorf("enregistrer l'embedder local : %w", err)
	}
	logger.InfoContext(ctx, "local embedder fitted", "documents", len(corpus), "dims", l.Dimensions(), "model", l.Model())
	return l, l, noop, nil
}

// corpusTexts is what the local embedder learns its weights from: the
// catalog items and, when imported, the ROME fiches, which also become its
// concepts (métiers a text is pointed towards).
func corpusTexts(items []catalog.Item, ref *catalog.Referentiel) (texts, concepts []string) {
	texts = make([]string, 0, len(items))
	for _, it := range items {
		texts = append(texts, catalog.EmbeddingText(it))
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

// newTagger returns the item→métier tagger for ref, or nil without a référentiel.
func newTagger(ref *catalog.Referentiel) indexer.Tagger {
	if ref == nil {
		return nil
	}
	return metier.NewTagger(ref, 0)
}
