package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dirEntries lists the names in dir, to catch a temporary file left behind.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 20_000) // larger than the write buffer
	tests := []struct {
		name string
		old  []byte // nil: no file before
		data []byte
		perm os.FileMode
	}{
		{"new file", nil, []byte("bonjour\n"), 0o644},
		{"replaces a longer file", []byte("ancien contenu, plus long"), []byte("neuf"), 0o644},
		{"empty content", []byte("ancien"), []byte{}, 0o644},
		{"private permissions", nil, []byte("secret"), 0o600},
		{"larger than the buffer", []byte("x"), big, 0o644},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.json")
			if tt.old != nil {
				if err := os.WriteFile(path, tt.old, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := Write(path, tt.data, tt.perm); err != nil {
				t.Fatalf("Write: %v", err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.data) {
				t.Errorf("content: got %d bytes, want %d", len(got), len(tt.data))
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := st.Mode().Perm(), tt.perm; got != want {
				t.Errorf("permissions: got %v, want %v", got, want)
			}
			if diff := cmp.Diff([]string{"f.json"}, dirEntries(t, dir)); diff != "" {
				t.Errorf("directory (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteFuncFailure(t *testing.T) {
	errFill := errors.New("fill failed")
	tests := []struct {
		name    string
		dest    string // relative to the test directory
		fill    func(w io.Writer) error
		wantErr error // nil: any error
	}{
		{"fill fails at once", "f.json", func(io.Writer) error { return errFill }, errFill},
		{"fill fails after writing", "f.json", func(w io.Writer) error {
			if _, err := w.Write(bytes.Repeat([]byte("y"), 100_000)); err != nil {
				return err
			}
			return fmt.Errorf("encoding: %w", errFill)
		}, errFill},
		{"destination is a directory", "sub", func(w io.Writer) error {
			_, err := io.WriteString(w, "neuf")
			return err
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "f.json"), []byte("ancien"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			err := WriteFunc(filepath.Join(dir, tt.dest), 0o644, tt.fill)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("WriteFunc: got error %v, want %v", err, tt.wantErr)
			}
			got, rerr := os.ReadFile(filepath.Join(dir, "f.json"))
			if rerr != nil {
				t.Fatal(rerr)
			}
			if diff := cmp.Diff("ancien", string(got)); diff != "" {
				t.Errorf("old file changed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"f.json", "sub"}, dirEntries(t, dir)); diff != "" {
				t.Errorf("directory, a temporary file left? (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteMissingDirectory(t *testing.T) {
	dir := t.TempDir()
	err := Write(filepath.Join(dir, "absent", "f.json"), []byte("x"), 0o644)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got error %v, want one wrapping os.ErrNotExist", err)
	}
	if diff := cmp.Diff([]string(nil), dirEntries(t, dir)); diff != "" {
		t.Errorf("directory (-want +got):\n%s", diff)
	}
}

func ExampleWriteFunc() {
	dir, err := os.MkdirTemp("", "atomicfile")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "counts.txt")
	err = WriteFunc(path, 0o644, func(w io.Writer) error {
		_, err := fmt.Fprintln(w, "rome M1805: 3")
		return err
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	// Output: rome M1805: 3
}
