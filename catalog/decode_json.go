package catalog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxLineBytes caps one JSON Lines line; a longer line is a problem.
const MaxLineBytes = 4 << 20

// decodeJSONL reads one item per line; blank lines are skipped.
func (d *decoder) decodeJSONL(r io.Reader, name string) error {
	br := bufio.NewReaderSize(r, 64<<10)
	lines := newLinePipeline(d)
	defer lines.close()
	started := false
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read catalog %s: %w", name, err)
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		trimmed := bytes.TrimSpace(b)
		switch {
		case tooLong:
			lines.problem(Problem{File: name, Line: line, Code: CodeTooLong,
				Reason: fmt.Sprintf("ligne trop longue (plus de %d octets)", MaxLineBytes)})
		case !started && string(trimmed) == "[":
			d.syntax(name, line, CodeSyntax, "le fichier commence par « [ » : c'est un tableau JSON, "+
				"nommez-le .json (JSON Lines attend un objet par ligne)")
			return nil
		case len(trimmed) > 0:
			lines.line(b, place{file: name, line: line})
		}
		started = started || len(trimmed) > 0 || tooLong
		if err != nil {
			return nil
		}
	}
}

// linePipeline types the lines of a JSON Lines file on every CPU, in
// chunks, and adds them to the decoder in file order: the outcome is that
// of typing them one after the other.
type linePipeline struct {
	d       *decoder
	chunk   []jsonLine
	pending chan chan []typed // results in file order
	work    chan lineWork
	done    chan struct{}
	wg      sync.WaitGroup
}

// jsonLine is a line to type, or a problem found while reading it.
type jsonLine struct {
	raw  []byte
	at   place
	prob *Problem
}

type lineWork struct {
	lines []jsonLine
	out   chan []typed
}

// lineChunk is the number of lines typed per unit of work.
const lineChunk = 256

func newLinePipeline(d *decoder) *linePipeline {
	workers := runtime.GOMAXPROCS(0)
	p := &linePipeline{d: d, pending: make(chan chan []typed, 2*workers), work: make(chan lineWork, workers), done: make(chan struct{})}
	for range workers {
		p.wg.Go(func() {
			for w := range p.work {
				out := make([]typed, len(w.lines))
				for i, l := range w.lines {
					if l.prob != nil {
						out[i] = typed{at: l.at, whole: l.prob}
						continue
					}
					out[i] = d.typeLine(l.raw, l.at)
				}
				w.out <- out
			}
		})
	}
	go func() {
		defer close(p.done)
		for out := range p.pending {
			for _, t := range <-out {
				d.add(t)
			}
		}
	}()
	return p
}

func (p *linePipeline) line(raw []byte, at place) {
	p.chunk = append(p.chunk, jsonLine{raw: raw, at: at})
	if len(p.chunk) == lineChunk {
		p.flush()
	}
}

func (p *linePipeline) problem(prob Problem) {
	p.chunk = append(p.chunk, jsonLine{at: place{file: prob.File, line: prob.Line}, prob: &prob})
	p.flush() // keeps the problems of the file in order with the lines
}

func (p *linePipeline) flush() {
	if len(p.chunk) == 0 {
		return
	}
	out := make(chan []typed, 1)
	p.pending <- out
	p.work <- lineWork{lines: p.chunk, out: out}
	p.chunk = nil
}

// close types the lines left and waits until every line is added.
func (p *linePipeline) close() {
	p.flush()
	close(p.work)
	close(p.pending)
	<-p.done
	p.wg.Wait()
}

// readLine returns the next line without its end; tooLong reports a line
// over MaxLineBytes, which is consumed but not returned.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			buf = append(buf, chunk...)
			if len(buf) > MaxLineBytes {
				tooLong, buf = true, nil
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, err
	}
}

// typeLine types one JSON Lines line, through the memo when there is one:
// a line it knows is not decoded. It only reads the decoder's memo, so
// that lines may be typed concurrently.
func (d *decoder) typeLine(raw []byte, at place) typed {
	if d.memo == nil {
		return jsonTyped(raw, at)
	}
	key, k, ok := d.memo.lookup(raw)
	if ok {
		return typed{at: at, known: &k, key: key}
	}
	t := jsonTyped(raw, at)
	if t.whole == nil && len(t.probs) == 0 && len(t.it.Metiers) == 0 {
		t.memoize, t.hash, t.key = true, ContentHash(t.it), key
	}
	return t
}

// jsonElement decodes one JSON object (a JSONL line or an array element).
func (d *decoder) jsonElement(raw []byte, at place) {
	d.add(jsonTyped(raw, at))
}

// jsonTyped parses and types one JSON element.
func jsonTyped(raw []byte, at place) typed {
	v, p := parseJSON(raw)
	if p != nil {
		p.File, p.Element = at.file, at.element
		p.Line = at.line + max(p.Line-1, 0)
		return typed{at: at, whole: p}
	}
	return typeElement(at, v)
}

// parseJSON decodes one JSON value. The problem, if any, has Code and
// Reason; for a key written twice in one object, also Field, ID (when the
// item's id can be read) and Line, counted from 1 within raw.
func parseJSON(raw []byte) (value, *Problem) {
	if !utf8.Valid(raw) {
		return value{}, &Problem{Code: CodeEncoding, Reason: "texte non encodé en UTF-8 (enregistrez le fichier en UTF-8)"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	err := dec.Decode(&x)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = &json.SyntaxError{Offset: dec.InputOffset()}
		}
	}
	if err != nil {
		return value{}, &Problem{Code: CodeSyntax, Reason: JSONErrorReason(err, raw)}
	}
	if dup, ok := FindDuplicateKey(raw, false); ok {
		obj, _ := x.(map[string]any)
		id, _ := obj["id"].(string)
		return value{}, &Problem{Code: CodeSyntax, Field: dup.Field(), ID: id,
			Line: 1 + bytes.Count(raw[:dup.Offset], []byte{'\n'}), Reason: dup.Reason()}
	}
	return jsonValue(x), nil
}

// DecodeItemJSON reads one item written as a JSON object in the interchange
// format (as sent to the API) with the same typing, normalization and
// validation as Decode: the item is usable only when no problem is
// returned. Problems have no File or Line.
func DecodeItemJSON(data []byte) (Item, []Problem) {
	v, p := parseJSON(data)
	if p != nil {
		return Item{}, []Problem{*p}
	}
	if v.kind != valueObject {
		return Item{}, []Problem{{Code: CodeType, Reason: "un objet JSON est attendu, reçu " + v.describe()}}
	}
	return typeItem(v.obj)
}

// JSONErrorReason explains in French an error of encoding/json decoding
// raw: an object left open, or the column of a syntax error.
func JSONErrorReason(err error, raw []byte) string {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.As(err, &se) && strings.HasPrefix(se.Error(), "unexpected end"):
		return "JSON incomplet : l'objet n'est pas refermé"
	case errors.As(err, &se):
		col := utf8.RuneCount(raw[:min(int(se.Offset), len(raw))])
		return fmt.Sprintf("JSON mal formé vers la colonne %d", max(col, 1))
	}
	return "JSON mal formé"
}

// jsonValue converts what encoding/json decoded (with UseNumber) to a value.
func jsonValue(x any) value {
	switch x := x.(type) {
	case string:
		return value{kind: valueString, text: x}
	case json.Number:
		f, _ := strconv.ParseFloat(string(x), 64) // out of range gives ±Inf, rejected by Validate
		return value{kind: valueNumber, text: string(x), num: f}
	case bool:
		return value{kind: valueBool, text: strconv.FormatBool(x), b: x}
	case []any:
		l := make([]value, len(x))
		for i, e := range x {
			l[i] = jsonValue(e)
		}
		return value{kind: valueList, list: l}
	case map[string]any:
		o := make(map[string]value, len(x))
		for k, e := range x {
			o[k] = jsonValue(e)
		}
		return value{kind: valueObject, obj: o}
	}
	return value{}
}

// decodeJSONArray reads a JSON array of items; a syntax error stops it, as
// the rest of the array cannot be found reliably.
func (d *decoder) decodeJSONArray(data []byte, name string) {
	lines := lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err == io.EOF {
		return // an empty file is an empty catalog
	}
	if delim, ok := tok.(json.Delim); err != nil || !ok || delim != '[' {
		d.syntax(name, 1, CodeSyntax, "un tableau JSON d'éléments est attendu (pour un élément par ligne, nommez le fichier .jsonl)")
		return
	}
	for n := 1; dec.More(); n++ {
		start := skipSeparators(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			var se *json.SyntaxError
			at := start
			if errors.As(err, &se) {
				at = int(se.Offset)
			}
			d.syntaxAt(place{name, lines.at(at), n}, CodeSyntax, jsonArrayReason(err))
			return
		}
		d.jsonElement(raw, place{name, lines.at(start), n})
	}
	if _, err := dec.Token(); err != nil {
		d.syntax(name, lines.at(int(dec.InputOffset())), CodeSyntax, jsonArrayReason(err))
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		d.syntax(name, lines.at(int(dec.InputOffset())), CodeSyntax, "contenu inattendu après la fin du tableau JSON")
	}
}

func jsonArrayReason(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "JSON incomplet : le tableau n'est pas refermé"
	}
	return "JSON mal formé"
}

// skipSeparators returns the offset of the first byte at or after off that
// is neither white space nor a comma: where the next array element starts.
func skipSeparators(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// lineCounter turns increasing byte offsets into 1-based line numbers.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (c *lineCounter) at(off int) int {
	off = min(max(off, 0), len(c.data))
	if off < c.off {
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line + 1
}
