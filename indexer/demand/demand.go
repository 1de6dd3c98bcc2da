// Package demand keeps aggregate counts of what employees ask for, in a
// file of the data directory: skill label → number of requests, and target
// métier (référentiel code and label) → number of requests that got no
// suggestion at all. No request, person or free text is kept.
package demand

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"sort"
	"sync"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/atomicfile"
)

// formatVersion is the version of the file layout Flush writes.
//
// Version 1 (no version field) is a bare JSON object, skill label → count.
// Version 2 is {"version":2,"skills":{label: count},"metiers_without_offer":
// {code: {"label":…, "requests":n}}}. Open reads both.
const formatVersion = 2

// fileV2 is the layout of version 2.
type fileV2 struct {
	Version int                    `json:"version"`
	Skills  map[string]int         `json:"skills"`
	Metiers map[string]metierCount `json:"metiers_without_offer"`
}

type metierCount struct {
	Label    string `json:"label"`
	Requests int    `json:"requests"`
}

// File is a counter persisted as JSON in a file, written atomically
// (temp file, fsync, rename, fsync of the directory) by Flush.
type File struct {
	path    string
	mu      sync.Mutex
	counts  map[string]int
	metiers map[string]metierCount // by métier code
	dirty   bool
}

// Open loads the counts at path (none yet is fine), in either layout.
func Open(path string) (*File, error) {
	f := &File{path: path, counts: map[string]int{}, metiers: map[string]metierCount{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read skill demand: %w", err)
	}
	if err := f.decode(b); err != nil {
		return nil, fmt.Errorf("read skill demand %s: %w", path, err)
	}
	return f, nil
}

// decode reads version 2, or else version 1. In version 1 every value is a
// number, so an object whose "skills" is an object can only be version 2.
func (f *File) decode(b []byte) error {
	var v2 fileV2
	if err := json.Unmarshal(b, &v2); err == nil && v2.Skills != nil {
		if v2.Version != formatVersion {
			return fmt.Errorf("unknown format version %d (this build reads 1 and %d)", v2.Version, formatVersion)
		}
		f.counts = v2.Skills
		if v2.Metiers != nil {
			f.metiers = v2.Metiers
		}
		return nil
	}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	return json.Unmarshal(b, &f.counts)
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

// Counts returns a copy of the skill counts.
func (f *File) Counts(ctx context.Context) (map[string]int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.counts), nil
}

// AddUnservedMetier counts one request for the métier code, labelled
// label, that got no suggestion. The latest label given for a code is kept.
func (f *File) AddUnservedMetier(ctx context.Context, code, label string) error {
	if code == "" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.metiers[code]
	m.Requests++
	if label != "" {
		m.Label = label
	}
	f.metiers[code] = m
	f.dirty = true
	return nil
}

// UnservedMetiers returns the counts of métiers demanded without offer,
// by code.
func (f *File) UnservedMetiers(ctx context.Context) ([]catalog.MetierDemand, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]catalog.MetierDemand, 0, len(f.metiers))
	for code, m := range f.metiers {
		out = append(out, catalog.MetierDemand{Code: code, Label: m.Label, Requests: m.Requests})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// Flush writes the counts, in the version 2 layout, if they changed since
// the last flush.
func (f *File) Flush() error {
	f.mu.Lock()
	if !f.dirty {
		f.mu.Unlock()
		return nil
	}
	b, err := json.Marshal(fileV2{Version: formatVersion, Skills: f.counts, Metiers: f.metiers})
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
