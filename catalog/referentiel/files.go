package referentiel

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
)

// romeFile matches the published ROME 4.0 file names, e.g.
// "unix_referentiel_code_rome_v460_utf8.csv".
var romeFile = regexp.MustCompile(`^unix_(.+)_(v\d+)_utf8\.csv$`)

// romeDir lists the ROME files of a directory by table name
// ("referentiel_code_rome") and reports the version found ("v460").
type romeDir struct {
	dir     string
	files   map[string]string // table name → base file name
	version string
}

// scanROMEDir indexes the ROME files of dir. Two versions of one table in
// the same directory are an error: the import would be ambiguous.
func scanROMEDir(dir string) (*romeDir, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("dossier ROME %s illisible : %w", dir, err)
	}
	d := &romeDir{dir: dir, files: make(map[string]string)}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, n := range names {
		m := romeFile.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		if prev, dup := d.files[m[1]]; dup {
			return nil, invalid("dossier ROME %s : deux versions de la table %s (%s et %s)", dir, m[1], prev, n)
		}
		d.files[m[1]] = n
		if d.version == "" || m[2] > d.version {
			d.version = m[2]
		}
	}
	return d, nil
}

// has reports whether the table is present.
func (d *romeDir) has(table string) bool { _, ok := d.files[table]; return ok }

// read parses one table, calling fn for each record (see readCSV).
func (d *romeDir) read(ctx context.Context, table string, cols []column, fn func(line int, vals []string) error) error {
	name, ok := d.files[table]
	if !ok {
		return notFound("fichier ROME unix_%s_v*_utf8.csv absent de %s", table, d.dir)
	}
	return readFile(ctx, filepath.Join(d.dir, name), cols, fn)
}

// readFile reads a whole CSV file and parses it with readCSV; errors name
// the file by its base name.
func readFile(ctx context.Context, path string, cols []column, fn func(line int, vals []string) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("lecture de %s : %w", path, err)
	}
	return readCSV(filepath.Base(path), data, cols, fn)
}
