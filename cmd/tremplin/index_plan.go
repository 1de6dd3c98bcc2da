package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/stores"
)

// exitRemovalRefused is the exit code of an index refused because it would
// remove many items without confirmation.
const exitRemovalRefused = 4

// removalThreshold is the share of the stored items above which removing
// them asks for confirmation.
const removalThreshold = 0.10

// catalogDiff is what indexing a catalog would change, item by item.
type catalogDiff struct {
	Stored                             int // items in the index before
	Added, Changed, Removed, Unchanged int
}

// diffCatalog compares the items of a catalog with those stored: métiers
// aside (indexing computes them), an item is added, changed or unchanged,
// and a stored item absent from the catalog is removed.
func diffCatalog(stored, items []catalog.Item, known []catalog.Known) catalogDiff {
	d := catalogDiff{Stored: len(stored)}
	old := make(map[string]catalog.Item, len(stored))
	for _, it := range stored {
		old[it.ID] = it
	}
	for _, it := range items {
		prev, ok := old[it.ID]
		switch {
		case !ok:
			d.Added++
		case catalog.SameContent(prev, it):
			d.Unchanged++
		default:
			d.Changed++
		}
		delete(old, it.ID)
	}
	for _, k := range known {
		prev, ok := old[k.ID]
		prev.Metiers = nil
		switch {
		case !ok:
			d.Added++
		case catalog.ContentHash(prev) == k.Hash:
			d.Unchanged++
		default:
			d.Changed++
		}
		delete(old, k.ID)
	}
	d.Removed = len(old)
	return d
}

// manyRemoved reports whether d removes more than removalThreshold of the
// stored items.
func (d catalogDiff) manyRemoved() bool {
	return d.Removed > 0 && float64(d.Removed) > removalThreshold*float64(d.Stored)
}

// String says in French what the index would change.
func (d catalogDiff) String() string {
	return fmt.Sprintf("%s, %s, %s, %s (sur %s dans l'index)",
		counted(d.Added, "%d élément ajouté", "%d éléments ajoutés"),
		counted(d.Changed, "%d modifié", "%d modifiés"),
		counted(d.Removed, "%d supprimé", "%d supprimés"),
		counted(d.Unchanged, "%d inchangé", "%d inchangés"),
		counted(d.Stored, "%d élément", "%d éléments"))
}

// storedItems returns the items of the live index of cfg's data directory
// (see stores.LiveItems): nothing is created or written, except the
// Postgres tables when the database has none yet.
func storedItems(ctx context.Context, cfg config, logger *slog.Logger) ([]catalog.Item, error) {
	return stores.LiveItems(ctx, storesConfig(cfg), logger)
}

// confirmRemoval asks, when d removes many items, whether to go on: on a
// terminal it asks the question on out and reads the answer from in;
// elsewhere it refuses (exit code 4) and says to pass --yes. yes skips
// the question.
func confirmRemoval(in io.Reader, out io.Writer, d catalogDiff, yes bool) error {
	if !d.manyRemoved() || yes {
		return nil
	}
	share := 100 * d.Removed / d.Stored
	what := fmt.Sprintf("cette indexation supprimerait %s sur %d (%d %%) : %s",
		counted(d.Removed, "%d élément", "%d éléments"), d.Stored, share, d)
	if !isTerminal(in) || !isTerminal(out) {
		return &exitError{code: exitRemovalRefused, err: fmt.Errorf(
			"%s ; rien n'a été modifié. Vérifiez --catalog (tous les fichiers du catalogue, ensemble), "+
				"essayez --dry-run, ou confirmez avec --yes", what)}
	}
	fmt.Fprintf(out, "Attention : %s.\nContinuer ? [o/N] ", what)
	answer, _ := bufio.NewReader(in).ReadString('\n')
	if b, ok := catalog.ParseBool(answer); ok && b {
		return nil
	}
	return &exitError{code: exitRemovalRefused, err: errors.New("indexation annulée : rien n'a été modifié")}
}

// isTerminal reports whether f is a terminal; a stream of a test is not.
// confirmRemoval reads in and out through it, so tests fake a terminal
// with terminalStream.
func isTerminal(f any) bool {
	switch s := f.(type) {
	case interface{ IsTerminal() bool }:
		return s.IsTerminal()
	case *os.File:
		return term.IsTerminal(int(s.Fd()))
	}
	return false
}

// counted writes n with the form of plural: one and many hold %d.
func counted(n int, one, many string) string {
	return fmt.Sprintf(plural(n, one, many), n)
}

// planMessage is what --dry-run prints.
func planMessage(d catalogDiff) string {
	msg := "Simulation (--dry-run), rien n'est écrit : " + d.String() + "."
	if d.manyRemoved() {
		msg += "\nAttention : plus de 10 % des éléments de l'index seraient supprimés ; l'indexation demandera confirmation (--yes pour ne pas la demander)."
	}
	return strings.TrimSpace(msg)
}
