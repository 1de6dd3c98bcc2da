package api

import "github.com/gin-gonic/gin"

// routes lists every route of the API in one place.
func (s *server) routes(r *gin.Engine) {
	r.GET("/healthz", s.handleHealthz())
	r.HEAD("/healthz", s.handleHealthz())
	r.GET("/readyz", s.handleReadyz())
	r.HEAD("/readyz", s.handleReadyz())
	r.GET("/metrics", s.metrics.handler())
	r.GET("/openapi.json", handleOpenAPI())

	v1 := r.Group("/api/v1", s.authenticate(), s.rateLimit())
	v1.Use(s.csrf()) // cookie-authenticated writes must come from Tremplin's pages
	small := limitBody(s.opts.MaxBody)
	ld := s.require(RoleLDAdmin)
	read := s.require(readers...)

	v1.POST("/recommendations", read, small, s.handleRecommend())
	v1.GET("/items", read, s.handleItemsList())
	v1.GET("/items/:id", read, s.handleItemGet())
	v1.POST("/items", ld, small, s.handleItemCreate())
	v1.PUT("/items/:id", ld, small, s.handleItemReplace())
	v1.DELETE("/items/:id", ld, s.handleItemDelete())
	v1.POST(`/items\:import`, ld, limitBody(s.opts.MaxImportBody), s.handleItemsImport())
	v1.GET("/skills", read, s.handleSkills())
	v1.GET("/metiers", read, s.handleMetiers())
	v1.GET("/reports/skill-gaps", ld, s.handleSkillGaps())
	v1.GET("/reports/plan-actions", s.require(RoleLDAdmin, RoleHRAdmin), s.handlePlanActions())
	// Plan routes: people only (OIDC, demo or JWT sessions); 404 to anyone
	// the record is not theirs, their report's or an HR admin's.
	v1.GET("/entretiens", s.handleEntretiensList())
	v1.POST("/entretiens", small, s.handleEntretienCreate())
	v1.GET("/entretiens/:id", s.handleEntretienGet())
	v1.PUT("/entretiens/:id", small, s.handleEntretienUpdate())
	v1.POST("/entretiens/:id/signatures", small, s.handleEntretienSign())
	v1.GET("/equipe", s.handleTeam())
	v1.DELETE("/entretiens/:id", s.handleEntretienDelete())
	v1.GET("/entretiens/:id/versions/:version", s.handleEntretienVersion())
	v1.GET("/me/export", s.handleMyExport())

	s.webRoutes(r) // the French web pages and their assets (pages.go)
}
