package stores

import (
	"context"
	"errors"
	"fmt"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/textindex"
)

// Indexer is the indexer keeping the text index and the vector store in
// step: Sync a catalog through it, then Commit.
func (s *Set) Indexer() *indexer.Indexer { return s.ix }

// Text is the Bleve text index; nil for a set writing the shared Postgres
// store only (see Open).
func (s *Set) Text() *textindex.Index { return s.text }

// Vectors is the vector store, the source of truth for items (during a
// Postgres rebuild, the staging store until Commit).
func (s *Set) Vectors() indexer.VectorStore { return s.vec }

// Embedder is the embedder of catalog items.
func (s *Set) Embedder() indexer.Embedder { return s.emb }

// QueryEmbedder is the embedder of employees' queries: the same model as
// Embedder, never through a persistent cache.
func (s *Set) QueryEmbedder() indexer.Embedder { return s.queryEmb }

// Docs is where the référentiel and the taxonomy in use are stored.
func (s *Set) Docs() *Docs { return s.docs }

// DocsVersion is the version of the référentiel and taxonomy stored in
// Postgres (Docs.Version) read before the stores loaded the référentiel
// ("" without a database): a replica that sees another one has missed
// nothing in between.
func (s *Set) DocsVersion() string { return s.docsVersion }

// Referentiel is the job référentiel in use, nil when none was imported.
func (s *Set) Referentiel() *catalog.Referentiel { return s.ref }

// DataDir is the data directory the set was opened on.
func (s *Set) DataDir() string { return s.dataDir }

// Fresh reports whether the set works on a new generation, live only after
// Commit: a first index, or a rebuild.
func (s *Set) Fresh() bool { return s.fresh }

// Commit makes a fresh generation live (and, for a Postgres rebuild, swaps
// the staging items into the live table first, in one transaction), then
// removes the demo job référentiel when another catalog replaced the demo's.
// Committing again does nothing.
func (s *Set) Commit(ctx context.Context) error {
	if s.fresh {
		if s.live != nil {
			if err := s.live.ReplaceWith(ctx, s.staging); err != nil {
				return err
			}
		}
		if err := s.model.commit(ctx); err != nil {
			return err
		}
		if s.dir != nil {
			if err := s.dir.Commit(s.gen); err != nil {
				return err
			}
		}
		s.fresh = false
	}
	if s.dropDemoRef {
		if err := s.docs.deleteReferentiel(ctx); err != nil {
			return fmt.Errorf("retirer le référentiel des emplois de démonstration : %w", err)
		}
		s.dropDemoRef = false
	}
	return nil
}

// Index makes the stores hold exactly items (see indexer.Indexer.Sync)
// and then Commits: what `tremplin index` does. On a fresh generation
// (a first index, or a set opened with Options.Rebuild) nothing is live
// until every item is in; an interrupted Index leaves the generation
// before it in use. The commit runs even if ctx ends once the sync is
// done, so that a sync written is never left half committed.
func (s *Set) Index(ctx context.Context, items []catalog.Item) (indexer.Stats, error) {
	return s.IndexKnown(ctx, items, nil)
}

// IndexKnown is Index of items and of the items known by their id and
// content hash (see indexer.Indexer.SyncKnown): when the stores do not
// hold those as they are, it returns an *indexer.KnownStaleError and
// writes nothing.
func (s *Set) IndexKnown(ctx context.Context, items []catalog.Item, known []catalog.Known) (indexer.Stats, error) {
	st, err := s.ix.SyncKnown(ctx, items, known)
	if err != nil {
		return st, err
	}
	return st, s.Commit(context.WithoutCancel(ctx))
}

// Rebuild builds a whole new generation holding items aside from the one
// in use and swaps it in at once: with Postgres, the staging schema's
// items replace the live ones in one transaction and every replica reloads
// the new generation, never a mix. The set must have been opened with
// Options.Rebuild (the staging stores and, for the local embedder, the
// weights fitted on the new corpus are chosen at Open); on another set it
// is an error, and nothing is written.
func (s *Set) Rebuild(ctx context.Context, items []catalog.Item) (indexer.Stats, error) {
	if !s.rebuild {
		return indexer.Stats{}, errors.New("stores: Rebuild on a set not opened with Options.Rebuild")
	}
	return s.Index(ctx, items)
}

// Close closes every opened store and releases the data directory's lock.
// A fresh generation not committed is left to be pruned by the next Open.
func (s *Set) Close() error {
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
	if s.unlockRebuild != nil {
		errs = append(errs, s.unlockRebuild())
	}
	if s.state != nil {
		errs = append(errs, s.state.Close())
	}
	if s.unlock != nil {
		errs = append(errs, s.unlock())
	}
	return errors.Join(errs...)
}
