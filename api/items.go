package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
)

// Paging of GET /items.
const (
	defaultPageSize = 20
	maxPageSize     = 100
	maxQueryChars   = 500
)

type itemsPage struct {
	Items  []catalog.Item `json:"items"`
	Total  int            `json:"total"`
	Offset int            `json:"offset"`
	Limit  int            `json:"limit"`
}

func (s *server) handleItemsList() gin.HandlerFunc {
	return func(c *gin.Context) {
		q := strings.TrimSpace(c.Query("q"))
		if len([]rune(q)) > maxQueryChars {
			writeError(c, s.logger, badRequest("q", fmt.Sprintf("recherche trop longue (maximum %d caractères)", maxQueryChars)))
			return
		}
		f, offset, limit, apiErr := browseParams(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		if r, _ := c.Get(ctxRole); f.IncludeInactive && r != RoleLDAdmin {
			writeError(c, s.logger, &Error{Status: http.StatusForbidden, Code: "forbidden", Field: "include_inactive",
				Message: "les éléments désactivés sont réservés à l'équipe L&D (rôle ld_admin) : retirez include_inactive"})
			return
		}
		items, total, err := s.deps.Catalog.Browse(c.Request.Context(), q, f, offset, limit)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		if items == nil {
			items = []catalog.Item{}
		}
		s.writeJSON(c, http.StatusOK, itemsPage{Items: items, Total: total, Offset: offset, Limit: limit})
	}
}

// browseParams reads filters and paging from the query string.
func browseParams(c *gin.Context) (f catalog.Filter, offset, limit int, apiErr *Error) {
	limit = defaultPageSize
	var err error
	if v := c.Query("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxPageSize {
			return f, 0, 0, badRequest("limit", fmt.Sprintf("entier entre 1 et %d attendu", maxPageSize))
		}
	}
	if v := c.Query("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 || offset > 100_000 {
			return f, 0, 0, badRequest("offset", "entier positif attendu")
		}
	}
	for _, k := range c.QueryArray("kind") {
		if !catalog.Kind(k).Valid() {
			return f, 0, 0, badRequest("kind", "valeurs possibles : formation, certification, mentoring, mission")
		}
		f.Kinds = append(f.Kinds, catalog.Kind(k))
	}
	m, ok := catalog.ParseModality(c.Query("modality"))
	if !ok {
		return f, 0, 0, badRequest("modality", "valeurs acceptées : "+catalog.AcceptedModalities)
	}
	f.Modality = m
	for name, dst := range map[string]**float64{"max_price_eur": &f.MaxPriceEUR, "max_hours": &f.MaxHours} {
		if v := c.Query(name); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 || x != x {
				return f, 0, 0, badRequest(name, "nombre positif attendu")
			}
			*dst = &x
		}
	}
	if f.CPFOnly, apiErr = boolQuery(c, "cpf_only"); apiErr != nil {
		return f, 0, 0, apiErr
	}
	if f.IncludeInactive, apiErr = boolQuery(c, "include_inactive"); apiErr != nil {
		return f, 0, 0, apiErr
	}
	if f.Language = c.Query("language"); len(f.Language) > 10 {
		return f, 0, 0, badRequest("language", "code de langue attendu (ex. fr, en)")
	}
	return f, offset, limit, nil
}

// boolQuery reads a boolean query parameter: absent is false; true/false
// oui/non, 1/0 are accepted (catalog.ParseBool), anything else is a 400.
func boolQuery(c *gin.Context, name string) (bool, *Error) {
	v := c.Query(name)
	if v == "" {
		return false, nil
	}
	b, ok := catalog.ParseBool(v)
	if !ok {
		return false, badRequest(name, "valeurs acceptées : "+catalog.AcceptedBools)
	}
	return b, nil
}

func (s *server) handleItemGet() gin.HandlerFunc {
	return func(c *gin.Context) {
		it, err := s.deps.Catalog.Item(c.Request.Context(), c.Param("id"))
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		s.writeJSON(c, http.StatusOK, it)
	}
}

func (s *server) handleItemCreate() gin.HandlerFunc {
	return func(c *gin.Context) {
		it, apiErr := s.decodeItem(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		if err := s.deps.Catalog.Create(c.Request.Context(), it); err != nil {
			if errors.Is(err, catalog.ErrConflict) {
				err = &Error{Status: http.StatusConflict, Code: "conflict", Field: "id",
					Message: fmt.Sprintf("l'identifiant %q existe déjà (utilisez PUT pour le modifier)", it.ID)}
			}
			writeError(c, s.logger, err)
			return
		}
		c.Header("Location", "/api/v1/items/"+url.PathEscape(it.ID))
		s.writeJSON(c, http.StatusCreated, it)
	}
}

func (s *server) handleItemReplace() gin.HandlerFunc {
	return func(c *gin.Context) {
		it, apiErr := s.decodeItem(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		if it.ID != c.Param("id") {
			writeError(c, s.logger, badRequest("id", "l'identifiant du corps diffère de celui de l'URL"))
			return
		}
		if err := s.deps.Catalog.Put(c.Request.Context(), it); err != nil {
			writeError(c, s.logger, err)
			return
		}
		s.writeJSON(c, http.StatusOK, it)
	}
}

func (s *server) handleItemDelete() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		id := c.Param("id")
		if _, err := s.deps.Catalog.Item(ctx, id); err != nil {
			writeError(c, s.logger, err)
			return
		}
		if err := s.deps.Catalog.Remove(ctx, id); err != nil {
			writeError(c, s.logger, err)
			return
		}
		c.Status(http.StatusNoContent)
	}
}

// decodeItem reads one item in the catalog interchange format with the
// same decoding and validation as catalog files.
func (s *server) decodeItem(c *gin.Context) (catalog.Item, *Error) {
	b, apiErr := readBody(c)
	if apiErr != nil {
		return catalog.Item{}, apiErr
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return catalog.Item{}, badRequest("", "corps de requête vide : un élément JSON est attendu")
	}
	it, problems := catalog.DecodeItemJSON(b)
	if len(problems) > 0 {
		p := problems[0]
		return catalog.Item{}, &Error{Status: http.StatusBadRequest, Code: "invalid_item", Field: p.Field,
			Message: p.Reason, Details: problemDetails(problems)}
	}
	return it, nil
}
