package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	records "github.com/tremplin/tremplin/catalog/plan"
)

// entretienRoutes lists the pages of the saved entretiens: « Mes
// entretiens », one entretien, its printable record, and a manager's team.
// The pages are shells; their scripts read and write the records through
// the plan routes of the JSON API, which decide who sees what.
func (p *pages) entretienRoutes(get func(string, ...gin.HandlerFunc), in gin.HandlerFunc) {
	person := p.requirePerson()
	get("/entretiens", in, person, p.handleEntretiens())
	get("/entretiens/:id", in, person, p.handleEntretien("entretien", "Entretien", "entretien.js"))
	get("/entretiens/:id/imprimer", in, person, p.handleEntretien("entretien_imprimer", "Compte rendu d'entretien", "entretien-imprimer.js"))
	get("/equipe", in, person, p.requireManager(), p.handleTeam())
}

// codeLabel is a code and its French name, for the pages' scripts.
type codeLabel struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// entretienLabels are the French names of the codes of a record.
type entretienLabels struct {
	Types    []codeLabel `json:"types"`
	Statuses []codeLabel `json:"statuses"`
	Fundings []codeLabel `json:"fundings"`
}

func newEntretienLabels() entretienLabels {
	var l entretienLabels
	for _, t := range records.Types {
		l.Types = append(l.Types, codeLabel{string(t), t.Label()})
	}
	for _, s := range records.Statuses {
		l.Statuses = append(l.Statuses, codeLabel{string(s), s.Label()})
	}
	for _, f := range records.Fundings {
		l.Fundings = append(l.Fundings, codeLabel{string(f), f.Label()})
	}
	return l
}

// labels is computed once: the codes never change while serving.
var labels = newEntretienLabels()

// entretienView is the data of the entretien pages.
type entretienView struct {
	// ID is the record shown ("" on the list).
	ID string
	// Me is the subject of the person signed in.
	Me       string
	Employer string
	Types    []codeLabel
	Today    string
}

// requirePerson lets through only a person signed in individually (OIDC
// or a demo person): a plan belongs to someone, an API key is nobody. In
// open demo mode the visitor is sent to pick a demo person.
func (p *pages) requirePerson() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetString(ctxPerson) != "" {
			c.Next()
			return
		}
		if p.s.open() {
			c.Redirect(http.StatusSeeOther, "/connexion?suite="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		p.errorPage(c, http.StatusForbidden, "Connexion personnelle requise",
			"Les entretiens sont personnels : connectez-vous avec l'identité de l'entreprise, pas avec une clé d'API.")
	}
}

// requireManager answers a French 403 page to every role but manager.
func (p *pages) requireManager() gin.HandlerFunc {
	return func(c *gin.Context) {
		if r, _ := c.Get(ctxRole); r != RoleManager {
			p.errorPage(c, http.StatusForbidden, "Accès refusé", "Cette page est réservée aux managers.")
			return
		}
		c.Next()
	}
}

// employer is the name printed on the records given to employees.
func (p *pages) employer() string {
	if p.s.opts.Employer != "" {
		return p.s.opts.Employer
	}
	if p.s.open() {
		return DemoEmployer
	}
	return ""
}

func (p *pages) entretienView(c *gin.Context) entretienView {
	return entretienView{ID: c.Param("id"), Me: c.GetString(ctxPerson), Employer: p.employer(), Types: labels.Types,
		Today: time.Now().Format(time.DateOnly)}
}

func (p *pages) handleEntretiens() gin.HandlerFunc {
	return func(c *gin.Context) {
		p.render(c, http.StatusOK, "entretiens", view{Title: "Mes entretiens", Nav: "entretiens", Labels: labels,
			Scripts: []string{"entretien-doc.js", "entretiens.js"}, Data: p.entretienView(c)})
	}
}

// handleEntretien renders one record's page, or a 404 page to anyone the
// plan routes would answer 404 (a missing record and another's look the
// same); the record itself is read by the page's script.
func (p *pages) handleEntretien(name, title, script string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !p.s.mayOpen(c, c.Param("id")) {
			p.errorPage(c, http.StatusNotFound, "Entretien introuvable", "Cet entretien n'existe pas, ou il n'est pas le vôtre ni celui d'une personne de votre équipe.")
			return
		}
		p.render(c, http.StatusOK, name, view{Title: title, Nav: "entretiens", Labels: labels,
			Scripts: []string{"entretien-doc.js", script}, Data: p.entretienView(c)})
	}
}

func (p *pages) handleTeam() gin.HandlerFunc {
	return func(c *gin.Context) {
		p.render(c, http.StatusOK, "equipe", view{Title: "Mon équipe", Nav: "equipe", Labels: labels,
			Scripts: []string{"entretien-doc.js", "equipe.js"}, Data: p.entretienView(c)})
	}
}
