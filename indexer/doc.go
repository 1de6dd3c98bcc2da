// Package indexer keeps Tremplin's search stores in step with a catalog: the
// Bleve text index (French analysis), the vector store (pgvector or the
// embedded one) and the embedders that fill it.
//
// The stores live in sub-packages, one per library: indexer/textindex
// (Bleve), indexer/embed (go-openai and the local embedder),
// indexer/pgvector (pgx + pgvector) and indexer/vecstore (embedded vectors).
// This package declares what it needs from them and runs the sync lifecycle.
// indexer/stores opens them for one data directory and database, and
// commits, rebuilds aside and closes them.
package indexer

import (
	"context"

	"github.com/tremplin/tremplin/catalog"
)

// TextIndex is the full-text side of the index (implemented by indexer/textindex).
type TextIndex interface {
	// Upsert adds or replaces records (their Vector is ignored), batched.
	Upsert(ctx context.Context, recs []catalog.Record) error
	// Delete removes items by id; unknown ids are ignored.
	Delete(ctx context.Context, ids []string) error
	// Hashes returns the content hash of every indexed item by id.
	Hashes(ctx context.Context) (map[string]string, error)
	// Search runs a weighted text query under a filter and returns the k best.
	Search(ctx context.Context, q catalog.TextQuery, f catalog.Filter, k int) ([]catalog.Scored, error)
	// Compact merges the index after a bulk load, so that its scores do
	// not depend on how it was written (see Sync).
	Compact(ctx context.Context) error
	Close() error
}

// VectorStore keeps items and their embeddings (implemented by
// indexer/pgvector and indexer/vecstore). It is the source of truth for items.
type VectorStore interface {
	// Upsert adds or replaces records atomically (all or nothing).
	Upsert(ctx context.Context, recs []catalog.Record) error
	// Create adds one record whose id is not stored yet, checking and
	// writing at once (one statement in Postgres, so across processes);
	// a stored id gives an error wrapping catalog.ErrConflict.
	Create(ctx context.Context, rec catalog.Record) error
	// Delete removes items by id; unknown ids are ignored.
	Delete(ctx context.Context, ids []string) error
	// Hashes returns the content hash of every stored item by id.
	Hashes(ctx context.Context) (map[string]string, error)
	// Item returns one item, or an error wrapping catalog.ErrNotFound.
	Item(ctx context.Context, id string) (catalog.Item, error)
	// Items returns every stored item, ordered by id.
	Items(ctx context.Context) ([]catalog.Item, error)
	// Search returns the k items closest to vec that match f, scored by
	// cosine similarity, ties broken by id. A zero vector or k ≤ 0 gives
	// nothing and no error; a vector of another dimension is an error
	// wrapping catalog.ErrInvalid.
	Search(ctx context.Context, vec []float32, f catalog.Filter, k int) ([]catalog.Scored, error)
	Close() error
}

// VectorReader is a vector store that gives back the vectors it holds:
// the indexer then keeps the vector of an item whose embedded text and
// model did not change (its métier tags did, say) instead of embedding
// it again. Both stores of Tremplin implement it.
type VectorReader interface {
	// Vectors returns the records of the stored ids among ids with their
	// hash and vector (as stored: the embedded store keeps unit vectors);
	// Item holds the ID only. Unknown ids are
	// left out; the order is unspecified.
	Vectors(ctx context.Context, ids []string) ([]catalog.Record, error)
}

// Embedder turns texts into vectors of a fixed dimension (implemented by indexer/embed).
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	// Model identifies the model and its settings; it keys the embedding cache.
	Model() string
	Dimensions() int
}
