package recommender

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// TestPick: the place asked for brings its items first, from anywhere in
// the pool; the others keep their order; no place keeps the plain order.
func TestPick(t *testing.T) {
	item := func(id, loc string, m catalog.Modality, sessions ...catalog.Session) catalog.Item {
		return catalog.Item{ID: id, Kind: catalog.KindFormation, Title: id, Location: loc, Modality: m, Sessions: sessions}
	}
	items := []catalog.Item{
		item("paris", "Paris", catalog.ModalityPresentiel),
		item("remote", "Lyon", catalog.ModalityDistanciel),
		item("nantes", "Nantes", catalog.ModalityPresentiel),
		item("paris-session-lyon", "Paris", catalog.ModalityPresentiel,
			catalog.Session{Start: day("2027-01-10"), Location: "Paris"}, catalog.Session{Start: day("2027-03-10"), Location: "lyon"}),
		item("lyon-past-session", "Lyon", catalog.ModalityPresentiel, catalog.Session{Start: day("2026-01-10"), Location: "Lyon"},
			catalog.Session{Start: day("2027-01-10"), Location: "Lille"}),
		item("lyon", "Lyon", catalog.ModalityPresentiel),
	}
	today := day("2026-11-26").Time
	for _, tc := range []struct {
		name  string
		place string
		n     int
		want  []string
	}{
		{"no place: fused order", "", 3, []string{"paris", "remote", "nantes"}},
		{"Lyon: its items first, even from far down", "Lyon", 3, []string{"paris-session-lyon", "lyon", "paris"}},
		{"a place nothing is in: fused order", "Brest", 3, []string{"paris", "remote", "nantes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pool []*candidate
			for i, it := range items {
				pool = append(pool, newCandidate(it, float64(len(items)-i), nil))
			}
			var got []string
			for _, c := range pick(pool, tc.n, tc.place, today) {
				got = append(got, c.item.ID)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("picked (-want +got):\n%s", diff)
			}
		})
	}
}
