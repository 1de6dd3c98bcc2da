package referentiel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tremplin/tremplin/catalog"
)

// CompanyStats counts what DecodeCompany read from a company job
// référentiel.
type CompanyStats struct {
	Emplois          int // emplois, one per line
	Appellations     int // appellations of all the emplois, rare or not
	RareAppellations int // appellations marked "rare": true
	Skills           int // distinct skill labels, core or other
	CoreLinks        int // emploi→skill links in core_skills
	OtherLinks       int // emploi→skill links in other_skills
	Mobility         int // mobility edges between emplois
	Parents          int // emplois with a parent
}

// MaxCompanyProblems caps the problems a CompanyError lists; Total still
// counts them all.
const MaxCompanyProblems = 100

// MaxCompanyBytes caps the size of a company référentiel file.
const MaxCompanyBytes = 64 << 20

// CompanyError lists every problem found in a company job référentiel. It
// wraps catalog.ErrInvalid, so errors.Is(err, catalog.ErrInvalid) holds.
type CompanyError struct {
	// File is the base name of the file, as named in the problems.
	File string
	// Problems holds the first MaxCompanyProblems problems, by line.
	Problems []catalog.Problem
	// Total counts all the problems found, including those left out.
	Total int
}

// Error lists the problems, one per line, in French.
func (e *CompanyError) Error() string {
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

// Unwrap makes a CompanyError match catalog.ErrInvalid.
func (e *CompanyError) Unwrap() error { return catalog.ErrInvalid }

// CompanyAttribution is the notice shown with a company job référentiel,
// in every page footer. It does not name the imported file: employees have
// no use for the name of an HR export.
const CompanyAttribution = "Source : référentiel des emplois de l'entreprise"

// ImportCompany reads a company job référentiel ("référentiel des
// emplois") from the JSON Lines file at path: see DecodeCompany. A missing
// file gives an error wrapping catalog.ErrNotFound; a directory or a file
// the process may not read gives a *CompanyError with one problem
// explaining it in French.
func ImportCompany(ctx context.Context, path string) (*catalog.Referentiel, CompanyStats, error) {
	if err := ctx.Err(); err != nil {
		return nil, CompanyStats{}, err
	}
	name := filepath.Base(path)
	info, err := os.Stat(path)
	if err == nil && info.IsDir() {
		return nil, CompanyStats{}, unreadable(name, "est un dossier ; attendu un fichier JSON Lines")
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, CompanyStats{}, companyFileError(path, err)
	}
	defer f.Close()
	return DecodeCompany(name, f)
}

// companyFileError explains, in French, why the company file at path
// could not be opened: the messages of the OS are in English.
func companyFileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return notFound("fichier %s introuvable", path)
	case errors.Is(err, fs.ErrPermission):
		return unreadable(filepath.Base(path), "lecture refusée (droits insuffisants)")
	default:
		return fmt.Errorf("lecture de %s impossible : %w", path, err)
	}
}

// unreadable returns a *CompanyError with one problem about the whole
// file name.
func unreadable(name, reason string) error {
	p := catalog.Problem{File: name, Code: catalog.CodeUnreadable, Reason: reason}
	return &CompanyError{File: name, Problems: []catalog.Problem{p}, Total: 1}
}

// DecodeCompany reads a company job référentiel written as JSON Lines: one
// emploi per line, as a catalog.Metier object (the format of the demo's
// metiers.jsonl). name is the file name used in problems. Blank lines are skipped and a UTF-8 byte order mark is
// accepted; texts are trimmed and put in Unicode NFC.
//
// Every emploi needs a code, unique in the file, and a label; source, when
// given, must be "entreprise" (it is set when absent); parent and mobility
// name codes of other emplois of the file. Unknown fields, values of the
// wrong type, blank skill labels and appellations without a label are
// problems too. All the problems are collected, references included (the
// parent and mobility of every emploi with a code are checked, whatever its
// other problems), and returned as a
// *CompanyError (wrapping catalog.ErrInvalid), each as "file:line: field:
// reason"; then no référentiel is returned. The Skills of the référentiel
// are left empty: skills are named by their labels.
func DecodeCompany(name string, r io.Reader) (*catalog.Referentiel, CompanyStats, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCompanyBytes+1))
	if err != nil {
		return nil, CompanyStats{}, fmt.Errorf("lecture de %s impossible : %w", name, err)
	}
	d := companyDecoder{file: name, seen: make(map[string]int)}
	if len(data) > MaxCompanyBytes {
		d.fail(0, "", catalog.CodeTooLong, fmt.Sprintf("fichier trop volumineux (plus de %d Mo)", MaxCompanyBytes>>20))
		return nil, CompanyStats{}, d.err(nil)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	for i, line := range bytes.Split(data, []byte{'\n'}) {
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		d.line(i+1, line)
	}
	if len(d.metiers) == 0 && len(d.problems) == 0 {
		d.fail(0, "", catalog.CodeRequired, "fichier vide : aucun emploi (attendu un objet JSON par ligne)")
	}
	refs := d.references()
	if len(d.problems)+len(refs.problems) > 0 {
		return nil, CompanyStats{}, d.err(&refs)
	}
	ref := &catalog.Referentiel{
		Metiers:     d.metiers,
		Attribution: []string{CompanyAttribution},
	}
	return ref, companyStats(d.metiers), nil
}

// companyStats counts the emplois, titles and links of a valid référentiel.
func companyStats(metiers []catalog.Metier) CompanyStats {
	st := CompanyStats{Emplois: len(metiers)}
	skills := make(map[string]bool)
	for _, m := range metiers {
		st.Appellations += len(m.Appellations)
		for _, a := range m.Appellations {
			if a.Rare {
				st.RareAppellations++
			}
		}
		st.CoreLinks += len(m.CoreSkills)
		st.OtherLinks += len(m.OtherSkills)
		for _, s := range m.CoreSkills {
			skills[s] = true
		}
		for _, s := range m.OtherSkills {
			skills[s] = true
		}
		st.Mobility += len(m.Mobility)
		if m.Parent != "" {
			st.Parents++
		}
	}
	st.Skills = len(skills)
	return st
}

// problemList keeps the first MaxCompanyProblems problems and counts all.
type problemList struct {
	problems []catalog.Problem
	total    int
}

// add records p, listing it while fewer than MaxCompanyProblems are.
func (l *problemList) add(p catalog.Problem) {
	l.total++
	if len(l.problems) < MaxCompanyProblems {
		l.problems = append(l.problems, p)
	}
}

// companyDecoder holds the state of one DecodeCompany call.
type companyDecoder struct {
	file string
	problemList
	metiers []catalog.Metier // the emplois without problems
	refs    []emploiRefs     // the references of every emploi with a code
	seen    map[string]int   // code → line of its first emploi
}

// emploiRefs holds the parent and mobility codes of the emploi of a line,
// checked once the whole file is read.
type emploiRefs struct {
	line     int
	code     string
	parent   string
	mobility []string
	at       []int // index of each mobility code in the file's list
}

// fail records a problem at line (0 for the whole file) about the field
// named name.
func (d *companyDecoder) fail(line int, name string, code catalog.ProblemCode, reason string) {
	d.add(catalog.Problem{File: d.file, Line: line, Field: name, Code: code, Reason: reason})
}

// err merges the problems of the line pass and of the reference pass (each
// in line order, the first MaxCompanyProblems of each kept) into one
// CompanyError listing the first MaxCompanyProblems by line.
func (d *companyDecoder) err(refs *problemList) error {
	all := d.problems
	total := d.total
	if refs != nil {
		all = append(all, refs.problems...)
		total += refs.total
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	if len(all) > MaxCompanyProblems {
		all = all[:MaxCompanyProblems]
	}
	return &CompanyError{File: d.file, Problems: all, Total: total}
}

// metierFields lists the fields of an emploi, in the order of catalog.Metier.
var metierFields = []string{"code", "source", "label", "parent", "definition", "access",
	"domain", "domain_code", "grand_domain", "appellations", "core_skills", "other_skills", "mobility"}

// appellationFields lists the fields of an appellation.
var appellationFields = []string{"code", "label", "rare"}

// line decodes the emploi written on line n.
func (d *companyDecoder) line(n int, raw []byte) {
	if !utf8.Valid(raw) {
		d.fail(n, "", catalog.CodeEncoding, "texte non encodé en UTF-8 (enregistrez le fichier en UTF-8)")
		return
	}
	fields, reason := objectFields(raw)
	if reason != "" {
		d.fail(n, "", catalog.CodeSyntax, reason)
		return
	}
	before := d.total
	typed := make(map[string]bool) // fields with a problem of their own
	fail := func(name string, code catalog.ProblemCode, reason string) {
		typed[name] = true
		d.fail(n, name, code, reason)
	}
	var (
		m          catalog.Metier
		mobilityAt []int
	)
	for _, f := range fields {
		v := f.value
		switch f.key {
		case "code":
			m.Code = normLine(jsonString(fail, f.key, v))
		case "source":
			m.Source = catalog.Source(normLine(jsonString(fail, f.key, v)))
		case "label":
			m.Label = normLine(jsonString(fail, f.key, v))
		case "parent":
			m.Parent = normLine(jsonString(fail, f.key, v))
		case "definition":
			m.Definition = normMultiline(jsonString(fail, f.key, v))
		case "access":
			m.Access = normMultiline(jsonString(fail, f.key, v))
		case "domain":
			m.Domain = normLine(jsonString(fail, f.key, v))
		case "domain_code":
			m.DomainCode = normLine(jsonString(fail, f.key, v))
		case "grand_domain":
			m.GrandDomain = normLine(jsonString(fail, f.key, v))
		case "appellations":
			m.Appellations = appellations(fail, v)
		case "core_skills":
			m.CoreSkills = labels(fail, f.key, v)
		case "other_skills":
			m.OtherSkills = labels(fail, f.key, v)
		case "mobility":
			m.Mobility, mobilityAt = codes(fail, f.key, v)
		default:
			fail(printable(f.key), catalog.CodeFormat, "champ inconnu (champs possibles : "+strings.Join(metierFields, ", ")+")")
		}
	}
	if m.Code == "" && !typed["code"] {
		fail("code", catalog.CodeRequired, "obligatoire : le code unique de l'emploi")
	}
	if m.Label == "" && !typed["label"] {
		fail("label", catalog.CodeRequired, "obligatoire : l'intitulé de l'emploi")
	}
	switch strings.ToLower(string(m.Source)) {
	case "", string(catalog.SourceCompany):
		m.Source = catalog.SourceCompany
	default:
		fail("source", catalog.CodeEnum, fmt.Sprintf("doit être « %s » ou absent, reçu %s", catalog.SourceCompany, quote(string(m.Source))))
	}
	if m.Code != "" {
		if first, dup := d.seen[m.Code]; dup {
			fail("code", catalog.CodeDuplicate, fmt.Sprintf("code %s déjà utilisé ligne %d", quote(m.Code), first))
		} else {
			d.seen[m.Code] = n
		}
	}
	if m.Code != "" {
		d.refs = append(d.refs, emploiRefs{line: n, code: m.Code, parent: m.Parent, mobility: m.Mobility, at: mobilityAt})
	}
	if d.total == before {
		d.metiers = append(d.metiers, m)
	}
}

// references checks that parent and mobility codes name other emplois of
// the file. Every emploi with a code is checked, even one with other
// problems, so that one run lists them all; a reference to an emploi with
// problems is not reported: its code is in seen.
func (d *companyDecoder) references() problemList {
	var l problemList
	add := func(line int, name, reason string) {
		l.add(catalog.Problem{File: d.file, Line: line, Field: name, Code: catalog.CodeFormat, Reason: reason})
	}
	for _, r := range d.refs {
		switch _, ok := d.seen[r.parent]; {
		case r.parent == "":
		case r.parent == r.code:
			add(r.line, "parent", "un emploi ne peut pas être son propre parent")
		case !ok:
			add(r.line, "parent", fmt.Sprintf("code %s absent du fichier", quote(r.parent)))
		}
		for j, c := range r.mobility {
			name := "mobility[" + strconv.Itoa(r.at[j]) + "]"
			switch _, ok := d.seen[c]; {
			case c == r.code:
				add(r.line, name, "un emploi ne peut pas être sa propre mobilité")
			case !ok:
				add(r.line, name, fmt.Sprintf("code %s absent du fichier", quote(c)))
			}
		}
	}
	return l
}

// field is one member of a JSON object, in file order.
type field struct {
	key   string
	value json.RawMessage
}

// objectFields splits one JSON object into its members, in order. reason
// explains, in French, why raw is not one JSON object.
func objectFields(raw []byte) ([]field, string) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var whole json.RawMessage
	if err := dec.Decode(&whole); err != nil {
		return nil, catalog.JSONErrorReason(err, raw)
	}
	if end := int(dec.InputOffset()); len(bytes.TrimSpace(raw[end:])) > 0 {
		start := len(raw) - len(bytes.TrimLeft(raw[end:], " \t\r\n"))
		return nil, fmt.Sprintf("texte après l'objet JSON, vers la colonne %d (un emploi par ligne)",
			utf8.RuneCount(raw[:start])+1)
	}
	if whole[0] != '{' {
		return nil, "chaque ligne doit être un objet JSON, reçu " + describe(whole)
	}
	dec = json.NewDecoder(bytes.NewReader(whole))
	dec.Token() // '{'
	var (
		fields []field
		dups   = make(map[string]bool)
	)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, catalog.JSONErrorReason(err, raw)
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, catalog.JSONErrorReason(err, raw)
		}
		if dups[key] {
			return nil, fmt.Sprintf("champ %s présent deux fois", quote(key))
		}
		dups[key] = true
		fields = append(fields, field{key, v})
	}
	return fields, ""
}

// failFunc records a problem about the field named name, on the current
// line.
type failFunc func(name string, code catalog.ProblemCode, reason string)

// jsonString reads a text; null is the empty text.
func jsonString(fail failFunc, key string, v json.RawMessage) string {
	var s *string
	if err := json.Unmarshal(v, &s); err != nil {
		fail(key, catalog.CodeType, "doit être un texte, reçu "+describe(v))
		return ""
	}
	if s == nil {
		return ""
	}
	return *s
}

// list reads a JSON list; null is the empty list.
func list(fail failFunc, key, want string, v json.RawMessage) ([]json.RawMessage, bool) {
	var l []json.RawMessage
	if err := json.Unmarshal(v, &l); err != nil {
		fail(key, catalog.CodeType, "doit être "+want+", reçu "+describe(v))
		return nil, false
	}
	return l, true
}

// labels reads a list of skill labels; a blank label is a problem.
func labels(fail failFunc, key string, v json.RawMessage) []string {
	l, ok := list(fail, key, "une liste de libellés, par exemple [\"Langage SQL\"]", v)
	if !ok {
		return nil
	}
	var out []string
	for i, e := range l {
		name := key + "[" + strconv.Itoa(i) + "]"
		var s string
		if err := json.Unmarshal(e, &s); err != nil || isNull(e) {
			fail(name, catalog.CodeType, "doit être un libellé (texte), reçu "+describe(e))
			continue
		}
		if s = normLine(s); s == "" {
			fail(name, catalog.CodeRequired, "libellé vide")
			continue
		}
		out = append(out, s)
	}
	return out
}

// codes reads a list of emploi codes, each listed once. at holds the index
// in the list of each code kept, for the problems found later.
func codes(fail failFunc, key string, v json.RawMessage) (out []string, at []int) {
	l, ok := list(fail, key, "une liste de codes d'emplois, par exemple [\"EMP-002\"]", v)
	if !ok {
		return nil, nil
	}
	for i, e := range l {
		name := key + "[" + strconv.Itoa(i) + "]"
		var s string
		if err := json.Unmarshal(e, &s); err != nil || isNull(e) {
			fail(name, catalog.CodeType, "doit être un code d'emploi (texte), reçu "+describe(e))
			continue
		}
		switch s = normLine(s); {
		case s == "":
			fail(name, catalog.CodeRequired, "code vide")
		case slices.Contains(out, s):
			fail(name, catalog.CodeDuplicate, fmt.Sprintf("code %s déjà listé", quote(s)))
		default:
			out = append(out, s)
			at = append(at, i)
		}
	}
	return out, at
}

// appellations reads the list of job titles of an emploi.
func appellations(fail failFunc, v json.RawMessage) []catalog.Appellation {
	l, ok := list(fail, "appellations", `une liste d'objets {"label": "…"}`, v)
	if !ok {
		return nil
	}
	var out []catalog.Appellation
	for i, e := range l {
		prefix := "appellations[" + strconv.Itoa(i) + "]"
		if e = bytes.TrimSpace(e); len(e) == 0 || e[0] != '{' {
			fail(prefix, catalog.CodeType, `doit être un objet {"label": "…"}, reçu `+describe(e))
			continue
		}
		fields, reason := objectFields(e)
		if reason != "" {
			fail(prefix, catalog.CodeSyntax, reason)
			continue
		}
		var (
			a        catalog.Appellation
			badLabel bool
		)
		for _, f := range fields {
			name := prefix + "." + printable(f.key)
			switch f.key {
			case "code":
				a.Code = normLine(jsonString(fail, name, f.value))
			case "label":
				a.Label = normLine(jsonString(func(name string, code catalog.ProblemCode, reason string) {
					badLabel = true
					fail(name, code, reason)
				}, name, f.value))
			case "rare":
				var b *bool
				if err := json.Unmarshal(f.value, &b); err != nil {
					fail(name, catalog.CodeType, "doit être un booléen (true ou false), reçu "+describe(f.value))
				} else if b != nil {
					a.Rare = *b
				}
			default:
				fail(name, catalog.CodeFormat, "champ inconnu (champs possibles : "+strings.Join(appellationFields, ", ")+")")
			}
		}
		if a.Label == "" {
			if !badLabel {
				fail(prefix+".label", catalog.CodeRequired, "obligatoire : l'intitulé de l'appellation")
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// isNull tells whether v is the JSON null.
func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// describe names a JSON value for a message: « texte », 12, true, une
// liste, un objet, null.
func describe(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "rien"
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return quote(s)
		}
	case '[':
		return "une liste"
	case '{':
		return "un objet"
	}
	return shorten(string(v))
}

// quote puts s between French quotes, shortened and without line breaks.
func quote(s string) string {
	return "« " + shorten(oneLine(s)) + " »"
}

// printable makes a field name from the file safe to show on one line.
func printable(s string) string { return shorten(oneLine(s)) }

// shorten cuts s after 60 characters.
func shorten(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// normLine is normText for a text shown on one line: line breaks and tabs
// become spaces and runs of spaces collapse.
func normLine(s string) string { return catalog.NormText(oneLine(s)) }

// normMultiline is normText for a text of several lines, with "\n" line ends.
func normMultiline(s string) string { return catalog.NormText(lineEnds.Replace(s)) }

var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// oneLine turns line breaks, tabs and other control characters into
// spaces and collapses runs of ASCII spaces.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
