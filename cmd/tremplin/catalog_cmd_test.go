package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

func noEnv(string) string { return "" }

// writeFile writes content to name in a fresh directory, which becomes the
// working directory so that problems show the bare file name.
func writeFiles(t *testing.T, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
}

const mustShow = `{"id": "F-1", "kind": "formation", "title": "Excel avancé", "price_eur": 350}
{"id": "F-2", "kind": "formation", "title": "Word", "price_eur": 200
{"id": "F-3", "kind": "formation", "title": "PowerPoint", "price_eur": -3}
{"id": "F-1", "kind": "formation", "title": "Excel avancé (doublon)"}
{"id": "S-1", "kind": "stage", "title": "Stage découverte"}
`

func TestCatalogValidate(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		args       []string
		wantCode   int // 0 for success
		wantStdout string
	}{
		{
			name:     "must show: broken line, negative price, duplicate id, unknown kind",
			files:    map[string]string{"catalog.jsonl": mustShow},
			args:     []string{"catalog.jsonl"},
			wantCode: 1,
			wantStdout: `1 élément valide, 4 problèmes

Éléments valides par type :
  formation      1
  certification  0
  mentoring      0
  mission        0

Problèmes par champ :
  (élément entier)  syntaxe invalide       1
  id                identifiant en double  1
  kind              valeur non autorisée   1
  price_eur         valeur hors limites    1

Détail :
catalog.jsonl:2: JSON incomplet : l'objet n'est pas refermé
catalog.jsonl:3: price_eur: doit être ≥ 0, reçu -3
catalog.jsonl:4: id: identifiant « F-1 » déjà utilisé (catalog.jsonl:1)
catalog.jsonl:5: kind: type inconnu « stage » (attendu : formation, certification, mentoring ou mission)
`,
		},
		{
			name: "valid files of several formats",
			files: map[string]string{
				"a.jsonl": `{"id":"f1","kind":"formation","title":"Excel"}` + "\n" +
					`{"id":"m1","kind":"mentoring","title":"Mentorat","mentor":{"name":"Léa","capacity":2}}` + "\n",
				"b.csv": "id,kind,title,mission.start_date\nx1,mission,Audit,2026-01-05\nc1,certification,CléA,\n",
			},
			args: []string{"a.jsonl", "b.csv"},
			wantStdout: `4 éléments valides, 0 problème

Éléments valides par type :
  formation      1
  certification  1
  mentoring      1
  mission        1

Aucun problème : le catalogue est valide.
`,
		},
		{
			name: "duplicate across files, unknown extension, missing file",
			files: map[string]string{
				"a.jsonl": `{"id":"f1","kind":"formation","title":"Excel"}` + "\n",
				"b.yaml":  "- {id: f1, kind: formation, title: Excel 2}\n- {id: f2, kind: formation, title: Word, skills: [a, b, 3, [c]]}\n",
				"c.txt":   "",
			},
			args:     []string{"a.jsonl", "b.yaml", "c.txt", "d.json"},
			wantCode: 1,
			wantStdout: `1 élément valide, 4 problèmes

Éléments valides par type :
  formation      1
  certification  0
  mentoring      0
  mission        0

Problèmes par champ :
  (fichier)  fichier illisible         2
  id         identifiant en double     1
  skills[]   type de valeur incorrect  1

Détail :
b.yaml:1: élément 1: id: identifiant « f1 » déjà utilisé (a.jsonl:1)
b.yaml:2: élément 2: skills[3]: doit être un texte, reçu une liste
c.txt: extension inconnue (attendu : .jsonl, .ndjson, .json, .yaml, .yml ou .csv)
d.json: fichier introuvable
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFiles(t, tt.files)
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"catalog", "validate"}, tt.args...), noEnv, &stdout, &stderr)
			if code := codeOf(err); code != tt.wantCode {
				t.Errorf("exit code = %d (%v), want %d", code, err, tt.wantCode)
			}
			if diff := cmp.Diff(tt.wantStdout, stdout.String()); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func codeOf(err error) int {
	if err == nil {
		return 0
	}
	return exitCode(err)
}

func TestCatalogValidateNoArgs(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"catalog", "validate"}, noEnv, &stdout, &stderr)
	if err == nil || !strings.Contains(stderr.String(), "indiquez au moins un fichier") {
		t.Errorf("err = %v, stderr = %q; want a French usage error", err, stderr.String())
	}
}

func TestCatalogHelpListsSubcommands(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"catalog", "--help"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "validate") {
		t.Errorf("catalog --help does not list validate:\n%s", stdout.String())
	}
}

func TestLoadCatalog(t *testing.T) {
	writeFiles(t, map[string]string{"catalog.jsonl": mustShow})
	tests := []struct {
		skipInvalid bool
		wantIDs     []string
		wantCode    int
	}{
		{skipInvalid: false, wantIDs: nil, wantCode: 1},
		{skipInvalid: true, wantIDs: []string{"F-1"}, wantCode: 0},
	}
	for _, tt := range tests {
		t.Run(map[bool]string{false: "strict", true: "skip-invalid"}[tt.skipInvalid], func(t *testing.T) {
			cmd := &cobra.Command{}
			skip := addSkipInvalidFlag(cmd)
			if tt.skipInvalid {
				if err := cmd.Flags().Parse([]string{"--skip-invalid"}); err != nil {
					t.Fatal(err)
				}
			}
			var out bytes.Buffer
			items, err := loadCatalog(&out, []string{"catalog.jsonl"}, *skip)
			var got []string
			for _, it := range items {
				got = append(got, it.ID)
			}
			if diff := cmp.Diff(tt.wantIDs, got); diff != "" {
				t.Errorf("imported ids (-want +got):\n%s", diff)
			}
			if code := codeOf(err); code != tt.wantCode {
				t.Errorf("exit code = %d (%v), want %d", code, err, tt.wantCode)
			}
			var ee *exitError
			if tt.wantCode == 1 && !errors.As(err, &ee) {
				t.Errorf("err = %T, want *exitError", err)
			}
			if !strings.Contains(out.String(), "catalog.jsonl:3: price_eur: doit être ≥ 0, reçu -3") {
				t.Errorf("problems not printed:\n%s", out.String())
			}
		})
	}
}

// TestCatalogValidateRNCP checks the real RNCP catalog from ../shared.
func TestCatalogValidateRNCP(t *testing.T) {
	path := sharedtest.Path(t, "eval/catalog-rncp.jsonl")
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"catalog", "validate", path}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("validate: %v\n%s", err, stdout.String())
	}
	for _, want := range []string{"4481 éléments valides, 0 problème", "certification  4481"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestCatalogValidateDemo checks the embedded demo catalog against the
// sizes promised by issue 2.
func TestCatalogValidateDemo(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"catalog", "validate", "--demo"}, noEnv, &stdout, &stderr); err != nil {
		t.Fatalf("validate --demo: %v\n%s", err, stdout.String())
	}
	atLeast := map[string]int{"formation": 250, "certification": 40, "mentoring": 40, "mission": 40}
	for _, line := range strings.Split(stdout.String(), "\n") {
		var kind string
		var n int
		if _, err := fmt.Sscanf(line, "  %s %d", &kind, &n); err != nil {
			continue
		}
		if want, ok := atLeast[kind]; ok {
			if n < want {
				t.Errorf("%s: %d valid items, want at least %d", kind, n, want)
			}
			delete(atLeast, kind)
		}
	}
	if len(atLeast) > 0 {
		t.Errorf("no count printed for %v:\n%s", atLeast, stdout.String())
	}
}

func TestCatalogConvert(t *testing.T) {
	const valid = `{"id":"f1","kind":"formation","title":"Excel","skills":["tableur","TCD"],"price_eur":350,` +
		`"sessions":[{"start":"2026-03-02"}]}` + "\n" +
		`{"id":"m1","kind":"mentoring","title":"Mentorat","mentor":{"name":"Léa","capacity":2,"languages":["fr"]}}` + "\n"
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantIDs    []string // ids read back from the output, nil when none is written
		wantStderr string
	}{
		{name: "to yaml", args: []string{"in.jsonl", "out.yaml"}, wantIDs: []string{"f1", "m1"}},
		{name: "to json", args: []string{"in.jsonl", "out.json"}, wantIDs: []string{"f1", "m1"}},
		{name: "to csv warns about sessions", args: []string{"in.jsonl", "out.csv"}, wantIDs: []string{"f1", "m1"},
			wantStderr: "avertissement (csv) : sessions: le CSV n'a pas de colonne pour les sessions : elles sont omises — 1 élément : f1\n"},
		{name: "invalid input writes nothing", args: []string{"in.jsonl", "bad.jsonl", "out.jsonl"}, wantCode: 1},
		{name: "skip invalid", args: []string{"--skip-invalid", "bad.jsonl", "out.jsonl"}, wantIDs: []string{"F-1"}},
		{name: "unknown output extension", args: []string{"in.jsonl", "out.txt"}, wantCode: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFiles(t, map[string]string{"in.jsonl": valid, "bad.jsonl": mustShow})
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append([]string{"catalog", "convert"}, tt.args...), noEnv, &stdout, &stderr)
			if code := codeOf(err); code != tt.wantCode {
				t.Fatalf("exit code = %d (%v), want %d\n%s", code, err, tt.wantCode, stderr.String())
			}
			out := tt.args[len(tt.args)-1]
			items, problems, err := catalog.LoadFiles(out)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantIDs == nil {
				if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s written, want no output", out)
				}
				return
			}
			if len(problems) > 0 {
				t.Errorf("output has problems: %v", problems)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.ID)
			}
			if diff := cmp.Diff(tt.wantIDs, got); diff != "" {
				t.Errorf("ids in %s (-want +got):\n%s", out, diff)
			}
			if tt.wantStderr != "" && tt.wantStderr != stderr.String() {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestCatalogValidateMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.jsonl")
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"catalog", "validate", missing}, noEnv, &stdout, &stderr)
	if code := codeOf(err); code != 1 {
		t.Errorf("exit code = %d (%v), want 1", code, err)
	}
	if stdout.Len() > 0 {
		t.Errorf("stdout = %q, want nothing: only the problem, on stderr", stdout.String())
	}
	if diff := cmp.Diff("erreur : "+missing+": fichier introuvable\n", stderr.String()); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
}
