// Package demand keeps aggregate counts of the skills employees ask for, in
// a file of the data directory: skill label → number of requests. No
// request, person or free text is kept.
package demand

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"sync"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// File is a counter persisted as JSON in a file, written atomically
// (temp file, fsync, rename, fsync of the directory) by Flush.
type File struct {
	path   string
	mu     sync.Mutex
	counts map[string]int
	dirty  bool
}

// Open loads the counts at path (none yet is fine).
func Open(path string) (*File, error) {
	f := &File{path: path, counts: map[string]int{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read skill demand: %w", err)
	}
	if err := json.Unmarshal(b, &f.counts); err != nil {
		return nil, fmt.Errorf("read skill demand %s: %w", path, err)
	}
	return f, nil
}

// Add counts one request for each skill.
func (f *File) Add(ctx context.Context, skills []string) error {
	if len(skills) == 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, s := range skills {
		f.counts[s]++
	}
	f.dirty = true
	return nil
}

// Counts returns a copy of the counts.
func (f *File) Counts(ctx context.Context) (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.counts), nil
}

// Flush writes the counts if they changed since the last flush.
func (f *File) Flush() error {
	f.mu.Lock()
	if !f.dirty {
		f.mu.Unlock()
		return nil
	}
	b, err := json.Marshal(f.counts)
	f.dirty = false
	f.mu.Unlock()
	if err == nil {
		err = atomicfile.Write(f.path, b, 0o600)
	}
	if err != nil {
		f.mu.Lock()
		f.dirty = true // try again at the next flush
		f.mu.Unlock()
		return fmt.Errorf("write skill demand: %w", err)
	}
	return nil
}
