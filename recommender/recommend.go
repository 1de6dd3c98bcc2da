package recommender

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/recommender/metier"
)

// TextSearcher is the full-text side of retrieval (indexer/textindex).
type TextSearcher interface {
	Search(ctx context.Context, q catalog.TextQuery, f catalog.Filter, k int) ([]catalog.Scored, error)
}

// VectorSearcher is the semantic side of retrieval (a vector store).
type VectorSearcher interface {
	Search(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error)
}

// Embedder turns texts into vectors (indexer/embed).
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// SkillFinder recognises taxonomy skills (catalog.Taxonomy): those named
// in a free text, one typed whole (Resolve; Lookup also takes ids and
// looser forms), those a typed prefix begins.
type SkillFinder interface {
	Find(text string) []catalog.Skill
	Lookup(labelOrID string) (catalog.Skill, bool)
	Resolve(text string) (catalog.Skill, bool)
	Complete(prefix string, n int) []catalog.Skill
}

// ItemSource returns catalog items by id (the vector store).
type ItemSource interface {
	Item(ctx context.Context, id string) (catalog.Item, error)
}

// Deps are what a Recommender works with. Text and Items are required;
// the rest is optional and each missing piece only removes its ranking.
type Deps struct {
	Text     TextSearcher
	Vector   VectorSearcher
	Embedder Embedder
	Items    ItemSource
	// Metiers recognises target métiers; nil disables goal expansion.
	Metiers *metier.Index
	// Tags reads items off their métier tags: the one source of tags at
	// query time; nil disables the métier ranking.
	Tags   *TagIndex
	Logger *slog.Logger
	// EmbedTimeout bounds the embedding of a query (default 2 s).
	EmbedTimeout time.Duration
	// Now gives today's date for mission windows (default time.Now).
	Now func() time.Time
	// Skills, when set, finds taxonomy skills named in the projet; they
	// join the skill gap.
	Skills SkillFinder
	// Scope, when set, knows the catalog's words: a goal whose words the
	// catalog does not use has its confidences scaled down (see inScope).
	Scope *Scope
	// Confidence, when set, replaces the confidence models shipped with
	// Tremplin (DefaultModels).
	Confidence *Models
	// Observe, when set, receives the duration of each stage of a
	// recommendation: understand, text, vector, metier, fusion, respond.
	Observe func(stage string, d time.Duration)
}

// Recommender ranks catalog items for a request. It is safe for concurrent use.
type Recommender struct {
	d       Deps
	weights queryWeights
	fusion  fusion
	models  Models
}

// ErrNoProjet reports a request without a projet nor desired skills.
var ErrNoProjet = errors.New("projet vide")

// DefaultEmbedTimeout bounds query embedding when Deps.EmbedTimeout is zero.
const DefaultEmbedTimeout = 2 * time.Second

// New returns a Recommender over d.
func New(d Deps) *Recommender {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.EmbedTimeout <= 0 {
		d.EmbedTimeout = DefaultEmbedTimeout
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	models := d.Confidence
	if models == nil {
		ms := mustDefaultModels()
		models = &ms
	}
	return &Recommender{d: d, weights: defaultWeights, fusion: defaultFusion, models: *models}
}

// candidateDepth is the number of candidates read from each ranking.
const candidateDepth = 100

// Ranking is the fused ranking of a request before grouping by kind.
type Ranking struct {
	Goal Goal
	// Fused holds every candidate with its fused score, best first.
	Fused []catalog.Scored
	// Lists are the retrieval rankings that were fused.
	Lists Lists
	// Degraded and Notice report a missing vector ranking (see Response).
	Degraded bool
	Notice   string
	// content are the target's content terms, once each.
	content []string
	// scopeText is what the catalog's words are checked against: the
	// target without goal words, and the desired skills.
	scopeText string
}

// Lists are the three retrieval rankings: Bleve, the vector store and the
// items tagged with the target métiers.
type Lists struct {
	Text, Vector, Metier []catalog.Scored
}

// Rank understands the request, retrieves candidates from every ranking
// and fuses them. A failing embedder degrades the answer; a failing text
// index is an error.
func (r *Recommender) Rank(ctx context.Context, req Request) (Ranking, error) {
	if strings.TrimSpace(req.Projet) == "" && len(req.DesiredSkills) == 0 {
		return Ranking{}, fmt.Errorf("indiquez un projet ou des compétences visées: %w", ErrNoProjet)
	}
	p, err := r.prepare(req)
	if err != nil {
		return Ranking{}, err
	}
	return r.rank(ctx, p)
}

// rank ranks a prepared request.
func (r *Recommender) rank(ctx context.Context, p prepared) (Ranking, error) {
	req := p.req
	done := r.stage("understand")
	g := r.understand(req)
	g.Dispositifs = p.dispositifs
	f := req.Constraints.Filter(r.d.Now())
	q := buildQuery(g, req, r.weights)
	done()
	rk := Ranking{Goal: g.Goal, content: uniqueTerms(g.content), scopeText: strings.Join(append([]string{g.content}, req.DesiredSkills...), " ; ")}
	var vecErr error
	eg, ectx := errgroup.WithContext(ctx)
	eg.Go(func() (err error) {
		defer r.stage("text")()
		if rk.Lists.Text, err = r.d.Text.Search(ectx, q.text, f, candidateDepth); err != nil {
			return fmt.Errorf("recherche textuelle : %w", err)
		}
		return nil
	})
	eg.Go(func() error {
		defer r.stage("vector")()
		rk.Lists.Vector, vecErr = r.vectorSearch(ectx, q.vector, f)
		return nil // a failing vector side degrades the answer
	})
	eg.Go(func() (err error) {
		defer r.stage("metier")()
		if rk.Lists.Metier, err = r.metierSearch(ectx, g, f); err != nil {
			return fmt.Errorf("recherche par métier : %w", err)
		}
		return nil
	})
	if err := eg.Wait(); err != nil {
		return Ranking{}, err
	}
	if vecErr != nil && ctx.Err() == nil {
		// The error text may quote the query (an API error echoing its
		// input): log only whether it was a deadline.
		r.d.Logger.WarnContext(ctx, "vector search failed, answering from text",
			"deadline", errors.Is(vecErr, context.DeadlineExceeded))
		rk.Lists.Vector = nil
		rk.Degraded = true
		rk.Notice = NoticeDegraded
	}
	done = r.stage("fusion")
	rk.Fused = r.fusion.fuse(rk.Lists)
	done()
	return rk, nil
}

// uniqueTerms returns the terms of s, once each, in order.
func uniqueTerms(s string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, t := range french.Terms(s) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// NoticeDegraded tells the employee that the semantic side was unavailable.
const NoticeDegraded = "La recherche sémantique est indisponible pour le moment : ces suggestions viennent de la seule recherche par mots-clés et par métier."

// vectorSearch embeds the query text under a short deadline and searches
// the vector store; no embedder or store means no vector ranking.
func (r *Recommender) vectorSearch(ctx context.Context, text string, f catalog.Filter) ([]catalog.Scored, error) {
	if r.d.Vector == nil || r.d.Embedder == nil || text == "" {
		return nil, nil
	}
	ectx, cancel := context.WithTimeout(ctx, r.d.EmbedTimeout)
	defer cancel()
	vecs, err := r.d.Embedder.Embed(ectx, []string{text})
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(vecs) != 1 || len(vecs[0]) == 0 {
		return nil, fmt.Errorf("embed query: got %d vectors", len(vecs))
	}
	return r.d.Vector.Search(ctx, vecs[0], f, candidateDepth)
}

// metierSearch reads off the items tagged with the target métiers and
// their sibling fiches.
func (r *Recommender) metierSearch(_ context.Context, g understood, f catalog.Filter) ([]catalog.Scored, error) {
	if len(g.codes) == 0 || r.d.Tags == nil {
		return nil, nil
	}
	return r.d.Tags.Search(g.codes, f, candidateDepth), nil
}

// stage starts timing a stage; the returned func reports it to Deps.Observe.
func (r *Recommender) stage(name string) func() {
	if r.d.Observe == nil {
		return func() {}
	}
	start := time.Now()
	return func() { r.d.Observe(name, time.Since(start)) }
}
