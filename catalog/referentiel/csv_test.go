package referentiel

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

func TestReadCSV(t *testing.T) {
	cols := []column{key("code"), opt("label")}
	tests := []struct {
		name    string
		data    string
		want    [][]string
		wantErr string
	}{
		{"bom and header by name", "\uFEFF\"label\",\"code\"\n\"Abatteur\",\"1\"\n", [][]string{{"1", "Abatteur"}}, ""},
		{"latin-1", "code,label\n1,Op\xe9rateur\n", [][]string{{"1", "Opérateur"}}, ""},
		{"windows-1252 oe", "code,label\n1,\x9cuvre\n", [][]string{{"1", "œuvre"}}, ""},
		{"multi-line field and line numbers", "code,label\n1,\"a\nb\"\n\n,c\n", nil, "f.csv:5: colonne code : valeur vide"},
		{"lazy quotes", "code,label\n1,Le \"grand\" chef\n", [][]string{{"1", `Le "grand" chef`}}, ""},
		{"alternative header spelling", "code,libelle\n1,x\n", nil, "f.csv:1: colonne label : colonne absente de l'en-tête (colonnes trouvées : code, libelle)"},
		{"empty file", "", nil, "f.csv:1: fichier vide, ligne d'en-tête attendue"},
		{"short row", "code,label\n1\n", nil, "f.csv:2: colonne label : valeur absente (1 champs sur la ligne, 2 dans l'en-tête)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			err := readCSV("f.csv", []byte(tt.data), cols, func(line int, v []string) error {
				got = append(got, append([]string(nil), v...))
				return nil
			})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("got error %v, want %q", err, tt.wantErr)
				}
				if !errors.Is(err, catalog.ErrInvalid) {
					t.Errorf("error %v does not wrap catalog.ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzReadCSV checks that no input makes the reader panic, that values are
// always valid UTF-8, and that errors name the file and wrap ErrInvalid.
// The corpus is seeded with every file under testdata.
func FuzzReadCSV(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*", "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join("testdata", "rome-errors", "*", "*.csv"))
	for _, p := range append(seeds, more...) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	cols := []column{key("code_rome"), opt("libelle_rome|libelle_texte")}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := readCSV("fuzz.csv", data, cols, func(line int, v []string) error {
			if len(v) != 2 || v[0] == "" || line < 2 {
				t.Fatalf("bad record at line %d: %q", line, v)
			}
			for _, s := range v {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 value %q", s)
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("error %v does not wrap catalog.ErrInvalid", err)
		}
	})
}
