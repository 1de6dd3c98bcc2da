package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/entretien"
	records "github.com/tremplin/tremplin/catalog/plan"
)

// Plans keeps the entretien records (indexer/records: bbolt or Postgres).
// Every call is audited by the store with the actor given.
type Plans interface {
	Create(ctx context.Context, actor records.Actor, e records.Entretien) (records.Entretien, error)
	Entretien(ctx context.Context, actor records.Actor, id string) (records.Entretien, error)
	Update(ctx context.Context, actor records.Actor, e records.Entretien) (records.Entretien, error)
	Sign(ctx context.Context, actor records.Actor, id string, version int64, role records.Role) (records.Entretien, error)
	ByEmployee(ctx context.Context, actor records.Actor, employeeID string) ([]records.Entretien, error)
	ByManager(ctx context.Context, actor records.Actor, managerID string) ([]records.Entretien, error)
	Version(ctx context.Context, actor records.Actor, id string, version int64) (records.Entretien, error)
	Delete(ctx context.Context, actor records.Actor, id string) error
	Export(ctx context.Context, actor records.Actor, employeeID string) (records.Export, error)
	ItemUsage(ctx context.Context) ([]records.ItemUsage, error)
	MetierDemand(ctx context.Context) ([]records.MetierDemand, error)
}

// OrgPerson is one person of the organisation: who they are, who manages
// them, since when they work there.
type OrgPerson struct {
	ID         string
	Name       string
	ManagerID  string
	Department string
	// HireDate is the first day of work, for the entretien calendar.
	HireDate entretien.Date
}

// Org answers who is who: a person by id and a manager's reports.
type Org interface {
	Person(ctx context.Context, id string) (OrgPerson, bool)
	Reports(ctx context.Context, managerID string) []OrgPerson
}

// StaticOrg is an organisation held in memory, e.g. the demo people.
type StaticOrg []OrgPerson

// Person returns the person whose id is id.
func (o StaticOrg) Person(_ context.Context, id string) (OrgPerson, bool) {
	for _, p := range o {
		if p.ID == id {
			return p, true
		}
	}
	return OrgPerson{}, false
}

// Reports returns the people whose manager is managerID.
func (o StaticOrg) Reports(_ context.Context, managerID string) []OrgPerson {
	var out []OrgPerson
	for _, p := range o {
		if p.ManagerID == managerID && managerID != "" {
			out = append(out, p)
		}
	}
	return out
}

// DemoOrg is the organisation of the demo people.
func DemoOrg() StaticOrg {
	var o StaticOrg
	for _, p := range DemoPeople {
		hire, _ := entretien.ParseDate(p.HireDate) // the demo dates are valid
		o = append(o, OrgPerson{ID: p.Sub, Name: p.Name, ManagerID: p.Manager, Department: p.Department, HireDate: hire})
	}
	return o
}

// person is who calls a plan route: an individual (OIDC or demo session,
// or a JWT), never a role key.
type person struct {
	id, manager, name string
	role              Role
}

var errNotFound = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "entretien introuvable"}

// planCaller returns the individual calling, or answers 404: a plan route
// tells nobody else whether a record exists.
func (s *server) planCaller(c *gin.Context) (person, bool) {
	e, ok := s.caller(c)
	if !ok || e.sub == "" || s.deps.Plans == nil {
		writeError(c, s.logger, errNotFound)
		return person{}, false
	}
	return person{id: e.sub, manager: e.manager, name: e.name, role: e.role}, true
}

func (p person) actor() records.Actor { return records.Actor{ID: p.id, Role: string(p.role)} }

// currentManager returns the manager of employeeID now: the org's, else
// the record's (claims at creation).
func (s *server) currentManager(ctx context.Context, employeeID, recorded string) string {
	if s.deps.Org != nil {
		if p, ok := s.deps.Org.Person(ctx, employeeID); ok && p.ManagerID != "" {
			return p.ManagerID
		}
	}
	return recorded
}

// readable reports whether p may read e: its employee, its current
// manager, or an HR admin (whose read the store audits).
func (s *server) readable(ctx context.Context, p person, e records.Entretien) bool {
	switch {
	case p.id == e.EmployeeID:
		return true
	case p.id == e.ManagerID && s.currentManager(ctx, e.EmployeeID, e.ManagerID) == p.id:
		return true
	}
	return p.role == RoleHRAdmin
}

// party is the role p plays in e ("" for none: read-only).
func party(p person, e records.Entretien) records.Role {
	switch p.id {
	case e.EmployeeID:
		return records.RoleEmployee
	case e.ManagerID:
		return records.RoleManager
	}
	return ""
}

func (s *server) name(ctx context.Context, id string) string {
	if s.deps.Org != nil {
		if p, ok := s.deps.Org.Person(ctx, id); ok && p.Name != "" {
			return p.Name
		}
	}
	return ""
}

// withNames is the response for e, with its parties' names.
func (s *server) withNames(ctx context.Context, e records.Entretien) entretienResponse {
	return toEntretienResponse(e, s.name(ctx, e.EmployeeID), s.name(ctx, e.ManagerID))
}

// personRoute is the handler of a plan route about the caller: h runs for
// an individual (see planCaller); anyone else gets 404.
func (s *server) personRoute(h func(c *gin.Context, p person)) gin.HandlerFunc {
	return func(c *gin.Context) {
		if p, ok := s.planCaller(c); ok {
			h(c, p)
		}
	}
}

// recordRoute is the handler of a plan route about the record :id: h runs
// with it for an individual who may read it; anyone else gets 404, whether
// the record exists or not.
func (s *server) recordRoute(h func(c *gin.Context, p person, e records.Entretien)) gin.HandlerFunc {
	return s.personRoute(func(c *gin.Context, p person) {
		if e, ok := s.loadEntretien(c, p); ok {
			h(c, p, e)
		}
	})
}

// loadEntretien reads the record of the :id parameter for p, or answers 404.
func (s *server) loadEntretien(c *gin.Context, p person) (records.Entretien, bool) {
	ctx := c.Request.Context()
	e, err := s.deps.Plans.Entretien(ctx, p.actor(), c.Param("id"))
	if err != nil && !errors.Is(err, catalog.ErrNotFound) {
		writeError(c, s.logger, err)
		return records.Entretien{}, false
	}
	if err != nil || !s.readable(ctx, p, e) {
		writeError(c, s.logger, errNotFound)
		return records.Entretien{}, false
	}
	return e, true
}

// mayOpen reports whether the caller of a page may read the record id
// (the read is audited as any other).
func (s *server) mayOpen(c *gin.Context, id string) bool {
	e, ok := s.caller(c)
	if !ok || e.sub == "" || s.deps.Plans == nil {
		return false
	}
	p := person{id: e.sub, manager: e.manager, name: e.name, role: e.role}
	rec, err := s.deps.Plans.Entretien(c.Request.Context(), p.actor(), id)
	return err == nil && s.readable(c.Request.Context(), p, rec)
}

func (s *server) handleEntretiensList() gin.HandlerFunc {
	return s.personRoute(func(c *gin.Context, p person) {
		ctx := c.Request.Context()
		mine, err := s.deps.Plans.ByEmployee(ctx, p.actor(), p.id)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		managed, err := s.deps.Plans.ByManager(ctx, p.actor(), p.id)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		out := entretienList{Entretiens: []entretienResponse{}}
		for _, e := range append(mine, managed...) {
			if s.readable(ctx, p, e) {
				out.Entretiens = append(out.Entretiens, s.withNames(ctx, e))
			}
		}
		c.JSON(http.StatusOK, out)
	})
}

func (s *server) handleEntretienCreate() gin.HandlerFunc {
	return s.personRoute(func(c *gin.Context, p person) {
		var req newEntretienRequest
		if err := decodeJSON(c, &req); err != nil {
			writeError(c, s.logger, err)
			return
		}
		ctx := c.Request.Context()
		employee, manager := p.id, s.currentManager(ctx, p.id, p.manager)
		if req.EmployeeID != "" && req.EmployeeID != p.id {
			// A manager opens the entretien of one of their current reports;
			// for anyone else the person is as unknown as a missing record.
			if s.currentManager(ctx, req.EmployeeID, "") != p.id {
				writeError(c, s.logger, errNotFound)
				return
			}
			employee, manager = req.EmployeeID, p.id
		}
		if manager == "" {
			writeError(c, s.logger, &Error{Status: http.StatusUnprocessableEntity, Code: "no_manager",
				Message: "aucun manager connu pour vous : demandez au service RH de compléter l'organigramme"})
			return
		}
		e, err := s.deps.Plans.Create(ctx, p.actor(), records.Entretien{EmployeeID: employee, ManagerID: manager, Type: req.Type, Date: req.Date})
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.JSON(http.StatusCreated, s.withNames(ctx, e))
	})
}

func (s *server) handleEntretienGet() gin.HandlerFunc {
	return s.recordRoute(func(c *gin.Context, _ person, e records.Entretien) {
		c.JSON(http.StatusOK, s.withNames(c.Request.Context(), e))
	})
}

// handleEntretienUpdate saves a new version from one of the two parties.
// The parties, the catalog snapshots already kept and the comments already
// written stay as stored; a new comment is the caller's; a new catalog
// action is snapshotted from the catalog now.
func (s *server) handleEntretienUpdate() gin.HandlerFunc {
	return s.recordRoute(func(c *gin.Context, p person, old records.Entretien) {
		role := party(p, old)
		if role == "" {
			writeError(c, s.logger, &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "seuls le salarié et son manager modifient l'entretien"})
			return
		}
		var in entretienWrite
		if err := decodeJSON(c, &in); err != nil {
			writeError(c, s.logger, err)
			return
		}
		ctx := c.Request.Context()
		next := applyWrite(old, in, role, p.id)
		kept := map[string]*records.Snapshot{}
		for _, a := range old.Actions {
			if a.Item != nil {
				kept[a.ID] = a.Item
			}
		}
		for i, w := range in.Actions {
			a := &next.Actions[i]
			if snap, ok := kept[w.ID]; ok && w.ID != "" {
				a.Item = snap // a catalog action keeps the item as it was chosen
				continue
			}
			if w.ItemID == "" {
				continue // a free action
			}
			it, err := s.deps.Catalog.Item(ctx, w.ItemID)
			if err != nil {
				writeError(c, s.logger, &Error{Status: http.StatusUnprocessableEntity, Code: "unknown_item", Field: fmt.Sprintf("actions[%d].item_id", i),
					Message: "élément du catalogue introuvable : choisissez une suggestion du catalogue actuel"})
				return
			}
			a.ID, a.Item = "", records.SnapshotOf(&it)
		}
		var ok bool
		if next.TargetMetier, ok = s.targetMetier(c, old.TargetMetier, in.TargetMetier); !ok {
			return
		}
		e, err := s.deps.Plans.Update(ctx, p.actor(), next)
		if err != nil {
			writePlanError(c, s, err)
			return
		}
		c.JSON(http.StatusOK, s.withNames(ctx, e))
	})
}

// targetMetier resolves the ROME code a party wrote into the métier the
// record keeps: the stored one when unchanged (its label as when chosen),
// else named from the référentiel; nil for "". An unknown code answers 422.
func (s *server) targetMetier(c *gin.Context, stored *records.Metier, code string) (*records.Metier, bool) {
	code = strings.TrimSpace(code)
	switch {
	case code == "":
		return nil, true
	case stored != nil && stored.Code == code:
		return stored, true
	}
	if n, ok := s.deps.Metiers.(metierNamer); ok {
		for _, c := range []string{code, strings.ToUpper(code)} { // "m1607" is M1607
			if m, ok := n.Metier(c); ok {
				return &records.Metier{Code: c, Label: m.Label}, true
			}
		}
	}
	writeError(c, s.logger, &Error{Status: http.StatusUnprocessableEntity, Code: "unknown_metier", Field: "target_metier",
		Message: "métier inconnu du référentiel : choisissez-le dans la liste des métiers"})
	return nil, false
}

// writePlanError answers a store error in French: a stale version or a
// change to a signed record is a 409 saying what to do.
func writePlanError(c *gin.Context, s *server, err error) {
	switch {
	case errors.Is(err, records.ErrSigned):
		writeError(c, s.logger, &Error{Status: http.StatusConflict, Code: "signed", Message: records.ErrSigned.Error()})
	case errors.Is(err, catalog.ErrConflict):
		writeError(c, s.logger, &Error{Status: http.StatusConflict, Code: "stale_version",
			Message: "modifié entre-temps : rechargez l'entretien avant de l'enregistrer"})
	default:
		writeError(c, s.logger, err)
	}
}

func (s *server) handleEntretienSign() gin.HandlerFunc {
	return s.recordRoute(func(c *gin.Context, p person, old records.Entretien) {
		var req signRequest
		if err := decodeJSON(c, &req); err != nil {
			writeError(c, s.logger, err)
			return
		}
		role := party(p, old)
		if role == "" || (req.Role != "" && req.Role != role) {
			writeError(c, s.logger, &Error{Status: http.StatusForbidden, Code: "forbidden", Message: "seuls le salarié et son manager signent, chacun pour soi"})
			return
		}
		e, err := s.deps.Plans.Sign(c.Request.Context(), p.actor(), old.ID, req.Version, role)
		if err != nil {
			writePlanError(c, s, err)
			return
		}
		c.JSON(http.StatusOK, s.withNames(c.Request.Context(), e))
	})
}

// teamReport is one row of a manager's team view.
type teamReport struct {
	EmployeeID    string          `json:"employee_id"`
	Name          string          `json:"name,omitempty"`
	Department    string          `json:"department,omitempty"`
	NextDue       *entretien.Due  `json:"next_due,omitempty"`
	Overdue       []entretien.Due `json:"overdue"`
	Progress      *teamProgress   `json:"progress,omitempty"`
	LastEntretien *teamLastRecord `json:"last_entretien,omitempty"`
	Problem       string          `json:"problem,omitempty"`
	schedule      entretien.Schedule
}

// teamProgress counts the actions of a report's latest plan.
type teamProgress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// teamLastRecord names a report's latest record.
type teamLastRecord struct {
	ID   string       `json:"id"`
	Type records.Type `json:"type"`
	Date catalog.Date `json:"date"`
}

// teamAnswer is the answer of GET /api/v1/equipe.
type teamAnswer struct {
	Reports []teamReport `json:"reports"`
}

// handleTeam lists the reports of the manager calling: from the org, and
// anyone whose record names them as manager; each with the calendar
// computed from the hire date and the signed entretiens.
func (s *server) handleTeam() gin.HandlerFunc {
	return s.personRoute(func(c *gin.Context, p person) {
		ctx := c.Request.Context()
		recs, err := s.deps.Plans.ByManager(ctx, p.actor(), p.id)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		byEmployee := map[string][]records.Entretien{}
		var order []string
		add := func(id string) {
			if _, ok := byEmployee[id]; !ok {
				byEmployee[id] = nil
				order = append(order, id)
			}
		}
		if s.deps.Org != nil {
			for _, r := range s.deps.Org.Reports(ctx, p.id) {
				add(r.ID)
			}
		}
		for _, e := range recs {
			if s.currentManager(ctx, e.EmployeeID, e.ManagerID) != p.id {
				continue
			}
			add(e.EmployeeID)
			byEmployee[e.EmployeeID] = append(byEmployee[e.EmployeeID], e)
		}
		today := entretien.DateOf(time.Now())
		out := teamAnswer{Reports: []teamReport{}}
		for _, id := range order {
			out.Reports = append(out.Reports, s.teamRow(ctx, id, byEmployee[id], today))
		}
		c.JSON(http.StatusOK, out)
	})
}

func (s *server) teamRow(ctx context.Context, id string, recs []records.Entretien, today entretien.Date) teamReport {
	r := teamReport{EmployeeID: id, Name: s.name(ctx, id), Overdue: []entretien.Due{}}
	var hist entretien.History
	if s.deps.Org != nil {
		if op, ok := s.deps.Org.Person(ctx, id); ok {
			r.Department, hist.Hire = op.Department, op.HireDate
		}
	}
	for _, e := range recs { // latest first
		if r.LastEntretien == nil {
			r.LastEntretien = &teamLastRecord{ID: e.ID, Type: e.Type, Date: e.Date}
			done := 0
			for _, a := range e.Actions {
				if a.Status == records.StatusRealisee {
					done++
				}
			}
			r.Progress = &teamProgress{Done: done, Total: len(e.Actions)}
		}
		if d, err := entretien.ParseDate(e.Date.Format(catalog.DateLayout)); err == nil && e.Signed() {
			hist.Entretiens = append(hist.Entretiens, entretien.Entretien{Kind: e.Type, Date: d})
		}
	}
	if hist.Hire.IsZero() {
		r.Problem = "date d'embauche inconnue : le calendrier ne peut pas être calculé"
		return r
	}
	sched, err := entretien.Next(hist, today)
	if err != nil {
		r.Problem = "calendrier incalculable : " + err.Error()
		return r
	}
	all := sched.All()
	for _, d := range all {
		if d.Overdue {
			r.Overdue = append(r.Overdue, d)
		}
	}
	for _, d := range all {
		if !d.Overdue && !d.Date.IsZero() {
			r.NextDue = &d
			break
		}
	}
	return r
}
