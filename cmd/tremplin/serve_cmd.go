package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/tremplin/tremplin/api"
	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/records"
	"github.com/tremplin/tremplin/indexer/records/boltstore"
	"github.com/tremplin/tremplin/indexer/records/pgstore"
	"github.com/tremplin/tremplin/indexer/stores"
	"github.com/tremplin/tremplin/recommender"
)

func newServeCmd(e *env) *cobra.Command {
	var addr, dataDir, dbURL string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Lancer le service HTTP (API et pages web)",
		Long: `Lance l'API et les pages web de Tremplin.
Sans configuration : répertoire de données ./data, catalogue de démonstration indexé au premier
démarrage, embedder local hors ligne, écoute sur 127.0.0.1:8080.
Avec DATABASE_URL : Postgres + pgvector. Clés d'API : TREMPLIN_API_KEYS=rôle:clé,rôle:clé
(rôles employee, manager, ld_admin ; une clé peut être donnée sous la forme sha256:<empreinte>).
Jetons JWT (OIDC) : TREMPLIN_JWT_JWKS_URL ou TREMPLIN_JWT_SECRET, avec TREMPLIN_JWT_ISSUER,
TREMPLIN_JWT_AUDIENCE et TREMPLIN_JWT_ROLE_CLAIM (défaut : roles).
Connexion OIDC sur les pages : TREMPLIN_OIDC_ISSUER, TREMPLIN_OIDC_CLIENT_ID, TREMPLIN_OIDC_CLIENT_SECRET
(facultatif pour un client public), TREMPLIN_OIDC_REDIRECT_URL (défaut : TREMPLIN_PUBLIC_URL/connexion/oidc/retour),
TREMPLIN_OIDC_ROLE_CLAIM (défaut : roles) et TREMPLIN_OIDC_MANAGER_CLAIM (défaut : manager).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := loadConfig(e.getenv)
			if err != nil {
				return err
			}
			overrideString(cmd, "addr", &cfg.addr, addr)
			overrideString(cmd, "data", &cfg.dataDir, dataDir)
			overrideString(cmd, "database-url", &cfg.databaseURL, dbURL)
			return serve(cmd.Context(), e, cfg)
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "", "adresse d'écoute HOST:PORT (défaut : $TREMPLIN_ADDR ou 127.0.0.1:8080)")
	f.StringVar(&dataDir, "data", "", "répertoire de données (défaut : $TREMPLIN_DATA ou ./data)")
	f.StringVar(&dbURL, "database-url", "", "URL Postgres (défaut : $DATABASE_URL)")
	return cmd
}

// serve opens (and on first start fills) the stores, then serves HTTP until
// ctx ends, finishing in-flight requests and flushing state on the way out.
func serve(ctx context.Context, e *env, cfg config) error {
	keys, err := api.ParseKeys(cfg.apiKeys)
	if err != nil {
		return fmt.Errorf("TREMPLIN_API_KEYS : %w", err)
	}
	jwtv, err := jwtVerifier(e, cfg)
	if err != nil {
		return err
	}
	oidc, err := cfg.oidc()
	if err != nil {
		return err
	}
	if keys.Len() == 0 && jwtv == nil && oidc == nil {
		cfg.addr = loopbackOnly(e, cfg.addr, cfg.openDemo)
	}
	restoreGC := lowerGCDuringStartup()
	defer restoreGC()
	// Listen first: a busy port is reported at once, not after indexing.
	ln, err := listen(cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close() // already closed by a server that ran
	demoItems, err := demo.Items()
	if err != nil {
		return fmt.Errorf("catalogue de démonstration : %w", err)
	}
	// The tagger of the items written through this server, replaced with
	// the référentiel (see liveDocs).
	tagger := &liveTagger{}
	s, err := openStores(ctx, cfg, e.logger, stores.Options{Corpus: demoItems, PreferStored: true, Progress: newProgress(e, "Indexation"), DemoReferentiel: true,
		NewTagger: func(ref *catalog.Referentiel) indexer.Tagger { tagger.set(newTagger(ref)); return tagger }})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := reconcile(ctx, e, s, demoItems); err != nil {
		return err
	}
	shared, err := openShared(ctx, cfg, e.logger)
	if err != nil {
		return err
	}
	defer shared.close()
	metrics := api.NewMetrics()
	indexTagger := tagger
	if tagger.p.Load() == nil {
		indexTagger = nil // no référentiel at start: the indexer tags nothing
	}
	deps, live, err := serveDeps(ctx, e.logger, s, metrics, shared.counts, indexTagger)
	if err != nil {
		return err
	}
	if f := s.Follower(); f != nil {
		// Other replicas' writes reach this one's text index through the
		// change feed; /readyz waits for the first catch-up.
		deps.Feed = f
		fctx, stopFollow := context.WithCancel(ctx)
		followed := make(chan struct{})
		go func() { defer close(followed); f.Run(fctx) }()
		watched := make(chan struct{})
		go func() { defer close(watched); watchDocuments(fctx, s, live, cfg.docsPoll, e.logger) }()
		defer func() { stopFollow(); <-followed; <-watched }()
	}
	plans, err := openRecords(ctx, cfg, e.logger)
	if err != nil {
		return err
	}
	defer plans.Close()
	deps.Plans = plans
	if !cfg.recordRetention.zero() {
		// Signed records past their retention period go, at start and daily.
		pctx, stopPurge := context.WithCancel(ctx)
		purged := make(chan struct{})
		go func() {
			defer close(purged)
			purgeRecords(pctx, plans, cfg.recordRetention, time.Now, e.logger, 24*time.Hour)
		}()
		defer func() { stopPurge(); <-purged }()
	}
	if o, err := loadOrg(ctx, s.Docs(), e.logger); err != nil {
		return err
	} else if o != nil {
		deps.Org = o
	}
	h, err := api.NewServer(deps, api.Options{
		Logger: e.logger, Keys: keys, JWT: jwtv, OIDC: oidc, Metrics: metrics, MaxImportBody: int64(cfg.maxImportMiB) << 20,
		Sessions:    shared.sessions,
		CORSOrigins: cfg.corsOrigins, TrustedProxies: cfg.trustedProxies,
		AllowedHosts: cfg.allowedHosts, PublicURL: cfg.publicURL,
	})
	if err != nil {
		return err
	}
	if err := warm(ctx, s); err != nil {
		return err
	}
	restoreGC()
	ready := func() {
		fmt.Fprintf(e.stdout, "Tremplin est prêt : http://%s/ (API : http://%s/api/v1, spécification : http://%s/openapi.json)\n",
			ln.Addr(), ln.Addr(), ln.Addr())
	}
	if f := s.Follower(); f != nil && !caughtUp(ctx, f) {
		// A replica is ready once its text index has caught up with the
		// change feed (a new data directory: every item); /readyz says
		// 503 until then, and so does the banner.
		fmt.Fprintf(e.stdout, "Tremplin écoute sur http://%s/ : l'index de texte de ce réplica rattrape le flux des changements du catalogue (GET /readyz répond 503 jusque-là)…\n", ln.Addr())
		actx, stopAnnounce := context.WithCancel(ctx)
		announced := make(chan struct{})
		go func() { defer close(announced); announceCaughtUp(actx, f, ready) }()
		defer func() { stopAnnounce(); <-announced }()
	} else {
		ready()
	}
	e.logger.Info("listening", "addr", ln.Addr().String(), "postgres", cfg.databaseURL != "", "embedder", s.Embedder().Model())
	err = serveHTTP(ctx, e.logger, ln, h, shared.flush)
	return errors.Join(err, shared.flush())
}

// startupGCPercent is the GOGC of serve's start-up, until the stores are
// warm: start-up decodes the whole catalog for indexes that keep a
// fraction of it, and at the default of 100 its garbage doubles the heap.
// At 100,000 items: high-water RSS 1.10 GB at 100, 0.84 GB at 50, ready in
// 12.7 s and 14.8 s.
const startupGCPercent = 50

// lowerGCDuringStartup sets GOGC to startupGCPercent unless it is lower
// or off, and returns what restores it (idempotent).
func lowerGCDuringStartup() (restore func()) {
	prev := debug.SetGCPercent(startupGCPercent)
	if prev < 0 || prev <= startupGCPercent {
		debug.SetGCPercent(prev)
		return func() {}
	}
	var once sync.Once
	return func() { once.Do(func() { debug.SetGCPercent(prev) }) }
}

// warmer is a store that builds its search structures before the first
// query instead of during it (the embedded vector store's postings).
type warmer interface {
	Warm(ctx context.Context) error
}

// warm readies the stores for the first query, then hands the memory
// start-up used and let go (decoding the whole catalog for the indexes of
// métiers and scope) back to the system: at 100,000 items, RSS when ready
// 1.01 → 0.54 GB.
func warm(ctx context.Context, s *stores.Set) error {
	if w, ok := s.Vectors().(warmer); ok {
		if err := w.Warm(ctx); err != nil {
			return fmt.Errorf("préparer la recherche de vecteurs : %w", err)
		}
	}
	debug.FreeOSMemory()
	return nil
}

// feedStatus is what announceCaughtUp asks of a follower.
type feedStatus interface {
	Status(ctx context.Context) (indexer.FeedStatus, error)
}

// caughtUp reports whether f has caught up with the change feed.
func caughtUp(ctx context.Context, f feedStatus) bool {
	st, err := f.Status(ctx)
	return err == nil && st.CaughtUp
}

// announceCaughtUp calls ready once f has caught up with the change feed,
// checking twice a second; it gives up when ctx ends.
func announceCaughtUp(ctx context.Context, f feedStatus, ready func()) {
	for {
		if caughtUp(ctx, f) {
			ready()
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// listen opens addr, saying in French when its port is taken.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("écouter sur %s : adresse déjà utilisée (un autre service, ou un autre « tremplin serve », "+
			"y écoute) ; choisissez-en une autre avec --addr ou TREMPLIN_ADDR", addr)
	}
	if err != nil {
		return nil, fmt.Errorf("écouter sur %s : %w", addr, err)
	}
	return ln, nil
}

// jwtLeeway tolerates clock skew between Tremplin and the identity provider.
const jwtLeeway = 30 * time.Second

// jwtVerifier returns the verifier of Bearer JWTs configured by the
// TREMPLIN_JWT_* variables, or nil when neither a secret nor a key set URL
// is given.
func jwtVerifier(e *env, cfg config) (*api.JWTVerifier, error) {
	if cfg.jwtSecret == "" && cfg.jwtJWKSURL == "" {
		if cfg.jwtIssuer != "" || cfg.jwtAudience != "" || cfg.jwtRoleClaim != "" {
			return nil, errors.New("TREMPLIN_JWT_* : donnez TREMPLIN_JWT_JWKS_URL ou TREMPLIN_JWT_SECRET pour accepter les jetons JWT")
		}
		return nil, nil
	}
	v, err := api.NewJWTVerifier(api.JWTConfig{
		Issuer: cfg.jwtIssuer, Audience: cfg.jwtAudience, RoleClaim: cfg.jwtRoleClaim,
		HMACSecret: []byte(cfg.jwtSecret), JWKSURL: cfg.jwtJWKSURL, Leeway: jwtLeeway, Logger: e.logger,
	})
	if err != nil {
		return nil, fmt.Errorf("TREMPLIN_JWT_* : %w", err)
	}
	if cfg.jwtAudience == "" {
		fmt.Fprintln(e.stderr, "ATTENTION : TREMPLIN_JWT_AUDIENCE n'est pas défini : tout jeton signé par le fournisseur d'identité sera accepté, quel que soit le service auquel il est destiné.")
	}
	return v, nil
}

// serveHTTP serves h on ln until ctx ends, then lets in-flight requests
// finish (15 s at most); skill-demand counts are flushed every minute.
func serveHTTP(ctx context.Context, logger *slog.Logger, ln net.Listener, h http.Handler, flush func() error) error {
	srv := &http.Server{
		Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error { return flushEvery(gctx, logger, flush, time.Minute) })
	g.Go(func() error {
		<-gctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		logger.Info("shutting down")
		return srv.Shutdown(sctx)
	})
	return g.Wait()
}

// loopbackOnly keeps an open server (no API key) on the loopback interface,
// and says so loudly.
func loopbackOnly(e *env, addr string, allowOpen bool) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr // net.Listen reports the error
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		if allowOpen {
			fmt.Fprintf(e.stderr, "ATTENTION : aucune clé d'API n'est configurée et TREMPLIN_OPEN_DEMO=true : le service est ouvert à tous sur %s.\n", addr)
			return addr
		}
		fmt.Fprintf(e.stderr, "ATTENTION : aucune clé d'API n'est configurée (TREMPLIN_API_KEYS) : le service est ouvert à tous\n"+
			"et n'écoute donc que sur 127.0.0.1 (demandé : %s).\n", addr)
		return net.JoinHostPort("127.0.0.1", port)
	}
	fmt.Fprintln(e.stderr, "ATTENTION : aucune clé d'API n'est configurée : mode démonstration ouvert, accessible depuis cette machine seulement.")
	return addr
}

// reconcile fills a new data directory with the demo catalog (or, with
// Postgres, with the items already there), and otherwise brings the text
// index in step with the vector store, the source of truth.
func reconcile(ctx context.Context, e *env, s *stores.Set, demoItems []catalog.Item) error {
	items, err := s.Vectors().Items(ctx)
	if err != nil {
		return fmt.Errorf("lire les éléments : %w", err)
	}
	if s.Follower() != nil && len(items) > 0 {
		// Other replicas may be writing: a Sync to the items just read
		// would delete those written since. The follower brings the text
		// index in step with the database instead.
		return s.Commit(context.WithoutCancel(ctx))
	}
	if len(items) == 0 && s.Fresh() {
		fmt.Fprintf(e.stderr, "Premier démarrage : indexation du catalogue de démonstration (%d éléments)…\n", len(demoItems))
		items = demoItems
	}
	if _, err := s.Indexer().Sync(ctx, items); err != nil {
		return fmt.Errorf("mettre l'index en phase : %w", err)
	}
	return s.Commit(context.WithoutCancel(ctx))
}

// openRecords opens the store of entretien records: Postgres when
// DATABASE_URL is set, else bbolt in the data directory.
func openRecords(ctx context.Context, cfg config, logger *slog.Logger) (records.Store, error) {
	if cfg.databaseURL != "" {
		st, err := pgstore.Open(ctx, cfg.databaseURL, logger)
		if err != nil {
			return nil, fmt.Errorf("entretiens (Postgres) : %w", err)
		}
		return st, nil
	}
	st, err := boltstore.Open(cfg.dataDir)
	if err != nil {
		return nil, fmt.Errorf("entretiens (%s) : %w", cfg.dataDir, err)
	}
	return st, nil
}

// serveDeps builds the API's services over the stores s, and the live
// view of the référentiel and taxonomy they serve (tagger, when not nil,
// is the indexer's).
func serveDeps(ctx context.Context, logger *slog.Logger, s *stores.Set, metrics *api.Metrics, counts recommender.DemandCounter, tagger *liveTagger) (api.Deps, *liveDocs, error) {
	tax, err := taxonomyInUse(ctx, s)
	if err != nil {
		return api.Deps{}, nil, err
	}
	build, err := recommenders(ctx, s, logger, recommenderOptions{
		observe: metrics.ObserveStage, countEmbedder: metrics.CountEmbedder,
	})
	if err != nil {
		return api.Deps{}, nil, err
	}
	gaps := recommender.NewGapReporter(counts, s.Vectors(), tax, s.Referentiel())
	live := newLiveDocs(build, gaps, tagger, s.Referentiel(), tax)
	deps := api.Deps{
		Recommender: live,
		Catalog:     s.Indexer(),
		Skills:      live,
		Metiers:     live,
		Demand:      gaps,
		Ready: map[string]api.Pinger{
			"text_index": api.PingFunc(func(ctx context.Context) error { _, err := s.Text().Count(ctx); return err }),
			"vector_store": api.PingFunc(func(ctx context.Context) error {
				// One cheap lookup by key: reaches Postgres when configured.
				if _, err := s.Vectors().Item(ctx, "readyz-probe"); err != nil && !errors.Is(err, catalog.ErrNotFound) {
					return err
				}
				return nil
			}),
		},
	}
	err = metrics.IndexSizes(func() map[string]int {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		out := map[string]int{}
		if n, err := s.Text().Count(ctx); err == nil {
			out["text"] = n
		}
		if h, err := s.Vectors().Hashes(ctx); err == nil {
			out["vectors"] = len(h)
		}
		return out
	})
	return deps, live, err
}

func flushEvery(ctx context.Context, logger *slog.Logger, flush func() error, every time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := flush(); err != nil {
				// Counts stay in memory and are retried; never stop serving for them.
				logger.Warn("flush skill demand", "err", err)
			}
		}
	}
}

// demoTaxonomy is the skills taxonomy shipped with the demo catalog.
func demoTaxonomy() (*catalog.Taxonomy, error) {
	skills, err := demo.Taxonomy()
	if err != nil {
		return nil, err
	}
	return catalog.NewTaxonomy(skills)
}
