package entretien_test

import (
	"fmt"

	"github.com/tremplin/tremplin/catalog/entretien"
)

func ExampleNext() {
	date := func(s string) entretien.Date { d, _ := entretien.ParseDate(s); return d }
	h := entretien.History{
		Hire:       date("2024-02-29"),
		Entretiens: []entretien.Entretien{{Kind: entretien.KindPremier, Date: date("2025-02-28")}},
		Leaves: []entretien.Leave{{
			Kind: entretien.LeaveMaternite, Start: date("2026-09-01"), Return: date("2027-01-04"),
		}},
	}
	s, err := entretien.Next(h, date("2027-02-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range s.All() {
		fmt.Println(d.Date, d.Kind.Label(), d.Overdue)
	}
	// Output:
	// 2027-01-04 Entretien de parcours professionnel au retour d'absence true
	// 2029-02-28 Entretien de parcours professionnel false
	// 2032-02-29 État des lieux récapitulatif du parcours professionnel false
}
