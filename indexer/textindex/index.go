// Package textindex is Tremplin's full-text index: a Bleve v2 (scorch)
// index with an explicit mapping and French analysis that brings word
// families together ("développeur" finds "développement"), keyword, boolean
// and numeric fields that reproduce catalog.Filter exactly, and the stored
// content hash of every item. It implements indexer.TextIndex.
package textindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/tremplin/tremplin/catalog"
)

// BatchSize is the number of documents written per Bleve batch by Upsert
// and Delete.
const BatchSize = 500

// ErrClosed is returned by operations on a closed index.
var ErrClosed = errors.New("text index closed")

// Index is a Bleve full-text index of catalog items. It is safe for
// concurrent use: searches may run while records are upserted.
type Index struct {
	// mu is held for reading by every use of bi, for writing by Reload
	// and Close, which replace or release it.
	mu   sync.RWMutex
	bi   bleve.Index
	path string // "" for an index in memory
}

// Open opens the on-disk index at path, creating it (and its parent
// directories) when it does not exist. An index built with another mapping
// or analysis gives an error wrapping ErrIncompatible.
func Open(path string) (*Index, error) {
	if err := settleReload(path); err != nil {
		return nil, fmt.Errorf("open text index %s: %w", path, err)
	}
	bi, err := bleve.Open(path)
	if err == nil {
		if err := checkVersion(bi); err != nil {
			bi.Close()
			return nil, fmt.Errorf("open text index %s: %w", path, err)
		}
		return &Index{bi: bi, path: path}, nil
	}
	if !errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return nil, fmt.Errorf("open text index %s: %w", path, err)
	}
	if bi, err = create(path); err != nil {
		return nil, err
	}
	return &Index{bi: bi, path: path}, nil
}

// create makes a new empty index at path ("": in memory).
func create(path string) (bleve.Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("text index mapping: %w", err)
	}
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create text index %s: %w", path, err)
		}
	}
	bi, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create text index %s: %w", path, err)
	}
	if err := setVersion(bi, m); err != nil {
		bi.Close()
		return nil, fmt.Errorf("create text index %s: %w", path, err)
	}
	return bi, nil
}

// Suffixes of the directories beside an index's own while Reload replaces
// it: the new index being written, and the one it replaces.
const (
	nextSuffix = ".next"
	oldSuffix  = ".old"
)

// settleReload finishes or undoes a Reload interrupted by a crash: a new
// index left half-written is removed; an index moved aside but not yet
// replaced is put back (it is whole, with its own feed position, and
// catches up from there).
func settleReload(path string) error {
	if err := os.RemoveAll(path + nextSuffix); err != nil {
		return err
	}
	_, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(path + oldSuffix); err == nil {
			return os.Rename(path+oldSuffix, path)
		}
		return nil
	}
	if err != nil {
		return err
	}
	return os.RemoveAll(path + oldSuffix)
}

// Reload replaces the whole content of the index with recs and the feed
// position pos (see Apply). The new content is written aside, chunk
// records per batch, merged, and then takes the place of the old at once:
// searches see the old content until then and the new one after, never a
// mix, and a batch holds the analysis of chunk documents only. A crash
// leaves the old content, or the new one once it has replaced it.
func (ix *Index) Reload(ctx context.Context, recs []catalog.Record, chunk int, pos []byte) error {
	chunk = max(chunk, 1)
	next := ""
	if ix.path != "" {
		next = ix.path + nextSuffix
		if err := os.RemoveAll(next); err != nil {
			return fmt.Errorf("reload text index: %w", err)
		}
	}
	nbi, err := create(next)
	if err != nil {
		return fmt.Errorf("reload text index: %w", err)
	}
	fill := func() error {
		for start := 0; start == 0 || start < len(recs); start += chunk {
			if err := ctx.Err(); err != nil {
				return err
			}
			b := nbi.NewBatch()
			if err := addDocuments(b, recs[start:min(start+chunk, len(recs))]); err != nil {
				return err
			}
			if start+chunk >= len(recs) && pos != nil {
				b.SetInternal(feedKey, pos)
			}
			if err := nbi.Batch(b); err != nil {
				return err
			}
		}
		return compact(ctx, nbi)
	}
	if err := fill(); err != nil {
		nbi.Close()
		if next != "" {
			os.RemoveAll(next)
		}
		return fmt.Errorf("reload text index: %w", err)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if next == "" {
		old := ix.bi
		ix.bi = nbi
		old.Close()
		return nil
	}
	// The new index is closed and opened again at the index's path: Scorch
	// keeps writing to the directory it was opened in.
	if err := nbi.Close(); err != nil {
		return fmt.Errorf("reload text index: %w", err)
	}
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("reload text index: %w", err)
	}
	swap := func() error {
		if err := os.Rename(ix.path, ix.path+oldSuffix); err != nil {
			return err
		}
		if err := os.Rename(next, ix.path); err != nil {
			os.Rename(ix.path+oldSuffix, ix.path)
			return err
		}
		return nil
	}
	swapErr := swap()
	bi, err := bleve.Open(ix.path)
	if err != nil {
		return fmt.Errorf("reload text index: open %s: %w", ix.path, err)
	}
	ix.bi = bi
	if swapErr != nil {
		os.RemoveAll(next)
		return fmt.Errorf("reload text index: %w", swapErr)
	}
	if err := os.RemoveAll(ix.path + oldSuffix); err != nil {
		return fmt.Errorf("reload text index: %w", err)
	}
	return nil
}

// NewMemOnly returns an index held in memory (scorch without a path), for
// tests and throwaway use.
func NewMemOnly() (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("text index mapping: %w", err)
	}
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create in-memory text index: %w", err)
	}
	return &Index{bi: bi}, nil
}

// Compact merges the index's segments into one, waiting for the segments
// still in memory to be written first, so that a query opens one postings
// list per term instead of one per segment. It is worth its cost after a
// bulk load (tremplin index from empty), not after a small update: Scorch's
// own merger keeps tiers between. It stops when ctx is done; the index
// stays usable, with the segments merged so far.
func (ix *Index) Compact(ctx context.Context) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return compact(ctx, ix.bi)
}

// compact merges the segments of bi into one (see Compact).
func compact(ctx context.Context, bi bleve.Index) error {
	adv, err := bi.Advanced()
	if err != nil {
		return fmt.Errorf("compact text index: %w", wrapClosed(err))
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	settled := false
	for {
		st := s.StatsMap()
		mem, _ := st["TotMemorySegmentsAtRoot"].(uint64)
		files, _ := st["TotFileSegmentsAtRoot"].(uint64)
		if mem == 0 && files <= 1 {
			if settled {
				return nil
			}
			// The persister may still be introducing a segment written
			// before: one segment must hold on a second look.
			settled = true
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
			continue
		}
		settled = false
		if mem > 0 { // the persister writes them in the background
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		if err := s.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			return fmt.Errorf("compact text index: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// Close releases the index. Later calls fail with ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("close text index: %w", err)
	}
	return nil
}

// Upsert adds or replaces records by item id, in batches of BatchSize. It
// stops between batches when ctx is done; batches already written stay.
// Record vectors are ignored.
func (ix *Index) Upsert(ctx context.Context, recs []catalog.Record) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for start := 0; start < len(recs); start += BatchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := ix.bi.NewBatch()
		if err := addDocuments(b, recs[start:min(start+BatchSize, len(recs))]); err != nil {
			return fmt.Errorf("upsert text index: %w", err)
		}
		if err := ix.batch(b); err != nil {
			return fmt.Errorf("upsert text index: %w", err)
		}
	}
	return nil
}

// Delete removes items by id, in batches; unknown ids are ignored.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for start := 0; start < len(ids); start += BatchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := ix.bi.NewBatch()
		for _, id := range ids[start:min(start+BatchSize, len(ids))] {
			b.Delete(id)
		}
		if err := ix.batch(b); err != nil {
			return fmt.Errorf("delete from text index: %w", err)
		}
	}
	return nil
}

// addDocuments adds the documents of recs to b; a record without id
// wraps catalog.ErrInvalid.
func addDocuments(b *bleve.Batch, recs []catalog.Record) error {
	for _, rec := range recs {
		if rec.Item.ID == "" {
			return fmt.Errorf("élément sans identifiant (id): %w", catalog.ErrInvalid)
		}
		if err := b.Index(rec.Item.ID, document(rec)); err != nil {
			return fmt.Errorf("item %s: %w", rec.Item.ID, err)
		}
	}
	return nil
}

func (ix *Index) batch(b *bleve.Batch) error {
	err := ix.bi.Batch(b)
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return ErrClosed
	}
	return err
}

// Count returns the number of indexed items.
func (ix *Index) Count(ctx context.Context) (int, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count text index: %w", wrapClosed(err))
	}
	return int(n), nil
}

func wrapClosed(err error) error {
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return ErrClosed
	}
	return err
}
