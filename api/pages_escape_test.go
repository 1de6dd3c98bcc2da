package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

// TestPageLinksEscapeIDs: an id holding characters that mean something in
// a URL (space, %) is one path segment in the catalogue's links, so the
// link leads to that item and nowhere else; so is an id stored before ids
// were checked, such as "../deconnexion", which would link to /deconnexion.
func TestPageLinksEscapeIDs(t *testing.T) {
	const id = "form 100% ..x"
	env := newTestEnv(t, Options{}, func(d *Deps) {
		it := catalog.Item{ID: id, Kind: catalog.KindFormation, Title: "Tableur à 100 %", Active: true}
		if p := catalog.Validate(&it); len(p) > 0 {
			t.Fatalf("id %q refused: %v", id, p)
		}
		d.Catalog.(*fakeCatalog).Put(context.Background(), it)
		legacy := catalog.Item{ID: "../deconnexion", Kind: catalog.KindFormation, Title: "Tableur ancien", Active: true}
		d.Catalog.(*fakeCatalog).Put(context.Background(), legacy)
	})
	status, _, body := env.call(t, http.MethodGet, "/catalogue?q="+"Tableur", keyLDAdmin, "", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /catalogue: status %d", status)
	}
	for _, want := range []string{`href="/catalogue/form%20100%25%20..x"`, `href="/catalogue/..%2fdeconnexion"`} {
		if !strings.Contains(strings.ToLower(string(body)), strings.ToLower(want)) {
			i := strings.Index(string(body), "Tableur")
			t.Errorf("catalogue page has no link %s; near the title: %.300s", want, string(body)[max(i-200, 0):])
		}
	}
	status, _, body = env.call(t, http.MethodGet, "/catalogue/form%20100%25%20..x", keyLDAdmin, "", nil)
	if status != http.StatusOK || !strings.Contains(string(body), "Tableur à 100 %") {
		t.Errorf("following the link: status %d, item shown: %v", status, strings.Contains(string(body), "Tableur"))
	}
}

func TestPathEscapeFunc(t *testing.T) {
	esc := templateFuncs["pathEscape"].(func(string) string)
	for in, want := range map[string]string{
		"form-excel":     "form-excel",
		"a b":            "a%20b",
		"100%":           "100%25",
		"../deconnexion": "..%2Fdeconnexion",
		"a?b#c":          "a%3Fb%23c",
	} {
		if got := esc(in); got != want {
			t.Errorf("pathEscape(%q) = %q, want %q", in, got, want)
		}
	}
}
