package recommender

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// The place asked for (Constraints.Location) is a preference, not a
// filter: what is there comes first within its kind, the rest follows
// with its distance when both places are known.

// pick keeps the n candidates of one kind to suggest: the diversified
// order of the pool, with those in the place asked for brought first
// (from anywhere in the pool, above the floor), the others after them in
// their order.
func pick(pool []*candidate, n int, place string, today time.Time) []*candidate {
	if strings.TrimSpace(place) == "" {
		return diversify(pool, n)
	}
	all := diversify(pool, len(pool))
	slices.SortStableFunc(all, func(a, b *candidate) int {
		return cmp.Compare(placeRank(&a.item, place, today), placeRank(&b.item, place, today))
	})
	return all[:min(n, len(all))]
}

// placeRank is 0 for an item in the place asked for (its location, or
// one of its sessions to come), 1 otherwise.
func placeRank(it *catalog.Item, place string, today time.Time) int {
	if s, ok := nearestSession(it, place, today); ok && catalog.SamePlace(s.Location, place) {
		return 0
	}
	if len(upcoming(it, today)) == 0 && it.Modality != catalog.ModalityDistanciel && catalog.SamePlace(it.Location, place) {
		return 0
	}
	return 1
}

// upcoming are the sessions of it that have not ended by today (all of
// them when today is unknown).
func upcoming(it *catalog.Item, today time.Time) []catalog.Session {
	var out []catalog.Session
	for _, s := range it.Sessions {
		end := s.End.Time
		if end.IsZero() {
			end = s.Start.Time
		}
		if today.IsZero() || !end.Before(today) {
			out = append(out, s)
		}
	}
	return out
}

// nearestSession is the session to come held closest to place: there,
// else the nearest known, earliest first among equals.
func nearestSession(it *catalog.Item, place string, today time.Time) (catalog.Session, bool) {
	var best catalog.Session
	bestKm, found := math.Inf(1), false
	for _, s := range upcoming(it, today) {
		km, ok := catalog.DistanceKm(s.Location, place)
		if ok && (km < bestKm || km == bestKm && s.Start.Before(best.Start.Time)) {
			best, bestKm, found = s, km, true
		}
	}
	return best, found
}

// where says in French where an item is from the place asked for: "session
// à Lyon du 3 au 5 mars 2027", "session la plus proche à Grenoble (95 km),
// le 3 mars 2027", "à Lyon", "à 390 km de Lyon". Nothing when no
// place was asked, the item is given at a distance, or a distance is not
// known.
func (rc reasonContext) where(it *catalog.Item) string {
	place := strings.TrimSpace(rc.c.Location)
	if place == "" || it.Modality == catalog.ModalityDistanciel {
		return ""
	}
	if s, ok := nearestSession(it, place, rc.today); ok {
		when := sessionDates(s)
		if catalog.SamePlace(s.Location, place) {
			return "session à " + strings.TrimSpace(s.Location) + " " + when
		}
		km, _ := catalog.DistanceKm(s.Location, place)
		return "session la plus proche à " + strings.TrimSpace(s.Location) + " (" + kmText(km) + ") " + when
	}
	if len(upcoming(it, rc.today)) > 0 {
		return ""
	}
	if catalog.SamePlace(it.Location, place) {
		return "à " + strings.TrimSpace(it.Location)
	}
	if km, ok := catalog.DistanceKm(it.Location, place); ok {
		return "à " + kmText(km) + " de " + place
	}
	return ""
}

// sessionDates gives "le 3 mars 2027" or "du 3 au 5 mars 2027".
func sessionDates(s catalog.Session) string {
	if s.End.IsZero() || s.End.Equal(s.Start.Time) {
		return "le " + frenchDate(s.Start.Time, true)
	}
	return period(s.Start.Time, s.End.Time)
}

// kmText rounds a distance for reading: "8 km", "95 km", "390 km".
func kmText(km float64) string {
	switch {
	case km >= 100:
		km = math.Round(km/10) * 10
	case km >= 20:
		km = math.Round(km/5) * 5
	default:
		km = math.Max(1, math.Round(km))
	}
	return strconv.Itoa(int(km)) + " km"
}
