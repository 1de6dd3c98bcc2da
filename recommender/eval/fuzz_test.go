package eval

import (
	"strings"
	"testing"
)

func FuzzReadQueries(f *testing.F) {
	f.Add(`{"id":"a","set":"s","projet":"Je veux devenir boulanger","desired_skills":["pétrir"],"relevant":["x"]}`)
	f.Add(`{"id":"a","projet":"p","relevant":["x"]}` + "\n" + `{"id":"a","projet":"p","relevant":["x"]}`)
	f.Add(`{"id":`)
	f.Add("\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ReadQueries(strings.NewReader(in), "q.jsonl")
		if err == nil && len(qs) == 0 {
			t.Errorf("ReadQueries(%q) gave no query and no error", in)
		}
		for _, q := range qs {
			if q.ID == "" || q.Projet == "" || len(q.Relevant) == 0 {
				t.Errorf("ReadQueries(%q) accepted an incomplete query %+v", in, q)
			}
		}
	})
}
