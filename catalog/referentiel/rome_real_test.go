package referentiel

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

func TestImportROMEShared(t *testing.T) {
	dir := sharedtest.Path(t, "referentiels/rome4_v460")
	ref, st, err := ImportROME(t.Context(), dir)
	if err != nil {
		t.Fatal(err)
	}
	wantStats := ROMEStats{
		Version: "v460", Fiches: 1584, Appellations: 13120, RareAppellations: 199,
		Skills: 18317 + 15354, CoreLinks: 18900, OtherLinks: 71656, Mobility: 14912, Definitions: 1584,
	}
	if diff := cmp.Diff(wantStats, st); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if got := len(ref.Metiers); got != 1584 {
		t.Errorf("got %d métiers, want 1584", got)
	}
	apps, parents := 0, 0
	for _, m := range ref.Metiers {
		apps += len(m.Appellations)
		if m.Parent != "" {
			parents++
		}
	}
	if apps != 13120 {
		t.Errorf("got %d appellations, want 13120", apps)
	}
	if parents != 1052 {
		t.Errorf("got %d fiches with a parent, want 1052", parents)
	}
	ix := NewIndex(ref)
	m, ok := ix.Metier("A1101")
	if !ok {
		t.Fatal("A1101 missing")
	}
	if m.Label != "Conducteur / Conductrice d'engins agricoles" || m.Domain != "Engins agricoles et forestiers" ||
		m.DomainCode != "A11" || m.Source != catalog.SourceROME || m.Definition == "" {
		t.Errorf("A1101 = %+v", m)
	}
	if got, _ := ix.Metier("A1102"); got.Parent != "A1101" {
		t.Errorf("A1102 parent = %q, want A1101", got.Parent)
	}
	dev, _ := ix.Metier("M1805")
	if len(dev.CoreSkills) == 0 || len(dev.OtherSkills) == 0 || len(dev.Mobility) == 0 || dev.Access == "" {
		t.Errorf("M1805 lacks skills, mobility or access: %+v", dev)
	}
	if diff := cmp.Diff([]string{"Source : France Travail – ROME 4.0 (v460)"}, ref.Attribution); diff != "" {
		t.Errorf("attribution (-want +got):\n%s", diff)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(t.Context(), t.TempDir())
	if !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("got %v, want an error wrapping catalog.ErrNotFound", err)
	}
}

func BenchmarkImportROME(b *testing.B) {
	dir := sharedtest.Path(b, "referentiels/rome4_v460")
	for b.Loop() {
		if _, _, err := ImportROME(b.Context(), dir); err != nil {
			b.Fatal(err)
		}
	}
}
