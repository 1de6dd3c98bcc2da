// Package org is the organisation file L&D imports: who each employee is,
// who manages them, when they were hired. The plan routes take a person's
// current manager from it (before the sign-in claims), and the team view
// computes the entretien calendar from the hire dates.
//
// A file is read all or nothing: one bad line and nothing is kept, with
// every problem reported as "file:line: field: reason" in French.
package org

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/entretien"
)

// Person is one line of the organisation file.
type Person struct {
	EmployeeID string         `json:"employee_id"`
	ManagerID  string         `json:"manager_id,omitempty"`
	HireDate   entretien.Date `json:"hire_date,omitzero"`
	Department string         `json:"department,omitempty"`
	Name       string         `json:"name,omitempty"`
	// Role is an optional Tremplin role (employee, manager, hr_admin,
	// ld_admin); empty: the sign-in claims decide.
	Role string `json:"role,omitempty"`
}

// roles are the roles a line may name.
var roles = map[string]bool{"": true, "employee": true, "manager": true, "hr_admin": true, "ld_admin": true}

// Problem is one error of a file: where and why (never a person's text
// beyond the field name).
type Problem struct {
	File   string
	Line   int
	Field  string
	Reason string
}

// Error formats p as "file:line: field: reason".
func (p Problem) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Reason)
}

// Error lists every problem of a file; it wraps catalog.ErrInvalid.
type Error struct{ Problems []Problem }

// Error joins the problems one per line.
func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap makes an *Error match catalog.ErrInvalid.
func (e *Error) Unwrap() error { return catalog.ErrInvalid }

// DecodeJSONL reads an organisation file of one JSON object per line
// (blank lines skipped) named name in errors. It returns every person, or
// an *Error listing every problem and no person: unknown fields, a missing
// employee_id, a duplicate, a manager who is the employee, an invalid
// date or role, a manager absent from the file.
func DecodeJSONL(name string, r io.Reader) ([]Person, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		people []Person
		lines  []int
		probs  []Problem
		seen   = map[string]int{}
	)
	for n := 1; sc.Scan(); n++ {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		add := func(field, format string, args ...any) {
			probs = append(probs, Problem{File: name, Line: n, Field: field, Reason: fmt.Sprintf(format, args...)})
		}
		var p Person
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &te):
				add(te.Field, "type invalide (attendu : %s)", te.Type)
			case strings.HasPrefix(err.Error(), "json: unknown field "):
				add(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "champ inconnu")
			case strings.Contains(err.Error(), "hire_date") || strings.Contains(err.Error(), "date"):
				add("hire_date", "date invalide (attendu : AAAA-MM-JJ)")
			default:
				add("ligne", "JSON invalide")
			}
			continue
		}
		p.EmployeeID, p.ManagerID = strings.TrimSpace(p.EmployeeID), strings.TrimSpace(p.ManagerID)
		switch {
		case p.EmployeeID == "":
			add("employee_id", "obligatoire")
			continue
		case p.ManagerID == p.EmployeeID:
			add("manager_id", "le manager doit être une autre personne que le salarié")
		case !roles[p.Role]:
			add("role", "rôle inconnu (attendu : employee, manager, hr_admin ou ld_admin)")
		}
		if first, dup := seen[p.EmployeeID]; dup {
			add("employee_id", "identifiant déjà présent ligne %d", first)
			continue
		}
		seen[p.EmployeeID] = n
		people = append(people, p)
		lines = append(lines, n)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: lecture : %w", name, err)
	}
	return checkAll(name, people, lines, probs)
}

// checkAll adds the problems of the whole file (managers absent from it,
// management cycles) to probs, and returns the people or every problem.
func checkAll(name string, people []Person, lines []int, probs []Problem) ([]Person, error) {
	manager := map[string]string{}
	for _, p := range people {
		manager[p.EmployeeID] = p.ManagerID
	}
	for i, p := range people {
		if p.ManagerID == p.EmployeeID {
			continue // reported on its line
		}
		if _, ok := manager[p.ManagerID]; p.ManagerID != "" && !ok {
			probs = append(probs, Problem{File: name, Line: lines[i], Field: "manager_id", Reason: "manager absent du fichier"})
			continue
		}
		// Walk up the chain: coming back to p is a cycle (each person's
		// chain is at most len(people) long).
		for m, steps := p.ManagerID, 0; m != "" && steps <= len(people); m, steps = manager[m], steps+1 {
			if m == p.EmployeeID {
				probs = append(probs, Problem{File: name, Line: lines[i], Field: "manager_id",
					Reason: "la chaîne des managers revient à cette personne (cycle)"})
				break
			}
		}
	}
	if len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	return people, nil
}
