package referentiel

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/atomicfile"
)

// FileName is the name of the stored référentiel in the data directory.
const FileName = "referentiel.json.gz"

// fileFormat identifies the layout of the stored file; Load refuses others.
const fileFormat = "tremplin-referentiel/1"

// stored is the gzip'd JSON document written by Save.
type stored struct {
	Format      string               `json:"format"`
	Referentiel *catalog.Referentiel `json:"referentiel"`
}

// Save writes ref to dataDir/referentiel.json.gz (gzip'd JSON), creating
// dataDir if needed. The file is replaced atomically, so readers see the old
// file or the new one, never a partial one.
func Save(ctx context.Context, dataDir string, ref *catalog.Referentiel) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return fmt.Errorf("création du dossier de données %s : %w", dataDir, err)
	}
	err := atomicfile.WriteFunc(filepath.Join(dataDir, FileName), 0o644, func(w io.Writer) error {
		zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
		if err != nil {
			return err
		}
		if err := json.NewEncoder(zw).Encode(stored{Format: fileFormat, Referentiel: ref}); err != nil {
			return fmt.Errorf("encodage : %w", err)
		}
		return zw.Close()
	})
	if err != nil {
		return fmt.Errorf("écriture du référentiel dans %s : %w", dataDir, err)
	}
	return nil
}

// Load reads the référentiel saved by Save in dataDir. When none was saved
// the error wraps catalog.ErrNotFound; a damaged file wraps catalog.ErrInvalid.
func Load(ctx context.Context, dataDir string) (*catalog.Referentiel, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path := filepath.Join(dataDir, FileName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound("aucun référentiel dans %s (lancez « tremplin referentiel import »)", dataDir)
	}
	if err != nil {
		return nil, fmt.Errorf("lecture du référentiel : %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, invalid("%s : fichier gzip illisible : %v", path, err)
	}
	var doc stored
	if err := json.NewDecoder(zr).Decode(&doc); err != nil {
		return nil, invalid("%s : JSON illisible : %v", path, err)
	}
	if doc.Format != fileFormat || doc.Referentiel == nil {
		return nil, invalid("%s : format %q inconnu (attendu %q) ; relancez l'import", path, doc.Format, fileFormat)
	}
	return doc.Referentiel, nil
}

// Merge returns one référentiel holding the métiers, skills and
// attributions of refs in order. When two entries share a code (or skill
// ID, or attribution), the first one is kept. Nil refs are skipped.
func Merge(refs ...*catalog.Referentiel) *catalog.Referentiel {
	out := &catalog.Referentiel{}
	codes := make(map[string]bool)
	ids := make(map[string]bool)
	notes := make(map[string]bool)
	for _, r := range refs {
		if r == nil {
			continue
		}
		for _, m := range r.Metiers {
			if !codes[m.Code] {
				codes[m.Code] = true
				out.Metiers = append(out.Metiers, m)
			}
		}
		for _, s := range r.Skills {
			if !ids[s.ID] {
				ids[s.ID] = true
				out.Skills = append(out.Skills, s)
			}
		}
		for _, a := range r.Attribution {
			if !notes[a] {
				notes[a] = true
				out.Attribution = append(out.Attribution, a)
			}
		}
	}
	return out
}
