// Package stores opens, commits and closes the search stores of one data
// directory (and database, when configured): the generation in use, its
// lock, the Bleve text index, the vector store (embedded or pgvector), the
// embedders and the indexer over them. Commands open a Set, sync a catalog
// through its Indexer, Commit and Close; they never see which concrete
// stores were opened.
//
// It lives beside package indexer rather than in it: indexer declares what
// it needs from the stores, and this package is the one that imports them
// all to assemble them.
package stores

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/pgstate"
	"github.com/tremplin/tremplin/indexer/pgvector"
	"github.com/tremplin/tremplin/indexer/textindex"
)

// Config says where the stores live and which embedder fills them: plain
// values, from the environment.
type Config struct {
	// DataDir is the data directory (generations, lock, référentiel).
	DataDir string
	// DatabaseURL selects pgvector when set, the embedded store otherwise.
	DatabaseURL string
	// DBSchema is the Postgres schema of the tables ("": the connection's).
	DBSchema string
	// Embedder is "openai" or "local" (anything else means local).
	Embedder string
	// LocalDims is the dimension of the local embedder's vectors.
	LocalDims int
	// OpenAIKey, OpenAIBaseURL, OpenAIModel, OpenAIDims and OpenAITimeout
	// configure the OpenAI embedder.
	OpenAIKey     string
	OpenAIBaseURL string
	OpenAIModel   string
	OpenAIDims    int
	OpenAITimeout time.Duration
}

// Options are what the command opening the stores wants.
type Options struct {
	// Rebuild builds a new generation aside, even if one is live (with
	// Postgres, in a staging schema swapped in at Commit).
	Rebuild bool
	// Corpus fits the local embedder of a new generation.
	Corpus []catalog.Item
	// PreferStored fits it on the items already stored, when there are some.
	PreferStored bool
	// Referentiel, when set, is used instead of the data directory's.
	Referentiel *catalog.Referentiel
	// DemoReferentiel says that Corpus is the demo catalog: a new data
	// directory without a référentiel then gets the demo company's job
	// référentiel, so that the demo recognises métiers without ROME.
	DemoReferentiel bool
	// Index says that `tremplin index` opens the stores to fill them with
	// the catalog files of CatalogPaths (none for the demo catalog). Any
	// other opening of a directory whose first index of catalog files was
	// interrupted is refused with an *InterruptedError.
	Index        bool
	CatalogPaths []string
	// VectorsOnly, with a database, writes the shared Postgres store only,
	// beside any server running on it (see Open); ignored without one.
	VectorsOnly bool

	// Logger receives the lifecycle's logs (nil: discarded).
	Logger *slog.Logger
	// Progress, when set, is called as items are indexed.
	Progress func(done, total int)
	// NewTagger returns the item→métier tagger for a référentiel, which is
	// never nil; without it, or without a référentiel, items are not tagged.
	NewTagger func(*catalog.Referentiel) indexer.Tagger
}

// Set is the opened stores of one data directory. Its methods are not safe
// for concurrent use, except those of the stores it returns.
type Set struct {
	dir   *indexer.Dir
	gen   string // generation directory in use
	fresh bool   // gen is a new generation, live only after Commit
	text  *textindex.Index
	vec   indexer.VectorStore
	emb   indexer.Embedder
	// queryEmb embeds employees' queries: never through the persistent
	// cache, which would keep a trace of every projet.
	queryEmb indexer.Embedder
	closeEmb func() error
	ref      *catalog.Referentiel // nil when no référentiel was imported
	// docsVersion is the version of the stored documents (Docs.Version)
	// read before the référentiel was: what a later change is told by.
	docsVersion string
	ix          *indexer.Indexer
	// live is the Postgres store a rebuild swaps into at Commit, and
	// staging the store it fills (vec); both nil otherwise.
	live, staging *pgvector.Store
	// pg is the live Postgres store when not rebuilding, and follower
	// applies its change feed to text; both nil otherwise.
	pg       *pgvector.Store
	follower *indexer.Follower
	// unlockRebuild releases the database's rebuild lock (Postgres
	// rebuilds only).
	unlockRebuild func() error
	unlock        func() error // releases the data directory's lock
	dataDir       string
	// state and model, with Postgres and the local embedder, hold its
	// weights in the database (nil otherwise).
	state *pgstate.DB
	model *sharedModel
	// dropDemoRef says that the demo job référentiel stored goes at
	// Commit: the catalog being indexed is not the demo's.
	dropDemoRef bool
	// docs holds the référentiel and the taxonomy in use (Postgres with a
	// database, the data directory otherwise).
	docs *Docs
	// vectorsOnly says the set writes the shared Postgres store only (see
	// Options.VectorsOnly): no data directory, lock, generation nor text index.
	vectorsOnly bool
	// rebuild says the set was opened with Options.Rebuild.
	rebuild bool
}

// localModelFile is the local embedder's weights in a generation.
const localModelFile = "local-embedder.bin"

// Open opens the live generation of cfg.DataDir, or a new one when there is
// none or opts.Rebuild is set, and holds the directory's lock until Close.
//
// With a database and opts.VectorsOnly, the set writes Postgres only, beside any
// server running on the same database: it takes no data directory lock and
// opens no text index (Text is nil), since every replica brings its own
// text index in step through the change feed (a rebuild starts a new
// generation, which they reload whole).
func Open(ctx context.Context, cfg Config, opts Options) (_ *Set, err error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Set{dataDir: cfg.DataDir, vectorsOnly: cfg.DatabaseURL != "" && opts.VectorsOnly, rebuild: opts.Rebuild}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	s.docs = &Docs{dataDir: cfg.DataDir}
	if cfg.DatabaseURL != "" {
		if s.state, err = pgstate.Open(ctx, cfg.DatabaseURL, cfg.DBSchema, opts.Logger); err != nil {
			return nil, err
		}
		s.docs.db = s.state
	}
	if s.vectorsOnly {
		s.fresh = opts.Rebuild
	} else {
		if s.dir, err = indexer.OpenDir(cfg.DataDir); err != nil {
			return nil, err
		}
		if s.unlock, err = s.dir.Lock(); err != nil {
			return nil, err
		}
		if err := s.openGeneration(opts); err != nil {
			return nil, err
		}
	}
	if err := s.loadReferentiel(ctx, opts); err != nil {
		return nil, err
	}
	switch {
	case cfg.DatabaseURL != "" && opts.Rebuild:
		err = s.openStaging(ctx, cfg, opts.Logger)
	case cfg.DatabaseURL != "":
		if s.pg, err = openPostgres(ctx, cfg, opts.Logger, cfg.DBSchema); err == nil {
			s.vec = s.pg
		}
	default:
		s.vec, err = openVectors(ctx, cfg, opts.Logger, s.gen)
	}
	if err != nil {
		return nil, fmt.Errorf("ouvrir la base de vecteurs : %w", err)
	}
	if err := s.openIndexer(ctx, cfg, opts); err != nil {
		return nil, err
	}
	return s, nil
}

// openIndexer opens the embedders and the text index, and the indexer
// over them.
func (s *Set) openIndexer(ctx context.Context, cfg Config, opts Options) (err error) {
	corpus, stored, err := s.corpus(ctx, opts)
	if err != nil {
		return err
	}
	if s.ref == nil && opts.DemoReferentiel && (s.fresh || s.vectorsOnly) && !stored {
		if s.ref, err = saveDemoReferentiel(ctx, s.docs); err != nil {
			return err
		}
	}
	if s.state != nil && cfg.Embedder != "openai" {
		s.model = &sharedModel{docs: s.state.Documents()}
	}
	if s.emb, s.queryEmb, s.closeEmb, err = openEmbedder(ctx, cfg, opts.Logger, s.gen, s.fresh, corpus, s.ref, s.model, opts.Rebuild); err != nil {
		return err
	}
	var text indexer.TextIndex // nil: the vector store only
	if !s.vectorsOnly {
		if s.text, err = openText(filepath.Join(s.gen, "text.bleve"), opts.Logger); err != nil {
			return fmt.Errorf("ouvrir l'index texte : %w", err)
		}
		text = s.text
	}
	var tagger indexer.Tagger
	if s.ref != nil && opts.NewTagger != nil {
		tagger = opts.NewTagger(s.ref)
	}
	s.ix = indexer.New(text, s.vec, s.emb, indexer.Options{
		Logger: opts.Logger, Tagger: tagger, Progress: opts.Progress,
	})
	if s.pg != nil && s.text != nil {
		s.follower = indexer.NewFollower(s.ix, s.text, pgFeed{s.pg}, opts.Logger)
	}
	return nil
}

// loadReferentiel picks the référentiel in use: cfg's, or the one stored
// (in Postgres with a database, else in the data directory) unless it is
// the demo's and the catalog is not.
func (s *Set) loadReferentiel(ctx context.Context, opts Options) (err error) {
	if s.ref = opts.Referentiel; s.ref != nil {
		return nil
	}
	// The version first: a référentiel stored meanwhile shows as a newer one.
	if s.docsVersion, err = s.docs.Version(ctx); err != nil {
		// A replica then reloads at its first check: nothing is missed.
		opts.Logger.WarnContext(ctx, "referentiel version unreadable", "err", err)
		s.docsVersion = ""
	}
	if s.ref, err = s.docs.Referentiel(ctx); err != nil && !errors.Is(err, catalog.ErrNotFound) {
		return fmt.Errorf("charger le référentiel : %w", err)
	}
	if !opts.DemoReferentiel && demo.IsReferentiel(s.ref) {
		// Another catalog replaces the demo's: its emplois are not this
		// company's, neither for tags nor for goals.
		opts.Logger.InfoContext(ctx, "demo job referentiel dropped: the catalog is not the demo's")
		s.ref, s.dropDemoRef = nil, true
	}
	return nil
}

// openGeneration picks the generation to work on: the live one, or a new
// one when there is none or opts.Rebuild is set. Generations left by an
// interrupted index or rebuild are removed first (the lock is held: no
// other process uses them). The first index of catalog files into the
// directory is marked until its commit, so that an interruption is never
// taken for an empty directory to fill with the demo catalog.
func (s *Set) openGeneration(opts Options) (err error) {
	if s.gen, err = s.dir.Current(); err != nil {
		return err
	}
	if err := s.dir.Prune(); err != nil {
		return err
	}
	if s.gen == "" {
		if err := s.checkFirstIndex(opts); err != nil {
			return err
		}
	}
	if s.gen == "" || opts.Rebuild {
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
func (s *Set) checkFirstIndex(opts Options) error {
	if opts.Index && len(opts.CatalogPaths) > 0 {
		abs := make([]string, len(opts.CatalogPaths))
		for i, p := range opts.CatalogPaths {
			if a, err := filepath.Abs(p); err == nil {
				p = a
			}
			abs[i] = p
		}
		return s.dir.MarkStarted(strings.Join(abs, "\n") + "\n")
	}
	if opts.Index || opts.Rebuild {
		return nil
	}
	return interrupted(s.dir, s.dataDir)
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

// corpus is what a new local embedder is fitted on: with PreferStored, the
// items already in the vector store (Postgres, the source of truth) when
// it has some; otherwise opts.Corpus.
func (s *Set) corpus(ctx context.Context, opts Options) (_ []catalog.Item, fromStore bool, _ error) {
	if !s.fresh || !opts.PreferStored {
		return opts.Corpus, false, nil
	}
	stored, err := s.vec.Items(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("lire les éléments : %w", err)
	}
	if len(stored) > 0 {
		return stored, true, nil
	}
	return opts.Corpus, false, nil
}

// saveDemoReferentiel stores the demo company's job référentiel where
// `tremplin referentiel import` would store ROME and ESCO, unless another
// replica stored one first, and returns the one in use: the demo catalog
// then comes with métier recognition, and an import replaces it.
func saveDemoReferentiel(ctx context.Context, docs *Docs) (*catalog.Referentiel, error) {
	ref, err := demo.Referentiel()
	if err != nil {
		return nil, fmt.Errorf("référentiel des emplois de démonstration : %w", err)
	}
	if ref, err = docs.createReferentiel(ctx, ref); err != nil {
		return nil, fmt.Errorf("enregistrer le référentiel des emplois de démonstration : %w", err)
	}
	return ref, nil
}
