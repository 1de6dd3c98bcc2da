package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	records "github.com/tremplin/tremplin/catalog/plan"
)

// exportResponse converts an export, with the parties' names.
func (s *server) exportResponse(ctx context.Context, x records.Export) exportResponse {
	out := exportResponse{EmployeeID: x.EmployeeID, ExportedAt: x.ExportedAt, Entretiens: []entretienResponse{},
		Versions: []entretienResponse{}, Audit: []auditEntryResponse{}}
	for _, e := range x.Entretiens {
		out.Entretiens = append(out.Entretiens, s.withNames(ctx, e))
	}
	for _, e := range x.Versions {
		out.Versions = append(out.Versions, s.withNames(ctx, e))
	}
	for _, a := range x.Audit {
		out.Audit = append(out.Audit, toAuditEntry(a))
	}
	return out
}

// handleEntretienDelete removes a draft nobody has fully signed (409 once
// signed). Only its two parties may; everyone else gets 404.
func (s *server) handleEntretienDelete() gin.HandlerFunc {
	return s.recordRoute(func(c *gin.Context, p person, e records.Entretien) {
		if party(p, e) == "" || (party(p, e) == records.RoleManager && s.currentManager(c.Request.Context(), e.EmployeeID, e.ManagerID) != p.id) {
			writeError(c, s.logger, errNotFound) // hr_admin reads, never deletes
			return
		}
		if err := s.deps.Plans.Delete(c.Request.Context(), p.actor(), e.ID); err != nil {
			writePlanError(c, s, err)
			return
		}
		c.Status(http.StatusNoContent)
	})
}

// handleEntretienVersion returns one stored version of a record (e.g. the
// signed one) to whoever may read the record.
func (s *server) handleEntretienVersion() gin.HandlerFunc {
	return s.recordRoute(func(c *gin.Context, p person, e records.Entretien) {
		v, err := strconv.ParseInt(c.Param("version"), 10, 64)
		if err != nil || v < 1 {
			writeError(c, s.logger, badRequest("version", "numéro de version invalide : un entier positif est attendu"))
			return
		}
		old, err := s.deps.Plans.Version(c.Request.Context(), p.actor(), e.ID, v)
		if err != nil {
			writePlanError(c, s, err) // no such version: 404
			return
		}
		s.writeJSON(c, http.StatusOK, s.withNames(c.Request.Context(), old))
	})
}

// handleMyExport returns, as a JSON download, everything Tremplin holds on
// the signed-in caller: her records, their versions, the audit entries
// about her or by her (RGPD right of access).
func (s *server) handleMyExport() gin.HandlerFunc {
	return s.personRoute(func(c *gin.Context, p person) {
		x, err := s.deps.Plans.Export(c.Request.Context(), p.actor(), p.id)
		if err != nil {
			writePlanError(c, s, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="tremplin-mes-donnees.json"`)
		s.writeJSON(c, http.StatusOK, s.exportResponse(c.Request.Context(), x))
	})
}
