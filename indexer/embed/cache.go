package embed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// Embedder is what Cache wraps: any embedder of this package, or another
// implementation of indexer.Embedder.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Model() string
	Dimensions() int
}

// Cache is an Embedder that remembers vectors by (model, dimensions,
// SHA-256 of the text) in an append-only file of its directory, one file
// per model and dimension. Only texts it has not seen reach the inner
// embedder, in one call. A record torn by a crash is ignored on load. It is
// safe for concurrent use within one process.
type Cache struct {
	inner Embedder
	path  string

	mu   sync.RWMutex // guards vecs and file
	vecs map[[sha256.Size]byte][]float32
	file *os.File

	hits, misses atomic.Int64
}

// CacheStats counts the texts served from the cache (Hits) and sent to the
// inner embedder (Misses) since OpenCache.
type CacheStats struct {
	Hits   int64
	Misses int64
}

// OpenCache opens (creating it if needed) the cache of inner's model and
// dimensions in dir and loads its vectors.
func OpenCache(dir string, inner Embedder) (*Cache, error) {
	if inner.Dimensions() <= 0 || inner.Model() == "" {
		return nil, fmt.Errorf("%w: cache d'embeddings: modèle ou dimension manquant", ErrConfig)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache d'embeddings: %w", err)
	}
	c := &Cache{
		inner: inner,
		path:  filepath.Join(dir, cacheFileName(inner.Model(), inner.Dimensions())),
		vecs:  make(map[[sha256.Size]byte][]float32),
	}
	if err := c.load(); err != nil {
		return nil, fmt.Errorf("cache d'embeddings %s: %w", c.path, err)
	}
	return c, nil
}

// cacheFileName is derived from model and dimensions, so that a model or
// weights change starts a fresh file.
func cacheFileName(model string, dims int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", model, dims))
	return "embeddings-" + hex.EncodeToString(sum[:8]) + ".cache"
}

// Model returns the inner embedder's model.
func (c *Cache) Model() string { return c.inner.Model() }

// Dimensions returns the inner embedder's dimensions.
func (c *Cache) Dimensions() int { return c.inner.Dimensions() }

// Path returns the cache file.
func (c *Cache) Path() string { return c.path }

// Len returns the number of cached vectors.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.vecs)
}

// Stats returns the hit and miss counts.
func (c *Cache) Stats() CacheStats {
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load()}
}

// Embed returns the cached vectors of texts and embeds the others with one
// call to the inner embedder (each distinct text once), checks them and
// appends them to the cache file before returning. Returned vectors are
// the caller's to modify.
func (c *Cache) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	keys := make([][sha256.Size]byte, len(texts))
	var missing []string
	firstMiss := make(map[[sha256.Size]byte]int) // key → index in missing
	c.mu.RLock()
	for i, t := range texts {
		keys[i] = sha256.Sum256([]byte(t))
		if v, ok := c.vecs[keys[i]]; ok {
			out[i] = v
			continue
		}
		if _, ok := firstMiss[keys[i]]; !ok {
			firstMiss[keys[i]] = len(missing)
			missing = append(missing, t)
		}
	}
	c.mu.RUnlock()
	c.hits.Add(int64(len(texts) - len(missing)))
	c.misses.Add(int64(len(missing)))
	if len(missing) > 0 {
		vecs, err := c.fill(ctx, missing)
		if err != nil {
			return nil, err
		}
		for i := range texts {
			if out[i] == nil {
				out[i] = vecs[firstMiss[keys[i]]]
			}
		}
	}
	for i, v := range out {
		out[i] = append([]float32(nil), v...)
	}
	return out, nil
}

// fill embeds texts with the inner embedder, checks and stores the vectors.
func (c *Cache) fill(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := c.inner.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	dims := c.inner.Dimensions()
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("%w: %d vecteurs pour %d textes", ErrBadResponse, len(vecs), len(texts))
	}
	for i, v := range vecs {
		if err := checkVector(v, dims); err != nil {
			return nil, fmt.Errorf("vecteur n° %d: %w", i+1, err)
		}
	}
	if err := c.store(texts, vecs); err != nil {
		return nil, fmt.Errorf("cache d'embeddings %s: %w", c.path, err)
	}
	return vecs, nil
}

// store appends the records of texts to the file, synced, then to the map.
func (c *Cache) store(texts []string, vecs [][]float32) error {
	dims := c.inner.Dimensions()
	buf := make([]byte, 0, len(texts)*recordSize(dims))
	keys := make([][sha256.Size]byte, len(texts))
	for i, t := range texts {
		keys[i] = sha256.Sum256([]byte(t))
		buf = appendRecord(buf, keys[i], vecs[i])
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return os.ErrClosed
	}
	if _, err := c.file.Write(buf); err != nil {
		return err
	}
	if err := c.file.Sync(); err != nil {
		return err
	}
	for i, k := range keys {
		c.vecs[k] = append([]float32(nil), vecs[i]...)
	}
	return nil
}

// Close closes the cache file; the Cache must not be used afterwards.
func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return nil
	}
	err := c.file.Close()
	c.file = nil
	return err
}

// Retain drops from the cache, in memory and on disk, the vectors of every
// text not in texts (items that left the catalog, edited versions), by
// rewriting the file atomically. It returns how many vectors were dropped.
func (c *Cache) Retain(texts []string) (int, error) {
	keep := make(map[[sha256.Size]byte]bool, len(texts))
	for _, t := range texts {
		keep[sha256.Sum256([]byte(t))] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return 0, os.ErrClosed
	}
	dims := c.inner.Dimensions()
	buf := cacheHeader(c.inner.Model(), dims)
	kept := make(map[[sha256.Size]byte][]float32, len(keep))
	for k, v := range c.vecs {
		if keep[k] {
			buf = appendRecord(buf, k, v)
			kept[k] = v
		}
	}
	dropped := len(c.vecs) - len(kept)
	if dropped == 0 {
		return 0, nil
	}
	if err := atomicfile.Write(c.path, buf, 0o644); err != nil {
		return 0, fmt.Errorf("cache d'embeddings %s: %w", c.path, err)
	}
	f, err := os.OpenFile(c.path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return 0, fmt.Errorf("cache d'embeddings %s: %w", c.path, err)
	}
	c.file.Close()
	c.file, c.vecs = f, kept
	return dropped, nil
}
