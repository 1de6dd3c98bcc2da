package catalog_test

import (
	"fmt"
	"strings"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
)

func ExampleDecode() {
	in := `{"id": "F-1", "kind": "formation", "title": "Excel avancé", "price_eur": 350}
{"id": "F-2", "kind": "formation", "title": "Word", "price_eur": 200
{"id": "F-3", "kind": "formation", "title": "PowerPoint", "price_eur": -3}
{"id": "F-1", "kind": "formation", "title": "Excel avancé (doublon)"}
{"id": "S-1", "kind": "stage", "title": "Stage découverte"}
`
	items, problems, err := catalog.Decode(strings.NewReader(in), "catalog.jsonl", catalog.FormatJSONL)
	if err != nil {
		fmt.Println("lecture impossible :", err)
		return
	}
	fmt.Println(french.Count(len(items), "élément valide", "éléments valides"))
	for _, p := range problems {
		fmt.Println(p)
	}
	// Output:
	// 1 élément valide
	// catalog.jsonl:2: JSON incomplet : l'objet n'est pas refermé
	// catalog.jsonl:3: price_eur: doit être ≥ 0, reçu -3
	// catalog.jsonl:4: id: identifiant « F-1 » déjà utilisé (catalog.jsonl:1)
	// catalog.jsonl:5: kind: type inconnu « stage » (attendu : formation, certification, mentoring ou mission)
}

func ExampleDecodeItemJSON() {
	it, problems := catalog.DecodeItemJSON([]byte(`{"id": "m1", "kind": "mentoring", "title": "Mentorat",
		"mentor": {"name": "Léa", "capacity": -1}}`))
	fmt.Println(it.ID, it.Active)
	for _, p := range problems {
		fmt.Println(p)
	}
	// Output:
	// m1 true
	// mentor.capacity: doit être ≥ 0, reçu -1
}
