package demo

import (
	"bytes"
	"fmt"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
)

// MetiersFile is the name of the demo job référentiel file (the
// "référentiel des emplois" of Groupe Hexalys), one catalog.Metier per
// line. It is not a catalog file and is not listed by Files.
const MetiersFile = "metiers.jsonl"

// referentielAttribution is the source notice of the demo référentiel.
const referentielAttribution = "Source : référentiel des emplois du Groupe Hexalys (entreprise fictive de démonstration)"

// Referentiel decodes the demo job référentiel: the emplois of
// MetiersFile, in file order, with the demo skills taxonomy as Skills,
// so that demo mode recognises target métiers without an imported ROME.
// The file is read like a company référentiel imported by L&D teams (see
// referentiel.DecodeCompany); a malformed emploi (unknown field, missing
// code or label, code used twice, unknown parent or mobility code) gives
// an error wrapping catalog.ErrInvalid that names its line.
func Referentiel() (*catalog.Referentiel, error) {
	data, err := files.ReadFile(MetiersFile)
	if err != nil {
		return nil, fmt.Errorf("read demo référentiel: %w", err)
	}
	ref, err := decodeMetiers(data)
	if err != nil {
		return nil, err
	}
	skills, err := Taxonomy()
	if err != nil {
		return nil, err
	}
	ref.Skills = skills
	return ref, nil
}

// decodeMetiers reads the emplois of data, the content of MetiersFile,
// with the shared company référentiel decoder, under the demo's own
// attribution.
func decodeMetiers(data []byte) (*catalog.Referentiel, error) {
	ref, _, err := referentiel.DecodeCompany(MetiersFile, bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	ref.Attribution = []string{referentielAttribution}
	return ref, nil
}
