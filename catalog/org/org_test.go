package org

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
)

func TestDecodeJSONL(t *testing.T) {
	good := `{"employee_id":"m1","name":"Manon Un","role":"manager"}

{"employee_id":"alice","manager_id":"m1","hire_date":"2021-03-01","department":"Maintenance","name":"Alice Martin"}
`
	people, err := DecodeJSONL("org.jsonl", strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(people) != 2 || people[1].ManagerID != "m1" || people[1].HireDate.String() != "2021-03-01" {
		t.Errorf("people = %+v", people)
	}
	tests := []struct{ name, in, want string }{
		{"no id", `{"name":"X"}`, "org.jsonl:1: employee_id: obligatoire"},
		{"self manager", `{"employee_id":"a","manager_id":"a"}`, "org.jsonl:1: manager_id: le manager doit être une autre personne"},
		{"duplicate", "{\"employee_id\":\"a\"}\n{\"employee_id\":\"a\"}", "org.jsonl:2: employee_id: identifiant déjà présent ligne 4"},
		{"unknown field", `{"employee_id":"a","salaire":3}`, "org.jsonl:1: salaire: champ inconnu"},
		{"bad date", `{"employee_id":"a","hire_date":"2021-02-30"}`, "org.jsonl:1: hire_date: date invalide"},
		{"bad role", `{"employee_id":"a","role":"admin"}`, "org.jsonl:1: role: rôle inconnu"},
		{"missing manager", `{"employee_id":"a","manager_id":"z"}`, "org.jsonl:1: manager_id: manager absent du fichier"},
		{"not json", `{"employee_id":`, "org.jsonl:1: ligne: JSON invalide"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeJSONL("org.jsonl", strings.NewReader(good+tc.in))
			if got != nil || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("got %v, %v; want nothing and an ErrInvalid", got, err)
			}
			want := tc.want
			// the good lines take lines 1-3
			line := strings.SplitN(strings.TrimPrefix(want, "org.jsonl:"), ":", 2)
			var n int
			if _, e := fmt.Sscan(line[0], &n); e != nil {
				t.Fatal(e)
			}
			want = "org.jsonl:" + strconv.Itoa(n+3) + ":" + line[1]
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want it to contain %q", err, want)
			}
		})
	}
}
