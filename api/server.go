// Package api is Tremplin's HTTP interface (Gin): recommendations, catalog
// curation, autocomplete, reports, health and metrics, and the web pages.
// It declares the small interfaces it needs from the rest of Tremplin.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/recommender"
)

// Recommender answers recommendation requests.
type Recommender interface {
	Recommend(ctx context.Context, req recommender.Request) (recommender.Response, error)
}

// Catalog reads and curates the catalog; writes reach the text and vector
// indexes before returning.
type Catalog interface {
	Item(ctx context.Context, id string) (catalog.Item, error)
	// Browse returns one page of the items matching q (all when empty) and f,
	// with the total number of matches.
	Browse(ctx context.Context, q string, f catalog.Filter, offset, limit int) ([]catalog.Item, int, error)
	Put(ctx context.Context, items ...catalog.Item) error
	// Create adds an item whose id is new, or fails with catalog.ErrConflict.
	Create(ctx context.Context, it catalog.Item) error
	Remove(ctx context.Context, ids ...string) error
}

// SkillCompleter completes skill labels from the taxonomy.
type SkillCompleter interface {
	Complete(prefix string, n int) []catalog.Skill
}

// MetierCompleter completes métier names from the référentiels.
type MetierCompleter interface {
	Suggest(prefix string, n int) []referentiel.Suggestion
}

// Demand records what employees ask for, as aggregate counts only: the
// skills of each answer's goal, once per plan-building session (session is
// an opaque random id, "" when unknown), with the kinds of constraint set,
// and, when an answer has no suggestion, its target métier. It reports,
// for a period, the skills the catalog covers poorly, those the taxonomy
// does not know and the métiers demanded without offer.
type Demand interface {
	Record(ctx context.Context, req recommender.Request, resp recommender.Response, session string) error
	Report(ctx context.Context, q recommender.GapQuery) (recommender.GapReport, error)
}

// Pinger reports whether a dependency (Postgres, the indexes) is usable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the services the API serves. Metiers may be nil (no
// référentiel imported); Ready lists what /readyz checks.
type Deps struct {
	Recommender Recommender
	Catalog     Catalog
	Skills      SkillCompleter
	Metiers     MetierCompleter
	Demand      Demand
	Ready       map[string]Pinger
	// Feed, when set, reports how far this replica lags behind the
	// shared change feed (Postgres); /readyz shows it under "feed".
	Feed FeedReporter
	// Plans keeps the entretien records; nil: the plan routes answer 404.
	Plans Plans
	// Org says who manages whom and since when each person works there;
	// nil: the manager comes from the claims (DemoOrg in open demo mode).
	Org Org
	// Attribution lists the source notices of the référentiels in use
	// ("Source : France Travail – ROME 4.0 (v460)"), shown in every page's
	// footer and with métier suggestions, as their licences require. A
	// Metiers that has an Attribution method (see attributed) gives them
	// instead.
	Attribution []string
}

// attributed is a MetierCompleter whose référentiels may be replaced while
// the server runs: it gives their source notices itself.
type attributed interface {
	Attribution() []string
}

// versioned is a completer whose answers may change while the server
// runs (a référentiel or taxonomy imported by another process): its
// Version is part of the completion cache's keys.
type versioned interface {
	Version() uint64
}

// attribution returns the source notices of the référentiels in use.
func (s *server) attribution() []string {
	if a, ok := s.deps.Metiers.(attributed); ok {
		return a.Attribution()
	}
	return s.deps.Attribution
}

// Options tune the server.
type Options struct {
	Logger *slog.Logger
	// Keys are the API keys; none (and no JWT) means open demo mode.
	Keys *Keys
	// JWT, when set, also accepts Bearer JWTs (OIDC access tokens); nil disables them.
	JWT *JWTVerifier
	// MaxBody caps request bodies (default 1 MiB); MaxImportBody caps catalog imports (default 32 MiB).
	MaxBody, MaxImportBody int64
	// RatePerSecond and Burst limit each caller (0: 50/s, burst 100; a search in the web page makes about 25 calls).
	RatePerSecond float64
	Burst         int
	// AuthFailureRate and AuthFailureBurst limit failed authentications
	// (wrong API key or JWT, on the API and the sign-in page) per client
	// IP, /64 for IPv6 (0: one every 6 s, burst 10).
	AuthFailureRate  float64
	AuthFailureBurst int
	// CORSOrigins may call the API from a browser on another origin.
	CORSOrigins []string
	// TrustedProxies are the proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (none by default).
	TrustedProxies []string
	// AllowedHosts are the host names (or host:port) the server answers
	// to besides loopback ones (localhost, 127.0.0.0/8, [::1]). They are
	// enforced in open demo mode, against DNS rebinding, and whenever the
	// list or PublicURL is set.
	AllowedHosts []string
	// PublicURL is the address users reach Tremplin at (e.g.
	// https://tremplin.example.fr behind a TLS proxy). Its host is allowed;
	// when it is https the session cookie is Secure and HSTS is sent.
	PublicURL string
	// OIDC, when set, offers sign-in on the pages through the company's
	// identity provider; nil disables it.
	OIDC *OIDCConfig
	// Sessions keeps the web sign-in sessions (default: in memory, for one
	// process); replicas share one store.
	Sessions SessionStore
	// Employer is the employer's name printed on the entretien records
	// given to employees (the demo company's in open demo mode).
	Employer string
	// Metrics receives the server's measurements; other parts report to it
	// too (recommendation stages, embedder calls, index sizes). Default: new.
	Metrics *Metrics
}

type server struct {
	deps   Deps
	opts   Options
	logger *slog.Logger
	keys   *Keys
	limits *limiters
	// authFailures limits failed authentications per client IP.
	authFailures *limiters
	sessions     *sessions
	metrics      *Metrics
	hosts        *hostCheck
	proxies      []netip.Prefix
	publicHTTPS  bool
	completions  *completionCache
	oidc         *oidcLogin // nil: no OIDC sign-in
}

// NewServer returns the HTTP handler of Tremplin.
func NewServer(deps Deps, opts Options) (http.Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Keys == nil {
		opts.Keys = &Keys{}
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.MaxImportBody <= 0 {
		opts.MaxImportBody = 32 << 20
	}
	if opts.RatePerSecond <= 0 {
		opts.RatePerSecond, opts.Burst = 50, 100
	}
	if opts.AuthFailureRate <= 0 {
		opts.AuthFailureRate, opts.AuthFailureBurst = defaultAuthFailureRate, defaultAuthFailureBurst
	}
	s := &server{
		deps: deps, opts: opts, logger: opts.Logger, keys: opts.Keys,
		limits:       newLimiters(opts.RatePerSecond, max(opts.Burst, 1)),
		authFailures: newLimiters(opts.AuthFailureRate, max(opts.AuthFailureBurst, 1)),
		sessions:     newSessions(opts.Sessions, sessionSeconds*time.Second),
		metrics:      opts.Metrics,
		completions:  newCompletionCache(),
	}
	var err error
	if s.oidc, err = newOIDCLogin(opts.OIDC); err != nil {
		return nil, err
	}
	if s.open() && s.deps.Org == nil {
		s.deps.Org = DemoOrg() // the demo people are the organisation
	}
	if err := s.configureOrigin(); err != nil {
		return nil, err
	}
	if s.metrics == nil {
		s.metrics = newMetrics()
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(opts.TrustedProxies); err != nil {
		return nil, err
	}
	r.HandleMethodNotAllowed = true
	r.Use(requestID(), accessLog(s.logger, s.metrics.observe), recovery(s.logger), s.securityHeaders(), s.checkHost(), cors(opts.CORSOrigins), validQuery(s.logger))
	r.NoRoute(s.rateLimitIP(), func(c *gin.Context) {
		writeError(c, s.logger, &Error{Status: http.StatusNotFound, Code: "not_found", Message: "ressource introuvable"})
	})
	r.NoMethod(s.rateLimitIP(), func(c *gin.Context) {
		writeError(c, s.logger, &Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Message: "méthode non autorisée sur cette ressource"})
	})
	s.routes(r)
	return r, nil
}

// recovery turns a panic into a logged 500 without a stack trace in the response.
func recovery(logger *slog.Logger) gin.HandlerFunc {
	return gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, err any) {
		logger.ErrorContext(c.Request.Context(), "panic in handler", "route", c.FullPath(), "panic", err)
		c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody{&Error{Code: "internal", Message: "erreur interne : réessayez plus tard"}})
	})
}

// PingFunc adapts a function to Pinger.
type PingFunc func(ctx context.Context) error

// Ping calls f.
func (f PingFunc) Ping(ctx context.Context) error { return f(ctx) }
