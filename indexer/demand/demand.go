// Package demand keeps aggregate counts of what employees ask for, by
// month, in a file of the data directory: skill label → number of
// plan-building sessions that asked for it (and, among them, how many set
// each kind of constraint), labels the taxonomy does not know, and target
// métier (référentiel code and label) → number of requests that got no
// suggestion at all. No request, person, session or projet text is kept.
package demand

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/atomicfile"
)

// formatVersion is the version of the file layout Flush writes.
//
// Version 1 (no version field) is a bare JSON object, skill label → count.
// Version 2 is {"version":2,"skills":{label: count},"metiers_without_offer":
// {code: {"label":…, "requests":n}}}. Version 3 is {"version":3,"months":
// {"2026-05": month}} where a month holds "skills", "constrained" (skill →
// constraint → count), "unknown_skills" and "metiers_without_offer"; the
// counts of older files are kept under the month "undated", which only
// the whole-period report includes. Open reads all three.
const formatVersion = 3

// Undated is the month of the counts read from files older than version 3.
const Undated = "undated"

// month holds the counts of one month.
type month struct {
	Skills      map[string]int            `json:"skills,omitempty"`
	Constrained map[string]map[string]int `json:"constrained,omitempty"`
	Unknown     map[string]int            `json:"unknown_skills,omitempty"`
	Metiers     map[string]metierCount    `json:"metiers_without_offer,omitempty"`
}

type metierCount struct {
	Label    string `json:"label"`
	Requests int    `json:"requests"`
}

// fileV2 is the layout of version 2, and the version probe of version 3.
type fileV2 struct {
	Version int                    `json:"version"`
	Skills  map[string]int         `json:"skills"`
	Metiers map[string]metierCount `json:"metiers_without_offer"`
}

type fileV3 struct {
	Version int               `json:"version"`
	Months  map[string]*month `json:"months"`
}

// File is a counter persisted as JSON in a file, written atomically
// (temp file, fsync, rename, fsync of the directory) by Flush.
type File struct {
	path   string
	mu     sync.Mutex
	months map[string]*month
	dirty  bool
}

// Open loads the counts at path (none yet is fine), in any layout.
func Open(path string) (*File, error) {
	f := &File{path: path, months: map[string]*month{}}
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

// decode reads version 3, 2, or else 1. In version 1 every value is a
// number, so an object whose "skills" or "months" is an object cannot be
// version 1.
func (f *File) decode(b []byte) error {
	var v3 fileV3
	if err := json.Unmarshal(b, &v3); err == nil && v3.Months != nil {
		if v3.Version != formatVersion {
			return fmt.Errorf("unknown format version %d (this build reads 1 to %d)", v3.Version, formatVersion)
		}
		for k, m := range v3.Months {
			if m != nil {
				f.months[k] = m
			}
		}
		return nil
	}
	var v2 fileV2
	if err := json.Unmarshal(b, &v2); err == nil && v2.Skills != nil {
		if v2.Version != 2 {
			return fmt.Errorf("unknown format version %d (this build reads 1 to %d)", v2.Version, formatVersion)
		}
		f.months[Undated] = &month{Skills: v2.Skills, Metiers: v2.Metiers}
		return nil
	}
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var v1 map[string]int
	if err := json.Unmarshal(b, &v1); err != nil {
		return err
	}
	if len(v1) > 0 {
		f.months[Undated] = &month{Skills: v1}
	}
	return nil
}

// Month is the key of the month of t in the file ("2026-05", UTC).
func Month(t time.Time) string { return t.UTC().Format("2006-01") }

// at returns the counts of the month of t, created when needed; the lock
// is held.
func (f *File) at(t time.Time) *month {
	k := Month(t)
	m := f.months[k]
	if m == nil {
		m = &month{}
		f.months[k] = m
	}
	f.dirty = true
	return m
}

// AddSkills counts, in the month of t, one request for each skill and, for
// each, one for each kind of constraint the request carried.
func (f *File) AddSkills(ctx context.Context, t time.Time, skills, constraints []string) error {
	if len(skills) == 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.at(t)
	if m.Skills == nil {
		m.Skills = map[string]int{}
	}
	for _, s := range skills {
		m.Skills[s]++
		if len(constraints) == 0 {
			continue
		}
		if m.Constrained == nil {
			m.Constrained = map[string]map[string]int{}
		}
		if m.Constrained[s] == nil {
			m.Constrained[s] = map[string]int{}
		}
		for _, c := range constraints {
			m.Constrained[s][c]++
		}
	}
	return nil
}

// AddUnknownSkill counts n requests, in the month of t, for a skill label
// the taxonomy does not know.
func (f *File) AddUnknownSkill(ctx context.Context, t time.Time, label string, n int) error {
	if label == "" || n <= 0 {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.at(t)
	if m.Unknown == nil {
		m.Unknown = map[string]int{}
	}
	m.Unknown[label] += n
	return nil
}

// AddUnservedMetier counts, in the month of t, one request for the métier
// code, labelled label, that got no suggestion. The latest label given for
// a code is kept.
func (f *File) AddUnservedMetier(ctx context.Context, t time.Time, code, label string) error {
	if code == "" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.at(t)
	if m.Metiers == nil {
		m.Metiers = map[string]metierCount{}
	}
	c := m.Metiers[code]
	c.Requests++
	if label != "" {
		c.Label = label
	}
	m.Metiers[code] = c
	return nil
}

// Counts sums the months from the month of since on; a zero since sums
// every month, the undated counts of older files included. Métiers come
// ordered by code.
func (f *File) Counts(ctx context.Context, since time.Time) (catalog.DemandCounts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := catalog.DemandCounts{Skills: map[string]int{}, Constrained: map[string]map[string]int{}, Unknown: map[string]int{}}
	from := ""
	if !since.IsZero() {
		from = Month(since)
	}
	metiers := map[string]metierCount{}
	for k, m := range f.months {
		if from != "" && (k == Undated || k < from) {
			continue
		}
		for s, n := range m.Skills {
			out.Skills[s] += n
		}
		for s, cs := range m.Constrained {
			if out.Constrained[s] == nil {
				out.Constrained[s] = map[string]int{}
			}
			for c, n := range cs {
				out.Constrained[s][c] += n
			}
		}
		for s, n := range m.Unknown {
			out.Unknown[s] += n
		}
		for code, c := range m.Metiers {
			t := metiers[code]
			t.Requests += c.Requests
			if t.Label == "" || k != Undated && c.Label != "" {
				t.Label = c.Label
			}
			metiers[code] = t
		}
	}
	for code, c := range metiers {
		out.Metiers = append(out.Metiers, catalog.MetierDemand{Code: code, Label: c.Label, Requests: c.Requests})
	}
	sort.Slice(out.Metiers, func(i, j int) bool { return out.Metiers[i].Code < out.Metiers[j].Code })
	return out, nil
}

// Flush writes the counts, in the version 3 layout, if they changed since
// the last flush.
func (f *File) Flush() error {
	f.mu.Lock()
	if !f.dirty {
		f.mu.Unlock()
		return nil
	}
	b, err := json.Marshal(fileV3{Version: formatVersion, Months: f.months})
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
