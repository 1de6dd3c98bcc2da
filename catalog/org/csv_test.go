package org_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/entretien"
	"github.com/tremplin/tremplin/catalog/org"
)

var now = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

func TestDecodeCSV(t *testing.T) {
	day := func(s string) entretien.Date { d, _ := entretien.ParseDate(s); return d }
	for _, tt := range []struct {
		name, file string
		want       []org.Person
	}{
		{"French headers, semicolons, BOM, French dates", "\ufeffMatricule;Manager;Date d'embauche;Service;Nom\r\n" +
			"M1;;2015-06-01;Maintenance;Julien Moreau\r\n" +
			"E1;M1;01/03/2021;Maintenance;Camille Lefèvre\r\n\r\n",
			[]org.Person{
				{EmployeeID: "M1", HireDate: day("2015-06-01"), Department: "Maintenance", Name: "Julien Moreau"},
				{EmployeeID: "E1", ManagerID: "M1", HireDate: day("2021-03-01"), Department: "Maintenance", Name: "Camille Lefèvre"},
			}},
		{"English headers, commas, quoted field, role", "employee_id,manager_id,hire_date,department,name,role\n" +
			"m1,,2015-06-01,\"Qualité, sécurité\",Nadia Benali,ld_admin\n" +
			"e1,m1,,\"Qualité, sécurité\",Léo Martin,\n",
			[]org.Person{
				{EmployeeID: "m1", HireDate: day("2015-06-01"), Department: "Qualité, sécurité", Name: "Nadia Benali", Role: "ld_admin"},
				{EmployeeID: "e1", ManagerID: "m1", Department: "Qualité, sécurité", Name: "Léo Martin"},
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := org.Decode("org.csv", strings.NewReader(tt.file), now)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeCSVProblems(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		want       []string // every problem, in order
	}{
		{"empty", "", []string{"org.csv:1: en-tête: fichier vide"}},
		{"unknown and missing columns", "nom;poste\nA;B\n", []string{
			"org.csv:1: poste: colonne inconnue", "org.csv:1: en-tête: colonne matricule"}},
		{"every line problem at once", "matricule;manager;date_embauche;role\n" +
			"a;;2030-01-01;\n" + // future hire date
			"b;a;31/02/2020;\n" + // no 31 February
			"c;c;;\n" + // own manager
			"a;;;\n" + // duplicate
			"d;zz;;\n" + // absent manager
			"e;a;;chef\n" + // unknown role
			"f;a\n", // too few columns
			[]string{
				"org.csv:2: date_embauche: date d'embauche dans le futur",
				"org.csv:3: date_embauche: date invalide",
				"org.csv:4: manager_id: le manager doit être une autre personne",
				"org.csv:5: employee_id: identifiant déjà présent ligne 2",
				"org.csv:7: role: rôle inconnu",
				"org.csv:8: ligne: 2 colonnes, l'en-tête en a 4",
				"org.csv:6: manager_id: manager absent du fichier",
			}},
		{"management cycle", "matricule;manager\na;b\nb;c\nc;a\nd;a\n", []string{
			"org.csv:2: manager_id: la chaîne des managers revient à cette personne (cycle)",
			"org.csv:3: manager_id: la chaîne des managers revient",
			"org.csv:4: manager_id: la chaîne des managers revient",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := org.Decode("org.csv", strings.NewReader(tt.file), now)
			var oe *org.Error
			if got != nil || !errors.As(err, &oe) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Decode = %v, %v; want no person and an *org.Error", got, err)
			}
			if len(oe.Problems) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(oe.Problems), len(tt.want), err)
			}
			for i, w := range tt.want {
				if p := oe.Problems[i].Error(); !strings.HasPrefix(p, w) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p, w)
				}
			}
		})
	}
}

func FuzzDecodeCSV(f *testing.F) {
	f.Add("matricule;manager;date_embauche\na;;2020-01-01\nb;a;01/02/2021\n")
	f.Add("employee_id,manager_id\n\"a,\"\"b\",\nc,\"a,\"\"b\"\n")
	f.Add("\ufeffnom\n")
	f.Fuzz(func(t *testing.T, file string) {
		people, err := org.Decode("org.csv", strings.NewReader(file), now)
		if err != nil {
			if people != nil {
				t.Fatal("people returned with an error")
			}
			return
		}
		seen := map[string]bool{}
		for _, p := range people {
			if p.EmployeeID == "" || seen[p.EmployeeID] || p.ManagerID == p.EmployeeID {
				t.Fatalf("accepted an invalid person %+v", p)
			}
			seen[p.EmployeeID] = true
		}
		for _, p := range people {
			if p.ManagerID != "" && !seen[p.ManagerID] {
				t.Fatalf("accepted a manager absent from the file: %+v", p)
			}
		}
	})
}
