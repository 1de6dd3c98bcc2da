package textindex

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// ErrIncompatible reports an on-disk index built with another mapping or
// another French analysis (e.g. a changed stemmer): its terms no longer
// meet the terms of queries, so it must be rebuilt.
var ErrIncompatible = errors.New("text index built with another analysis; rebuild it")

// analysisRevision is bumped by hand whenever the analysis changes in a way
// the probe text below might miss (e.g. a new stemmer rule).
const analysisRevision = 2

// versionKey is the internal (non-document) key holding the fingerprint of
// the analysis an index was built with.
var versionKey = []byte("tremplin_analysis_fingerprint")

// probeText exercises the analysis chain; a change to any filter or to the
// stemmer that affects these words changes the fingerprint.
const probeText = `L'Entreprise d’équipe ŒUVRE aujourd'hui chargé·e·s salarié.e.s title:design
développeur développeuse développement développer gestionnaire gestion formateur formatrice formation
comptable comptabilité commerciaux commerciale professionnelle profession technicienne technique
enseignante enseignement conseillère conseil directrice direction créatrice créative managers management
responsabilité industrielle industrie informaticien informatique assistante installation opérationnelle
ingénierie ingénieure professeure spécifique implémentation infirmière bureaux cours processus mission données être etre de la les`

// fingerprint identifies the mapping and the analysis it performs.
func fingerprint(m *mapping.IndexMappingImpl) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "revision %d\n", analysisRevision)
	if err := json.NewEncoder(h).Encode(m); err != nil {
		return "", fmt.Errorf("encode mapping: %w", err)
	}
	for _, an := range []string{AnalyzerFrench, AnalyzerCode} {
		toks, err := m.AnalyzeText(an, []byte(probeText))
		if err != nil {
			return "", fmt.Errorf("analyze probe text: %w", err)
		}
		for _, t := range toks {
			fmt.Fprintf(h, "%s %d\n", t.Term, t.Position)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// checkVersion returns ErrIncompatible unless bi was built with the
// current mapping and analysis.
func checkVersion(bi bleve.Index) error {
	m, err := newMapping()
	if err != nil {
		return err
	}
	want, err := fingerprint(m)
	if err != nil {
		return err
	}
	got, err := bi.GetInternal(versionKey)
	if err != nil {
		return fmt.Errorf("read analysis fingerprint: %w", err)
	}
	if string(got) != want {
		return ErrIncompatible
	}
	return nil
}

// setVersion records the current fingerprint in a new index.
func setVersion(bi bleve.Index, m *mapping.IndexMappingImpl) error {
	fp, err := fingerprint(m)
	if err != nil {
		return err
	}
	return bi.SetInternal(versionKey, []byte(fp))
}
