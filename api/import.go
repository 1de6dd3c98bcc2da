package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

type importResult struct {
	Imported int             `json:"imported"`
	Skipped  int             `json:"skipped"`
	Problems []ProblemDetail `json:"problems"`
}

// handleItemsImport imports a catalog file (JSONL, JSON array, YAML, CSV)
// with the CLI's rules: with any problem nothing is imported, unless
// skip_invalid=true; the answer lists every problem by line.
func (s *server) handleItemsImport() gin.HandlerFunc {
	return func(c *gin.Context) {
		format, apiErr := importFormat(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		b, apiErr := readBody(c)
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		name := "import." + string(format)
		items, problems, err := catalog.Decode(bytes.NewReader(b), name, format)
		if err != nil {
			writeError(c, s.logger, badRequest("", "fichier illisible"))
			return
		}
		if len(items) == 0 && len(problems) == 0 {
			writeError(c, s.logger, badRequest("", "le fichier ne contient aucun élément"))
			return
		}
		skip, apiErr := boolQuery(c, "skip_invalid")
		if apiErr != nil {
			writeError(c, s.logger, apiErr)
			return
		}
		if len(problems) > 0 && !skip {
			writeError(c, s.logger, &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_catalog",
				Message: fmt.Sprintf("%s : rien n'a été importé (corrigez le fichier, ou ajoutez skip_invalid=true pour importer quand même %s)",
					french.Count(len(problems), "problème", "problèmes"), french.Count(len(items), "élément valide", "éléments valides")),
				Details: problemDetails(problems)})
			return
		}
		if len(items) > 0 {
			if err := s.deps.Catalog.Put(c.Request.Context(), items...); err != nil {
				writeError(c, s.logger, err)
				return
			}
		}
		s.writeJSON(c, http.StatusOK, importResult{Imported: len(items), Skipped: len(problems), Problems: problemDetails(problems)})
	}
}

// importFormat reads the format from ?format= or the Content-Type.
func importFormat(c *gin.Context) (catalog.Format, *Error) {
	if f := c.Query("format"); f != "" {
		switch strings.ToLower(f) {
		case "jsonl", "ndjson":
			return catalog.FormatJSONL, nil
		case "json":
			return catalog.FormatJSON, nil
		case "yaml", "yml":
			return catalog.FormatYAML, nil
		case "csv":
			return catalog.FormatCSV, nil
		}
		return "", &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_format", Field: "format",
			Message: "format inconnu : formats acceptés jsonl, json, yaml, csv"}
	}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch mt {
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines":
		return catalog.FormatJSONL, nil
	case "application/json":
		return catalog.FormatJSON, nil
	case "application/yaml", "application/x-yaml", "text/yaml":
		return catalog.FormatYAML, nil
	case "text/csv":
		return catalog.FormatCSV, nil
	}
	return "", &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_format", Field: "format",
		Message: "indiquez le format par Content-Type (application/x-ndjson, application/json, application/yaml, text/csv) ou ?format=jsonl|json|yaml|csv"}
}
