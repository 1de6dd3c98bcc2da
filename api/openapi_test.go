package api

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/gin-gonic/gin"
	"github.com/google/go-cmp/cmp"
)

func init() {
	// kin-openapi knows no JSON Lines decoder; the spec describes those
	// bodies as text.
	for _, ct := range []string{"application/x-ndjson", "application/jsonl", "application/x-jsonlines"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
}

// loadSpec parses and validates the embedded OpenAPI document.
func loadSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPISpec)
	if err != nil {
		t.Fatalf("load openapi.json: %v", err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI 3 document: %v", err)
	}
	return doc
}

func TestOpenAPISpecIsValid(t *testing.T) {
	doc := loadSpec(t)
	if got, want := doc.OpenAPI, "3.0.3"; got != want {
		t.Errorf("openapi version = %q, want %q", got, want)
	}
	if doc.Components == nil || doc.Components.SecuritySchemes["bearerAuth"] == nil {
		t.Fatal("no bearerAuth security scheme")
	}
	if s := doc.Components.SecuritySchemes["bearerAuth"].Value; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("bearerAuth = %s %s, want http bearer", s.Type, s.Scheme)
	}
}

var ginParam = regexp.MustCompile(`/:([A-Za-z_][A-Za-z0-9_]*)`)

// specPath turns a Gin route path into its OpenAPI form: /items/:id →
// /items/{id}; the escaped colon of /items\:import is a literal colon.
func specPath(ginPath string) string {
	p := strings.ReplaceAll(ginPath, `\:`, "\x00")
	p = ginParam.ReplaceAllString(p, "/{$1}")
	return strings.ReplaceAll(p, "\x00", ":")
}

func TestSpecPath(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/items/:id":     "/api/v1/items/{id}",
		`/api/v1/items\:import`: "/api/v1/items:import",
		"/api/v1/items:import":  "/api/v1/items:import",
		"/healthz":              "/healthz",
		"/a/:x/b/:y_z":          "/a/{x}/b/{y_z}",
	} {
		if got := specPath(in); got != want {
			t.Errorf("specPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// routeKeys lists "METHOD /path" of every Gin route, in OpenAPI form.
func routeKeys(e *gin.Engine) []string {
	var out []string
	for _, r := range e.Routes() {
		if isWebRoute(r.Path) { // web pages: tested in pages_test.go
			continue
		}
		out = append(out, r.Method+" "+specPath(r.Path))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// specKeys lists "METHOD /path" of every operation of the spec.
func specKeys(doc *openapi3.T) []string {
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadSpec(t)
	env := newTestEnv(t, Options{}, nil)
	routes, ops := routeKeys(env.engine), specKeys(doc)
	if len(routes) < 14 {
		t.Fatalf("only %d routes listed: %v", len(routes), routes)
	}
	for _, r := range routes {
		if !slices.Contains(ops, r) {
			t.Errorf("route %s is not described in openapi.json", r)
		}
	}
	for _, op := range ops {
		if !slices.Contains(routes, op) {
			t.Errorf("openapi.json describes %s, which is not a route", op)
		}
	}
	// After serving one request Gin unescapes the colon of items\:import:
	// the spec must still match.
	env.call(t, http.MethodGet, "/healthz", "", "", nil)
	if diff := cmp.Diff(routes, routeKeys(env.engine)); diff != "" {
		t.Errorf("routes changed after the first request (-before +after):\n%s", diff)
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	status, h, body := env.call(t, http.MethodGet, "/openapi.json", "", "", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /openapi.json = %d, want 200", status)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if !bytes.Equal(body, openAPISpec) {
		t.Error("GET /openapi.json does not serve the embedded openapi.json")
	}
}

var errorCode = regexp.MustCompile(`Code:\s+"([a-z_]+)"`)

// TestErrorCodesInSpec: every error code the server writes is listed in
// the spec's ErrorDetail.code enum, and the enum lists no other.
func TestErrorCodesInSpec(t *testing.T) {
	doc := loadSpec(t)
	var inSpec []string
	for _, v := range doc.Components.Schemas["ErrorDetail"].Value.Properties["code"].Value.Enum {
		inSpec = append(inSpec, v.(string))
	}
	slices.Sort(inSpec)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var inCode []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range errorCode.FindAllStringSubmatch(string(src), -1) {
			inCode = append(inCode, m[1])
		}
	}
	slices.Sort(inCode)
	inCode = slices.Compact(inCode)
	if diff := cmp.Diff(inCode, inSpec); diff != "" {
		t.Errorf("error codes (-written by the server +listed in openapi.json):\n%s", diff)
	}
}
