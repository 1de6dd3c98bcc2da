package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog/referentiel"
)

// TestDemoReferentielStaysWithTheDemo: a new data directory indexed with the
// demo catalog gets the demo job référentiel; indexing a catalog of one's own
// there removes it (its emplois would tag and match the wrong company), while
// a référentiel one imported stays.
func TestDemoReferentielStaysWithTheDemo(t *testing.T) {
	data := t.TempDir()
	resp, _ := runRecommendJSON(t, data, "Je veux devenir data analyst")
	if len(resp.Goal.Metiers) == 0 || !strings.HasPrefix(resp.Goal.Metiers[0].Code, "HEX-") {
		t.Fatalf("demo data directory: recognised %+v, want a HEX emploi", resp.Goal.Metiers)
	}
	refFile := filepath.Join(data, referentiel.FileName)
	if _, err := os.Stat(refFile); err != nil {
		t.Fatalf("demo référentiel not stored: %v", err)
	}

	own := filepath.Join(t.TempDir(), "own.jsonl")
	lines := `{"id":"own-sql","kind":"formation","title":"Analyse de données avec SQL","skills":["Langage SQL","Analyse de données"]}
{"id":"own-bi","kind":"formation","title":"Tableaux de bord Power BI","skills":["Power BI"]}
`
	if err := os.WriteFile(own, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"index", "--data", data, "--catalog", own, "--yes"},
		{"index", "--data", data, "--catalog", own, "--rebuild", "--yes"},
	} {
		var out, errOut bytes.Buffer
		if err := run(t.Context(), args, quietEnv, &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		if _, err := os.Stat(refFile); !os.IsNotExist(err) {
			t.Fatalf("%v: the demo référentiel is still stored (%v)", args, err)
		}
		resp, _ = runRecommendJSON(t, data, "Je veux devenir data analyst")
		if len(resp.Goal.Metiers) != 0 {
			t.Errorf("%v: own catalog still recognises %+v", args, resp.Goal.Metiers)
		}
		for _, ks := range resp.Suggestions {
			for _, s := range ks.Items {
				if strings.Contains(s.Reason, "prépare au métier") {
					t.Errorf("%v: %s says %q", args, s.ID, s.Reason)
				}
			}
		}
	}

	// A company référentiel imported by hand survives indexing one's catalog.
	var out, errOut bytes.Buffer
	company := filepath.Join(referentielTestdata, "entreprise.jsonl")
	if err := run(t.Context(), []string{"referentiel", "import", "--data", data, "--entreprise", company}, quietEnv, &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	if err := run(t.Context(), []string{"index", "--data", data, "--catalog", own, "--yes"}, quietEnv, &out, &errOut); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut.String())
	}
	if _, err := os.Stat(refFile); err != nil {
		t.Errorf("an imported référentiel was removed: %v", err)
	}
}
