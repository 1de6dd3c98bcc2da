package api

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// TestPagesKindRegistry checks that every page carries the kinds of
// catalog.KindInfos for its scripts (#types-elements), the plan form's kind
// boxes among them, and that no script spells a kind itself: a kind added
// to the registry reaches the pages without touching them.
func TestPagesKindRegistry(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	status, _, body := env.call(t, http.MethodGet, "/", keyEmployee, "", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /: %d", status)
	}
	m := regexp.MustCompile(`<script type="application/json" id="types-elements">(.*?)</script>`).FindStringSubmatch(string(body))
	if m == nil {
		t.Fatal("no #types-elements block in the page")
	}
	var got []kindEntry
	if err := json.Unmarshal([]byte(m[1]), &got); err != nil {
		t.Fatalf("#types-elements: %v: %s", err, m[1])
	}
	var want []kindEntry
	for _, k := range catalog.KindInfos {
		want = append(want, kindEntry{Value: string(k.Kind), Label: k.Label, Heading: k.Heading, Learning: k.Learning, CPF: k.CPF})
		if !strings.Contains(string(body), `name="kinds" value="`+string(k.Kind)+`"`) {
			t.Errorf("the plan form has no box for the kind %s", k.Kind)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("#types-elements (-catalog.KindInfos +page):\n%s", diff)
	}
	scripts, err := filepath.Glob("web/static/*.js")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts found: %v", err)
	}
	for _, f := range scripts {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range catalog.Kinds {
			for _, lit := range []string{"'" + string(k) + "'", `"` + string(k) + `"`} {
				if strings.Contains(string(b), lit) {
					t.Errorf("%s spells the kind %s: read it from T.kinds / T.kindLabels", f, lit)
				}
			}
		}
	}
}
