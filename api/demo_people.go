package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// DemoEmployer is the employer of the demo people: the fictitious company
// of the demo catalog and référentiel (catalog/demo).
const DemoEmployer = "Groupe Hexalys"

// DemoPerson is one of the people open demo mode offers on the sign-in
// page: signing in as one opens a session with their subject, role and
// manager, so that the plan routes work for them.
type DemoPerson struct {
	// Sub is their subject, as an identity provider would give it.
	Sub  string
	Name string
	// JobTitle and Department are shown on the sign-in page.
	JobTitle, Department string
	Role                 Role
	// Manager is the subject of their manager ("" for none).
	Manager string
	// HireDate is when they were hired (YYYY-MM-DD), for the entretien calendar.
	HireDate string
}

// DemoPeople are the three people of open demo mode: an employee, her
// manager and an L&D admin, in one department of the demo company.
var DemoPeople = []DemoPerson{
	{Sub: "demo-camille-lefevre", Name: "Camille Lefèvre", JobTitle: "Technicienne de maintenance", Department: "Maintenance — site de Lyon",
		Role: RoleEmployee, Manager: "demo-julien-moreau", HireDate: "2021-03-15"},
	{Sub: "demo-julien-moreau", Name: "Julien Moreau", JobTitle: "Responsable maintenance", Department: "Maintenance — site de Lyon",
		Role: RoleManager, Manager: "", HireDate: "2016-09-01"},
	{Sub: "demo-nadia-benali", Name: "Nadia Benali", JobTitle: "Chargée de formation (L&D)", Department: "Ressources humaines",
		Role: RoleLDAdmin, HireDate: "2019-01-07"},
}

// demoPerson returns the demo person whose subject is sub.
func demoPerson(sub string) (DemoPerson, bool) {
	for _, p := range DemoPeople {
		if p.Sub == sub {
			return p, true
		}
	}
	return DemoPerson{}, false
}

// demoSession reports whether, in open demo mode, the caller signed in as
// one of the demo people: their session then decides who they are.
func (s *server) demoSession(c *gin.Context) bool {
	if hasBearer(c) {
		return false
	}
	id, err := c.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	e, ok := s.sessions.lookup(id)
	return ok && e.sub != ""
}

// handleDemoSignIn opens the session of the demo person posted by the
// sign-in page; only in open demo mode, which serves loopback only.
func (p *pages) handleDemoSignIn() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !p.s.open() {
			p.errorPage(c, http.StatusNotFound, "Page introuvable", "Le mode démonstration n'est pas actif sur ce serveur.")
			return
		}
		person, ok := demoPerson(c.PostForm("personne"))
		if !ok {
			c.Set(ctxRole, RoleLDAdmin)
			p.render(c, http.StatusBadRequest, "connexion", view{Title: "Connexion", Nav: "connexion",
				Data: signInView{Next: localPath(c.PostForm("suite")), Demo: DemoPeople, Error: "Choisissez l'une des trois personnes de démonstration."}})
			return
		}
		if old, err := c.Cookie(sessionCookie); err == nil {
			p.s.sessions.remove(old)
		}
		e := keyEntry{role: person.Role, id: "demo:" + person.Sub, sub: person.Sub, manager: person.Manager, name: person.Name}
		p.setSessionCookie(c, p.s.sessions.create(e), sessionSeconds)
		p.s.logger.InfoContext(c.Request.Context(), "demo sign-in", "caller", e.id, "role", string(e.role))
		next := localPath(c.PostForm("suite"))
		if next == "" {
			next = "/entretiens"
			if person.Role == RoleLDAdmin {
				next = "/catalogue"
			}
		}
		c.Redirect(http.StatusSeeOther, next)
	}
}
