// Package demo embeds the demo catalog of Tremplin: Groupe Hexalys, a
// fictional French maker of industrial equipment with about 2,000 employees
// in Lyon, Nantes, Lille, Toulouse and Paris. It holds formations,
// certifications, mentors and internal missions in the catalog interchange
// format (JSON Lines), and the skills taxonomy they use. Every text is
// original and every organisation, person and certification code is
// invented.
package demo

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog"
)

//go:embed *.jsonl
var files embed.FS

// TaxonomyFile is the name of the skills taxonomy file, one catalog.Skill
// per line. It is not a catalog file and is not listed by Files.
const TaxonomyFile = "taxonomy.jsonl"

// The catalog files that follow the formations, in this order.
var fixedFiles = []string{"certifications.jsonl", "mentors.jsonl", "missions.jsonl"}

// FS returns the embedded files: the catalog files listed by Files,
// TaxonomyFile and MetiersFile.
func FS() fs.FS { return files }

// Files returns the names of the catalog files in the order Items reads
// them: the formation files by name, then certifications, mentors and
// missions.
func Files() []string {
	entries, _ := files.ReadDir(".") // the root of an embed.FS always reads
	var names []string
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "formations") && strings.HasSuffix(n, ".jsonl") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return append(names, fixedFiles...)
}

// Items decodes every demo catalog file. It returns an error wrapping
// catalog.ErrInvalid that lists every problem when a file breaks a rule of
// the interchange format, or when an id is used in two files.
func Items() ([]catalog.Item, error) { return decodeItems(files, Files()) }

// decodeItems decodes the catalog files names of fsys in order.
func decodeItems(fsys fs.FS, names []string) ([]catalog.Item, error) {
	var (
		items []catalog.Item
		errs  []error
		seen  = map[string]string{}
	)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read demo catalog: %w", err)
		}
		its, probs, err := catalog.Decode(bytes.NewReader(data), name, catalog.FormatJSONL)
		if err != nil {
			return nil, fmt.Errorf("decode demo catalog %s: %w", name, err)
		}
		for _, p := range probs {
			errs = append(errs, p)
		}
		for _, it := range its {
			if first, dup := seen[it.ID]; dup {
				errs = append(errs, fmt.Errorf("%s: id: identifiant %q déjà utilisé dans %s", name, it.ID, first))
				continue
			}
			seen[it.ID] = name
			items = append(items, it)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("demo catalog: %w: %w", catalog.ErrInvalid, errors.Join(errs...))
	}
	return items, nil
}

// Taxonomy decodes the demo skills taxonomy, in file order, with
// catalog.DecodeTaxonomy: the rules of a taxonomy imported by L&D teams.
// A malformed skill gives a *catalog.TaxonomyError (wrapping
// catalog.ErrInvalid) naming its line.
func Taxonomy() ([]catalog.Skill, error) {
	data, err := files.ReadFile(TaxonomyFile)
	if err != nil {
		return nil, fmt.Errorf("read demo taxonomy: %w", err)
	}
	return catalog.DecodeTaxonomy(TaxonomyFile, bytes.NewReader(data))
}

// WriteTo writes the catalog files listed by Files into dir, which must
// exist, replacing files of the same name. The taxonomy is not written.
func WriteTo(dir string) error {
	for _, name := range Files() {
		data, err := files.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read demo catalog: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("write demo catalog: %w", err)
		}
	}
	return nil
}

// IsReferentiel reports whether ref is the demo job référentiel (as
// Referentiel returns it, or as a data directory stored it), recognised by
// its source notice.
func IsReferentiel(ref *catalog.Referentiel) bool {
	return ref != nil && len(ref.Attribution) == 1 && ref.Attribution[0] == referentielAttribution
}
