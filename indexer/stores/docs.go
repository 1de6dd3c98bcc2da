package stores

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/indexer/pgstate"
	"github.com/tremplin/tremplin/internal/atomicfile"
)

// TaxonomyName is the name of the skills taxonomy L&D imported (JSON
// Lines, the import format), as a file of the data directory or a shared
// document in Postgres.
const TaxonomyName = "taxonomy.jsonl"

// Docs is where the référentiel and the skills taxonomy in use live: in
// Postgres, shared by every replica, when a database is configured (the
// data directory's files are then ignored); in the data directory
// otherwise. Each is stored under the format of its file.
type Docs struct {
	dataDir string
	db      *pgstate.DB // nil without a database
	closeDB bool
}

// OpenDocs opens the documents of cfg. Close it.
func OpenDocs(ctx context.Context, cfg Config, logger *slog.Logger) (*Docs, error) {
	d := &Docs{dataDir: cfg.DataDir}
	if cfg.DatabaseURL == "" {
		return d, nil
	}
	db, err := pgstate.Open(ctx, cfg.DatabaseURL, cfg.DBSchema, logger)
	if err != nil {
		return nil, fmt.Errorf("ouvrir l'état partagé dans Postgres : %w", err)
	}
	d.db, d.closeDB = db, true
	return d, nil
}

// Close releases the database connections, if any.
func (d *Docs) Close() error {
	if d.closeDB {
		return d.db.Close()
	}
	return nil
}

// Where says, in French for messages, where the documents are stored.
func (d *Docs) Where() string {
	if d.db != nil {
		return "Postgres (partagé par tous les réplicas)"
	}
	return d.dataDir
}

// Referentiel returns the référentiel in use; none gives an error wrapping
// catalog.ErrNotFound.
func (d *Docs) Referentiel(ctx context.Context) (*catalog.Referentiel, error) {
	if d.db == nil {
		return referentiel.Load(ctx, d.dataDir)
	}
	body, err := d.db.Documents().Document(ctx, referentiel.FileName)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, fmt.Errorf("aucun référentiel dans Postgres (lancez « tremplin referentiel import ») : %w", catalog.ErrNotFound)
		}
		return nil, err
	}
	// The document is the data directory's file: read it with the
	// référentiel's own reader, from a directory of its own.
	dir, err := os.MkdirTemp("", "tremplin-ref-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, referentiel.FileName), body, 0o600); err != nil {
		return nil, err
	}
	ref, err := referentiel.Load(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("référentiel enregistré dans Postgres : %w", err)
	}
	return ref, nil
}

// SaveReferentiel replaces the référentiel in use with ref.
func (d *Docs) SaveReferentiel(ctx context.Context, ref *catalog.Referentiel) error {
	if d.db == nil {
		return referentiel.Save(ctx, d.dataDir, ref)
	}
	dir, err := os.MkdirTemp("", "tremplin-ref-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := referentiel.Save(ctx, dir, ref); err != nil {
		return err
	}
	body, err := os.ReadFile(filepath.Join(dir, referentiel.FileName))
	if err != nil {
		return err
	}
	return d.db.Documents().PutDocument(ctx, referentiel.FileName, body)
}

// createReferentiel stores ref unless a référentiel is stored, and
// returns the one in use (ref, or the one stored before).
func (d *Docs) createReferentiel(ctx context.Context, ref *catalog.Referentiel) (*catalog.Referentiel, error) {
	if d.db == nil {
		if err := referentiel.Save(ctx, d.dataDir, ref); err != nil {
			return nil, err
		}
		return ref, nil
	}
	dir, err := os.MkdirTemp("", "tremplin-ref-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := referentiel.Save(ctx, dir, ref); err != nil {
		return nil, err
	}
	body, err := os.ReadFile(filepath.Join(dir, referentiel.FileName))
	if err != nil {
		return nil, err
	}
	stored, err := d.db.Documents().CreateDocument(ctx, referentiel.FileName, body)
	if err != nil {
		return nil, err
	}
	if string(stored) == string(body) {
		return ref, nil
	}
	return d.Referentiel(ctx)
}

// deleteReferentiel removes the référentiel in use; none is fine.
func (d *Docs) deleteReferentiel(ctx context.Context) error {
	if d.db == nil {
		err := os.Remove(filepath.Join(d.dataDir, referentiel.FileName))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	return d.db.Documents().DeleteDocument(ctx, referentiel.FileName)
}

// Taxonomy returns the taxonomy L&D imported, as JSON Lines; none gives an
// error wrapping fs.ErrNotExist.
func (d *Docs) Taxonomy(ctx context.Context) ([]byte, error) {
	if d.db == nil {
		return os.ReadFile(filepath.Join(d.dataDir, TaxonomyName))
	}
	body, err := d.db.Documents().Document(ctx, TaxonomyName)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, fmt.Errorf("%s : %w", TaxonomyName, fs.ErrNotExist)
	}
	return body, err
}

// SaveTaxonomy replaces the imported taxonomy with body (JSON Lines),
// atomically: readers see the old one or the new one, never a mix.
func (d *Docs) SaveTaxonomy(ctx context.Context, body []byte) error {
	if d.db == nil {
		if err := os.MkdirAll(d.dataDir, 0o755); err != nil {
			return fmt.Errorf("création du dossier de données %s : %w", d.dataDir, err)
		}
		return atomicfile.Write(filepath.Join(d.dataDir, TaxonomyName), body, 0o644)
	}
	return d.db.Documents().PutDocument(ctx, TaxonomyName, body)
}

// Version identifies the référentiel and taxonomy stored now: it changes
// whenever either is replaced ("" without a database, where a running
// server is alone with its data directory).
func (d *Docs) Version(ctx context.Context) (string, error) {
	if d.db == nil {
		return "", nil
	}
	return d.db.Documents().Version(ctx, referentiel.FileName, TaxonomyName)
}

// OrgName is the document of the organisation file L&D imports (JSON
// Lines of catalog/org.Person, checked before it is saved).
const OrgName = "org.jsonl"

// Org returns the organisation file; none gives an error wrapping
// fs.ErrNotExist.
func (d *Docs) Org(ctx context.Context) ([]byte, error) {
	if d.db == nil {
		return os.ReadFile(filepath.Join(d.dataDir, OrgName))
	}
	body, err := d.db.Documents().Document(ctx, OrgName)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, fmt.Errorf("%s : %w", OrgName, fs.ErrNotExist)
	}
	return body, err
}

// SaveOrg replaces the organisation file with body, atomically.
func (d *Docs) SaveOrg(ctx context.Context, body []byte) error {
	if d.db == nil {
		if err := os.MkdirAll(d.dataDir, 0o755); err != nil {
			return fmt.Errorf("création du dossier de données %s : %w", d.dataDir, err)
		}
		return atomicfile.Write(filepath.Join(d.dataDir, OrgName), body, 0o644)
	}
	return d.db.Documents().PutDocument(ctx, OrgName, body)
}

// DirDocs returns the documents of the data directory dataDir, for a
// deployment without a database.
func DirDocs(dataDir string) *Docs { return &Docs{dataDir: dataDir} }
