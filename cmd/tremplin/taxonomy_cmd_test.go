package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer/stores"
)

// taxonomyTestdata is the fixture folder of the taxonomy decoder.
var taxonomyTestdata = filepath.Join("..", "..", "catalog", "testdata", "taxonomy")

func TestTaxonomyImport(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data") // created by the import
	out, _, err := runReferentiel(t, data, "taxonomy", "import", filepath.Join(taxonomyTestdata, "valid.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	saved := filepath.Join(data, taxonomyFile)
	wantLines(t, out, "Taxonomie enregistrée dans "+saved+" (3 compétences, 5 synonymes)")
	tx := dataDirTaxonomy(t, data)
	if tx == nil || tx.Len() != 3 {
		t.Fatalf("taxonomy in use: %v, want the 3 skills imported", tx)
	}
	if s, ok := tx.Resolve("requêtes SQL"); !ok || s.ID != "sk-sql" {
		t.Errorf("Resolve(requêtes SQL) = %q, %v; want sk-sql", s.ID, ok)
	}
	before, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		want []string // lines the error must hold
	}{
		{"problems", filepath.Join(taxonomyTestdata, "invalid.jsonl"), []string{
			"21 problèmes dans invalid.jsonl :",
			"  invalid.jsonl:1: Domain: champ inconnu",
			"  invalid.jsonl:8: id: identifiant « a » déjà utilisé ligne 1",
			"  invalid.jsonl:9: alt_labels[1]: libellé vide",
			"  invalid.jsonl:10: broader[0]: identifiant « inconnue » absent du fichier",
			"Rien n'a été enregistré : la taxonomie précédente reste en place.",
		}},
		{"ambiguous labels", filepath.Join(taxonomyTestdata, "ambiguous.jsonl"), []string{
			"  ambiguous.jsonl:2: label: libellé « GESTION DE CONFLIT » confondu avec « Gestion des conflits »",
		}},
		{"empty", filepath.Join(taxonomyTestdata, "empty.jsonl"), []string{"  empty.jsonl: fichier vide"}},
		{"missing", filepath.Join(dir, "absent.jsonl"), []string{"fichier " + filepath.Join(dir, "absent.jsonl") + " introuvable"}},
		{"directory", dir, []string{dir + " est un dossier"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runReferentiel(t, data, "taxonomy", "import", tt.path)
			if err == nil || exitCode(err) != 1 {
				t.Fatalf("got error %v (exit code %d), want exit code 1", err, exitCode(err))
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
			after, err := os.ReadFile(saved)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("the saved taxonomy changed:\n%s\nwas:\n%s", after, before)
			}
		})
	}
}

// TestTaxonomyInUse follows a data directory through its life: the demo
// taxonomy with the demo catalog, none once a catalog of one's own replaces
// it, the one L&D imported, then that of the company référentiel.
func TestTaxonomyInUse(t *testing.T) {
	data := t.TempDir()
	if tx := dataDirTaxonomy(t, data); tx != nil {
		t.Fatalf("empty data directory: taxonomy of %d skills, want none", tx.Len())
	}
	runOK(t, "index", "--data", data)
	if tx := dataDirTaxonomy(t, data); tx == nil || !hasSkill(tx, "sk-management-equipe") {
		t.Fatalf("demo data directory: taxonomy %v, want the demo's", tx)
	}
	own := filepath.Join(t.TempDir(), "own.jsonl")
	if err := os.WriteFile(own, []byte(`{"id":"own-sql","kind":"formation","title":"SQL","skills":["Langage SQL"]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	runOK(t, "index", "--data", data, "--catalog", own, "--yes")
	if tx := dataDirTaxonomy(t, data); tx != nil {
		t.Fatalf("own catalog without référentiel: taxonomy of %d skills, want none (not the demo's)", tx.Len())
	}
	runOK(t, "referentiel", "import", "--data", data, "--entreprise", filepath.Join(referentielTestdata, "entreprise.jsonl"))
	tx := dataDirTaxonomy(t, data)
	if tx == nil || !hasSkill(tx, "Déclaration sociale nominative") || hasSkill(tx, "sk-management-equipe") {
		t.Fatalf("company référentiel: taxonomy %v, want its skills", tx)
	}
	runOK(t, "taxonomy", "import", "--data", data, filepath.Join(taxonomyTestdata, "valid.jsonl"))
	if tx := dataDirTaxonomy(t, data); tx == nil || tx.Len() != 3 || !hasSkill(tx, "sk-donnees") {
		t.Fatalf("imported taxonomy: %v, want the 3 skills imported", tx)
	}
}

func TestLoadTaxonomyRefusesADamagedFile(t *testing.T) {
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, taxonomyFile), []byte(`{"id":"a"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tx, err := loadTaxonomy(t.Context(), stores.DirDocs(data), nil)
	if !errors.Is(err, catalog.ErrInvalid) || tx != nil {
		t.Fatalf("got %v, %v; want an error wrapping catalog.ErrInvalid", tx, err)
	}
	if !strings.Contains(err.Error(), "taxonomy.jsonl:1: label: obligatoire") {
		t.Errorf("error does not name the problem: %v", err)
	}
}

// dataDirTaxonomy is the taxonomy loadTaxonomy gives for data with the
// référentiel stored there.
func dataDirTaxonomy(t *testing.T, data string) *catalog.Taxonomy {
	t.Helper()
	ref, err := referentiel.Load(t.Context(), data)
	if errors.Is(err, catalog.ErrNotFound) {
		ref, err = nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	tx, err := loadTaxonomy(t.Context(), stores.DirDocs(data), ref)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func hasSkill(tx *catalog.Taxonomy, id string) bool {
	s, ok := tx.Resolve(id)
	return ok && s.ID == id
}

func runOK(t *testing.T, args ...string) {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), args, quietEnv, &out, &errOut); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, errOut.String())
	}
}
