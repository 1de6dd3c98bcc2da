package main

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/stores"
)

// ownCatalog has two items that are not the demo's.
const ownCatalog = `{"id":"own-sql","kind":"formation","title":"SQL pour l'analyse","skills":["Langage SQL"]}
{"id":"own-bi","kind":"formation","title":"Tableaux de bord Power BI","skills":["Power BI"],"price_eur":"1 200 €","modality":"e-learning"}
`

// runIndexArgs runs tremplin with args and returns stdout, stderr and the error.
func runIndexArgs(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, quietEnv, &out, &errOut)
	return out.String(), errOut.String(), err
}

// TestIndexDoesNotSilentlyRemoveTheCatalog: indexing one file over the
// demo's 445 items is refused off a terminal without --yes, with exit code
// 4 and nothing changed; --dry-run prints the counts and writes nothing;
// --yes goes ahead.
func TestIndexDoesNotSilentlyRemoveTheCatalog(t *testing.T) {
	data := t.TempDir()
	own := filepath.Join(t.TempDir(), "one.jsonl")
	if err := os.WriteFile(own, []byte(ownCatalog), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runIndexArgs(t, "index", "--data", data); err != nil {
		t.Fatalf("index the demo: %v\n%s", err, stderr)
	}
	current := func() []byte { b, _ := os.ReadFile(filepath.Join(data, "CURRENT")); return b }
	before := current()

	stdout, stderr, err := runIndexArgs(t, "index", "--data", data, "--catalog", own, "--dry-run")
	if err != nil {
		t.Fatalf("--dry-run: %v\n%s", err, stderr)
	}
	for _, want := range []string{"rien n'est écrit", "2 éléments ajoutés, 0 modifié, 445 supprimés, 0 inchangé (sur 445 éléments dans l'index)", "demandera confirmation"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--dry-run output lacks %q:\n%s", want, stdout)
		}
	}

	_, stderr, err = runIndexArgs(t, "index", "--data", data, "--catalog", own)
	if exitCode(err) != exitRemovalRefused || !strings.Contains(stderr, "445 éléments sur 445 (100 %)") || !strings.Contains(stderr, "--yes") {
		t.Fatalf("index removing everything off a terminal: exit %d, stderr %q; want exit 4 naming the removal and --yes", exitCode(err), stderr)
	}
	if !bytes.Equal(current(), before) {
		t.Error("a refused or dry run changed the live generation")
	}
	if n := len(storedOf(t, data)); n != 445 {
		t.Errorf("after a refused index the index holds %d items, want the demo's 445", n)
	}

	stdout, stderr, err = runIndexArgs(t, "index", "--data", data, "--catalog", own, "--yes")
	if err != nil {
		t.Fatalf("--yes: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "2 éléments dans le catalogue : 2 ajoutés ou modifiés, 445 supprimés") {
		t.Errorf("--yes output: %s", stdout)
	}
	stored := storedOf(t, data)
	if len(stored) != 2 || stored[0].PriceEUR == nil || *stored[0].PriceEUR != 1200 || stored[0].Modality != catalog.ModalityDistanciel {
		t.Errorf("stored after --yes = %+v, want own-bi at 1200 € distanciel and own-sql", stored)
	}

	// A small change asks nothing.
	if _, stderr, err := runIndexArgs(t, "index", "--data", data, "--catalog", own); err != nil {
		t.Errorf("re-index of the same file: %v\n%s", err, stderr)
	}
}

func storedOf(t *testing.T, data string) []catalog.Item {
	t.Helper()
	cfg, err := loadConfig(quietEnv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.dataDir = data
	items, err := storedItems(t.Context(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func TestDiffCatalog(t *testing.T) {
	a := catalog.Item{ID: "a", Kind: catalog.KindFormation, Title: "A", Metiers: []string{"M1"}}
	b := catalog.Item{ID: "b", Kind: catalog.KindFormation, Title: "B"}
	c := catalog.Item{ID: "c", Kind: catalog.KindFormation, Title: "C"}
	b2 := b
	b2.Title = "B2"
	aNoMetiers := a
	aNoMetiers.Metiers = nil
	got := diffCatalog([]catalog.Item{a, b, c}, []catalog.Item{aNoMetiers, b2, {ID: "d", Kind: catalog.KindFormation, Title: "D"}}, nil)
	want := catalogDiff{Stored: 3, Added: 1, Changed: 1, Removed: 1, Unchanged: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	if !got.manyRemoved() {
		t.Error("removing 1 of 3 items is more than 10 %")
	}
	if (catalogDiff{Stored: 100, Removed: 10}).manyRemoved() {
		t.Error("removing exactly 10 % asks for confirmation")
	}
}

// fakeTerminal is a stream that says it is a terminal.
type fakeTerminal struct{ *bytes.Buffer }

func (fakeTerminal) IsTerminal() bool { return true }

// TestConfirmRemovalOnATerminal: on a terminal the question is asked and
// only a yes goes on.
func TestConfirmRemovalOnATerminal(t *testing.T) {
	d := catalogDiff{Stored: 445, Added: 1, Removed: 445}
	for _, tc := range []struct {
		answer string
		ok     bool
	}{{"o\n", true}, {"oui\n", true}, {"\n", false}, {"non\n", false}, {"", false}} {
		out := fakeTerminal{&bytes.Buffer{}}
		err := confirmRemoval(fakeTerminal{bytes.NewBufferString(tc.answer)}, out, d, false)
		if (err == nil) != tc.ok {
			t.Errorf("answer %q: err %v, want ok %v", tc.answer, err, tc.ok)
		}
		if !strings.Contains(out.String(), "Continuer ? [o/N]") {
			t.Errorf("answer %q: question %q", tc.answer, out.String())
		}
		var ee *exitError
		if err != nil && (!errors.As(err, &ee) || ee.code != exitRemovalRefused) {
			t.Errorf("answer %q: error %v, want exit code 4", tc.answer, err)
		}
	}
}

// TestIndexURLImportsIntoARunningServer: while serve holds the data
// directory, index --url sends the file to its import endpoint; a local
// index is refused.
func TestIndexURLImportsIntoARunningServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole service; skipped with -short")
	}
	data := filepath.Join(t.TempDir(), "data")
	srv := startServer(t, map[string]string{
		"TREMPLIN_DATA": data, "TREMPLIN_API_KEYS": "ld_admin:" + ldKey + ",employee:" + employeeKey,
	})
	defer srv.stop()
	own := filepath.Join(t.TempDir(), "nouveautes.jsonl")
	if err := os.WriteFile(own, []byte(ownCatalog+`{"id":"own-bad","kind":"atelier","title":"X"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runIndexArgs(t, "index", "--data", data, "--catalog", own); err == nil {
		t.Error("a local index ran while serve holds the data directory")
	}
	_, stderr, err := runIndexArgs(t, "index", "--url", srv.base, "--key", ldKey, "--catalog", own)
	if exitCode(err) != 1 || !strings.Contains(stderr, "nouveautes.jsonl:3: kind:") {
		t.Errorf("--url with a bad line: exit %d, stderr %q; want 1 and the problem under the file's name", exitCode(err), stderr)
	}
	stdout, stderr, err := runIndexArgs(t, "index", "--url", srv.base, "--key", ldKey, "--catalog", own, "--skip-invalid")
	if err != nil || !strings.Contains(stdout, "nouveautes.jsonl importé par "+srv.base+" : 2 nouveaux, 0 modifié, 0 inchangé ; 1 élément ignoré.") {
		t.Errorf("--url --skip-invalid: %v, stdout %q, stderr %q", err, stdout, stderr)
	}
	stdout, _, err = runIndexArgs(t, "index", "--url", srv.base, "--key", ldKey, "--catalog", own, "--skip-invalid")
	if err != nil || !strings.Contains(stdout, "0 nouveau, 0 modifié, 2 inchangés") {
		t.Errorf("--url again: %v, stdout %q", err, stdout)
	}
	if code := call(t, http.MethodGet, srv.base+"/api/v1/items/own-bi", employeeKey, "", "", nil); code != http.StatusOK {
		t.Errorf("imported item: status %d", code)
	}
	_, stderr, err = runIndexArgs(t, "index", "--url", srv.base, "--key", employeeKey, "--catalog", own)
	if err == nil || !strings.Contains(stderr, "ld_admin") {
		t.Errorf("--url with an employee key: %v, stderr %q; want a refusal naming ld_admin", err, stderr)
	}
	if _, stderr, err := runIndexArgs(t, "index", "--url", srv.base, "--catalog", own, "--dry-run"); exitCode(err) != 2 {
		t.Errorf("--url --dry-run: exit %d, stderr %q; want 2", exitCode(err), stderr)
	}
}

// TestReindexThroughLineMemo indexes a file, then the file with one line
// changed: the unchanged lines come from the line memo the first index
// saved, and the stores end as the file says. An item edited in the
// stores since (as through the API) is not taken as unchanged: the files
// are read again and the item goes back to what its line says.
func TestReindexThroughLineMemo(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "c.jsonl")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	index := func(wantOut string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		getenv := func(k string) string {
			if k == "TREMPLIN_LOG_LEVEL" {
				return "info"
			}
			return ""
		}
		if err := run(t.Context(), []string{"index", "--data", data, "--catalog", file}, getenv, &out, &errOut); err != nil {
			t.Fatalf("index: %v\n%s", err, errOut.String())
		}
		if !strings.Contains(out.String(), wantOut) {
			t.Errorf("index output %q lacks %q", out.String(), wantOut)
		}
		return errOut.String()
	}
	third := `{"id":"own-r","kind":"formation","title":"Programmer en R"}` + "\n"
	write(ownCatalog + third)
	index("3 éléments dans le catalogue : 3 ajoutés ou modifiés")
	version, err := executableVersion()
	if err != nil {
		t.Fatal(err)
	}
	memo, err := catalog.ReadLineMemo(filepath.Join(data, memoFile), version)
	if err != nil {
		t.Fatal(err)
	}
	if _, known, _, err := catalog.LoadFilesKnown(memo, file); err != nil || len(known) != 3 {
		t.Fatalf("the memo saved by the first index knows %d of its 3 lines (%v)", len(known), err)
	}

	write(ownCatalog + `{"id":"own-r","kind":"formation","title":"Programmer en R et Python"}` + "\n")
	if logs := index("1 ajouté ou modifié, 0 supprimé, 2 inchangés"); strings.Contains(logs, "reading the files again") {
		t.Errorf("a re-index with the memo up to date read the files again:\n%s", logs)
	}
	byID := func() map[string]catalog.Item {
		m := map[string]catalog.Item{}
		for _, it := range storedOf(t, data) {
			m[it.ID] = it
		}
		return m
	}
	if got := byID()["own-r"].Title; got != "Programmer en R et Python" {
		t.Fatalf("own-r stored as %q after the re-index", got)
	}

	// Edit own-sql in the stores, as the API would.
	cfg, err := loadConfig(quietEnv)
	if err != nil {
		t.Fatal(err)
	}
	cfg.dataDir = data
	edited := byID()["own-sql"]
	s, err := openStores(t.Context(), cfg, nil, stores.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited.Title = "SQL (modifié dans l'application)"
	if err := s.Indexer().Put(t.Context(), edited); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if logs := index("1 ajouté ou modifié, 0 supprimé, 2 inchangés"); !strings.Contains(logs, "reading the files again") {
		t.Errorf("the edited item was taken as unchanged from the memo:\n%s", logs)
	}
	if got := byID()["own-sql"].Title; got != "SQL pour l'analyse" {
		t.Errorf("own-sql stored as %q, want the file's title back", got)
	}
}
