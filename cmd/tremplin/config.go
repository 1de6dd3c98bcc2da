package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tremplin/tremplin/api"
)

// config is every setting read from the environment, in one place. Flags
// override some of them per command.
type config struct {
	dataDir     string // TREMPLIN_DATA, default ./data
	databaseURL string // DATABASE_URL
	dbSchema    string // TREMPLIN_DB_SCHEMA: Postgres schema of Tremplin's tables (default: the connection's)
	addr        string // TREMPLIN_ADDR, default 127.0.0.1:8080
	embedder    string // TREMPLIN_EMBEDDER: local (default) or openai
	localDims   int    // TREMPLIN_LOCAL_DIMS, default 1536 (pgvector indexes at most 2,000 dimensions)

	openAIKey     string        // OPENAI_API_KEY
	openAIBaseURL string        // OPENAI_BASE_URL
	openAIModel   string        // TREMPLIN_EMBEDDING_MODEL, default text-embedding-3-small
	openAIDims    int           // TREMPLIN_EMBEDDING_DIMS, default 1536
	openAITimeout time.Duration // TREMPLIN_EMBEDDING_TIMEOUT, default 30s

	// docsPoll is how often a replica on Postgres checks whether the
	// référentiel, the taxonomy or the local embedder's weights changed:
	// TREMPLIN_DOCS_POLL, default 30s.
	docsPoll time.Duration

	apiKeys string // TREMPLIN_API_KEYS: role:key,role:key (keys may be sha256:<hex>)
	// openDemo allows an open server (no API key) on a non-loopback
	// address: TREMPLIN_OPEN_DEMO=true, for a demo inside a container.
	openDemo       bool
	corsOrigins    []string // TREMPLIN_CORS_ORIGINS: comma-separated origins allowed to call the API
	trustedProxies []string // TREMPLIN_TRUSTED_PROXIES: comma-separated proxy IPs/CIDRs (none by default)
	// allowedHosts are the host names served besides loopback ones
	// (TREMPLIN_ALLOWED_HOSTS, comma-separated; checked against DNS rebinding).
	allowedHosts []string
	publicURL    string // TREMPLIN_PUBLIC_URL: the address users reach, e.g. https://tremplin.example.fr
	maxImportMiB int    // TREMPLIN_MAX_IMPORT_MIB: size cap of catalog imports, default 32
	// recordRetention is how long a signed entretien record is kept after
	// its last signature (TREMPLIN_RECORD_RETENTION: 10y, 120m, 3650d;
	// default 10 years, see docs/privacy.md); 0 keeps them forever.
	recordRetention retention

	// Bearer JWTs (OIDC), accepted when a secret or a key set URL is given.
	jwtIssuer    string // TREMPLIN_JWT_ISSUER: required iss, when set
	jwtAudience  string // TREMPLIN_JWT_AUDIENCE: required aud, when set
	jwtJWKSURL   string // TREMPLIN_JWT_JWKS_URL: RS256/ES256 keys of the identity provider
	jwtSecret    string // TREMPLIN_JWT_SECRET: HS256 shared secret (at least 32 bytes)
	jwtRoleClaim string // TREMPLIN_JWT_ROLE_CLAIM: claim holding the role, default roles

	// OIDC sign-in on the pages, on when an issuer is given.
	oidcIssuer       string // TREMPLIN_OIDC_ISSUER: the identity provider's issuer URL
	oidcClientID     string // TREMPLIN_OIDC_CLIENT_ID
	oidcClientSecret string // TREMPLIN_OIDC_CLIENT_SECRET: empty for a public client (PKCE)
	oidcRedirectURL  string // TREMPLIN_OIDC_REDIRECT_URL, default TREMPLIN_PUBLIC_URL + /connexion/oidc/retour
	oidcRoleClaim    string // TREMPLIN_OIDC_ROLE_CLAIM, default roles
	oidcManagerClaim string // TREMPLIN_OIDC_MANAGER_CLAIM, default manager
}

// loadConfig reads the environment. Invalid numbers are errors naming the variable.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		dataDir:       or(getenv("TREMPLIN_DATA"), "data"),
		databaseURL:   getenv("DATABASE_URL"),
		dbSchema:      getenv("TREMPLIN_DB_SCHEMA"),
		addr:          or(getenv("TREMPLIN_ADDR"), "127.0.0.1:8080"),
		embedder:      or(getenv("TREMPLIN_EMBEDDER"), "local"),
		openAIKey:     getenv("OPENAI_API_KEY"),
		openAIBaseURL: getenv("OPENAI_BASE_URL"),
		openAIModel:   or(getenv("TREMPLIN_EMBEDDING_MODEL"), "text-embedding-3-small"),
		apiKeys:       getenv("TREMPLIN_API_KEYS"),
		jwtIssuer:     getenv("TREMPLIN_JWT_ISSUER"),
		jwtAudience:   getenv("TREMPLIN_JWT_AUDIENCE"),
		jwtJWKSURL:    getenv("TREMPLIN_JWT_JWKS_URL"),
		jwtSecret:     getenv("TREMPLIN_JWT_SECRET"),
		jwtRoleClaim:  getenv("TREMPLIN_JWT_ROLE_CLAIM"),

		oidcIssuer:       getenv("TREMPLIN_OIDC_ISSUER"),
		oidcClientID:     getenv("TREMPLIN_OIDC_CLIENT_ID"),
		oidcClientSecret: getenv("TREMPLIN_OIDC_CLIENT_SECRET"),
		oidcRedirectURL:  getenv("TREMPLIN_OIDC_REDIRECT_URL"),
		oidcRoleClaim:    getenv("TREMPLIN_OIDC_ROLE_CLAIM"),
		oidcManagerClaim: getenv("TREMPLIN_OIDC_MANAGER_CLAIM"),
	}
	c.openDemo = getenv("TREMPLIN_OPEN_DEMO") == "true"
	c.corsOrigins = splitList(getenv("TREMPLIN_CORS_ORIGINS"))
	c.trustedProxies = splitList(getenv("TREMPLIN_TRUSTED_PROXIES"))
	c.allowedHosts = splitList(getenv("TREMPLIN_ALLOWED_HOSTS"))
	if c.publicURL = strings.TrimSuffix(getenv("TREMPLIN_PUBLIC_URL"), "/"); c.publicURL != "" {
		if u, err := url.Parse(c.publicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			return c, fmt.Errorf("TREMPLIN_PUBLIC_URL : %q invalide (attendu : https://hôte[:port], sans chemin)", c.publicURL)
		}
	}
	var err error
	if c.maxImportMiB, err = intEnv(getenv, "TREMPLIN_MAX_IMPORT_MIB", 32); err != nil {
		return c, err
	}
	if c.recordRetention, err = parseRetention(or(getenv("TREMPLIN_RECORD_RETENTION"), "10y")); err != nil {
		return c, err
	}
	if c.localDims, err = intEnv(getenv, "TREMPLIN_LOCAL_DIMS", 1536); err != nil {
		return c, err
	}
	if c.openAIDims, err = intEnv(getenv, "TREMPLIN_EMBEDDING_DIMS", 1536); err != nil {
		return c, err
	}
	c.openAITimeout = 30 * time.Second
	if v := getenv("TREMPLIN_EMBEDDING_TIMEOUT"); v != "" {
		if c.openAITimeout, err = time.ParseDuration(v); err != nil {
			return c, fmt.Errorf("TREMPLIN_EMBEDDING_TIMEOUT : durée invalide %q (exemple : 30s)", v)
		}
	}
	c.docsPoll = 30 * time.Second
	if v := getenv("TREMPLIN_DOCS_POLL"); v != "" {
		if c.docsPoll, err = time.ParseDuration(v); err != nil || c.docsPoll <= 0 {
			return c, fmt.Errorf("TREMPLIN_DOCS_POLL : durée invalide %q (exemple : 30s)", v)
		}
	}
	if c.embedder != "local" && c.embedder != "openai" {
		return c, fmt.Errorf("TREMPLIN_EMBEDDER : %q inconnu (valeurs possibles : local, openai)", c.embedder)
	}
	return c, nil
}

// oidcRedirectPath is the callback route of OIDC sign-in.
const oidcRedirectPath = "/connexion/oidc/retour"

// oidc returns the OIDC sign-in settings, nil when TREMPLIN_OIDC_ISSUER is
// unset. A half configuration is an error naming the missing variable.
func (c config) oidc() (*api.OIDCConfig, error) {
	if c.oidcIssuer == "" {
		if c.oidcClientID != "" || c.oidcClientSecret != "" || c.oidcRedirectURL != "" {
			return nil, errors.New("TREMPLIN_OIDC_* : donnez TREMPLIN_OIDC_ISSUER (l'adresse du fournisseur d'identité) pour activer la connexion OIDC")
		}
		return nil, nil
	}
	if u, err := url.Parse(c.oidcIssuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("TREMPLIN_OIDC_ISSUER : %q invalide (attendu : https://fournisseur.example.fr/…)", c.oidcIssuer)
	}
	if c.oidcClientID == "" {
		return nil, errors.New("TREMPLIN_OIDC_CLIENT_ID : obligatoire avec TREMPLIN_OIDC_ISSUER (l'identifiant de Tremplin chez le fournisseur d'identité)")
	}
	redirect := c.oidcRedirectURL
	if redirect == "" {
		if c.publicURL == "" {
			return nil, errors.New("TREMPLIN_OIDC_REDIRECT_URL : donnez-la, ou TREMPLIN_PUBLIC_URL (le retour sera alors TREMPLIN_PUBLIC_URL" + oidcRedirectPath + ")")
		}
		redirect = c.publicURL + oidcRedirectPath
	}
	if u, err := url.Parse(redirect); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != oidcRedirectPath {
		return nil, fmt.Errorf("TREMPLIN_OIDC_REDIRECT_URL : %q invalide (attendu : https://hôte%s)", redirect, oidcRedirectPath)
	}
	return &api.OIDCConfig{
		Issuer: c.oidcIssuer, ClientID: c.oidcClientID, ClientSecret: c.oidcClientSecret, RedirectURL: redirect,
		RoleClaim: c.oidcRoleClaim, ManagerClaim: c.oidcManagerClaim,
	}, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// retention is a calendar period: years, months and days, counted on the
// calendar (a year from 29 February ends on 1 March).
type retention struct{ years, months, days int }

// zero reports whether records are kept forever.
func (r retention) zero() bool { return r == retention{} }

// before returns the date a record must have been signed before to be
// purged at now.
func (r retention) before(now time.Time) time.Time {
	return now.AddDate(-r.years, -r.months, -r.days)
}

// parseRetention reads TREMPLIN_RECORD_RETENTION: a whole number followed
// by y (years), m (months) or d (days), or 0 to keep records forever.
func parseRetention(v string) (retention, error) {
	bad := fmt.Errorf("TREMPLIN_RECORD_RETENTION : %q invalide (exemples : 10y pour dix ans, 120m pour cent vingt mois, 3650d pour 3 650 jours, 0 pour ne jamais effacer)", v)
	if v == "0" {
		return retention{}, nil
	}
	if len(v) < 2 {
		return retention{}, bad
	}
	n, err := strconv.Atoi(v[:len(v)-1])
	if err != nil || n <= 0 || n > 100*366 {
		return retention{}, bad
	}
	switch v[len(v)-1] {
	case 'y':
		if n > 100 {
			return retention{}, bad
		}
		return retention{years: n}, nil
	case 'm':
		return retention{months: n}, nil
	case 'd':
		return retention{days: n}, nil
	}
	return retention{}, bad
}

func intEnv(getenv func(string) string, name string, def int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s : entier positif attendu, reçu %q", name, v)
	}
	return n, nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
