package api

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// TestOpenAPIKindEnums checks that every enum of the spec that lists item
// kinds lists exactly catalog.Kinds (the registry, catalog.KindInfos), in
// its order: a kind added to the registry cannot be missed in the spec.
func TestOpenAPIKindEnums(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(catalog.Kinds))
	for i, k := range catalog.Kinds {
		want[i] = string(k)
	}
	found := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if e, ok := x["enum"].([]any); ok && enumOfKinds(e) {
				found++
				got := make([]string, len(e))
				for i, s := range e {
					got[i], _ = s.(string)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: kind enum (-registry +spec):\n%s", path, diff)
				}
			}
			for k, c := range x {
				walk(path+"/"+k, c)
			}
		case []any:
			for _, c := range x {
				walk(path+"[]", c)
			}
		}
	}
	walk("", doc)
	if found == 0 {
		t.Fatal("no kind enum found in openapi.json")
	}
}

// enumOfKinds reports an enum holding a kind: a list of item kinds.
func enumOfKinds(e []any) bool {
	for _, v := range e {
		if s, ok := v.(string); ok && slices.Contains(catalog.Kinds, catalog.Kind(s)) {
			return true
		}
	}
	return false
}
