package catalog

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits against alias bombs and runaway nesting: nodes reached through
// aliases, per document, and nesting depth of one element.
const (
	maxYAMLAliasNodes = 100_000
	maxYAMLDepth      = 64
)

var errYAMLTooBig = errors.New("yaml element too big")

// yamlDuplicateError is a key written twice in one mapping.
type yamlDuplicateError struct {
	key  string
	line int
}

func (e *yamlDuplicateError) Error() string { return "duplicate yaml key " + e.key }

// decodeYAML reads a YAML list of items (several documents are read in
// turn); a syntax error stops it.
func (d *decoder) decodeYAML(data []byte, name string) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			line, detail := yamlErrorLine(err)
			d.syntax(name, line, CodeSyntax, "YAML mal formé ("+detail+")")
			return
		}
		d.yamlDocument(&doc, name)
	}
}

func (d *decoder) yamlDocument(doc *yaml.Node, name string) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return
	}
	seq := doc.Content[0]
	if seq.Kind == yaml.ScalarNode && seq.ShortTag() == "!!null" {
		return // an empty document is an empty catalog
	}
	if seq.Kind != yaml.SequenceNode {
		d.syntax(name, seq.Line, CodeSyntax, "une liste YAML d'éléments est attendue (chaque élément commence par « - »)")
		return
	}
	budget := maxYAMLAliasNodes
	for i, el := range seq.Content {
		at := place{name, el.Line, i + 1}
		v, err := yamlValue(el, &budget, 0, false)
		var dup *yamlDuplicateError
		switch {
		case errors.As(err, &dup):
			d.syntaxAt(place{name, dup.line, i + 1}, CodeSyntax, DuplicateKey{Key: dup.key}.Reason())
			continue
		case err != nil:
			d.syntaxAt(at, CodeTooLong, "élément YAML trop grand ou trop imbriqué")
			continue
		}
		d.element(at, v)
	}
}

// yamlValue converts a YAML node to a value, following aliases while the
// budget of nodes reached through aliases lasts. Plain scalars are loose:
// they may be read as another type.
func yamlValue(n *yaml.Node, budget *int, depth int, viaAlias bool) (value, error) {
	if viaAlias {
		*budget--
	}
	if *budget < 0 || depth > maxYAMLDepth {
		return value{}, errYAMLTooBig
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return value{}, nil
		}
		return yamlValue(n.Alias, budget, depth+1, true)
	case yaml.ScalarNode:
		return yamlScalar(n), nil
	case yaml.SequenceNode:
		l := make([]value, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget, depth+1, viaAlias)
			if err != nil {
				return value{}, err
			}
			l = append(l, v)
		}
		return value{kind: valueList, list: l}, nil
	case yaml.MappingNode:
		return yamlMapping(n, budget, depth, viaAlias)
	}
	return value{}, nil
}

// yamlMapping converts a mapping; merge keys ("<<: *defaults") add the
// fields of the merged mappings that the mapping does not set itself.
func yamlMapping(n *yaml.Node, budget *int, depth int, viaAlias bool) (value, error) {
	o := make(map[string]value, len(n.Content)/2)
	var merged []value
	for i := 0; i+1 < len(n.Content); i += 2 {
		v, err := yamlValue(n.Content[i+1], budget, depth+1, viaAlias)
		if err != nil {
			return value{}, err
		}
		k := n.Content[i]
		if k.ShortTag() == "!!merge" {
			merged = append(merged, v)
			continue
		}
		if _, dup := o[k.Value]; dup {
			return value{}, &yamlDuplicateError{key: k.Value, line: k.Line}
		}
		o[k.Value] = v
	}
	for _, m := range merged {
		sources := []value{m}
		if m.kind == valueList {
			sources = m.list // earlier mappings win, as in YAML
		}
		for _, src := range sources {
			for k, v := range src.obj {
				if _, set := o[k]; !set {
					o[k] = v
				}
			}
		}
	}
	return value{kind: valueObject, obj: o}, nil
}

func yamlScalar(n *yaml.Node) value {
	loose := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	switch n.ShortTag() {
	case "!!null":
		return value{}
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return value{kind: valueBool, text: n.Value, b: b, loose: loose}
		}
	case "!!int", "!!float":
		var f float64
		if n.Decode(&f) == nil {
			return value{kind: valueNumber, text: n.Value, num: f, loose: loose}
		}
	}
	return value{kind: valueString, text: n.Value, loose: loose}
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlErrorLine extracts the line number and the detail of a yaml error.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	return line, msg[len(m[0]):]
}
