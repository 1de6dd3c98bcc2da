package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"
)

// oidcCookie carries one sign-in attempt (state, nonce, PKCE verifier and
// the page to return to) from /connexion/oidc to its callback. It is
// HttpOnly and SameSite=Lax: the provider sends the browser back with a
// top-level GET from its own site.
const oidcCookie = "tremplin_oidc"

// oidcCookieSeconds is how long a sign-in attempt may take at the provider.
const oidcCookieSeconds = 10 * 60

// oidcAttempt is the content of the oidcCookie.
type oidcAttempt struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"r,omitempty"`
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on Linux
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// equalSecret compares a and b in constant time.
func equalSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// handleOIDCStart sends the browser to the identity provider.
func (p *pages) handleOIDCStart() gin.HandlerFunc {
	return func(c *gin.Context) {
		a := oidcAttempt{State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier(), Next: localPath(c.Query("suite"))}
		u, err := p.s.oidc.authCodeURL(c.Request.Context(), a.State, a.Nonce, a.Verifier)
		if err != nil {
			p.s.logger.WarnContext(c.Request.Context(), "oidc discovery failed", "err", err)
			p.oidcError(c, http.StatusBadGateway, "Le fournisseur d'identité de l'entreprise ne répond pas : réessayez dans quelques minutes ou connectez-vous avec une clé d'API.")
			return
		}
		b, _ := json.Marshal(a) // a holds only strings
		p.setOIDCCookie(c, base64.RawURLEncoding.EncodeToString(b), oidcCookieSeconds)
		c.Redirect(http.StatusFound, u)
	}
}

// handleOIDCCallback checks the provider's answer and opens the session.
func (p *pages) handleOIDCCallback() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		a, ok := p.oidcAttempt(c)
		p.setOIDCCookie(c, "", -1) // one attempt, one callback
		if c.Query("error") != "" {
			p.s.logger.InfoContext(ctx, "oidc provider refused sign-in", "error", c.Query("error"))
			p.oidcError(c, http.StatusUnauthorized, "Le fournisseur d'identité a refusé la connexion. Réessayez, ou demandez de l'aide à votre service informatique.")
			return
		}
		if !ok || c.Query("state") == "" || !equalSecret(c.Query("state"), a.State) || c.Query("code") == "" {
			p.s.authFailed(c)
			p.oidcError(c, http.StatusBadRequest, "Demande de connexion refusée : elle a expiré ou n'a pas été commencée dans ce navigateur. Recommencez la connexion.")
			return
		}
		u, err := p.s.oidc.exchange(ctx, c.Query("code"), a.Verifier, a.Nonce)
		if errors.Is(err, errNoRole) {
			p.oidcError(c, http.StatusForbidden, "Votre compte n'a aucun rôle dans Tremplin (employee, manager, ld_admin ou hr_admin) : demandez-le à votre service RH.")
			return
		}
		if err != nil {
			p.s.authFailed(c)
			p.s.logger.WarnContext(ctx, "oidc sign-in failed", "err", err)
			p.oidcError(c, http.StatusUnauthorized, "Le fournisseur d'identité n'a pas confirmé votre connexion (code refusé ou jeton invalide). Recommencez la connexion.")
			return
		}
		p.openOIDCSession(c, u, a.Next)
	}
}

// openOIDCSession starts the web session of u and sends the browser on.
// The answer is a page that moves on by itself rather than a redirect: the
// session cookie is SameSite=Strict, so it would not be sent with a
// redirect that follows the provider's cross-site one.
func (p *pages) openOIDCSession(c *gin.Context, u oidcUser, next string) {
	h := sha256.Sum256([]byte(u.sub))
	e := keyEntry{role: u.role, id: "oidc:" + hex.EncodeToString(h[:4]), sub: u.sub, manager: u.manager, name: trimName(u.name)}
	id, ok := p.startSession(c, e)
	if !ok {
		p.oidcError(c, http.StatusServiceUnavailable, "La session n'a pas pu être ouverte : réessayez dans un instant.")
		return
	}
	p.setSessionCookie(c, id, sessionSeconds)
	p.s.logger.InfoContext(c.Request.Context(), "web sign-in", "caller", e.id, "role", string(e.role))
	if next == "" {
		next = "/"
	}
	c.Set(ctxRole, e.role)
	c.Set(ctxSignedIn, true)
	p.render(c, http.StatusOK, "connexion_oidc", view{Title: "Connexion réussie", Data: struct{ Next, Name string }{next, e.name}})
}

// oidcAttempt reads the attempt cookie.
func (p *pages) oidcAttempt(c *gin.Context) (oidcAttempt, bool) {
	var a oidcAttempt
	v, err := c.Cookie(oidcCookie)
	if err != nil {
		return a, false
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || json.Unmarshal(b, &a) != nil || a.State == "" || a.Nonce == "" || a.Verifier == "" {
		return oidcAttempt{}, false
	}
	a.Next = localPath(a.Next)
	return a, true
}

func (p *pages) setOIDCCookie(c *gin.Context, v string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: oidcCookie, Value: v, Path: "/connexion/oidc", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: p.s.requestHTTPS(c),
	})
}

// oidcError renders a French sign-in error page with status.
func (p *pages) oidcError(c *gin.Context, status int, msg string) {
	p.render(c, status, "connexion", view{Title: "Connexion", Nav: "connexion", Data: signInView{Error: msg, OIDC: true}})
	c.Abort()
}
