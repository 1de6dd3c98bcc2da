package catalog

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// decodeCSV reads a header row of field names, then one item per row. Cells
// are loose values (numbers and booleans are parsed from text, lists split
// on ";"); empty cells are absent fields. Columns "mentor.x" and "mission.x"
// fill the nested objects. Problems are located at the file line where the
// row starts, which is the spreadsheet row when no cell spans lines.
func (d *decoder) decodeCSV(data []byte, name string) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return
	}
	if err != nil {
		d.syntax(name, 1, CodeSyntax, csvReason(err))
		return
	}
	if len(header) == 1 && strings.Count(header[0], ";") >= 2 {
		d.syntax(name, 1, CodeSyntax, "l'en-tête est séparé par des « ; » : le CSV doit utiliser la virgule "+
			"comme séparateur de colonnes (le « ; » sépare les entrées des listes)")
		return
	}
	cols := d.csvHeader(header, name)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			d.syntax(name, pe.StartLine, CodeSyntax, csvReason(err))
			continue
		}
		if err != nil {
			d.syntax(name, 0, CodeSyntax, csvReason(err))
			return
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			d.syntax(name, line, CodeSyntax, fmt.Sprintf("la ligne a %d colonnes, l'en-tête en a %d", len(rec), len(header)))
			continue
		}
		if obj, ok := csvObject(cols, rec); ok {
			d.element(place{file: name, line: line}, value{kind: valueObject, obj: obj})
		}
	}
}

// csvHeader returns the field name of each column, "" for columns to skip
// (empty or repeated names, reported as problems).
func (d *decoder) csvHeader(header []string, name string) []string {
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if seen[h] && h != "" {
			d.problems = append(d.problems, Problem{File: name, Line: 1, Field: h, Code: CodeDuplicate,
				Reason: "colonne en double dans l'en-tête ; seule la première est lue"})
			continue
		}
		seen[h] = true
		cols[i] = h
	}
	return cols
}

// csvObject builds the object of one row; ok is false for a row whose cells
// are all empty, which is skipped.
func csvObject(cols, rec []string) (obj map[string]value, ok bool) {
	obj = map[string]value{}
	for i, cell := range rec {
		if cols[i] == "" || strings.TrimSpace(cell) == "" {
			continue
		}
		ok = true
		v := value{kind: valueString, text: cell, loose: true}
		parent, child, nested := strings.Cut(cols[i], ".")
		if !nested {
			obj[parent] = v
			continue
		}
		p, exists := obj[parent]
		if !exists || p.kind != valueObject {
			p = value{kind: valueObject, obj: map[string]value{}}
			obj[parent] = p
		}
		p.obj[child] = v
	}
	return obj, ok
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return fmt.Sprintf("CSV mal formé : guillemet isolé dans une cellule sans guillemets (colonne %d)", pe.Column)
		case errors.Is(pe.Err, csv.ErrQuote):
			return fmt.Sprintf("CSV mal formé : guillemet mal placé ou non refermé (colonne %d)", pe.Column)
		}
	}
	return "CSV mal formé"
}
