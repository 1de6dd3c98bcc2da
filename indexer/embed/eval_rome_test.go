package embed

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// readCSV returns the rows of a ROME CSV as maps by column name.
func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		m := make(map[string]string, len(r))
		for i, c := range rows[0] {
			m[c] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// romeFiches returns one text per ROME métier: label, appellations,
// definition texts and skills.
func romeFiches(t testing.TB) []string {
	dir := sharedtest.Path(t, "referentiels/rome4_v460")
	parts := map[string][]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "unix_referentiel_code_rome_v460_utf8.csv")) {
		parts[r["code_rome"]] = append(parts[r["code_rome"]], r["libelle_rome"])
	}
	for _, r := range readCSV(t, filepath.Join(dir, "unix_referentiel_appellation_v460_utf8.csv")) {
		parts[r["code_rome"]] = append(parts[r["code_rome"]], r["libelle_appellation_long"])
	}
	for _, r := range readCSV(t, filepath.Join(dir, "unix_texte_v460_utf8.csv")) {
		parts[r["code_rome"]] = append(parts[r["code_rome"]], r["libelle_texte"])
	}
	items := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(dir, "unix_item_v460_utf8.csv")) {
		items[r["code_ogr"]] = r["libelle"]
	}
	for _, r := range readCSV(t, filepath.Join(dir, "unix_coherence_item_v460_utf8.csv")) {
		if s, ok := items[r["code_ogr"]]; ok {
			parts[r["code_rome"]] = append(parts[r["code_rome"]], s)
		}
	}
	codes := make([]string, 0, len(parts))
	for c := range parts {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = strings.Join(parts[c], "\n")
	}
	return out
}

// TestLocalEvalROME compares fitting on the catalog alone with fitting on
// the catalog and ROME fiches, and an explicit-semantic-analysis mix where
// each text also points at its nearest ROME fiches.
//
//	TREMPLIN_EMBED_EVAL=1 go test -run TestLocalEvalROME -v ./indexer/embed/
func TestLocalEvalROME(t *testing.T) {
	if os.Getenv("TREMPLIN_EMBED_EVAL") == "" {
		t.Skip("skipped: set TREMPLIN_EMBED_EVAL=1 to measure retrieval quality")
	}
	ids, docs := rncpTexts(t)
	queries := readJSONL[evalQuery](t, sharedtest.Path(t, "eval/queries-dev.jsonl"))
	fiches := romeFiches(t)
	corpus := slices.Concat(docs, fiches)
	t.Logf("%d ROME fiches", len(fiches))
	logScores := func(name string, l *Local) {
		s := evalNDCG(t, l, ids, docs, queries)
		t.Logf("%-28s nDCG@10 all=%.3f metier=%.3f transition=%.3f onisep=%.3f", name, s["all"], s["metier"], s["transition"], s["onisep"])
	}
	only := os.Getenv("TREMPLIN_EMBED_EVAL_ONLY")
	if only == "" {
		l, err := FitLocal(corpus, LocalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		logScores("fit catalog+ROME", l)
	}
	if only == "" || only == "probe" {
		defer func(p int) { conceptProbe = p }(conceptProbe)
		for _, p := range []int{64, 128, 256, 1024} {
			conceptProbe = p
			l, err := FitLocalConcepts(corpus, fiches, LocalOptions{})
			if err != nil {
				t.Fatal(err)
			}
			logScores(fmt.Sprintf("concepts probe=%d", p), l)
		}
	}
	if only == "" || only == "importer" {
		ref, _, err := referentiel.ImportROME(t.Context(), sharedtest.Path(t, "referentiels/rome4_v460"))
		if err != nil {
			t.Fatal(err)
		}
		var cs []string
		for _, m := range ref.Metiers {
			if m.Source == catalog.SourceROME {
				cs = append(cs, ConceptText(m))
			}
		}
		l, err := FitLocalConcepts(slices.Concat(docs, cs), cs, LocalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		logScores(fmt.Sprintf("ConceptText(ImportROME) (%d)", len(cs)), l)
	}
	if only == "" || only == "esco" {
		esco := escoConcepts(t)
		l, err := FitLocalConcepts(slices.Concat(corpus, esco), slices.Concat(fiches, esco), LocalOptions{})
		if err != nil {
			t.Fatal(err)
		}
		logScores(fmt.Sprintf("concepts ROME+ESCO (%d)", len(fiches)+len(esco)), l)
	}
	if only == "" || only == "concepts" {
		for _, o := range []LocalOptions{
			{ConceptTop: 3}, {ConceptTop: 8}, {ConceptWeight: 1.5}, {ConceptWeight: 0.7}, {Dimensions: 2000},
		} {
			l, err := FitLocalConcepts(corpus, fiches, o)
			if err != nil {
				t.Fatal(err)
			}
			logScores(fmt.Sprintf("concepts top=%d w=%.1f dims=%d", l.opts.ConceptTop, l.opts.ConceptWeight, l.opts.Dimensions), l)
		}
	}
}

// escoConcepts returns one text per ESCO occupation: labels and description.
func escoConcepts(t testing.TB) []string {
	rows := readCSV(t, sharedtest.Path(t, "referentiels/esco/occupations_fr.csv"))
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, strings.Join([]string{r["preferredLabel"], r["altLabels"], r["description"]}, "\n"))
	}
	return out
}
