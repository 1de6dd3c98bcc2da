package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
)

// readBody reads the whole (size-capped) body; an oversized body is a 413.
func readBody(c *gin.Context) ([]byte, *Error) {
	b, err := io.ReadAll(c.Request.Body)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &Error{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large",
			Message: fmt.Sprintf("corps de requête trop volumineux (maximum %d octets)", tooBig.Limit)}
	case err != nil:
		return nil, badRequest("", "corps de requête illisible")
	case !utf8.Valid(b):
		return nil, badRequest("", "le corps de la requête n'est pas de l'UTF-8 valide")
	}
	return b, nil
}

// decodeJSON reads one JSON object into dst, strictly: unknown fields,
// trailing data, wrong types and invalid UTF-8 are 400s naming the field.
func decodeJSON(c *gin.Context, dst any) *Error {
	b, apiErr := readBody(c)
	if apiErr != nil {
		return apiErr
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		apiErr := jsonError(err)
		if apiErr.Field == "" {
			apiErr.Field = unmarshalerField(b, reflect.TypeOf(dst), "")
		}
		return apiErr
	}
	// Anything but white space after the object ("{…}}", "{…}[]") is refused.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("", "un seul objet JSON est attendu")
	}
	// A key given twice would be read as its last value: refused. Keys are
	// compared as encoding/json matches fields, ignoring case.
	if dup, ok := catalog.FindDuplicateKey(b, true); ok {
		line := 1 + bytes.Count(b[:dup.Offset], []byte{'\n'})
		return badRequest(dup.Field(), fmt.Sprintf("%s (ligne %d)", dup.Reason(), line))
	}
	return nil
}

func jsonError(err error) *Error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return badRequest(typeErr.Field, fmt.Sprintf("type incorrect : %s attendu", frenchType(typeErr.Type.Kind().String())))
	case errors.As(err, &syntaxErr):
		return badRequest("", fmt.Sprintf("JSON mal formé (position %d)", syntaxErr.Offset))
	case errors.Is(err, io.EOF):
		return badRequest("", "corps de requête vide : un objet JSON est attendu")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "JSON incomplet")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f = strings.Trim(f, `"`)
		return badRequest(f, fmt.Sprintf("champ inconnu %q", f))
	}
	return badRequest("", "JSON invalide : "+strings.TrimPrefix(err.Error(), "json: "))
}

func frenchType(kind string) string {
	switch kind {
	case "string":
		return "une chaîne"
	case "slice", "array":
		return "une liste"
	case "struct", "map":
		return "un objet"
	case "bool":
		return "un booléen"
	default:
		return "un nombre"
	}
}

// validQuery rejects a query string whose names or values are not valid
// UTF-8 (after percent-decoding), naming the parameter at fault.
func validQuery(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		for name, values := range c.Request.URL.Query() {
			if !utf8.ValidString(name) {
				writeError(c, logger, badRequest("", "la requête contient un nom de paramètre qui n'est pas de l'UTF-8 valide"))
				return
			}
			for _, v := range values {
				if !utf8.ValidString(v) {
					writeError(c, logger, badRequest(name, fmt.Sprintf("le paramètre %s n'est pas de l'UTF-8 valide", name)))
					return
				}
			}
		}
		c.Next()
	}
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// unmarshalerField names the field of b (decoded as type t) whose own
// UnmarshalJSON (e.g. a date) rejects its value: encoding/json does not say
// which field such an error comes from. "" when none is found.
func unmarshalerField(b []byte, t reflect.Type, prefix string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var raw map[string]json.RawMessage
	if t.Kind() != reflect.Struct || json.Unmarshal(b, &raw) != nil {
		return ""
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		v, ok := raw[name]
		if name == "" || name == "-" || !ok {
			continue
		}
		if reflect.PointerTo(f.Type).Implements(unmarshalerType) {
			if json.Unmarshal(v, reflect.New(f.Type).Interface()) != nil {
				return prefix + name
			}
			continue
		}
		if p := unmarshalerField(v, f.Type, prefix+name+"."); p != "" {
			return p
		}
	}
	return ""
}
