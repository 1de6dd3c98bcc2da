package catalog

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFindDuplicateKey(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		fold  bool
		want  string // Field of the duplicate; "" for none
		after string // raw up to the duplicate's offset ends with this
	}{
		{"none", `{"id":"a","title":"t","skills":["id","id"]}`, false, "", ""},
		{"top level", `{"id":"a","title":"t","id":"b"}`, false, "id", `"t","id"`},
		{"nested object", `{"id":"a","mentor":{"name":"L","name":"M"}}`, false, "mentor.name", `"L","name"`},
		{"object in a list", `{"sessions":[{"start":"x"},{"start":"y","start":"z"}]}`, false, "sessions[1].start", `"y","start"`},
		{"list of lists", `{"a":[[1],[2,{"k":1,"k":2}]]}`, false, "a[1][1].k", `1,"k"`},
		{"same key in sibling objects", `{"m":{"k":1},"n":{"k":1}}`, false, "", ""},
		{"key after a nested value", `{"m":{"k":[1,{"x":1}]},"m":2}`, false, "m", `]},"m"`},
		{"case differs, exact", `{"projet":"a","Projet":"b"}`, false, "", ""},
		{"case differs, folded", `{"projet":"a","Projet":"b"}`, true, "Projet", `"a","Projet"`},
		{"long s and Kelvin sign, folded", `{"desired_skills":[],"deſired_s\u212Aills":[]}`, true, "deſired_s\u212Aills", `[],"deſired_s\u212Aills"`},
		{"empty keys", `{"":1,"":2}`, false, "", `1,""`},
		{"scalar", `5`, false, "", ""},
		{"escaped key, same once unescaped", `{"a":1,"\u0061":2}`, false, "a", `1,"\u0061"`},
		{"escaped quote in a key", `{"a\"b":1,"a\"b":2}`, false, "a\"b", `1,"a\"b"`},
		{"braces and keys inside a string value", `{"a":"{\"a\":1,\"a\":2}","b":2}`, false, "", ""},
		{"ASCII case differs, folded", `{"ID":"a","id":"b"}`, true, "id", `"a","id"`},
		{"accent case differs, folded", `{"é":1,"É":2}`, true, "É", `1,"É"`},
		{"accent case differs, exact", `{"é":1,"É":2}`, false, "", ""},
		{"before a syntax error", `{"a":1,"a"`, false, "a", `1,"a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := FindDuplicateKey([]byte(tt.raw), tt.fold)
			if tt.want == "" && tt.after == "" {
				if ok {
					t.Fatalf("found %+v, want none", d)
				}
				return
			}
			if !ok {
				t.Fatalf("no duplicate found, want %q", tt.want)
			}
			if diff := cmp.Diff(tt.want, d.Field()); diff != "" && tt.want != "" {
				t.Errorf("Field (-want +got):\n%s", diff)
			}
			if got := tt.raw[:d.Offset]; len(got) < len(tt.after) || got[len(got)-len(tt.after):] != tt.after {
				t.Errorf("raw up to Offset = %q, want it to end with %q", got, tt.after)
			}
		})
	}
}

// FuzzMayRepeatKey checks FindDuplicateKey's fast path against the exact
// scan on valid JSON: when it rules a repeated key out, the exact scan
// finds none, folded or not.
func FuzzMayRepeatKey(f *testing.F) {
	f.Add([]byte(`{"id":"a","mentor":{"name":"L","Name":"M"},"skills":["x","x"]}`))
	f.Add([]byte(`{"a":1,"\u0061":2,"s":"{\"a\":1}"}`))
	f.Add([]byte(`[{"k":[{"k":1}]},{"é":1,"É":2}]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		for _, fold := range []bool{false, true} {
			if mayRepeatKey(raw, fold) {
				continue
			}
			if d, ok := findDuplicateKeySlow(raw, fold); ok {
				t.Fatalf("fold %v: fast path found no repeated key, the exact scan found %+v", fold, d)
			}
		}
	})
}
