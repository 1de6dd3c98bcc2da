package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/recommender"
)

// Caps on a recommendation request.
const (
	maxProjetChars = 2000
	maxSkills      = 50
	maxSkillChars  = 200
)

func (s *server) handleRecommend() gin.HandlerFunc {
	return func(c *gin.Context) {
		var body recommendationRequest
		if err := decodeJSON(c, &body); err != nil {
			writeError(c, s.logger, err)
			return
		}
		req := body.recommenderRequest()
		if err := checkRequest(&req); err != nil {
			writeError(c, s.logger, err)
			return
		}
		resp, err := s.deps.Recommender.Recommend(c.Request.Context(), req)
		var skillErr *recommender.SkillError
		if errors.As(err, &skillErr) {
			writeError(c, s.logger, badRequest(skillErr.Field, skillErr.Error()))
			return
		}
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		s.metrics.recommendation(resp)
		if s.deps.Demand != nil {
			// Aggregate counts only; a failure here must not fail the answer.
			if err := s.deps.Demand.Record(c.Request.Context(), req, resp, s.planSession(c)); err != nil {
				s.logger.WarnContext(c.Request.Context(), "record demand", "err", err)
			}
		}
		s.writeJSON(c, http.StatusOK, newRecommendationResponse(resp))
	}
}

// checkRequest enforces the caps and value rules of a recommendation request.
func checkRequest(req *recommender.Request) *Error {
	req.Projet = strings.TrimSpace(req.Projet)
	if req.Projet == "" && len(req.DesiredSkills) == 0 {
		return badRequest("projet", "décrivez votre projet ou indiquez au moins une compétence souhaitée")
	}
	if n := utf8.RuneCountInString(req.Projet); n > maxProjetChars {
		return badRequest("projet", fmt.Sprintf("projet trop long : %d caractères (maximum %d)", n, maxProjetChars))
	}
	if req.Projet != "" && !hasWord(req.Projet) {
		return badRequest("projet", "le projet doit contenir au moins un mot")
	}
	for _, l := range []struct {
		field string
		list  []string
	}{{"desired_skills", req.DesiredSkills}, {"current_skills", req.CurrentSkills}} {
		if len(l.list) > maxSkills {
			return badRequest(l.field, fmt.Sprintf("trop de compétences : %d (maximum %d)", len(l.list), maxSkills))
		}
		for i, sk := range l.list {
			if !hasWord(sk) {
				return badRequest(fmt.Sprintf("%s[%d]", l.field, i), "compétence vide : au moins un mot attendu")
			}
			if utf8.RuneCountInString(sk) > maxSkillChars {
				return badRequest(fmt.Sprintf("%s[%d]", l.field, i), fmt.Sprintf("compétence trop longue (maximum %d caractères)", maxSkillChars))
			}
		}
	}
	if utf8.RuneCountInString(req.CurrentRole) > maxSkillChars {
		return badRequest("current_role", fmt.Sprintf("intitulé trop long (maximum %d caractères)", maxSkillChars))
	}
	if req.PerKind < 0 || req.PerKind > recommender.MaxPerKind {
		return badRequest("per_kind", fmt.Sprintf("doit être entre 0 et %d", recommender.MaxPerKind))
	}
	return checkConstraints(&req.Constraints)
}

func checkConstraints(k *recommender.Constraints) *Error {
	if k.MaxPriceEUR != nil && *k.MaxPriceEUR < 0 {
		return badRequest("constraints.max_price_eur", "doit être ≥ 0")
	}
	if k.MaxHours != nil && *k.MaxHours < 0 {
		return badRequest("constraints.max_hours", "doit être ≥ 0")
	}
	m, ok := catalog.ParseModality(string(k.Modality))
	if !ok {
		return badRequest("constraints.modality", "valeurs acceptées : "+catalog.AcceptedModalities)
	}
	k.Modality = m
	for i, kind := range k.Kinds {
		if !kind.Valid() {
			return badRequest(fmt.Sprintf("constraints.kinds[%d]", i), "valeurs possibles : formation, certification, mentoring, mission")
		}
	}
	if len(k.Language) > 10 {
		return badRequest("constraints.language", "code de langue attendu (ex. fr, en)")
	}
	if utf8.RuneCountInString(k.Location) > 100 {
		return badRequest("constraints.location", "lieu trop long")
	}
	if !k.From.IsZero() && !k.To.IsZero() && k.To.Before(k.From.Time) {
		return badRequest("constraints.to", "la fin de période précède son début")
	}
	return nil
}

// hasWord reports whether s holds at least one letter or digit: text made
// only of punctuation or query syntax (`+-~`, `*:*`) describes nothing.
func hasWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
