package stores

import (
	"fmt"
	"strings"

	"github.com/tremplin/tremplin/indexer"
)

// InterruptedError is Open's refusal of a data directory whose first index
// of catalog files was interrupted: the demo catalog never replaces it.
// Its message names the command that finishes the index.
type InterruptedError struct {
	// DataDir is the data directory.
	DataDir string
	// CatalogPaths are the catalog files of the interrupted index.
	CatalogPaths []string
}

// Error says in French which command to rerun.
func (e *InterruptedError) Error() string {
	cmd := "tremplin index"
	for _, p := range e.CatalogPaths {
		cmd += " --catalog " + shellQuote(p)
	}
	cmd += " --data " + shellQuote(e.DataDir)
	return fmt.Sprintf("indexation interrompue : la première indexation du catalogue dans %s n'a pas abouti, "+
		"et le catalogue de démonstration ne la remplace pas ; relancez « %s »", e.DataDir, cmd)
}

// interrupted returns an *InterruptedError when the first index of dir was
// interrupted, nil otherwise. Call it only when dir has no live generation.
func interrupted(dir *indexer.Dir, dataDir string) error {
	note, ok, err := dir.Started()
	if err != nil || !ok {
		return err
	}
	return &InterruptedError{DataDir: dataDir, CatalogPaths: strings.Split(strings.TrimSuffix(note, "\n"), "\n")}
}

// shellQuote writes s so that a POSIX shell reads it back as one word.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-=:,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
