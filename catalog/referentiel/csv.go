package referentiel

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/tremplin/tremplin/catalog"
)

// ParseError locates a problem in a producer file. It wraps
// catalog.ErrInvalid, so errors.Is(err, catalog.ErrInvalid) holds.
type ParseError struct {
	File   string // base name of the file
	Line   int    // 1-based line where the record starts; 0 when unknown
	Column string // header name of the column at fault, if any
	Reason string // in French, for the user
}

// Error returns "file:line: colonne col : reason".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "colonne %s : ", e.Column)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap makes a ParseError match catalog.ErrInvalid.
func (e *ParseError) Unwrap() error { return catalog.ErrInvalid }

// column names a CSV column looked up by its header. Alternative spellings
// (the producers have typos such as "professionel") may be listed with '|'.
// A key column must not be empty.
type column struct {
	name string
	key  bool
}

// key returns a column whose value must be present and non-empty.
func key(name string) column { return column{name: name, key: true} }

// opt returns a column that must exist in the header but may be empty.
func opt(name string) column { return column{name: name} }

// utf8BOM is the byte order mark some producers put before the header.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// decodeText returns data as valid UTF-8: the BOM is dropped, and a file
// that is not valid UTF-8 is read as Windows-1252 (a superset of Latin-1,
// which some "utf8" producer files really are).
func decodeText(data []byte) []byte {
	data = bytes.TrimPrefix(data, utf8BOM)
	if utf8.Valid(data) {
		return data
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		// Every byte has a Windows-1252 or Latin-1 meaning; fall back to
		// the strict Latin-1 table, which cannot fail.
		out, _ = charmap.ISO8859_1.NewDecoder().Bytes(data)
	}
	return out
}

// readCSV parses the CSV text in data (named file in errors) and calls fn
// for every record after the header, with the values of cols in the order
// given and the line where the record starts. The header is matched by
// name, never by position. Blank lines are skipped; quoted fields may span
// lines. vals is reused between calls: copy it to keep it.
func readCSV(file string, data []byte, cols []column, fn func(line int, vals []string) error) error {
	r := csv.NewReader(bytes.NewReader(decodeText(data)))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		return &ParseError{File: file, Line: 1, Reason: "fichier vide, ligne d'en-tête attendue"}
	}
	if err != nil {
		return csvError(file, err)
	}
	idx, err := lookupColumns(file, header, cols)
	if err != nil {
		return err
	}
	vals := make([]string, len(cols))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		for i, j := range idx {
			if j >= len(rec) {
				return &ParseError{File: file, Line: line, Column: cols[i].name,
					Reason: fmt.Sprintf("valeur absente (%d champs sur la ligne, %d dans l'en-tête)", len(rec), len(header))}
			}
			vals[i] = strings.TrimSpace(rec[j])
			if cols[i].key && vals[i] == "" {
				return &ParseError{File: file, Line: line, Column: cols[i].name, Reason: "valeur vide"}
			}
		}
		if err := fn(line, vals); err != nil {
			return err
		}
	}
}

// lookupColumns returns, for each wanted column, its index in header.
func lookupColumns(file string, header []string, cols []column) ([]int, error) {
	pos := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		if _, dup := pos[h]; !dup {
			pos[h] = i
		}
	}
	idx := make([]int, len(cols))
	for i, c := range cols {
		found := false
		for _, name := range strings.Split(c.name, "|") {
			if j, ok := pos[name]; ok {
				idx[i], found = j, true
				break
			}
		}
		if !found {
			return nil, &ParseError{File: file, Line: 1, Column: c.name,
				Reason: "colonne absente de l'en-tête (colonnes trouvées : " + strings.Join(header, ", ") + ")"}
		}
	}
	return idx, nil
}

// csvError turns an encoding/csv error into a ParseError.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: file, Line: pe.Line, Reason: fmt.Sprintf("CSV mal formé (colonne %d) : %v", pe.Column, pe.Err)}
	}
	return &ParseError{File: file, Reason: "lecture impossible : " + err.Error()}
}

// kindError is a French message for the user that still matches a catalog
// sentinel with errors.Is, without the sentinel's English text.
type kindError struct {
	msg  string
	kind error
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

// notFound returns an error wrapping catalog.ErrNotFound.
func notFound(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: catalog.ErrNotFound}
}

// invalid returns an error wrapping catalog.ErrInvalid.
func invalid(format string, args ...any) error {
	return &kindError{msg: fmt.Sprintf(format, args...), kind: catalog.ErrInvalid}
}
