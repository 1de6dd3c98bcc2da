package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender"
)

// liveDocs is what serve builds from the référentiel and the skills
// taxonomy in use: the recommender (goal recognition, skill gap), the
// skill and métier completions with the référentiels' source notices, the
// skill-demand reporter's vocabulary and the indexer's métier tagger. With
// DATABASE_URL another process may store a new référentiel or taxonomy
// (`referentiel import`, `taxonomy import`): reload builds everything
// anew, aside, and swaps it in at once, so that each call sees one
// version or the other. It serves as the API's Recommender, Skills and
// Metiers.
type liveDocs struct {
	build  func(ref *catalog.Referentiel, tax *catalog.Taxonomy) *recommender.Recommender
	gaps   *recommender.GapReporter // nil: none to keep in step
	tagger *liveTagger              // nil: the indexer tags nothing
	cur    atomic.Pointer[docsView]
}

// docsView is one version of what liveDocs serves.
type docsView struct {
	version     uint64 // 1 for the first view, then one more per reload
	rec         *recommender.Recommender
	tax         *catalog.Taxonomy  // nil: no taxonomy
	metiers     *referentiel.Index // nil: no référentiel
	attribution []string
}

// newLiveDocs returns the view of ref and tax (either may be nil). build
// makes a recommender for them; gaps and tagger, when not nil, are given
// each later référentiel and taxonomy.
func newLiveDocs(build func(*catalog.Referentiel, *catalog.Taxonomy) *recommender.Recommender,
	gaps *recommender.GapReporter, tagger *liveTagger, ref *catalog.Referentiel, tax *catalog.Taxonomy) *liveDocs {
	l := &liveDocs{build: build, gaps: gaps, tagger: tagger}
	l.cur.Store(l.view(0, ref, tax))
	return l
}

func (l *liveDocs) view(prev uint64, ref *catalog.Referentiel, tax *catalog.Taxonomy) *docsView {
	v := &docsView{version: prev + 1, rec: l.build(ref, tax), tax: tax}
	if ref != nil {
		v.metiers, v.attribution = referentiel.NewIndex(ref), ref.Attribution
	}
	return v
}

// set swaps in the view of ref and tax, then gives them to the demand
// reporter and the tagger.
func (l *liveDocs) set(ref *catalog.Referentiel, tax *catalog.Taxonomy) {
	l.cur.Store(l.view(l.cur.Load().version, ref, tax))
	if l.gaps != nil {
		l.gaps.SetVocabulary(tax, ref)
	}
	if l.tagger != nil && ref != nil {
		l.tagger.set(newTagger(ref))
	}
}

// reload reads the référentiel and the taxonomy stored in docs and swaps
// them in. A référentiel no longer stored keeps the one in use.
func (l *liveDocs) reload(ctx context.Context, docs *stores.Docs, current *catalog.Referentiel) (*catalog.Referentiel, error) {
	ref, err := docs.Referentiel(ctx)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		ref = current
	case err != nil:
		return nil, fmt.Errorf("read referentiel: %w", err)
	}
	tax, err := loadTaxonomy(ctx, docs, ref)
	if err != nil {
		return nil, fmt.Errorf("read taxonomy: %w", err)
	}
	l.set(ref, tax)
	return ref, nil
}

// Recommend ranks with the recommender of the view in use.
func (l *liveDocs) Recommend(ctx context.Context, req recommender.Request) (recommender.Response, error) {
	return l.cur.Load().rec.Recommend(ctx, req)
}

// Complete completes skill labels from the taxonomy in use.
func (l *liveDocs) Complete(prefix string, n int) []catalog.Skill {
	if v := l.cur.Load(); v.tax != nil {
		return v.tax.Complete(prefix, n)
	}
	return nil
}

// Suggest completes métier names from the référentiel in use.
func (l *liveDocs) Suggest(prefix string, n int) []referentiel.Suggestion {
	if v := l.cur.Load(); v.metiers != nil {
		return v.metiers.Suggest(prefix, n)
	}
	return nil
}

// Metier names a métier of the référentiel in use by its code.
func (l *liveDocs) Metier(code string) (catalog.Metier, bool) {
	if v := l.cur.Load(); v.metiers != nil {
		return v.metiers.Metier(code)
	}
	return catalog.Metier{}, false
}

// Attribution gives the source notices of the référentiel in use.
func (l *liveDocs) Attribution() []string { return l.cur.Load().attribution }

// Version counts the views: it changes with each reload, and with it the
// API's completion cache keys.
func (l *liveDocs) Version() uint64 { return l.cur.Load().version }

// liveTagger is the indexer's métier tagger, replaced when the référentiel
// is. A write tagged while it is replaced may get the tags of the one and
// the hash of the other: its next sync tags it again.
type liveTagger struct {
	p atomic.Pointer[taggerBox]
}

type taggerBox struct{ t indexer.Tagger }

func (t *liveTagger) set(tg indexer.Tagger) { t.p.Store(&taggerBox{tg}) }

// Tag tags it with the tagger in use.
func (t *liveTagger) Tag(it catalog.Item) []string { return t.p.Load().t.Tag(it) }

// Version is the version of the tagger in use.
func (t *liveTagger) Version() string { return t.p.Load().t.Version() }

// watchDocuments follows what other processes change in Postgres besides
// the items, every poll until ctx ends. New local embedder weights (stored
// by `tremplin index --rebuild` with the vectors it embedded) replace this
// replica's, so that queries are embedded like the vectors. A new
// référentiel or taxonomy replaces the one in live: goal recognition,
// completions, the demand report and the tags of the items written
// through this replica use it from then on (the stored items' tags follow
// through the change feed: `referentiel import` tags them again). A
// replica that started without any référentiel tags nothing until it
// restarts: a tagger changes the hash of every stored item.
func watchDocuments(ctx context.Context, s *stores.Set, live *liveDocs, poll time.Duration, logger *slog.Logger) {
	// The version read before the stores loaded the référentiel: an
	// import during start-up is seen at the first poll.
	seen, ref := s.DocsVersion(), s.Referentiel()
	t := time.NewTicker(poll)
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
		v, err := s.Docs().Version(ctx)
		if err != nil || v == seen {
			continue
		}
		// Read after the version: a later change shows as a newer one.
		start := time.Now()
		next, err := live.reload(ctx, s.Docs(), ref)
		if err != nil {
			if ctx.Err() == nil {
				logger.WarnContext(ctx, "new referentiel or taxonomy in postgres not loaded, kept the one in use", "err", err)
			}
			continue
		}
		seen, ref = v, next
		logger.InfoContext(ctx, "referentiel and taxonomy reloaded from postgres", "view", live.Version(),
			"duration", time.Since(start))
		if live.tagger == nil && ref != nil {
			logger.WarnContext(ctx, "this replica started without a referentiel: items written through it stay untagged until it restarts")
		}
	}
}
