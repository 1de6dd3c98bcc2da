package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// parenthesisedAgreement matches "élément(s)", "importé(e)", "ajouté(es)":
// agreement left to the reader, which French text shown to users never does.
var parenthesisedAgreement = regexp.MustCompile(`\pL\((s|e|es|x|ne|le)\)`)

// TestNoParenthesisedPlurals reads every string literal of the Go code
// (tests aside): none writes "élément(s)" or "accompagné(e)"; counts use
// french.Count. "http(s)" is a URL scheme, not a plural.
func TestNoParenthesisedPlurals(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if ok && lit.Kind == token.STRING {
				if s := strings.ReplaceAll(lit.Value, "http(s)", ""); parenthesisedAgreement.MatchString(s) {
					t.Errorf("%s: %s", fset.Position(lit.Pos()), lit.Value)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
