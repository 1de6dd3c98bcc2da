package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures sign-in on the web pages through an OpenID Connect
// provider (authorization code flow with PKCE).
type OIDCConfig struct {
	// Issuer is the provider's issuer URL; discovery is read from
	// Issuer + "/.well-known/openid-configuration".
	Issuer string
	// ClientID is Tremplin's client id at the provider, and the audience
	// its ID tokens must carry.
	ClientID string
	// ClientSecret is empty for a public client (PKCE alone).
	ClientSecret string
	// RedirectURL is where the provider sends the browser back: the public
	// address of /connexion/oidc/retour.
	RedirectURL string
	// RoleClaim names the ID token claim holding the role, a string or a
	// list (default "roles"); dotted names reach into nested objects.
	RoleClaim string
	// ManagerClaim names the claim holding the user's manager id (default
	// "manager").
	ManagerClaim string
	// HTTPClient calls the provider (default: a client with a 10 s timeout).
	HTTPClient *http.Client
}

// oidcLogin runs the sign-in flow. The provider's discovery document is
// fetched on the first sign-in and again after a failure, so that Tremplin
// starts while the provider is down.
type oidcLogin struct {
	cfg    OIDCConfig
	client *http.Client

	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// errNoRole refuses a user whose claims carry no Tremplin role.
var errNoRole = errors.New("no known role in the ID token")

func newOIDCLogin(cfg *OIDCConfig) (*oidcLogin, error) {
	if cfg == nil {
		return nil, nil
	}
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("OIDC : l'émetteur, l'identifiant client et l'URL de retour sont obligatoires")
	}
	if u, err := url.Parse(cfg.RedirectURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("OIDC : URL de retour invalide %q (https://hôte/connexion/oidc/retour attendu)", cfg.RedirectURL)
	}
	c := *cfg
	if c.RoleClaim == "" {
		c.RoleClaim = "roles"
	}
	if c.ManagerClaim == "" {
		c.ManagerClaim = "manager"
	}
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &oidcLogin{cfg: c, client: client}, nil
}

// setup returns the OAuth 2 configuration and ID token verifier, running
// discovery when it has not succeeded yet.
func (o *oidcLogin) setup(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.oauth != nil {
		return o.oauth, o.verifier, nil
	}
	provider, err := oidc.NewProvider(oidc.ClientContext(ctx, o.client), o.cfg.Issuer)
	if err != nil {
		return nil, nil, err
	}
	o.oauth = &oauth2.Config{
		ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile"},
	}
	// The key set is fetched with a context that outlives this request.
	keyCtx := oidc.ClientContext(context.WithoutCancel(ctx), o.client)
	o.verifier = provider.VerifierContext(keyCtx, &oidc.Config{ClientID: o.cfg.ClientID})
	return o.oauth, o.verifier, nil
}

// oidcUser is who the provider says signed in.
type oidcUser struct {
	sub, name, manager string
	role               Role
}

// exchange trades code (with the PKCE verifier) for tokens, verifies the
// ID token (signature, issuer, audience, expiry, then nonce) and reads the
// user from its claims.
func (o *oidcLogin) exchange(ctx context.Context, code, verifier, nonce string) (oidcUser, error) {
	conf, idv, err := o.setup(ctx)
	if err != nil {
		return oidcUser{}, err
	}
	ctx = oidc.ClientContext(ctx, o.client)
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return oidcUser{}, fmt.Errorf("exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return oidcUser{}, errors.New("no id_token in the token response")
	}
	idt, err := idv.Verify(ctx, raw)
	if err != nil {
		return oidcUser{}, fmt.Errorf("id token: %w", err)
	}
	if idt.Nonce == "" || !equalSecret(idt.Nonce, nonce) {
		return oidcUser{}, errors.New("id token: nonce mismatch")
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return oidcUser{}, fmt.Errorf("id token claims: %w", err)
	}
	u := oidcUser{sub: idt.Subject}
	u.name, _ = claims["name"].(string)
	u.manager, _ = lookupClaim(claims, o.cfg.ManagerClaim).(string)
	if u.sub == "" {
		return oidcUser{}, errors.New("id token: no subject")
	}
	if u.role, ok = roleOf(lookupClaim(claims, o.cfg.RoleClaim)); !ok {
		return u, errNoRole
	}
	return u, nil
}

// authCodeURL returns the provider's authorization URL for one attempt.
func (o *oidcLogin) authCodeURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	conf, _, err := o.setup(ctx)
	if err != nil {
		return "", err
	}
	return conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// trimName keeps a display name short and on one line.
func trimName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:80])
	}
	return s
}
