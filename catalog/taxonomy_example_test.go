package catalog_test

import (
	"fmt"

	"github.com/tremplin/tremplin/catalog"
)

func ExampleTaxonomy_Find() {
	tx, err := catalog.NewTaxonomy([]catalog.Skill{
		{ID: "sk-gmao", Label: "GMAO", AltLabels: []string{"gestion de maintenance assistée par ordinateur"}},
		{ID: "sk-management-equipe", Label: "Management d'équipe", AltLabels: []string{"chef d'équipe", "encadrer une équipe"}},
		{ID: "sk-habilitation", Label: "Habilitation électrique"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range tx.Find("Technicien, je veux devenir chef d'équipe : habilitations électriques, GMAO.") {
		fmt.Println(s.ID)
	}
	// Output:
	// sk-management-equipe
	// sk-habilitation
	// sk-gmao
}

func ExampleTaxonomy_Lookup() {
	tx, err := catalog.NewTaxonomy([]catalog.Skill{
		{ID: "sk-conflits", Label: "Gestion des conflits", AltLabels: []string{"médiation"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	s, ok := tx.Lookup("GESTION DE CONFLIT")
	fmt.Println(s.Label, ok)
	s, ok = tx.Lookup("Médiations")
	fmt.Println(s.Label, ok)
	// Output:
	// Gestion des conflits true
	// Gestion des conflits true
}
