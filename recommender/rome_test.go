package recommender

import (
	"slices"
	"sync"
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

var (
	romeOnce sync.Once
	romeRef  *catalog.Referentiel
	romeErr  error
)

// realROME imports the shared ROME 4.0 files once (skips, or fails in CI,
// when they are absent).
func realROME(t testing.TB) *catalog.Referentiel {
	t.Helper()
	dir := sharedtest.Path(t, "referentiels/rome4_v460")
	romeOnce.Do(func() { romeRef, _, romeErr = referentiel.ImportROME(t.Context(), dir) })
	if romeErr != nil {
		t.Fatal(romeErr)
	}
	return romeRef
}

func contains(ss []string, s string) bool { return slices.Contains(ss, s) }
