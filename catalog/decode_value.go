package catalog

import (
	"math"
	"strings"
)

// valueKind is the type of a decoded value, whatever the file format.
type valueKind uint8

const (
	valueNull valueKind = iota
	valueString
	valueNumber
	valueBool
	valueList
	valueObject
)

// value is one decoded value before it is typed into an Item. Every format
// decodes to values, so the typing rules and their messages are shared.
type value struct {
	kind valueKind
	// text is the string, or the literal of a number or boolean.
	text string
	num  float64
	b    bool
	list []value
	obj  map[string]value
	// loose marks a scalar written without type (a CSV cell, a plain YAML
	// scalar): a string field accepts it even if it looks like a number,
	// and a number or boolean field parses its text.
	loose bool
}

// describe names a value for a message: « texte », 12, true, une liste.
func (v value) describe() string {
	switch v.kind {
	case valueNull:
		return "null"
	case valueString:
		return quote(v.text)
	case valueNumber, valueBool:
		return v.text
	case valueList:
		return "une liste"
	default:
		return "un objet"
	}
}

// converter types values into item fields, collecting the problems.
type converter struct {
	problems []Problem
}

func (c *converter) fail(field string, code ProblemCode, reason string) {
	c.problems = append(c.problems, Problem{Field: field, Code: code, Reason: reason})
}

func (c *converter) wrongType(field, want string, v value) {
	c.fail(field, CodeType, "doit être "+want+", reçu "+v.describe())
}

// str reads a text. Numbers are accepted from formats without types.
func (c *converter) str(field string, v value) string {
	switch {
	case v.kind == valueString, v.loose && v.kind != valueList && v.kind != valueObject:
		return v.text
	case v.kind == valueNull:
		return ""
	}
	c.wrongType(field, "un texte", v)
	return ""
}

// float reads a number; nil when absent. A text is read by ParseNumber in
// every format ("1 200 €", "1 200,50"), so the CLI, the API and the pages
// accept the same numbers.
func (c *converter) float(field string, v value) *float64 {
	return c.number(field, AcceptedNumbers, v)
}

// number reads a number like float; want names what is expected.
func (c *converter) number(field, want string, v value) *float64 {
	switch {
	case v.kind == valueNumber:
		x := v.num
		return &x
	case v.kind == valueNull, v.loose && v.kind == valueString && strings.TrimSpace(v.text) == "":
		return nil
	case v.kind == valueString:
		if x, err := ParseNumber(v.text); err == nil {
			return &x
		}
	}
	c.wrongType(field, want, v)
	return nil
}

// int reads a whole number; 0 when absent.
func (c *converter) int(field string, v value) int {
	p := c.number(field, "un nombre entier, par exemple 3", v)
	if p == nil {
		return 0
	}
	x := *p
	if x != math.Trunc(x) || x > math.MaxInt32 || x < math.MinInt32 {
		c.wrongType(field, "un nombre entier", v)
		return 0
	}
	return int(x)
}

// bool reads a boolean; a text is read by ParseBool in every format
// (oui/non, vrai/faux, true/false, 1/0).
func (c *converter) bool(field string, v value) (b, set bool) {
	switch {
	case v.kind == valueBool:
		return v.b, true
	case v.kind == valueNull, v.loose && v.kind == valueString && strings.TrimSpace(v.text) == "":
		return false, false
	case v.kind == valueString, v.loose && v.kind == valueNumber:
		if b, ok := ParseBool(v.text); ok {
			return b, true
		}
	}
	c.wrongType(field, AcceptedBools, v)
	return false, false
}

// strs reads a list of texts. A loose text (CSV cell) is split on ";".
func (c *converter) strs(field string, v value) []string {
	switch {
	case v.kind == valueNull:
		return nil
	case v.loose && v.kind == valueString:
		if v.text == "" {
			return nil
		}
		return strings.Split(v.text, ";")
	case v.kind != valueList:
		c.wrongType(field, "une liste de textes", v)
		return nil
	}
	out := make([]string, 0, len(v.list))
	for i, e := range v.list {
		n := len(c.problems)
		s := c.str(indexed(field, i, ""), e)
		if len(c.problems) == n {
			out = append(out, s)
		}
	}
	return out
}

// date reads a YYYY-MM-DD text.
func (c *converter) date(field string, v value) Date {
	s := strings.TrimSpace(c.str(field, v))
	d, err := ParseDate(s)
	if err != nil {
		c.fail(field, CodeFormat, "date invalide, attendu AAAA-MM-JJ, reçu "+quote(s))
	}
	return d
}

// object returns the fields of an object value; ok is false when absent or
// of another type (then a problem is recorded).
func (c *converter) object(field string, v value) (map[string]value, bool) {
	switch v.kind {
	case valueObject:
		return v.obj, true
	case valueNull:
		return nil, false
	}
	c.wrongType(field, "un objet", v)
	return nil, false
}

// objects returns the elements of a list of objects, nil for those of
// another type (a problem is recorded for each).
func (c *converter) objects(field string, v value) []map[string]value {
	if v.kind == valueNull {
		return nil
	}
	if v.kind != valueList {
		c.wrongType(field, "une liste d'objets", v)
		return nil
	}
	out := make([]map[string]value, len(v.list))
	for i, e := range v.list {
		out[i], _ = c.object(indexed(field, i, ""), e)
	}
	return out
}
