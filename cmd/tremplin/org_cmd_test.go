package main

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/indexer/stores"
)

// TestOrgImport: a CSV export is checked and saved; a bad file changes
// nothing, exits 1 and lists every problem; show gives counts only.
func TestOrgImport(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	dir := t.TempDir()
	file := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := file("organigramme.csv", "\ufeffmatricule;manager;date_embauche;service;nom\n"+
		"m1;;2015-06-01;Maintenance;Julien Moreau\n"+
		"e1;m1;01/03/2021;Maintenance;Camille Lefèvre\n"+
		"e2;m1;;Qualité;Léo Martin\n")
	out, _, err := runReferentiel(t, data, "org", "import", good)
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out, "Organigramme enregistré dans "+data+" (3 personnes)")
	o, err := loadOrg(t.Context(), stores.DirDocs(data), discardLogger())
	if err != nil || len(o) != 3 || o[1].ManagerID != "m1" || o[1].HireDate.String() != "2021-03-01" {
		t.Fatalf("org in use = %+v, %v; want the 3 people imported", o, err)
	}
	before, err := os.ReadFile(filepath.Join(data, orgFileName))
	if err != nil {
		t.Fatal(err)
	}

	bad := file("faux.csv", "matricule;manager;poste\ne1;zz;x\n")
	_, _, err = runReferentiel(t, data, "org", "import", bad)
	var exit *exitError
	if !errors.As(err, &exit) || exit.code != 1 {
		t.Fatalf("bad file: error %v, want exit code 1", err)
	}
	for _, w := range []string{"faux.csv:1: poste: colonne inconnue", "Rien n'a été enregistré"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	after, _ := os.ReadFile(filepath.Join(data, orgFileName))
	if string(after) != string(before) {
		t.Error("a refused import changed the saved organisation file")
	}
	if _, _, err := runReferentiel(t, data, "org", "import", filepath.Join(dir, "absent.csv")); err == nil || !strings.Contains(err.Error(), "introuvable") {
		t.Errorf("missing file: %v, want a French error", err)
	}

	out, _, err = runReferentiel(t, data, "org", "show")
	if err != nil {
		t.Fatal(err)
	}
	wantLines(t, out, "3 personnes, dont 1 manager, dans "+data)
	if !strings.Contains(out, "Maintenance") || strings.Contains(out, "Camille") {
		t.Errorf("show = %q; want counts by service, no name", out)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
