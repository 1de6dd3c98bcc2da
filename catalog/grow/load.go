package grow

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/french"
	"github.com/tremplin/tremplin/catalog/referentiel"
)

// FromFiles grows to n items the catalog of the file at catalogPath (any
// catalog format; every item must be valid) with the ROME 4.0 fiches of
// romeDir, a directory of ROME CSV files or one holding rome4_v460/.
func FromFiles(ctx context.Context, catalogPath, romeDir string, n int) ([]catalog.Item, error) {
	base, problems, err := catalog.LoadFiles(catalogPath)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w : %s dans le catalogue de départ, dont %s", catalog.ErrInvalid,
			french.Count(len(problems), "problème", "problèmes"), problems[0].Error())
	}
	if sub := filepath.Join(romeDir, "rome4_v460"); isDir(sub) {
		romeDir = sub
	}
	ref, _, err := referentiel.ImportROME(ctx, romeDir)
	if err != nil {
		return nil, fmt.Errorf("import ROME (%s) : %w", romeDir, err)
	}
	return Catalog(base, ref, n)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
