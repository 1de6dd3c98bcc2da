package textindex_test

import (
	"context"
	"fmt"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
	"github.com/tremplin/tremplin/indexer/textindex"
)

var _ indexer.TextIndex = (*textindex.Index)(nil)

func Example() {
	ctx := context.Background()
	ix, err := textindex.NewMemOnly()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	var recs []catalog.Record
	for _, it := range []catalog.Item{
		{ID: "dev", Kind: catalog.KindFormation, Title: "Développement web", Active: true},
		{ID: "paie", Kind: catalog.KindFormation, Title: "Gestion de la paie", Description: "Pour développeurs RH", Active: true},
		{ID: "old", Kind: catalog.KindFormation, Title: "Développeur COBOL", Active: false},
	} {
		recs = append(recs, catalog.Record{Item: it, Hash: catalog.ContentHash(it)})
	}
	if err := ix.Upsert(ctx, recs); err != nil {
		fmt.Println(err)
		return
	}
	q := catalog.TextQuery{Clauses: []catalog.TextClause{
		{Field: catalog.FieldTitle, Text: "developpeur", Boost: 3},
		{Text: "developpeur"},
	}}
	res, err := ix.Search(ctx, q, catalog.Filter{}, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range res {
		fmt.Println(s.ID)
	}
	// Output:
	// dev
	// paie
}
