package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/indexer/stores"
)

// taxonomyFile is where `tremplin taxonomy import` saves the skills
// taxonomy of L&D in the data directory, in the import format.
const taxonomyFile = stores.TaxonomyName

// loadTaxonomy returns the skills taxonomy in use for the data directory
// dataDir, whose référentiel is ref (nil when there is none, or when the
// stores dropped the demo's), in this order:
//   - the taxonomy L&D imported (`tremplin taxonomy import`), when there is one;
//   - the demo taxonomy, when ref is the demo job référentiel: indexer/stores
//     stores it exactly when a new data directory gets the demo catalog and
//     removes it when another catalog is indexed, so it marks the demo;
//   - the taxonomy of the skills of ref (ROME, ESCO, company emplois);
//   - nil, with no error, when none applies (a catalog of one's own without
//     référentiel nor imported taxonomy).
//
// A saved taxonomy that no longer decodes gives an error wrapping
// catalog.ErrInvalid.
func loadTaxonomy(ctx context.Context, docs *stores.Docs, ref *catalog.Referentiel) (*catalog.Taxonomy, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	skills, err := readSavedTaxonomy(ctx, docs)
	switch {
	case err == nil:
		return catalog.NewTaxonomy(skills)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	case demo.IsReferentiel(ref):
		if skills, err = demo.Taxonomy(); err != nil {
			return nil, fmt.Errorf("taxonomie de démonstration : %w", err)
		}
		return catalog.NewTaxonomy(skills)
	default:
		return catalog.NewReferentielTaxonomy(ref)
	}
}

// readSavedTaxonomy decodes the taxonomy saved in docs (Postgres with a
// database, the data directory otherwise); the error wraps fs.ErrNotExist
// when none was imported.
func readSavedTaxonomy(ctx context.Context, docs *stores.Docs) ([]catalog.Skill, error) {
	path := docs.Where() + ": " + taxonomyFile
	data, err := docs.Taxonomy(ctx)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("lecture de la taxonomie importée %s : %w", path, err)
	}
	skills, err := catalog.DecodeTaxonomy(taxonomyFile, bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("taxonomie importée %s illisible (relancez « tremplin taxonomy import ») : %w", path, err)
	}
	return skills, nil
}

// saveTaxonomy writes skills into docs as JSON Lines, replacing the
// taxonomy saved before atomically: readers and a crash see the old one
// or the new one, never a mix.
func saveTaxonomy(ctx context.Context, docs *stores.Docs, skills []catalog.Skill) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, s := range skills {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	if err := docs.SaveTaxonomy(ctx, buf.Bytes()); err != nil {
		return fmt.Errorf("écriture de la taxonomie dans %s : %w", docs.Where(), err)
	}
	return nil
}
