package api

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/demand"
	"github.com/tremplin/tremplin/indexer/embed"
	"github.com/tremplin/tremplin/indexer/textindex"
	"github.com/tremplin/tremplin/indexer/vecstore"
	"github.com/tremplin/tremplin/recommender"
	"github.com/tremplin/tremplin/recommender/metier"
)

// Keys of the web test servers, one per role.
const (
	webKeyEmployee = "cle-web-salarie-pCgNxPAnWzCLJ3qwFvLRKVE8"
	webKeyManager  = "cle-web-manager-jq5TfzGQlk0sYuJmoZFP4Djw"
	webKeyLD       = "cle-web-rh-ld-ub8P3PexxGfr6nrIePYcM6R6"
)

// newWebServer serves Tremplin over real stores (Bleve on disk, embedded
// vector store, local embedder, file demand counter) holding the demo
// catalog. keys is a ParseKeys spec; "" is the open demo mode. opts, when
// given, sets the other options (Logger and Keys are set here).
func newWebServer(t *testing.T, keys string, opts ...Options) *httptest.Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	h := newWebHandler(t, t.TempDir(), keys, o, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newWebHandler is the handler of newWebServer over stores in dir; a nil
// o.Logger is replaced (by stderr with TREMPLIN_TEST_LOG), and more, when
// set, completes the Deps.
func newWebHandler(t *testing.T, dir, keys string, o Options, more func(*Deps)) http.Handler {
	t.Helper()
	ctx := t.Context()
	items, err := demo.Items()
	if err != nil {
		t.Fatal(err)
	}
	skills, err := demo.Taxonomy()
	if err != nil {
		t.Fatal(err)
	}
	tax, err := catalog.NewTaxonomy(skills)
	if err != nil {
		t.Fatal(err)
	}
	text, err := textindex.Open(filepath.Join(dir, "text.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { text.Close() })
	vec, err := vecstore.Open(filepath.Join(dir, "vectors"))
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(items))
	for i, it := range items {
		texts[i] = catalog.EmbeddingText(it)
	}
	emb, err := embed.FitLocal(texts, embed.LocalOptions{Dimensions: 256})
	if err != nil {
		t.Fatal(err)
	}
	// The demo company's job référentiel, as a new data directory gets it.
	ref, err := demo.Referentiel()
	if err != nil {
		t.Fatal(err)
	}
	ix := indexer.New(text, vec, emb, indexer.Options{Tagger: metier.NewTagger(ref, 0)})
	if _, err := ix.Sync(ctx, items); err != nil {
		t.Fatal(err)
	}
	if items, err = ix.Items(ctx); err != nil {
		t.Fatal(err)
	}
	counts, err := demand.Open(filepath.Join(dir, "demand.json"))
	if err != nil {
		t.Fatal(err)
	}
	// As cmd/tremplin's newRecommender wires it: tags and scope kept in step.
	tags, scope := recommender.NewTagIndex(items), recommender.NewScope(items)
	ix.Watch(tags)
	ix.Watch(scope)
	rec := recommender.New(recommender.Deps{Text: text, Vector: vec, Embedder: emb, Items: vec,
		Tags: tags, Scope: scope, Metiers: metier.NewIndex(ref), Skills: tax})
	k, err := ParseKeys(keys)
	if err != nil {
		t.Fatal(err)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
		if os.Getenv("TREMPLIN_TEST_LOG") != "" {
			o.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
		}
	}
	o.Keys = k
	deps := Deps{
		Recommender: rec, Catalog: ix, Skills: tax, Metiers: referentiel.NewIndex(ref), Attribution: ref.Attribution,
		Demand: recommender.NewGapReporter(counts, ix, tax, ref),
	}
	if more != nil {
		more(&deps)
	}
	h, err := NewServer(deps, o)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// allKeys configures one key per role.
const allKeys = "employee:" + webKeyEmployee + ",manager:" + webKeyManager + ",ld_admin:" + webKeyLD
