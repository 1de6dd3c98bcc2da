package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
)

type importResult struct {
	// Imported is the number of valid items of the file: Created +
	// Updated + Unchanged.
	Imported  int             `json:"imported"`
	Created   int             `json:"created"`
	Updated   int             `json:"updated"`
	Unchanged int             `json:"unchanged"`
	Skipped   int             `json:"skipped"`
	Problems  []ProblemDetail `json:"problems"`
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
		name := importName(c.Query("filename"), format)
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
				Message: invalidCatalogMessage(len(problems), len(items)),
				Details: problemDetails(problems)})
			return
		}
		res, err := s.importItems(c.Request.Context(), items)
		if err != nil {
			writeError(c, s.logger, err)
			return
		}
		res.Skipped, res.Problems = len(problems), problemDetails(problems)
		s.writeJSON(c, http.StatusOK, res)
	}
}

// importItems stores the new and changed items and counts each kind; an
// item equal to the stored one (métiers aside, which indexing computes) is
// not written again.
func (s *server) importItems(ctx context.Context, items []catalog.Item) (importResult, error) {
	res := importResult{Imported: len(items)}
	var todo []catalog.Item
	for _, it := range items {
		old, err := s.deps.Catalog.Item(ctx, it.ID)
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			res.Created++
			todo = append(todo, it)
		case err != nil:
			return res, err
		case catalog.SameContent(old, it):
			res.Unchanged++
		default:
			res.Updated++
			todo = append(todo, it)
		}
	}
	if len(todo) > 0 {
		if err := s.deps.Catalog.Put(ctx, todo...); err != nil {
			return res, err
		}
	}
	return res, nil
}

// importName is the file name problems are reported under: the uploaded
// file's base name when the client gives it (?filename=), else
// import.<format>.
func importName(given string, format catalog.Format) string {
	name := given
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" || utf8.RuneCountInString(name) > 200 {
		return "import." + string(format)
	}
	return name
}

// invalidCatalogMessage says in French that nothing was imported and how
// to import the valid items anyway.
func invalidCatalogMessage(problems, valid int) string {
	msg := countNoun(problems, "problème", "problèmes") + " : rien n'a été importé. Corrigez le fichier"
	if valid == 0 {
		return msg + " : aucun élément n'est valide."
	}
	return msg + ", ou importez seulement " + countNoun(valid, "l'élément valide", "les %d éléments valides") +
		" (option « Importer les lignes valides et ignorer les autres » de la page Importer, skip_invalid=true dans l'API)."
}

// countNoun writes n with the singular or plural form: many may hold %d
// where the number goes ("les %d éléments"); otherwise the number comes
// first ("3 problèmes"). One takes no number when it has no %d and starts
// with an article.
func countNoun(n int, one, many string) string {
	form := many
	if n <= 1 {
		form = one
	}
	if strings.Contains(form, "%d") {
		return fmt.Sprintf(form, n)
	}
	if strings.HasPrefix(form, "l'") || strings.HasPrefix(form, "le ") || strings.HasPrefix(form, "la ") {
		return form
	}
	return fmt.Sprintf("%d %s", n, form)
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
