package pgstate

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
)

// Documents keeps named documents every replica reads the same: the
// référentiel, the skills taxonomy and the local embedder's weights, each
// in the format of the data directory's file of the same name.
type Documents struct {
	db *DB
}

// Documents returns the document store of db.
func (db *DB) Documents() *Documents { return &Documents{db: db} }

// Document returns the body of the document name; none gives an error
// wrapping catalog.ErrNotFound.
func (d *Documents) Document(ctx context.Context, name string) ([]byte, error) {
	var body []byte
	err := d.db.pool.QueryRow(ctx, "SELECT body FROM shared_documents WHERE name = $1", name).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("pgstate: document %s: %w", name, catalog.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("pgstate: read document %s: %w", name, err)
	}
	return body, nil
}

// PutDocument stores body as the document name, replacing the one before.
func (d *Documents) PutDocument(ctx context.Context, name string, body []byte) error {
	_, err := d.db.pool.Exec(ctx, `INSERT INTO shared_documents (name, body) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET body = EXCLUDED.body, updated_at = now()`, name, body)
	if err != nil {
		return fmt.Errorf("pgstate: write document %s: %w", name, err)
	}
	return nil
}

// CreateDocument stores body as the document name unless there is one,
// in one statement, and returns the document stored: body when it was
// first, else the one another writer stored before.
func (d *Documents) CreateDocument(ctx context.Context, name string, body []byte) ([]byte, error) {
	var stored []byte
	// The no-op update makes RETURNING give the existing row on conflict.
	err := d.db.pool.QueryRow(ctx, `INSERT INTO shared_documents (name, body) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET name = shared_documents.name
		RETURNING body`, name, body).Scan(&stored)
	if err != nil {
		return nil, fmt.Errorf("pgstate: create document %s: %w", name, err)
	}
	return stored, nil
}

// DeleteDocument removes the document name; none is fine.
func (d *Documents) DeleteDocument(ctx context.Context, name string) error {
	if _, err := d.db.pool.Exec(ctx, "DELETE FROM shared_documents WHERE name = $1", name); err != nil {
		return fmt.Errorf("pgstate: delete document %s: %w", name, err)
	}
	return nil
}

// Version identifies the current bodies of the documents names: it
// changes whenever one of them is written or deleted.
func (d *Documents) Version(ctx context.Context, names ...string) (string, error) {
	var v string
	err := d.db.pool.QueryRow(ctx, `SELECT coalesce(string_agg(name || ':' || md5(body), ',' ORDER BY name), '')
		FROM shared_documents WHERE name = ANY($1)`, names).Scan(&v)
	if err != nil {
		return "", fmt.Errorf("pgstate: read document versions: %w", err)
	}
	return v, nil
}
