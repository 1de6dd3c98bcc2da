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
	"path/filepath"
	"sync"
)

// File is a counter persisted as JSON in a file, written atomically
// (temp file, fsync, rename) by Flush.
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
		err = writeAtomic(f.path, b)
	}
	if err != nil {
		f.mu.Lock()
		f.dirty = true // try again at the next flush
		f.mu.Unlock()
	}
	return err
}

func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".demand-*")
	if err != nil {
		return fmt.Errorf("write skill demand: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(b)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("write skill demand: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write skill demand: %w", err)
	}
	return nil
}
