package catalog

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestFilterViewMatchesLikeItem checks, on random items and filters, that
// Match answers the same on an item's FilterView as on the item.
func TestFilterViewMatchesLikeItem(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 17))
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	num := func() *float64 {
		if r.IntN(3) == 0 {
			return nil
		}
		v := float64(r.IntN(3000))
		return &v
	}
	kinds := []Kind{KindFormation, KindCertification, KindMentoring, KindMission}
	mods := []Modality{"", ModalityPresentiel, ModalityDistanciel, ModalityHybride}
	day := func() Date { d, _ := ParseDate(fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))); return d }
	for i := range 5000 {
		it := Item{
			ID: fmt.Sprintf("it-%d", i), Kind: kinds[r.IntN(len(kinds))], Title: "Titre", Description: "Texte",
			Skills: []string{"Soudure"}, Language: pick("", "fr", "en"), Location: pick("", "Paris", "Lyon", "PARIS"),
			Modality: mods[r.IntN(len(mods))], DurationHours: num(), PriceEUR: num(), CPFEligible: r.IntN(2) == 0,
			Active: r.IntN(5) > 0, Metiers: []string{"M1607"},
		}
		switch it.Kind {
		case KindMentoring:
			if r.IntN(4) > 0 {
				it.Mentor = &Mentor{Name: "Nom", Capacity: r.IntN(3), CurrentMentees: r.IntN(3)}
			}
		case KindMission:
			if r.IntN(4) > 0 {
				a, b := day(), day()
				if b.Before(a.Time) {
					a, b = b, a
				}
				it.Mission = &Mission{StartDate: a, EndDate: b}
			}
		}
		f := Filter{IncludeInactive: r.IntN(4) == 0, MaxPriceEUR: num(), MaxHours: num(),
			Modality: mods[r.IntN(len(mods))], Language: pick("", "fr", "en"), CPFOnly: r.IntN(3) == 0,
			Location: pick("", "paris", "Lyon", "Marseille")}
		if r.IntN(2) == 0 {
			f.Kinds = []Kind{kinds[r.IntN(len(kinds))]}
		}
		if r.IntN(2) == 0 {
			f.From, f.To = day().Time, day().Time
		}
		v := it.FilterView()
		if got, want := f.Match(&v), f.Match(&it); got != want {
			t.Fatalf("item %+v, filter %+v: Match(FilterView) = %v, Match(item) = %v", it, f, got, want)
		}
		if v.ID != it.ID || len(v.Metiers) != 1 || v.Title != "" || v.Description != "" || v.Skills != nil {
			t.Fatalf("FilterView(%s) = %+v: keeps the id and métiers only beside the filtered attributes", it.ID, v)
		}
	}
}
