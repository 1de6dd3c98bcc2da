package api

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// csrfHeader must accompany every state-changing API request authenticated
// by the session cookie: a cross-site form cannot send a custom header.
const csrfHeader = "X-Tremplin-CSRF"

// sessionSeconds is the lifetime of the session cookie (the server-side
// session expires at the same time).
const sessionSeconds = 8 * 60 * 60

// signInView is the data of the sign-in page.
type signInView struct {
	Next  string
	Error string
	// OIDC offers sign-in with the company's identity provider.
	OIDC bool
	// Demo lists the people of open demo mode one can sign in as.
	Demo []DemoPerson
}

func (p *pages) handleSignInForm() gin.HandlerFunc {
	return func(c *gin.Context) {
		v := view{Title: "Connexion", Nav: "connexion", Data: signInView{Next: localPath(c.Query("suite")), OIDC: p.s.oidc != nil}}
		if p.s.open() {
			v.Data = signInView{Next: localPath(c.Query("suite")), Demo: DemoPeople}
		}
		if e, ok := p.s.caller(c); ok {
			c.Set(ctxRole, e.role)
			c.Set(ctxSignedIn, true)
			c.Set(ctxName, e.name)
		} else if p.s.open() {
			c.Set(ctxRole, RoleLDAdmin)
		}
		p.render(c, http.StatusOK, "connexion", v)
	}
}

// handleSignIn checks the API key posted by the sign-in form, starts a
// session and sets its cookie; the key itself is never echoed nor put in
// a URL.
func (p *pages) handleSignIn() gin.HandlerFunc {
	return func(c *gin.Context) {
		next := localPath(c.PostForm("suite"))
		if p.s.noFailuresLeft(c) { // checked before the key: a guess over the limit tells nothing
			retryAfter(c, p.s.failureWait(c))
			p.render(c, http.StatusTooManyRequests, "connexion", view{Title: "Connexion", Nav: "connexion",
				Data: signInView{Next: next, OIDC: p.s.oidc != nil, Error: "Trop de tentatives : patientez une minute avant de réessayer."}})
			return
		}
		key := strings.TrimSpace(c.PostForm("cle"))
		e, ok := p.s.keys.lookup(key)
		if key == "" || !ok {
			p.s.authFailed(c)
			p.render(c, http.StatusUnauthorized, "connexion", view{Title: "Connexion", Nav: "connexion",
				Data: signInView{Next: next, OIDC: p.s.oidc != nil, Error: "Clé d'API inconnue : vérifiez-la et réessayez."}})
			return
		}
		if old, err := c.Cookie(sessionCookie); err == nil {
			p.s.sessions.remove(old)
		}
		p.setSessionCookie(c, p.s.sessions.create(e), sessionSeconds)
		p.s.logger.InfoContext(c.Request.Context(), "web sign-in", "caller", "key:"+e.id, "role", string(e.role))
		if next == "" {
			next = "/"
		}
		c.Redirect(http.StatusSeeOther, next)
	}
}

// handleSignOutForm asks for confirmation: signing out changes state, so
// it takes a POST from this site.
func (p *pages) handleSignOutForm() gin.HandlerFunc {
	return func(c *gin.Context) {
		if e, ok := p.s.caller(c); ok {
			c.Set(ctxRole, e.role)
			c.Set(ctxSignedIn, true)
		}
		p.render(c, http.StatusOK, "deconnexion", view{Title: "Déconnexion"})
	}
}

func (p *pages) handleSignOut() gin.HandlerFunc {
	return func(c *gin.Context) {
		if id, err := c.Cookie(sessionCookie); err == nil {
			p.s.sessions.remove(id)
		}
		p.setSessionCookie(c, "", -1)
		c.Redirect(http.StatusSeeOther, "/connexion")
	}
}

// setSessionCookie sets (maxAge > 0) or clears (maxAge < 0) the session cookie.
func (p *pages) setSessionCookie(c *gin.Context, id string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: p.s.requestHTTPS(c),
	})
}

// localPath returns p when it is a path of this site, "" otherwise: the
// sign-in page never redirects elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return ""
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return ""
	}
	return p
}

// sameOrigin refuses page form posts that come from another site.
func (p *pages) sameOrigin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if crossSite(c.Request, p.s.opts.CORSOrigins) {
			p.errorPage(c, http.StatusForbidden, "Requête refusée", "Ce formulaire doit être envoyé depuis Tremplin.")
			return
		}
		c.Next()
	}
}

// csrf protects the API from cross-site requests made with the session
// cookie (or, in open demo mode, with no credentials at all): a
// state-changing request not authenticated by a Bearer key must come from
// this site and, when it carries the session cookie, send X-Tremplin-CSRF.
func (s *server) csrf() gin.HandlerFunc {
	return func(c *gin.Context) {
		switch c.Request.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			c.Next()
			return
		}
		if strings.HasPrefix(c.GetHeader("Authorization"), "Bearer ") {
			c.Next()
			return
		}
		_, err := c.Cookie(sessionCookie)
		withCookie := err == nil
		if crossSite(c.Request, s.opts.CORSOrigins) || (withCookie && c.GetHeader(csrfHeader) != "1") {
			writeError(c, s.logger, &Error{Status: http.StatusForbidden, Code: "csrf",
				Message: "requête refusée : elle doit venir des pages de Tremplin (en-tête " + csrfHeader + ") ou porter une clé d'API (Authorization: Bearer …)"})
			return
		}
		c.Next()
	}
}

// crossSite reports whether a browser says r comes from another site or
// origin: Sec-Fetch-Site when the browser sends it, else Origin (which is
// "null" for opaque origins and for pages under Referrer-Policy
// no-referrer, hence second). Clients other than browsers send neither.
func crossSite(r *http.Request, allowed []string) bool {
	origin := r.Header.Get("Origin")
	if origin != "" && slices.Contains(allowed, origin) {
		return false
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return false
	case "same-site", "cross-site":
		return true
	}
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host != r.Host
}
