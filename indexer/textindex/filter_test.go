package textindex

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// TestFilterMatchesCatalog checks that the Bleve filter keeps exactly the
// items catalog.Filter.Match keeps, over random items and filters drawn
// from small value sets that hit the edges (equal bounds, missing
// attributes, case variants, times within a day).
func TestFilterMatchesCatalog(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	items := make([]catalog.Item, 400)
	recs := make([]catalog.Record, len(items))
	for i := range items {
		items[i] = randomItem(r, i)
		recs[i] = catalog.Record{Item: items[i], Hash: catalog.ContentHash(items[i])}
	}
	ix := openTemp(t)
	if err := ix.Upsert(t.Context(), recs); err != nil {
		t.Fatal(err)
	}
	q := catalog.TextQuery{Clauses: []catalog.TextClause{{Text: "commun"}}}
	for n := range 300 {
		f := randomFilter(r)
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			want := []string{}
			for i := range items {
				if f.Match(&items[i]) {
					want = append(want, items[i].ID)
				}
			}
			got, err := ix.Search(t.Context(), q, f, len(items))
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]string, len(got))
			for i, s := range got {
				ids[i] = s.ID
			}
			slices.Sort(ids)
			if diff := cmp.Diff(want, ids); diff != "" {
				t.Errorf("filter %+v: ids mismatch (-Match +Search):\n%s", f, diff)
			}
		})
	}
}

func pick[T any](r *rand.Rand, vs ...T) T { return vs[r.IntN(len(vs))] }

func ptr(v float64) *float64 { return &v }

var (
	prices     = []*float64{nil, ptr(0), ptr(500), ptr(1000), ptr(1000.5), ptr(2500)}
	locations  = []string{"", "Paris", "PARIS", "paris", "Lyon", "Saint-Étienne", "SAINT-ÉTIENNE", "ſaint"}
	languages  = []string{"", "fr", "en", "FR"}
	modalities = []catalog.Modality{"", catalog.ModalityPresentiel, catalog.ModalityDistanciel, catalog.ModalityHybride}
	days       = []string{"", "2026-01-01", "2026-03-31", "2026-04-01", "2026-06-30", "2026-12-31"}
)

func day(s string) catalog.Date {
	d, err := catalog.ParseDate(s)
	if err != nil {
		panic(err) // only the fixed values above
	}
	return d
}

func randomItem(r *rand.Rand, i int) catalog.Item {
	it := catalog.Item{
		ID:            fmt.Sprintf("it%03d", i),
		Kind:          pick(r, catalog.Kinds...),
		Title:         "Titre commun",
		Active:        r.IntN(5) > 0,
		PriceEUR:      pick(r, prices...),
		DurationHours: pick(r, prices...),
		Modality:      pick(r, modalities...),
		Language:      pick(r, languages...),
		Location:      pick(r, locations...),
		CPFEligible:   r.IntN(2) == 0,
	}
	switch r.IntN(4) {
	case 0:
		it.Mentor = &catalog.Mentor{Name: "M", Capacity: r.IntN(3), CurrentMentees: r.IntN(3)}
	case 1:
		it.Mission = &catalog.Mission{StartDate: day(pick(r, days...)), EndDate: day(pick(r, days...))}
	}
	return it
}

func randomFilter(r *rand.Rand) catalog.Filter {
	// Each constraint is set one time in three so that results are not
	// always empty.
	some := func() bool { return r.IntN(3) == 0 }
	var f catalog.Filter
	if some() {
		f.MaxPriceEUR = pick(r, append(prices, ptr(-1), ptr(math.Inf(1)), ptr(math.NaN()))...)
	}
	if some() {
		f.MaxHours = pick(r, prices...)
	}
	if some() {
		f.Modality = pick(r, modalities...)
	}
	if some() {
		f.Language = pick(r, languages...)
	}
	if some() {
		f.Location = pick(r, locations...)
	}
	f.CPFOnly, f.IncludeInactive = some(), some()
	if some() {
		for range 1 + r.IntN(2) {
			f.Kinds = append(f.Kinds, pick(r, catalog.Kinds...))
		}
	}
	offsets := []time.Duration{0, 0, time.Millisecond, time.Second, 12 * time.Hour, -time.Nanosecond}
	at := func() time.Time {
		d := day(pick(r, days...)).Time
		if d.IsZero() {
			return d
		}
		return d.Add(pick(r, offsets...))
	}
	if some() {
		f.From = at()
	}
	if some() {
		f.To = at()
	}
	return f
}
