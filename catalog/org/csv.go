package org

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/tremplin/tremplin/catalog/entretien"
)

// csvColumns maps the headers an HR export may use, French or English,
// lower-cased and without accents, to the fields of a Person.
var csvColumns = map[string]string{
	"employee_id": "employee_id", "matricule": "employee_id", "id": "employee_id", "salarie": "employee_id",
	"manager_id": "manager_id", "manager": "manager_id", "matricule_manager": "manager_id", "responsable": "manager_id",
	"hire_date": "hire_date", "date_embauche": "hire_date", "date_d_embauche": "hire_date", "embauche": "hire_date",
	"department": "department", "service": "department", "departement": "department",
	"name": "name", "nom": "name",
	"role": "role",
}

// header normalises a CSV header: lower case, no accents, "_" for spaces,
// apostrophes and hyphens.
func header(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ô", "o", "ï", "i", " ", "_", "'", "_", "’", "_", "-", "_").Replace(h)
	return h
}

// DecodeCSV reads an organisation file exported as CSV by an HR system:
// a header line, then one person per line; ";" or "," separated (the
// header decides), UTF-8 with or without a byte-order mark. Headers may be
// French or English (matricule or employee_id, manager or manager_id,
// date_embauche or hire_date, service or department, nom or name, role);
// dates are AAAA-MM-JJ or JJ/MM/AAAA. now bounds hire dates (none in the
// future). As DecodeJSONL: every person, or an *Error listing every
// problem and no person.
func DecodeCSV(name string, r io.Reader, now time.Time) ([]Person, error) {
	br := bufio.NewReader(r)
	first, err := br.Peek(3)
	if err == nil && bytes.Equal(first, []byte("\ufeff")) {
		br.Discard(3)
	}
	head, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: lecture : %w", name, err)
	}
	sep := ','
	if strings.Count(head, ";") > strings.Count(head, ",") {
		sep = ';'
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(head), br))
	cr.Comma, cr.FieldsPerRecord, cr.ReuseRecord = sep, -1, true
	var probs []Problem
	add := func(line int, field, format string, args ...any) {
		probs = append(probs, Problem{File: name, Line: line, Field: field, Reason: fmt.Sprintf(format, args...)})
	}
	cols, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{Problems: []Problem{{File: name, Line: 1, Field: "en-tête", Reason: "fichier vide (attendu : une ligne d'en-tête, par exemple matricule;manager;date_embauche;service;nom)"}}}
	}
	if err != nil {
		return nil, &Error{Problems: []Problem{{File: name, Line: 1, Field: "en-tête", Reason: "CSV invalide"}}}
	}
	cols = append([]string(nil), cols...) // Read reuses its slice
	fields := make([]string, len(cols))
	have := map[string]bool{}
	for i, c := range cols {
		f, ok := csvColumns[header(c)]
		switch {
		case !ok:
			add(1, c, "colonne inconnue (colonnes possibles : matricule, manager, date_embauche, service, nom, role)")
		case have[f]:
			add(1, c, "colonne en double (%s)", f)
		}
		fields[i], have[f] = f, true
	}
	if !have["employee_id"] {
		add(1, "en-tête", "colonne matricule (ou employee_id) manquante")
	}
	if len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	var (
		people []Person
		lines  []int
		seen   = map[string]int{}
		today  = entretien.DateOf(now)
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: lecture : %w", name, err)
			}
			add(pe.Line, "ligne", "CSV invalide (guillemet mal fermé ?)")
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(fields) {
			add(line, "ligne", "%d colonnes, l'en-tête en a %d", len(rec), len(fields))
			continue
		}
		var p Person
		for i, v := range rec {
			v = strings.TrimSpace(v)
			switch fields[i] {
			case "employee_id":
				p.EmployeeID = v
			case "manager_id":
				p.ManagerID = v
			case "department":
				p.Department = v
			case "name":
				p.Name = v
			case "role":
				p.Role = v
			case "hire_date":
				if v == "" {
					continue
				}
				d, ok := parseCSVDate(v)
				switch {
				case !ok:
					add(line, cols[i], "date invalide (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)")
				case d.After(today):
					add(line, cols[i], "date d'embauche dans le futur")
				}
				p.HireDate = d
			}
		}
		switch {
		case p.EmployeeID == "":
			add(line, "employee_id", "obligatoire")
			continue
		case p.ManagerID == p.EmployeeID:
			add(line, "manager_id", "le manager doit être une autre personne que le salarié")
		case !roles[p.Role]:
			add(line, "role", "rôle inconnu (attendu : employee, manager, hr_admin ou ld_admin)")
		}
		if first, dup := seen[p.EmployeeID]; dup {
			add(line, "employee_id", "identifiant déjà présent ligne %d", first)
			continue
		}
		seen[p.EmployeeID] = line
		// A line with a bad date still names a person others may report
		// to: keep it for the manager checks (the file is refused anyway).
		people = append(people, p)
		lines = append(lines, line)
	}
	return checkAll(name, people, lines, probs)
}

// parseCSVDate reads AAAA-MM-JJ or JJ/MM/AAAA.
func parseCSVDate(v string) (entretien.Date, bool) {
	if d, err := entretien.ParseDate(v); err == nil {
		return d, true
	}
	t, err := time.Parse("02/01/2006", v)
	if err != nil {
		return entretien.Date{}, false
	}
	return entretien.DateOf(t), true
}

// Decode reads an organisation file by its extension: .csv is CSV (see
// DecodeCSV), anything else JSON Lines (see DecodeJSONL).
func Decode(name string, r io.Reader, now time.Time) ([]Person, error) {
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		return DecodeCSV(name, r, now)
	}
	return DecodeJSONL(name, r)
}
