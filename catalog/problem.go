package catalog

import (
	"strconv"
	"strings"
)

// Problem is one reason why an item of a catalog file, or an item sent to
// the API, cannot be accepted. Reason is French text meant for the user.
type Problem struct {
	// File is the name of the file as given by the caller; empty for an
	// item that does not come from a file.
	File string
	// Line locates the item in File: the line for JSONL, the line where the
	// element starts for a JSON array or a YAML list, the row for CSV (the
	// header is row 1). Zero when unknown.
	Line int
	// Element is the 1-based position of the item in a JSON array or a YAML
	// list (0 for JSONL and CSV), which locates it in a minified file.
	Element int
	// Field is the interchange name of the field at fault, with the path of
	// nested fields ("mentor.capacity", "sessions[2].end", "skills[0]");
	// empty when the whole line or file is at fault.
	Field string
	// ID is the id of the item at fault, when it could be read.
	ID string
	// Code classifies the problem, for grouping and for API clients.
	Code ProblemCode
	// Reason says in French what is wrong, with the value received.
	Reason string
}

// Error formats the problem as "file:line: field: reason", leaving out the
// parts that are unknown, e.g.
// "catalog.jsonl:12: price_eur: doit être ≥ 0, reçu -3"; for an element of
// a JSON array or YAML list its position follows the line:
// "catalog.json:40: élément 7: price_eur: doit être ≥ 0, reçu -3".
func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		b.WriteString("ligne ")
		b.WriteString(strconv.Itoa(p.Line))
		b.WriteString(": ")
	}
	if p.Element > 0 {
		b.WriteString("élément ")
		b.WriteString(strconv.Itoa(p.Element))
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// ProblemCode classifies problems by kind of rule broken. Its values are
// stable English identifiers; Label gives the French wording.
type ProblemCode string

// The kinds of problem reported by Decode and Validate.
const (
	CodeSyntax     ProblemCode = "syntax"     // the line, element or file cannot be parsed
	CodeEncoding   ProblemCode = "encoding"   // text is not valid UTF-8
	CodeType       ProblemCode = "type"       // a value has the wrong type
	CodeRequired   ProblemCode = "required"   // a required field is missing or empty
	CodeEnum       ProblemCode = "enum"       // a value is not one of the allowed ones
	CodeRange      ProblemCode = "range"      // a number or date is out of bounds
	CodeFormat     ProblemCode = "format"     // a text is not in the expected form (date, url, id)
	CodeTooLong    ProblemCode = "too_long"   // a text or list is longer than allowed
	CodeDuplicate  ProblemCode = "duplicate"  // an id already used by another item
	CodeUnreadable ProblemCode = "unreadable" // a file cannot be used (unknown extension)
)

var codeLabels = map[ProblemCode]string{
	CodeSyntax:     "syntaxe invalide",
	CodeEncoding:   "encodage invalide",
	CodeType:       "type de valeur incorrect",
	CodeRequired:   "champ obligatoire manquant",
	CodeEnum:       "valeur non autorisée",
	CodeRange:      "valeur hors limites",
	CodeFormat:     "format incorrect",
	CodeTooLong:    "trop long",
	CodeDuplicate:  "identifiant en double",
	CodeUnreadable: "fichier illisible",
}

// Label returns the French name of the kind of problem.
func (c ProblemCode) Label() string {
	if l, ok := codeLabels[c]; ok {
		return l
	}
	return string(c)
}
