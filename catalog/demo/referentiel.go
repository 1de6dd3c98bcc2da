package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tremplin/tremplin/catalog"
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
// It returns an error wrapping catalog.ErrInvalid naming the line of a
// malformed emploi (unknown field, missing code or label, code used twice).
func Referentiel() (*catalog.Referentiel, error) {
	data, err := files.ReadFile(MetiersFile)
	if err != nil {
		return nil, fmt.Errorf("read demo référentiel: %w", err)
	}
	metiers, err := decodeMetiers(data)
	if err != nil {
		return nil, err
	}
	skills, err := Taxonomy()
	if err != nil {
		return nil, err
	}
	return &catalog.Referentiel{
		Metiers:     metiers,
		Skills:      skills,
		Attribution: []string{referentielAttribution},
	}, nil
}

// decodeMetiers reads one catalog.Metier per non-blank line of data.
func decodeMetiers(data []byte) ([]catalog.Metier, error) {
	var (
		metiers []catalog.Metier
		seen    = make(map[string]int)
	)
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("%s:%d: %w: %s", MetiersFile, n+1, catalog.ErrInvalid, fmt.Sprintf(format, args...))
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var m catalog.Metier
		if err := dec.Decode(&m); err != nil {
			return nil, fail("%v", err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return nil, fail("texte après l'objet")
		}
		switch {
		case m.Code == "":
			return nil, fail("code manquant")
		case strings.TrimSpace(m.Label) == "":
			return nil, fail("libellé manquant pour %s", m.Code)
		}
		if first, dup := seen[m.Code]; dup {
			return nil, fail("code %s déjà utilisé ligne %d", m.Code, first)
		}
		seen[m.Code] = n + 1
		metiers = append(metiers, m)
	}
	return metiers, nil
}
