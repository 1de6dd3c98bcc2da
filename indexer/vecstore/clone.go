package vecstore

import (
	"slices"

	"github.com/tremplin/tremplin/catalog"
)

// cloneItem returns a deep copy of it, sharing no memory with it, so that
// the store's state and its callers cannot change one another. A test
// fails when catalog.Item gains a reference field this function misses.
func cloneItem(it catalog.Item) catalog.Item {
	it.Skills = slices.Clone(it.Skills)
	it.Tags = slices.Clone(it.Tags)
	it.Metiers = slices.Clone(it.Metiers)
	it.Sessions = slices.Clone(it.Sessions)
	it.DurationHours = clonePtr(it.DurationHours)
	it.PriceEUR = clonePtr(it.PriceEUR)
	it.Mission = clonePtr(it.Mission)
	if it.Blocs != nil {
		it.Blocs = slices.Clone(it.Blocs)
		for i := range it.Blocs {
			it.Blocs[i].Skills = slices.Clone(it.Blocs[i].Skills)
		}
	}
	if it.Mentor != nil {
		m := *it.Mentor
		m.Languages = slices.Clone(m.Languages)
		it.Mentor = &m
	}
	return it
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
