package demo

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

func TestDecodeItemsReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"a.jsonl": {Data: []byte(`{"id":"x","kind":"mission","title":"X","mission":{"start_date":"2027-01-01","end_date":"2027-02-01"}}` + "\n" +
			`{"id":"p","kind":"formation","title":"P","price_eur":-3}` + "\n")},
		"c.jsonl": {Data: []byte(`{"id":"c1","kind":"formation","title":"C1"}` + "\n" + `{"id":"c2","kind":"mentoring","title":"C2","mentor":{"name":"N","capacity":1,"current_mentees":0}}` + "\n")},
		"b.jsonl": {Data: []byte(`{"id":"x","kind":"formation","title":"Y"}` + "\n" + `{"id":"z","kind":"cours","title":"Z"}` + "\n")},
	}
	tests := []struct {
		name  string
		files []string
		want  []string // fragments the error must hold; nil for success
		ids   []string
	}{
		{"valid file", []string{"c.jsonl"}, nil, []string{"c1", "c2"}},
		{"problems in and across files", []string{"a.jsonl", "b.jsonl"},
			[]string{"a.jsonl:2: price_eur", `b.jsonl: id: identifiant "x" déjà utilisé dans a.jsonl`, "b.jsonl:2: kind"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := decodeItems(fsys, tt.files)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("decodeItems: %v", err)
				}
				var ids []string
				for _, it := range items {
					ids = append(ids, it.ID)
				}
				if diff := cmp.Diff(tt.ids, ids); diff != "" {
					t.Errorf("ids mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("decodeItems: got error %v, want one wrapping catalog.ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
