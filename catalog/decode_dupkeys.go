package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DuplicateKey is an object key written twice in the same JSON object:
// encoding/json keeps the last value silently, which would let a file or
// request say two things at once.
type DuplicateKey struct {
	// Key is the key as written the second time.
	Key string
	// Path locates the object holding it ("" at top level,
	// "mentor", "sessions[1]").
	Path string
	// Offset is the byte offset of the input just after the second key.
	Offset int64
}

// Field is the path of the duplicated key, as in Problem.Field
// ("id", "mentor.name").
func (d DuplicateKey) Field() string {
	if d.Path == "" {
		return d.Key
	}
	return d.Path + "." + d.Key
}

// Reason says in French which key is duplicated, for a Problem or an API error.
func (d DuplicateKey) Reason() string {
	return fmt.Sprintf("clé %s présente deux fois dans le même objet", quote(d.Key))
}

// FindDuplicateKey scans the JSON text raw and returns the first key that
// occurs twice in one object. With fold, keys equal but for case count as
// the same, as encoding/json matches them to struct fields. It stops at
// the first syntax error: call it after a successful decode, which also
// bounds the nesting depth.
func FindDuplicateKey(raw []byte, fold bool) (DuplicateKey, bool) {
	if !mayRepeatKey(raw, fold) {
		return DuplicateKey{}, false
	}
	return findDuplicateKeySlow(raw, fold)
}

// findDuplicateKeySlow is FindDuplicateKey token by token, exact.
func findDuplicateKeySlow(raw []byte, fold bool) (DuplicateKey, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var stack []jsonFrame
	for {
		tok, err := dec.Token()
		if err != nil {
			return DuplicateKey{}, false
		}
		n := len(stack)
		if key, ok := tok.(string); ok && n > 0 && stack[n-1].wantKey {
			top := &stack[n-1]
			if top.seen(key, fold) {
				return DuplicateKey{Key: key, Path: jsonPath(stack[:n-1]), Offset: dec.InputOffset()}, true
			}
			top.key, top.wantKey = key, false
			continue
		}
		if n > 0 && !stack[n-1].object && tok != json.Delim(']') {
			stack[n-1].index++ // a new element of the array starts
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			obj := tok == json.Delim('{')
			stack = append(stack, jsonFrame{object: obj, wantKey: obj, index: -1})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:n-1]
		}
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true // a value ended: a key or '}' follows
		}
	}
}

// mayRepeatKey is FindDuplicateKey's fast path over valid JSON: it reports
// false when no object of raw holds the same key twice, comparing keys as
// written, which is exact for keys without escapes (and, with fold, of
// ASCII only, compared without case). A key repeated, escaped, not
// ASCII under fold, or not UTF-8 (decoding makes U+FFFD of its bytes)
// answers true, for the exact scan to decide and locate.
// It is ten times faster than reading raw token by token.
func mayRepeatKey(raw []byte, fold bool) bool {
	type frame struct {
		object bool
		keys   [][]byte
	}
	var stack []frame
	wantKey := false // inside an object, before a key
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '{', '[':
			stack = append(stack, frame{object: c == '{'})
			wantKey = c == '{'
		case '}', ']':
			stack = stack[:len(stack)-1]
			wantKey = false
		case ',':
			wantKey = len(stack) > 0 && stack[len(stack)-1].object
		case '"':
			end := i + 1
			for end < len(raw) && raw[end] != '"' {
				if raw[end] == '\\' {
					if wantKey {
						return true
					}
					end++
				}
				end++
			}
			if end >= len(raw) {
				return true // not valid JSON: let the exact scan stop on it
			}
			if wantKey {
				key := raw[i+1 : end]
				top := &stack[len(stack)-1]
				for _, k := range top.keys {
					if bytes.Equal(k, key) || (fold && bytes.EqualFold(k, key)) {
						return true
					}
				}
				if !ascii(key) && (fold || !utf8.Valid(key)) {
					// Folded, or decoded with U+FFFD for the bytes that
					// are not UTF-8, keys written apart may be the same.
					return true
				}
				top.keys = append(top.keys, key)
				wantKey = false
			}
			i = end
		}
	}
	return false
}

// jsonFrame is one open object or array of FindDuplicateKey.
type jsonFrame struct {
	object  bool
	wantKey bool                // object: the next token is a key or '}'
	keys    map[string]struct{} // object: keys read so far
	key     string              // object: the last key read
	index   int                 // array: position of the current element
}

// seen records key and reports whether it was already there.
func (f *jsonFrame) seen(key string, fold bool) bool {
	if fold {
		key = strings.Map(foldRune, key)
	}
	if _, ok := f.keys[key]; ok {
		return true
	}
	if f.keys == nil {
		f.keys = map[string]struct{}{}
	}
	f.keys[key] = struct{}{}
	return false
}

// foldRune maps r to the smallest rune of its Unicode case-folding orbit,
// so that "S", "s" and "ſ" (or "K", "k" and the Kelvin sign), which
// encoding/json all matches to the same field, become one.
func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// jsonPath names the value reached through the open frames: "mentor",
// "sessions[1]".
func jsonPath(frames []jsonFrame) string {
	var b strings.Builder
	for _, f := range frames {
		if !f.object {
			fmt.Fprintf(&b, "[%d]", f.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(f.key)
	}
	return b.String()
}

// ascii reports whether b holds ASCII bytes only.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
