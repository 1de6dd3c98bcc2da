package indexer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/tremplin/tremplin/internal/atomicfile"
)

// Dir is an embedded data directory holding generations of the index. The
// file CURRENT names the live generation; a rebuild fills a new generation
// beside it and swaps CURRENT atomically (write + fsync + rename), so a
// crash at any point leaves the previous generation live and readable.
type Dir struct {
	path string
}

const (
	currentFile = "CURRENT"
	genPrefix   = "gen-"
	// startedFile records a first index begun and not yet committed.
	startedFile = "INDEXING"
)

// OpenDir opens (creating if needed) the data directory at path.
func OpenDir(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	return &Dir{path: path}, nil
}

// Path returns the directory's path.
func (d *Dir) Path() string { return d.path }

// Current returns the path of the live generation, or "" when there is none.
func (d *Dir) Current() (string, error) {
	b, err := os.ReadFile(filepath.Join(d.path, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read %s: %w", currentFile, err)
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, genPrefix) || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("%s: unexpected content %q", currentFile, name)
	}
	return filepath.Join(d.path, name), nil
}

// NewGeneration creates an empty generation directory after the newest one
// and returns its path. It is not live until Commit.
func (d *Dir) NewGeneration() (string, error) {
	gens, err := d.generations()
	if err != nil {
		return "", err
	}
	next := 1
	if len(gens) > 0 {
		next = gens[len(gens)-1] + 1
	}
	p := filepath.Join(d.path, fmt.Sprintf("%s%06d", genPrefix, next))
	if err := os.Mkdir(p, 0o755); err != nil {
		return "", fmt.Errorf("create generation: %w", err)
	}
	return p, nil
}

// Commit makes the generation at gen live, removes every other one and
// clears the mark of MarkStarted.
func (d *Dir) Commit(gen string) error {
	if err := syncDir(gen); err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(d.path, currentFile), []byte(filepath.Base(gen)+"\n"), 0o644); err != nil {
		return fmt.Errorf("swap %s: %w", currentFile, err)
	}
	if err := os.Remove(filepath.Join(d.path, startedFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", startedFile, err)
	}
	return d.Prune()
}

// MarkStarted records, durably and before any store is written, that an
// index of a given catalog has begun; note says which (e.g. the files).
// The mark lasts until a Commit: while there is no live generation, Started
// then tells that the directory is not empty but interrupted, so that no
// other catalog is put in its place.
func (d *Dir) MarkStarted(note string) error {
	if err := atomicfile.Write(filepath.Join(d.path, startedFile), []byte(note), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", startedFile, err)
	}
	return nil
}

// Started returns the note of the last MarkStarted not followed by a
// Commit; ok is false when there is none.
func (d *Dir) Started() (note string, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(d.path, startedFile))
	if errors.Is(err, os.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", startedFile, err)
	}
	return string(b), true, nil
}

// Prune removes every generation but the live one (left-overs of crashed
// rebuilds included).
func (d *Dir) Prune() error {
	cur, err := d.Current()
	if err != nil {
		return err
	}
	gens, err := d.generations()
	if err != nil {
		return err
	}
	for _, g := range gens {
		p := filepath.Join(d.path, fmt.Sprintf("%s%06d", genPrefix, g))
		if p == cur {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("remove old generation: %w", err)
		}
	}
	return nil
}

func (d *Dir) generations() ([]int, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, fmt.Errorf("list data directory: %w", err)
	}
	var gens []int
	for _, e := range entries {
		if n, ok := strings.CutPrefix(e.Name(), genPrefix); ok && e.IsDir() {
			if v, err := strconv.Atoi(n); err == nil {
				gens = append(gens, v)
			}
		}
	}
	return gens, nil // ReadDir sorts by name and names are zero-padded.
}

func syncDir(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// ErrLocked reports a data directory already opened by another process.
var ErrLocked = errors.New("le répertoire de données est déjà utilisé par un autre processus Tremplin (serve, index ou recommend) : arrêtez-le ou utilisez un autre répertoire (--data)")

// Lock takes the directory's exclusive lock, so that two processes never
// write the same stores; the kernel releases it if the process dies. It
// fails at once with ErrLocked when another process holds it.
func (d *Dir) Lock() (unlock func() error, err error) {
	f, err := os.OpenFile(filepath.Join(d.path, "LOCK"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("lock data directory: %w", err)
	}
	return f.Close, nil // closing the file releases the lock
}
