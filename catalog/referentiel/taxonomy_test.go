package referentiel

import (
	"testing"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/internal/sharedtest"
)

// sharedReferentiel imports ROME and ESCO from ../shared, merged as
// `tremplin referentiel import` saves them.
func sharedReferentiel(tb testing.TB) *catalog.Referentiel {
	tb.Helper()
	rome, _, err := ImportROME(tb.Context(), sharedtest.Path(tb, "referentiels/rome4_v460"))
	if err != nil {
		tb.Fatal(err)
	}
	esco, _, err := ImportESCO(tb.Context(), sharedtest.Path(tb, "referentiels/esco"))
	if err != nil {
		tb.Fatal(err)
	}
	return Merge(rome, esco)
}

// TestReferentielTaxonomyShared builds the taxonomy of the real ROME and
// ESCO and checks that every skill label of every métier resolves whole to
// one skill, and that no two skills share a label key.
func TestReferentielTaxonomyShared(t *testing.T) {
	ref := sharedReferentiel(t)
	tx, err := catalog.NewReferentielTaxonomy(ref)
	if err != nil {
		t.Fatalf("NewReferentielTaxonomy: %v", err)
	}
	skills := tx.Skills()
	owner := map[string]string{}
	for _, s := range skills {
		for _, l := range s.Labels() {
			k := catalog.Key(l)
			if o, ok := owner[k]; ok && o != s.ID {
				t.Fatalf("label %q of %s has the key of a label of %s", l, s.ID, o)
			}
			owner[k] = s.ID
		}
	}
	missing := 0
	for _, m := range ref.Metiers {
		for _, l := range append(m.CoreSkills, m.OtherSkills...) {
			if _, ok := tx.Resolve(l); !ok {
				if missing++; missing <= 5 {
					t.Errorf("%s %s: skill %q resolves to nothing", m.Source, m.Code, l)
				}
			}
		}
	}
	if missing > 5 {
		t.Errorf("… %d skill labels of métiers resolve to nothing", missing)
	}
	t.Logf("%d skills in ref, %d in the taxonomy", len(ref.Skills), tx.Len())
}

// BenchmarkReferentielTaxonomy measures what every start with a
// référentiel imported pays for its taxonomy, with ROME alone and with
// ROME and ESCO.
func BenchmarkReferentielTaxonomy(b *testing.B) {
	rome, _, err := ImportROME(b.Context(), sharedtest.Path(b, "referentiels/rome4_v460"))
	if err != nil {
		b.Fatal(err)
	}
	for name, ref := range map[string]*catalog.Referentiel{"rome": rome, "rome+esco": sharedReferentiel(b)} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := catalog.NewReferentielTaxonomy(ref); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
