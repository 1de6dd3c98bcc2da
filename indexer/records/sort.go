package records

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tremplin/tremplin/catalog/plan"
)

// SortLatestFirst orders records as lists return them: by date, latest
// first, then by id.
func SortLatestFirst(es []plan.Entretien) {
	slices.SortFunc(es, func(a, b plan.Entretien) int {
		if c := b.Date.Compare(a.Date.Time); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// SortVersions orders versions of records by id, then version.
func SortVersions(es []plan.Entretien) {
	slices.SortFunc(es, func(a, b plan.Entretien) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.Version, b.Version)
	})
}
