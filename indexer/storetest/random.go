package storetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/tremplin/tremplin/catalog"
)

// pick returns one of xs at random.
func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

// maybe returns a pointer to a random whole number under below, or nil half the time.
func maybe(rng *rand.Rand, below int) *float64 {
	if rng.IntN(2) == 0 {
		return nil
	}
	return ptr(float64(rng.IntN(below)))
}

// randomRecords makes n items ("r-NNN") with every attribute a filter reads
// drawn at random, and random vectors.
func randomRecords(rng *rand.Rand, n int) []catalog.Record {
	recs := make([]catalog.Record, n)
	for i := range recs {
		it := catalog.Item{
			ID:            fmt.Sprintf("r-%03d", i),
			Kind:          pick(rng, catalog.Kinds...),
			Title:         "Élément aléatoire",
			Active:        rng.IntN(8) != 0,
			PriceEUR:      maybe(rng, 3000),
			DurationHours: maybe(rng, 400),
			Modality:      pick(rng, "", catalog.ModalityPresentiel, catalog.ModalityDistanciel, catalog.ModalityHybride),
			Language:      pick(rng, "", "fr", "en"),
			Location:      pick(rng, "", "Paris", "paris", "Lyon", "Lille"),
			CPFEligible:   rng.IntN(2) == 0,
		}
		if it.Kind == catalog.KindMentoring && rng.IntN(5) != 0 {
			it.Mentor = &catalog.Mentor{Name: "Mentor", Capacity: rng.IntN(4), CurrentMentees: rng.IntN(4)}
		}
		if it.Kind == catalog.KindMission && rng.IntN(5) != 0 {
			it.Mission = randomMission(rng)
		}
		recs[i] = catalog.Record{Item: it, Hash: "h", Vector: noisy(rng, 1)}
	}
	return recs
}

func randomMission(rng *rand.Rand) *catalog.Mission {
	base := day("2026-01-01")
	m := &catalog.Mission{}
	start := base.AddDate(0, 0, rng.IntN(365))
	if rng.IntN(6) != 0 {
		m.StartDate = catalog.Date{Time: start}
	}
	if rng.IntN(6) != 0 {
		m.EndDate = catalog.Date{Time: start.AddDate(0, 0, rng.IntN(120))}
	}
	return m
}

// randomFilters returns filters setting each constraint about a third of
// the time, with bounds at odd hours and in another time zone.
func randomFilters() []catalog.Filter {
	rng := rand.New(rand.NewPCG(27, 18))
	paris := time.FixedZone("CEST", 2*3600)
	fs := make([]catalog.Filter, 60)
	for i := range fs {
		f := catalog.Filter{IncludeInactive: rng.IntN(4) == 0, CPFOnly: rng.IntN(3) == 0}
		if rng.IntN(3) == 0 {
			f.Kinds = []catalog.Kind{pick(rng, catalog.Kinds...), pick(rng, catalog.Kinds...)}
		}
		if rng.IntN(3) == 0 {
			f.MaxPriceEUR = ptr(float64(rng.IntN(3000)))
		}
		if rng.IntN(3) == 0 {
			f.MaxHours = ptr(float64(rng.IntN(400)))
		}
		if rng.IntN(3) == 0 {
			f.Modality = pick(rng, catalog.ModalityPresentiel, catalog.ModalityDistanciel, catalog.ModalityHybride)
		}
		if rng.IntN(3) == 0 {
			f.Language = pick(rng, "fr", "en")
		}
		if rng.IntN(3) == 0 {
			f.Location = pick(rng, "Paris", "PARIS", "lyon", "Marseille")
		}
		if rng.IntN(2) == 0 {
			f.From = time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), 0, 0, 0, paris)
		}
		if rng.IntN(2) == 0 {
			f.To = time.Date(2026, time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), 30, 0, 0, time.UTC)
		}
		fs[i] = f
	}
	return fs
}
