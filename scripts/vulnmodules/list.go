package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/mod/semver"
)

// entry is one line of the list: a module and the versions it is
// vulnerable at.
type entry struct {
	module string
	bounds string // as written, for the report
	conds  []cond
	id     string
	line   int
}

// cond is one bound: op is "<", "<=", ">", ">=" or "=".
type cond struct {
	op      string
	version string
}

func (e entry) matches(version string) bool {
	for _, c := range e.conds {
		if !c.holds(semver.Compare(version, c.version)) {
			return false
		}
	}
	return true
}

// holds tells whether the bound holds for a version that compares as cmp
// (-1, 0, +1) to c.version.
func (c cond) holds(cmp int) bool {
	switch c.op {
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return cmp == 0
}

// parseList reads the list; name is shown in errors as "name:line: …".
func parseList(r io.Reader, name string) ([]entry, error) {
	var entries []entry
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 3 {
			return nil, fmt.Errorf("%s:%d: attendu « module intervalle identifiant », reçu %q", name, line, text)
		}
		e := entry{module: fields[0], bounds: fields[1], id: fields[2], line: line}
		for _, b := range strings.Split(fields[1], ",") {
			c, err := parseCond(b)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, line, err)
			}
			e.conds = append(e.conds, c)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return entries, nil
}

func parseCond(s string) (cond, error) {
	for _, op := range []string{"<=", ">=", "<", ">", "="} { // two-character operators first
		if v, ok := strings.CutPrefix(s, op); ok {
			if !semver.IsValid(v) {
				return cond{}, fmt.Errorf("version invalide %q dans l'intervalle (attendu par exemple <v0.59.1)", v)
			}
			return cond{op: op, version: v}, nil
		}
	}
	return cond{}, fmt.Errorf("borne sans opérateur %q (attendu <, <=, >, >= ou =)", s)
}
