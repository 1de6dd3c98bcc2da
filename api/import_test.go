package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestImportCountsNewUpdatedUnchanged: a re-import says which items are
// new, which changed and which are the same as before.
func TestImportCountsNewUpdatedUnchanged(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	first := `{"id":"a","kind":"formation","title":"A"}` + "\n" +
		`{"id":"b","kind":"formation","title":"B","price_eur":100}` + "\n" +
		`{"id":"c","kind":"formation","title":"C"}` + "\n"
	second := `{"id":"a","kind":"formation","title":"A"}` + "\n" +
		`{"id":"b","kind":"formation","title":"B","price_eur":"1 200 €"}` + "\n" +
		`{"id":"c","kind":"formation","title":"C"}` + "\n" +
		`{"id":"d","kind":"formation","title":"D"}` + "\n"
	type counts struct{ Imported, Created, Updated, Unchanged, Skipped int }
	for _, tc := range []struct {
		file string
		want counts
	}{
		{first, counts{Imported: 3, Created: 3}},
		{second, counts{Imported: 4, Created: 1, Updated: 1, Unchanged: 2}},
		{second, counts{Imported: 4, Unchanged: 4}},
	} {
		status, _, body := env.call(t, http.MethodPost, "/api/v1/items:import", keyLDAdmin, ndjson, []byte(tc.file))
		if status != http.StatusOK {
			t.Fatalf("status = %d, body %s", status, body)
		}
		var got counts
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("import counts (-want +got):\n%s", diff)
		}
	}
	it, err := env.catalog.Item(t.Context(), "b")
	if err != nil || it.PriceEUR == nil || *it.PriceEUR != 1200 {
		t.Errorf("item b after re-import = %+v, %v; want price 1200", it.PriceEUR, err)
	}
}

// TestImportNamesTheUploadedFile: problems name the file given in
// ?filename= (its base name only), else import.<format>.
func TestImportNamesTheUploadedFile(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	file := "id,kind,title\na,formation,A\nb,cours,B\n"
	for _, tc := range []struct{ query, want string }{
		{"?format=csv&filename=nouveautes.csv", "nouveautes.csv:3: kind:"},
		{"?format=csv&filename=C:%5CUsers%5Cld%5Cformations%202027.csv", "formations 2027.csv:3: kind:"},
		{"?format=csv&filename=..%2F..%2Fetc%2Fpasswd", "passwd:3: kind:"},
		{"?format=csv", "import.csv:3: kind:"},
	} {
		status, _, body := env.call(t, http.MethodPost, "/api/v1/items:import"+tc.query, keyLDAdmin, "text/csv", []byte(file))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status = %d, want 422", tc.query, status)
		}
		var got errorBody
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Error.Details) != 1 || !strings.HasPrefix(got.Error.Details[0].Message, tc.want) {
			t.Errorf("%s: problems %+v, want one starting %q", tc.query, got.Error.Details, tc.want)
		}
		if msg := got.Error.Message; !strings.Contains(msg, "1 problème : rien n'a été importé") ||
			!strings.Contains(msg, "l'élément valide") || !strings.Contains(msg, "Importer les lignes valides et ignorer les autres") {
			t.Errorf("%s: message %q, want singular forms and the page's option", tc.query, msg)
		}
	}
}
