package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
)

// Error is an API error: a stable code, a French message for people, and
// the request field at fault when there is one. Only writeError turns
// errors into HTTP statuses.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Details lists per-line problems (catalog imports).
	Details []ProblemDetail `json:"details,omitempty"`
}

// Error returns the code and the message, e.g. "not_found: élément introuvable".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// badRequest returns a 400 error about field.
func badRequest(field, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_request", Field: field, Message: message}
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error *Error `json:"error"`
}

// writeError maps err to a status and writes the error body. Errors that
// are not *Error are mapped by their catalog sentinel; anything else is a
// 500 whose cause is logged, never shown.
func writeError(c *gin.Context, logger *slog.Logger, err error) {
	var apiErr *Error
	switch {
	case errors.As(err, &apiErr):
	case errors.Is(err, catalog.ErrNotFound):
		apiErr = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "élément introuvable"}
	case errors.Is(err, catalog.ErrConflict):
		apiErr = &Error{Status: http.StatusConflict, Code: "conflict", Message: "un élément porte déjà cet identifiant"}
	case errors.Is(err, catalog.ErrInvalid):
		apiErr = &Error{Status: http.StatusBadRequest, Code: "invalid_request", Message: err.Error()}
	default:
		logger.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "err", err)
		apiErr = &Error{Status: http.StatusInternalServerError, Code: "internal",
			Message: "erreur interne : réessayez plus tard"}
	}
	c.AbortWithStatusJSON(apiErr.Status, errorBody{apiErr})
}

// writeJSON encodes v and writes it with status. Encoding fails on a
// non-finite number (+Inf, NaN): that is a logged 500, never an empty 200.
func (s *server) writeJSON(c *gin.Context, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(c, s.logger, fmt.Errorf("encode response: %w", err))
		return
	}
	c.Data(status, "application/json; charset=utf-8", b)
}

// ProblemDetail is one problem of a catalog file or item, as the API shows it.
type ProblemDetail struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	ID      string `json:"id,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func problemDetails(ps []catalog.Problem) []ProblemDetail {
	out := make([]ProblemDetail, len(ps))
	for i, p := range ps {
		out[i] = ProblemDetail{File: p.File, Line: p.Line, Field: p.Field, ID: p.ID, Code: string(p.Code), Message: p.Error()}
	}
	return out
}
