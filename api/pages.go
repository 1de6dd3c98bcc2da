package api

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/api/web"
)

// pages serves the French web pages: server-rendered templates and the
// static assets of package web. The pages call the JSON API from the
// browser with the session cookie set at sign-in.
type pages struct {
	s      *server
	tmpl   map[string]*template.Template
	static fs.FS
	err    error // template or asset error: every page answers 500
}

const (
	ctxSignedIn = "tremplin.signed_in"
	// ctxName holds the display name of a signed-in person (OIDC or demo).
	ctxName = "tremplin.name"
	// ctxPerson holds the subject of a signed-in person (OIDC or demo);
	// absent for an API key, which is nobody in particular.
	ctxPerson = "tremplin.person"
)

// webRoutes lists the routes of the web pages and their static assets.
func (s *server) webRoutes(r *gin.Engine) {
	p := newPages(s)
	in, ld := p.signedIn(), p.requireLD()
	get := func(path string, h ...gin.HandlerFunc) { // HEAD answers like GET
		r.GET(path, h...)
		r.HEAD(path, h...)
	}
	get("/static/*filepath", p.handleStatic())
	get("/", in, p.handlePlan())
	get("/plan/imprimer", in, p.handlePrint())
	get("/fiche/:id", in, p.handleItem(false))
	get("/catalogue", in, ld, p.handleCatalogue())
	get("/catalogue/importer", in, ld, p.handleImport())
	get("/catalogue/lacunes", in, ld, p.handleGaps())
	get("/catalogue/lacunes.csv", in, ld, p.handleGapsCSV())
	get("/catalogue/:id", in, ld, p.handleItem(true))
	p.entretienRoutes(get, in)
	get("/connexion", p.handleSignInForm())
	r.POST("/connexion/demo", p.sameOrigin(), limitBody(4<<10), p.handleDemoSignIn())
	r.POST("/connexion", p.sameOrigin(), limitBody(4<<10), p.handleSignIn())
	if s.oidc != nil {
		r.GET("/connexion/oidc", p.handleOIDCStart())
		r.GET("/connexion/oidc/retour", p.handleOIDCCallback())
	}
	get("/deconnexion", p.handleSignOutForm())
	r.POST("/deconnexion", p.sameOrigin(), p.handleSignOut())
}

// webPrefixes are the paths of the web pages: "/" and those below.
var webPrefixes = []string{"/static/", "/plan/", "/fiche/", "/catalogue", "/connexion", "/deconnexion", "/entretiens", "/equipe"}

// isWebRoute reports whether a route path (as Gin lists it) is a web page
// or asset rather than part of the JSON API and its operations routes.
func isWebRoute(path string) bool {
	if path == "/" {
		return true
	}
	for _, p := range webPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

func newPages(s *server) *pages {
	p := &pages{s: s}
	p.tmpl, p.err = web.Pages(templateFuncs)
	if p.err == nil {
		p.static, p.err = web.Static()
	}
	if p.err != nil {
		s.logger.Error("web pages unavailable", "err", p.err)
	}
	return p
}

// view is what every page template receives.
type view struct {
	Title   string
	Page    string // template name, also a CSS class of <body>
	Nav     string // key of the current navigation link
	Scripts []string
	Role    Role
	Open    bool // open demo mode: no keys configured
	// SignedIn is true when the caller signed in (session cookie or key).
	SignedIn bool
	// Name is the display name of a person who signed in (OIDC or demo).
	Name string
	// Attribution holds the source notices of the référentiels in use.
	Attribution []string
	// Labels, when set, is written into the page as a JSON data block
	// (#libelles) for its scripts: French names of codes.
	Labels any
	Data   any
}

// render writes page name with v, filling in who the caller is.
func (p *pages) render(c *gin.Context, status int, name string, v view) {
	if p.err != nil {
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("pages indisponibles : erreur interne"))
		c.Abort()
		return
	}
	t, ok := p.tmpl[name]
	if !ok {
		p.s.logger.ErrorContext(c.Request.Context(), "unknown page template", "page", name)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("page indisponible : erreur interne"))
		c.Abort()
		return
	}
	v.Page = name
	if r, ok := c.Get(ctxRole); ok {
		v.Role, _ = r.(Role)
	}
	v.Open = p.s.open()
	v.SignedIn = c.GetBool(ctxSignedIn)
	v.Name = c.GetString(ctxName)
	v.Attribution = p.s.attribution()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		p.s.logger.ErrorContext(c.Request.Context(), "render page", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("page indisponible : erreur interne"))
		c.Abort()
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorPage renders a French error page with status.
func (p *pages) errorPage(c *gin.Context, status int, heading, message string) {
	p.render(c, status, "erreur", view{Title: heading, Data: struct{ Heading, Message string }{heading, message}})
	c.Abort()
}

// signedIn sets the caller's role for a page: everyone is ld_admin in open
// demo mode unless they signed in as a demo person; otherwise the session
// cookie (or a Bearer key) decides, and a visitor who is not signed in is
// sent to the sign-in page.
func (p *pages) signedIn() gin.HandlerFunc {
	return func(c *gin.Context) {
		if p.s.open() && !p.s.demoSession(c) {
			c.Set(ctxRole, RoleLDAdmin)
			c.Set(ctxCallerID, ipBucket(c.ClientIP()))
			c.Next()
			return
		}
		e, ok := p.s.caller(c)
		if !ok {
			c.Redirect(http.StatusSeeOther, "/connexion?suite="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		c.Set(ctxRole, e.role)
		c.Set(ctxCallerID, "key:"+e.id)
		c.Set(ctxSignedIn, true)
		c.Set(ctxName, e.name)
		if e.sub != "" {
			c.Set(ctxPerson, e.sub)
		}
		c.Next()
	}
}

// requireLD answers a French 403 page to every role but ld_admin.
func (p *pages) requireLD() gin.HandlerFunc {
	return func(c *gin.Context) {
		if r, _ := c.Get(ctxRole); r != RoleLDAdmin {
			p.errorPage(c, http.StatusForbidden, "Accès refusé",
				"Cette page est réservée à l'équipe L&D (formation). Votre rôle ne permet pas d'y accéder.")
			return
		}
		c.Next()
	}
}

func (p *pages) handleStatic() gin.HandlerFunc {
	return func(c *gin.Context) {
		name := strings.TrimPrefix(c.Param("filepath"), "/")
		if p.err != nil || name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
			c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("fichier introuvable"))
			return
		}
		b, err := fs.ReadFile(p.static, name)
		if err != nil {
			c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("fichier introuvable"))
			return
		}
		c.Header("Cache-Control", "no-cache")
		http.ServeContent(c.Writer, c.Request, name, time.Time{}, bytes.NewReader(b))
	}
}

func (p *pages) handlePlan() gin.HandlerFunc {
	return func(c *gin.Context) {
		p.render(c, http.StatusOK, "plan", view{Title: "Mon plan d'action", Nav: "plan", Scripts: []string{"plan-skills.js", "plan-groups.js", "plan.js"}})
	}
}

func (p *pages) handlePrint() gin.HandlerFunc {
	return func(c *gin.Context) {
		p.render(c, http.StatusOK, "imprimer", view{Title: "Plan d'action à imprimer", Nav: "plan", Scripts: []string{"imprimer.js"}})
	}
}
