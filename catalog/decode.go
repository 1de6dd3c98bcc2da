package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Format is the syntax of a catalog file.
type Format string

// The catalog file formats Decode reads.
const (
	// FormatJSONL is JSON Lines: one item object per line (the reference format).
	FormatJSONL Format = "jsonl"
	// FormatJSON is one JSON array of item objects.
	FormatJSON Format = "json"
	// FormatYAML is one YAML list of item mappings.
	FormatYAML Format = "yaml"
	// FormatCSV is a header row of field names then one item per row; list
	// fields are separated by ";", nested fields are columns such as
	// "mentor.name" or "mission.start_date".
	FormatCSV Format = "csv"
)

// ErrUnknownFormat reports a file name whose extension names no catalog format.
var ErrUnknownFormat = errors.New("unknown catalog format")

// FormatFromName picks the format from the extension of a file name:
// .jsonl/.ndjson, .json, .yaml/.yml, .csv (in any case).
func FormatFromName(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	case ".json":
		return FormatJSON, nil
	case ".yaml", ".yml":
		return FormatYAML, nil
	case ".csv":
		return FormatCSV, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownFormat, name)
}

// Decode reads a catalog in format f. name is the file name shown in
// problems. It returns the valid items, every problem found (it does not
// stop at the first), and an error only when reading r fails or f is not a
// known format. Items are normalized (see Normalize); active defaults to
// true; an id used twice makes the later item a problem.
func Decode(r io.Reader, name string, f Format) ([]Item, []Problem, error) {
	d := newDecoder()
	if err := d.decode(r, name, f); err != nil {
		return nil, nil, err
	}
	return d.items, d.problems, nil
}

// LoadFiles decodes every file, choosing each format from the extension, and
// reports ids used more than once across all of them. A file that cannot be
// opened or has an unknown extension is a problem; the error is for read
// failures only.
func LoadFiles(paths ...string) ([]Item, []Problem, error) {
	d := newDecoder()
	for _, p := range paths {
		if err := d.loadFile(p); err != nil {
			return nil, nil, err
		}
	}
	return d.items, d.problems, nil
}

// LoadFS is LoadFiles for files of fsys, such as an embedded catalog; names
// are paths in fsys and are shown as given in problems.
func LoadFS(fsys fs.FS, names ...string) ([]Item, []Problem, error) {
	d := newDecoder()
	for _, name := range names {
		if err := d.loadFSFile(fsys, name); err != nil {
			return nil, nil, err
		}
	}
	return d.items, d.problems, nil
}

func (d *decoder) loadFSFile(fsys fs.FS, name string) error {
	f, err := FormatFromName(name)
	if err != nil {
		d.fileProblem(name, "extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)")
		return nil
	}
	file, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		d.fileProblem(name, "fichier introuvable")
		return nil
	}
	if err != nil {
		return fmt.Errorf("open catalog file: %w", err)
	}
	defer file.Close()
	return d.decode(file, name, f)
}

func (d *decoder) loadFile(path string) error {
	f, err := FormatFromName(path)
	if err != nil {
		d.fileProblem(path, "extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)")
		return nil
	}
	file, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.fileProblem(path, "fichier introuvable")
		return nil
	case errors.Is(err, fs.ErrPermission):
		d.fileProblem(path, "lecture refusée (droits d'accès)")
		return nil
	case err != nil:
		return fmt.Errorf("open catalog file: %w", err)
	}
	defer file.Close()
	if st, err := file.Stat(); err == nil && st.IsDir() {
		d.fileProblem(path, "est un dossier, pas un fichier")
		return nil
	}
	return d.decode(file, path, f)
}

func (d *decoder) fileProblem(path, reason string) {
	d.problems = append(d.problems, Problem{File: path, Code: CodeUnreadable, Reason: reason})
}

// decoder accumulates the items and problems of one or more inputs and
// remembers where each id was first seen.
type decoder struct {
	seen     map[string]string
	items    []Item
	problems []Problem
	// memo, when set, spares decoding JSON Lines lines it knows; those
	// lines are known, in file order.
	memo  *LineMemo
	known []Known
}

func newDecoder() *decoder { return &decoder{seen: map[string]string{}} }

func (d *decoder) decode(r io.Reader, name string, f Format) error {
	switch f {
	case FormatJSONL:
		return d.decodeJSONL(r, name)
	case FormatJSON, FormatYAML, FormatCSV:
	default:
		return fmt.Errorf("%w: %q", ErrUnknownFormat, string(f))
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read catalog %s: %w", name, err)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	switch f {
	case FormatJSON:
		d.decodeJSONArray(data, name)
	case FormatYAML:
		d.decodeYAML(data, name)
	default:
		d.decodeCSV(data, name)
	}
	return nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

// place locates an item: its file, line, and position in a JSON array or
// YAML list (0 for JSONL and CSV).
type place struct {
	file    string
	line    int
	element int
}

// syntax records a problem that concerns a whole line or file.
func (d *decoder) syntax(file string, line int, code ProblemCode, reason string) {
	d.syntaxAt(place{file: file, line: line}, code, reason)
}

// syntaxAt records a problem that concerns a whole item.
func (d *decoder) syntaxAt(at place, code ProblemCode, reason string) {
	d.problems = append(d.problems, Problem{File: at.file, Line: at.line, Element: at.element, Code: code, Reason: reason})
}

// element types, normalizes, validates and deduplicates one decoded item.
func (d *decoder) element(at place, v value) {
	d.add(typeElement(at, v))
}

// typed is one element typed, normalized and validated, before the check
// of its id against the elements before it.
type typed struct {
	at    place
	it    Item
	probs []Problem // with file, line and element not yet set
	whole *Problem  // a problem of the whole element (not an object, bad JSON), set in full
	// known is the line's item as the memo knows it, not decoded; when
	// memoize is set instead, the line decoded to it with content hash
	// hash. key is the line's in the memo.
	known   *Known
	memoize bool
	hash    string
	key     lineKey
}

// typeElement types, normalizes and validates one decoded element. It
// depends on nothing else, so that elements may be typed concurrently.
func typeElement(at place, v value) typed {
	if v.kind != valueObject {
		return typed{at: at, whole: &Problem{File: at.file, Line: at.line, Element: at.element, Code: CodeType,
			Reason: "chaque élément doit être un objet, reçu " + v.describe()}}
	}
	it, probs := typeItem(v.obj)
	return typed{at: at, it: it, probs: probs}
}

// add deduplicates a typed element against those added before it and
// keeps it, or its problems.
func (d *decoder) add(t typed) {
	if t.whole != nil {
		d.problems = append(d.problems, *t.whole)
		return
	}
	if t.known != nil {
		if first, dup := d.seen[t.known.ID]; dup {
			p := duplicateID(t.known.ID, first)
			p.File, p.Line, p.ID = t.at.file, t.at.line, t.known.ID
			d.problems = append(d.problems, p)
			return
		}
		d.seen[t.known.ID] = t.at.file + ":" + strconv.Itoa(t.at.line)
		d.known = append(d.known, *t.known)
		d.memo.seen[t.key] = *t.known
		return
	}
	it, probs, at := t.it, t.probs, t.at
	if it.ID != "" {
		if first, dup := d.seen[it.ID]; dup {
			probs = append(probs, duplicateID(it.ID, first))
		} else {
			d.seen[it.ID] = at.file + ":" + strconv.Itoa(at.line)
		}
	}
	if len(probs) == 0 {
		d.items = append(d.items, it)
		if t.memoize {
			d.memo.seen[t.key] = Known{ID: it.ID, Hash: t.hash}
		}
		return
	}
	for _, p := range probs {
		p.File, p.Line, p.Element, p.ID = at.file, at.line, at.element, strings.ToValidUTF8(it.ID, "\uFFFD")
		d.problems = append(d.problems, p)
	}
}

// duplicateID is the problem of an id already used at first (file:line).
func duplicateID(id, first string) Problem {
	return Problem{Field: "id", Code: CodeDuplicate, Reason: fmt.Sprintf("identifiant %s déjà utilisé (%s)", quote(id), first)}
}

// typeItem types, normalizes and validates the fields of one object.
func typeItem(obj map[string]value) (Item, []Problem) {
	it, probs := toItem(obj)
	enc := &validator{id: it.ID}
	checkEncoding(enc, &it)
	if len(enc.problems) > 0 {
		return it, append(probs, enc.problems...) // ID is not valid UTF-8 text yet
	}
	Normalize(&it)
	probs = append(probs, uncovered(Validate(&it), probs)...)
	for i := range probs {
		probs[i].ID = it.ID
	}
	return it, probs
}

// uncovered drops the problems of vs about a field that already has a
// typing problem in typed (or a field inside it, or holding it), since they
// would only repeat it.
func uncovered(vs, typed []Problem) []Problem {
	out := vs[:0]
	for _, v := range vs {
		covered := false
		for _, t := range typed {
			if related(v.Field, t.Field) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, v)
		}
	}
	return out
}

func related(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || strings.HasPrefix(b, a) && (b[len(a)] == '.' || b[len(a)] == '[')
}
