package catalog

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
)

// MaxTaxonomyProblems caps the problems a TaxonomyError lists; Total still
// counts them all.
const MaxTaxonomyProblems = 100

// MaxTaxonomyBytes caps the size of a taxonomy file.
const MaxTaxonomyBytes = 64 << 20

// TaxonomyError lists every problem found in a skills taxonomy file. It
// wraps ErrInvalid, so errors.Is(err, ErrInvalid) holds.
type TaxonomyError struct {
	// File is the name of the file, as named in the problems.
	File string
	// Problems holds the first MaxTaxonomyProblems problems, by line.
	Problems []Problem
	// Total counts all the problems found, including those left out.
	Total int
}

// Error lists the problems, one per line, in French.
func (e *TaxonomyError) Error() string {
	var b strings.Builder
	if e.Total == 1 {
		fmt.Fprintf(&b, "1 problème dans %s :", e.File)
	} else {
		fmt.Fprintf(&b, "%d problèmes dans %s :", e.Total, e.File)
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	switch n := e.Total - len(e.Problems); {
	case n == 1:
		b.WriteString("\n  … et 1 autre problème")
	case n > 1:
		fmt.Fprintf(&b, "\n  … et %d autres problèmes", n)
	}
	return b.String()
}

// Unwrap makes a TaxonomyError match ErrInvalid.
func (e *TaxonomyError) Unwrap() error { return ErrInvalid }

// DecodeTaxonomy reads a skills taxonomy written as JSON Lines: one Skill
// per line, as an object with the fields id, label, alt_labels, english,
// broader, related and domain (the format of the demo's taxonomy.jsonl).
// name is the file name used in problems. Blank lines are skipped and a
// UTF-8 byte order mark is accepted; texts are put on one line, trimmed
// and put in Unicode NFC.
//
// Every skill needs an id, unique in the file, and a label. Unknown
// fields, values of the wrong type, blank or wordless labels, broader and
// related ids that are not in the file (or are the skill itself), and a
// label that would make a lookup ambiguous — one with the same analysed
// form (Key) as a label of another skill, or equal to another skill's id —
// are problems too. All the problems are collected and returned as a
// *TaxonomyError (wrapping ErrInvalid), each as "file:line: field:
// reason"; then no skill is returned. On success NewTaxonomy accepts the
// skills and Lookup finds each skill by each of its labels.
func DecodeTaxonomy(name string, r io.Reader) ([]Skill, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxTaxonomyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("lecture de %s impossible : %w", name, err)
	}
	d := taxonomyDecoder{file: name, lineOf: make(map[string]int)}
	if len(data) > MaxTaxonomyBytes {
		d.fail(0, "", CodeTooLong, fmt.Sprintf("fichier trop volumineux (plus de %d Mo)", MaxTaxonomyBytes>>20))
		return nil, d.err()
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	for i, line := range bytes.Split(data, []byte{'\n'}) {
		line = bytes.TrimSuffix(line, []byte{'\r'})
		switch {
		case len(bytes.TrimSpace(line)) == 0:
		case len(line) > MaxLineBytes:
			d.fail(i+1, "", CodeTooLong, fmt.Sprintf("ligne trop longue (plus de %d octets)", MaxLineBytes))
		default:
			d.line(i+1, line)
		}
	}
	if len(d.entries) == 0 && d.total == 0 {
		d.fail(0, "", CodeRequired, "fichier vide : aucune compétence (attendu un objet JSON par ligne)")
	}
	d.crossCheck()
	if d.total > 0 {
		return nil, d.err()
	}
	skills := make([]Skill, len(d.entries))
	for i, e := range d.entries {
		skills[i] = e.skill
	}
	return skills, nil
}

// taxonomyDecoder holds the state of one DecodeTaxonomy call.
type taxonomyDecoder struct {
	file     string
	problems []Problem
	total    int
	// entries holds every skill read with an id, in file order, problems
	// or not, so that the checks across skills see them all.
	entries []skillEntry
	lineOf  map[string]int // id → line of its first skill
}

// skillEntry is the skill read on one line.
type skillEntry struct {
	line  int
	skill Skill
}

// fail records a problem at line (0 for the whole file) about the field
// named name.
func (d *taxonomyDecoder) fail(line int, name string, code ProblemCode, reason string) {
	d.total++
	d.problems = append(d.problems, Problem{File: d.file, Line: line, Field: name, Code: code, Reason: reason})
}

// err returns the problems, sorted by line, as a *TaxonomyError.
func (d *taxonomyDecoder) err() error {
	all := slices.Clone(d.problems)
	slices.SortStableFunc(all, func(a, b Problem) int { return a.Line - b.Line })
	if len(all) > MaxTaxonomyProblems {
		all = all[:MaxTaxonomyProblems]
	}
	return &TaxonomyError{File: d.file, Problems: all, Total: d.total}
}

// skillFields lists the fields of a skill, in the order of Skill.
var skillFields = []string{"id", "label", "alt_labels", "english", "broader", "related", "domain"}

// line decodes the skill written on line n.
func (d *taxonomyDecoder) line(n int, raw []byte) {
	v, p := parseJSON(raw)
	if p != nil {
		d.fail(n, "", p.Code, p.Reason)
		return
	}
	if v.kind != valueObject {
		d.fail(n, "", CodeType, "chaque ligne doit être un objet JSON (une compétence par ligne), reçu "+v.describe())
		return
	}
	s, probs := typeSkill(v.obj)
	for _, p := range probs {
		d.fail(n, p.Field, p.Code, p.Reason)
	}
	if s.ID == "" {
		return
	}
	if first, dup := d.lineOf[s.ID]; dup {
		d.fail(n, "id", CodeDuplicate, fmt.Sprintf("identifiant %s déjà utilisé ligne %d", quote(s.ID), first))
		return
	}
	d.lineOf[s.ID] = n
	d.entries = append(d.entries, skillEntry{line: n, skill: s})
}

// typeSkill types, normalizes and checks the fields of one object.
func typeSkill(obj map[string]value) (Skill, []Problem) {
	var s Skill
	c := &converter{}
	label := func(field, l string) { checkLabel(c, field, l) }
	ref := func(field, id string) { checkLine(c, field, id, MaxIDLen) }
	for _, name := range skillFields {
		v, ok := obj[name]
		if !ok {
			continue
		}
		switch name {
		case "id":
			s.ID = NormText(oneLine(c.str(name, v)))
			checkLine(c, name, s.ID, MaxIDLen)
		case "label":
			s.Label = NormText(oneLine(c.str(name, v)))
			label(name, s.Label)
		case "alt_labels":
			s.AltLabels = texts(c, name, v, "libellé vide", label)
		case "english":
			s.English = texts(c, name, v, "libellé vide", label)
		case "broader":
			s.Broader = texts(c, name, v, "identifiant vide", ref)
		case "related":
			s.Related = texts(c, name, v, "identifiant vide", ref)
		case "domain":
			s.Domain = NormText(oneLine(c.str(name, v)))
			checkLine(c, name, s.Domain, MaxTextLen)
		}
	}
	failed := func(field string) bool {
		return slices.ContainsFunc(c.problems, func(p Problem) bool { return p.Field == field })
	}
	if s.ID == "" && !failed("id") {
		c.fail("id", CodeRequired, "obligatoire : l'identifiant unique de la compétence")
	}
	if s.Label == "" && !failed("label") {
		c.fail("label", CodeRequired, "obligatoire : le libellé de la compétence")
	}
	var unknown []string
	for k := range obj {
		if !slices.Contains(skillFields, k) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		c.fail(fieldName(k), CodeFormat, "champ inconnu (champs possibles : "+strings.Join(skillFields, ", ")+")")
	}
	return s, c.problems
}

// texts reads a list of texts, each normalized and passed to check; a
// blank entry is a problem explained by blank. null is the empty list.
func texts(c *converter, field string, v value, blank string, check func(field, s string)) []string {
	if v.kind == valueNull {
		return nil
	}
	if v.kind != valueList {
		c.wrongType(field, "une liste de textes, par exemple [\"…\"]", v)
		return nil
	}
	if len(v.list) == 0 {
		return nil
	}
	// An entry with a problem stays as "", so that the checks across
	// skills name the others by their place in the file.
	out := make([]string, len(v.list))
	for i, e := range v.list {
		name := indexed(field, i, "")
		switch s := NormText(oneLine(e.text)); {
		case e.kind != valueString:
			c.wrongType(name, "un texte", e)
		case s == "":
			c.fail(name, CodeRequired, blank)
		default:
			check(name, s)
			out[i] = s
		}
	}
	return out
}

// checkLine reports a one-line text longer than max characters or holding
// a control character.
func checkLine(c *converter, field, s string, max int) {
	v := &validator{}
	checkText(v, field, s, max, false)
	c.problems = append(c.problems, v.problems...)
}

// checkLabel is checkLine for a label, which must also hold a word: a
// label of punctuation only could never be looked up.
func checkLabel(c *converter, field, l string) {
	n := len(c.problems)
	checkLine(c, field, l, MaxTextLen)
	if len(c.problems) == n && l != "" && Key(l) == "" {
		c.fail(field, CodeFormat, "libellé sans aucun mot, reçu "+quote(l))
	}
}

// fieldName makes a field name read from a file safe to show on one line.
func fieldName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return s
}

// crossCheck reports, for every skill read with an id, broader and related
// ids that are not in the file or name the skill itself, and the labels
// that would make a lookup ambiguous: one equal to the id of another skill,
// or with the Key of a label of an earlier skill.
func (d *taxonomyDecoder) crossCheck() {
	type owner struct {
		id, label string
		line      int
	}
	keys := make(map[string]owner)
	for _, e := range d.entries {
		s := e.skill
		for _, l := range labelsOf(s) {
			if l.text == "" {
				continue
			}
			if first, ok := d.lineOf[l.text]; ok && l.text != s.ID {
				d.fail(e.line, l.field, CodeDuplicate, fmt.Sprintf(
					"libellé %s identique à l'identifiant de la compétence de la ligne %d : une recherche les confondrait", quote(l.text), first))
				continue
			}
			k := Key(l.text)
			switch o, taken := keys[k]; {
			case k == "":
			case !taken:
				keys[k] = owner{id: s.ID, label: l.text, line: e.line}
			case o.id != s.ID:
				d.fail(e.line, l.field, CodeDuplicate, fmt.Sprintf(
					"libellé %s confondu avec %s de la compétence %s (ligne %d) : même forme une fois la casse, les accents et le pluriel ignorés",
					quote(l.text), quote(o.label), quote(o.id), o.line))
			}
		}
		for _, list := range []struct {
			name string
			ids  []string
		}{{"broader", s.Broader}, {"related", s.Related}} {
			for i, id := range list.ids {
				switch _, ok := d.lineOf[id]; {
				case id == "":
				case id == s.ID:
					d.fail(e.line, indexed(list.name, i, ""), CodeFormat, "une compétence ne peut pas se citer elle-même")
				case !ok:
					d.fail(e.line, indexed(list.name, i, ""), CodeFormat, fmt.Sprintf("identifiant %s absent du fichier", quote(id)))
				}
			}
		}
	}
}

// namedLabel is one label of a skill with the field it was read from.
type namedLabel struct{ field, text string }

// labelsOf lists the labels of s: preferred, alternative, then English.
func labelsOf(s Skill) []namedLabel {
	out := []namedLabel{{"label", s.Label}}
	for i, l := range s.AltLabels {
		out = append(out, namedLabel{indexed("alt_labels", i, ""), l})
	}
	for i, l := range s.English {
		out = append(out, namedLabel{indexed("english", i, ""), l})
	}
	return out
}
