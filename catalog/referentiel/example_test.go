package referentiel_test

import (
	"context"
	"fmt"

	"github.com/tremplin/tremplin/catalog/referentiel"
)

func ExampleForms() {
	fmt.Println(referentiel.Forms("Conducteur / Conductrice d'engins agricoles"))
	fmt.Println(referentiel.Forms("Garde Forestier / Forestière"))
	fmt.Println(referentiel.Forms("Data scientist"))
	// Output:
	// [Conducteur d'engins agricoles Conductrice d'engins agricoles]
	// [Garde Forestier Garde Forestière]
	// [Data scientist]
}

func ExampleIndex_Suggest() {
	ref, _, err := referentiel.ImportROME(context.Background(), "testdata/rome")
	if err != nil {
		fmt.Println(err)
		return
	}
	ix := referentiel.NewIndex(ref)
	for _, s := range ix.Suggest("developpeuse", 5) {
		fmt.Println(s.Metier.Code, s.Label)
	}
	m, _ := ix.Metier("A1102")
	fmt.Println(m.Code, "parent", m.Parent)
	// Output:
	// M1805 Développeuse informatique
	// A1102 parent A1101
}

func ExampleImportROME() {
	ref, st, err := referentiel.ImportROME(context.Background(), "testdata/rome")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.Fiches, "fiches,", st.Appellations, "appellations,", st.CoreLinks, "liens cœur de métier")
	fmt.Println(ref.Attribution[0])
	// Output:
	// 3 fiches, 5 appellations, 2 liens cœur de métier
	// Source : France Travail – ROME 4.0 (v999)
}
