// Package web holds Tremplin's web pages: html/template files and the
// static assets (CSS, JavaScript) they use, embedded in the binary. The api
// package renders and serves them; nothing here knows about HTTP.
package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
)

//go:embed templates/*.html static/*
var files embed.FS

// Static returns the assets served under /static/.
func Static() (fs.FS, error) {
	return fs.Sub(files, "static")
}

// Pages parses every page template with the shared layout: the result maps
// a page name ("plan", "catalogue", …) to a template whose "layout" renders
// the whole page. funcs are available to every template.
func Pages(funcs template.FuncMap) (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/parts*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := n[len("templates/") : len(n)-len(".html")]
		if base == "layout" || strings.HasPrefix(base, "parts") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(files, n)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", n, err)
		}
		pages[base] = t
	}
	return pages, nil
}
