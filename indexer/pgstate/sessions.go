package pgstate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tremplin/tremplin/catalog"
)

// Sessions keeps web sign-in sessions in the database, so that a session
// opened through one replica is valid on every other, and a sign-out
// through any of them ends it everywhere. Keys are hashes of the cookie,
// computed by the caller: the table never holds a cookie value.
type Sessions struct {
	db *DB
}

// Sessions returns the session store of db.
func (db *DB) Sessions() *Sessions { return &Sessions{db: db} }

// SaveSession keeps data (a JSON document) under key until expires,
// replacing what key held, and removes expired sessions on the way.
func (s *Sessions) SaveSession(ctx context.Context, key []byte, data []byte, expires time.Time) error {
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM web_sessions WHERE expires_at <= now()"); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO web_sessions (key_hash, data, expires_at) VALUES ($1, $2, $3)
			ON CONFLICT (key_hash) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
			key, data, expires)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstate: save session: %w", err)
	}
	return nil
}

// LoadSession returns the data of the session under key; an unknown or
// expired session gives an error wrapping catalog.ErrNotFound.
func (s *Sessions) LoadSession(ctx context.Context, key []byte) ([]byte, error) {
	var data []byte
	err := s.db.pool.QueryRow(ctx, "SELECT data FROM web_sessions WHERE key_hash = $1 AND expires_at > now()", key).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("pgstate: session: %w", catalog.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("pgstate: load session: %w", err)
	}
	return data, nil
}

// DeleteSession ends the session under key; an unknown key is ignored.
func (s *Sessions) DeleteSession(ctx context.Context, key []byte) error {
	if _, err := s.db.pool.Exec(ctx, "DELETE FROM web_sessions WHERE key_hash = $1", key); err != nil {
		return fmt.Errorf("pgstate: delete session: %w", err)
	}
	return nil
}
