package stores_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/demo"
	"github.com/tremplin/tremplin/indexer/stores"
)

// TestDocs stores the référentiel and the taxonomy through Docs: in the
// data directory without a database, in Postgres with one — where a Docs
// on another data directory reads them, nothing is written to the data
// directory, and Version changes with each write.
func TestDocs(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cfg := b.config(t)
			d, err := stores.OpenDocs(t.Context(), cfg, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if _, err := d.Referentiel(t.Context()); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("Referentiel before any import: %v, want ErrNotFound", err)
			}
			if _, err := d.Taxonomy(t.Context()); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Taxonomy before any import: %v, want fs.ErrNotExist", err)
			}
			v0, err := d.Version(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			ref, err := demo.Referentiel()
			if err != nil {
				t.Fatal(err)
			}
			if err := d.SaveReferentiel(t.Context(), ref); err != nil {
				t.Fatal(err)
			}
			tax := []byte(`{"id":"sk-a","label":"Analyse"}` + "\n")
			if err := d.SaveTaxonomy(t.Context(), tax); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Org(t.Context()); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Org before any import: %v, want fs.ErrNotExist", err)
			}
			orgFile := []byte(`{"employee_id":"m1"}` + "\n")
			if err := d.SaveOrg(t.Context(), orgFile); err != nil {
				t.Fatal(err)
			}
			reader := d
			if cfg.DatabaseURL != "" {
				other := cfg
				other.DataDir = t.TempDir()
				if reader, err = stores.OpenDocs(t.Context(), other, nil); err != nil {
					t.Fatal(err)
				}
				defer reader.Close()
				if entries, _ := os.ReadDir(cfg.DataDir); len(entries) != 0 {
					t.Errorf("data directory with a database holds %d files, want none", len(entries))
				}
				if v1, err := d.Version(t.Context()); err != nil || v1 == v0 {
					t.Errorf("Version after the imports: %q (%v), want other than %q", v1, err, v0)
				}
			} else if _, err := os.Stat(filepath.Join(cfg.DataDir, stores.TaxonomyName)); err != nil {
				t.Errorf("taxonomy file: %v", err)
			}
			got, err := reader.Referentiel(t.Context())
			if err != nil {
				t.Fatalf("Referentiel read back: %v", err)
			}
			if len(got.Metiers) != len(ref.Metiers) || got.Metiers[0].Code != ref.Metiers[0].Code {
				t.Errorf("Referentiel read back: %d métiers, want %d", len(got.Metiers), len(ref.Metiers))
			}
			if body, err := reader.Taxonomy(t.Context()); err != nil || string(body) != string(tax) {
				t.Errorf("Taxonomy read back: %q (%v), want %q", body, err, tax)
			}
			if body, err := reader.Org(t.Context()); err != nil || string(body) != string(orgFile) {
				t.Errorf("Org read back: %q (%v), want %q", body, err, orgFile)
			}
		})
	}
}
