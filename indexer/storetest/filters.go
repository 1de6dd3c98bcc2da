package storetest

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
)

// filterItems are placed at increasing angles from along(0), so that every
// filtered search lists its matches in this order.
func filterItems() []catalog.Record {
	f1 := formation("f1")
	f1.PriceEUR, f1.DurationHours, f1.Modality, f1.Language, f1.Location, f1.CPFEligible =
		ptr(500), ptr(35), catalog.ModalityPresentiel, "fr", "Paris", true
	f2 := formation("f2")
	f2.PriceEUR, f2.DurationHours, f2.Modality, f2.Language = ptr(2000), ptr(200), catalog.ModalityDistanciel, "en"
	f3 := formation("f3")
	f3.Modality, f3.Location, f3.CPFEligible = catalog.ModalityHybride, "Lyon", true
	c1 := catalog.Item{ID: "c1", Kind: catalog.KindCertification, Title: "Certification", Active: true}
	inactive := formation("i1")
	inactive.Active = false
	noMentor := mentor("m3", 0, 0)
	noMentor.Mentor = nil
	items := []catalog.Item{
		f1, f2, f3, c1, mentor("m1", 2, 1), mentor("m2", 1, 1), noMentor,
		mission("x1", "2026-01-01", "2026-06-30"), mission("x2", "2026-09-01", "2026-12-31"),
		{ID: "x3", Kind: catalog.KindMission, Title: "Mission sans dates", Active: true},
		inactive,
	}
	recs := make([]catalog.Record, len(items))
	for i, it := range items {
		recs[i] = rec(it, 0.1*float64(i))
	}
	return recs
}

func day(s string) time.Time { return date(s).Time }

func testFilters(t *testing.T, open Opener) {
	s := open(t, Dims)
	upsert(t, s, filterItems()...)
	tests := []struct {
		name string
		f    catalog.Filter
		want []string
	}{
		{"zero filter: active, mentors with room, any mission", catalog.Filter{},
			[]string{"f1", "f2", "f3", "c1", "m1", "x1", "x2", "x3"}},
		{"include inactive (L&D browsing): withdrawn items and full mentors too", catalog.Filter{IncludeInactive: true},
			[]string{"f1", "f2", "f3", "c1", "m1", "m2", "m3", "x1", "x2", "x3", "i1"}},
		{"kind formation", catalog.Filter{Kinds: []catalog.Kind{catalog.KindFormation}},
			[]string{"f1", "f2", "f3"}},
		{"kinds mentoring and mission", catalog.Filter{Kinds: []catalog.Kind{catalog.KindMentoring, catalog.KindMission}},
			[]string{"m1", "x1", "x2", "x3"}},
		{"max price", catalog.Filter{MaxPriceEUR: ptr(1000)},
			[]string{"f1", "f3", "c1", "m1", "x1", "x2", "x3"}},
		{"max price exactly met", catalog.Filter{MaxPriceEUR: ptr(500), Kinds: []catalog.Kind{catalog.KindFormation}},
			[]string{"f1", "f3"}},
		{"max hours", catalog.Filter{MaxHours: ptr(100), Kinds: []catalog.Kind{catalog.KindFormation}},
			[]string{"f1", "f3"}},
		{"modality", catalog.Filter{Modality: catalog.ModalityPresentiel, Kinds: []catalog.Kind{catalog.KindFormation, catalog.KindCertification}},
			[]string{"f1", "c1"}},
		{"language", catalog.Filter{Language: "fr", Kinds: []catalog.Kind{catalog.KindFormation}},
			[]string{"f1", "f3"}},
		{"location, any case, distanciel kept", catalog.Filter{Location: "PARIS", Kinds: []catalog.Kind{catalog.KindFormation}},
			[]string{"f1", "f2"}},
		{"cpf only", catalog.Filter{CPFOnly: true},
			[]string{"f1", "f3", "m1", "x1", "x2", "x3"}},
		{"missions open in summer", catalog.Filter{From: day("2026-07-01"), To: day("2026-08-31"), Kinds: []catalog.Kind{catalog.KindMission}},
			[]string{"x3"}},
		{"missions open from May", catalog.Filter{From: day("2026-05-01"), Kinds: []catalog.Kind{catalog.KindMission}},
			[]string{"x1", "x2", "x3"}},
		{"missions open until March", catalog.Filter{To: day("2026-03-01"), Kinds: []catalog.Kind{catalog.KindMission}},
			[]string{"x1", "x3"}},
		{"mission ending on the first day", catalog.Filter{From: day("2026-06-30"), To: day("2026-07-15"), Kinds: []catalog.Kind{catalog.KindMission}},
			[]string{"x1", "x3"}},
		{"nothing matches", catalog.Filter{Kinds: []catalog.Kind{catalog.KindFormation}, MaxPriceEUR: ptr(10), Location: "Lille", Modality: catalog.ModalityPresentiel},
			[]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertSearch(t, s, along(0), tt.f, 20, tt.want)
		})
	}
}

// testFilteredReturnsK hides the few matching items behind many closer ones
// that the filter rejects: an index that filters after its approximate
// search would return fewer than k.
func testFilteredReturnsK(t *testing.T, open Opener) {
	s := open(t, Dims)
	rng := rand.New(rand.NewPCG(3, 14))
	var recs []catalog.Record
	for i := range 600 {
		it := formation(fmt.Sprintf("near-%03d", i))
		switch i % 3 {
		case 0:
			it.Active = false
		case 1:
			it.Kind = catalog.KindCertification
		case 2:
			it = mentor(it.ID, 1, 1)
		}
		recs = append(recs, catalog.Record{Item: it, Hash: "h", Vector: noisy(rng, 0.05)})
	}
	for i := range 12 {
		recs = append(recs, catalog.Record{Item: formation(fmt.Sprintf("far-%02d", i)), Hash: "h", Vector: noisy(rng, 1.5)})
	}
	upsert(t, s, recs...)
	f := catalog.Filter{Kinds: []catalog.Kind{catalog.KindFormation}}
	want := bruteForce(recs, along(0), f, 10)
	assertSearch(t, s, along(0), f, 10, want)

	// Any filter: the store agrees with catalog.Filter.Match and exact cosine.
	random := randomRecords(rng, 300)
	upsert(t, s, random...)
	recs = append(recs, random...)
	all, err := s.Items(t.Context())
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	if len(all) != 612+300 {
		t.Fatalf("Items = %d, want %d", len(all), 612+300)
	}
	for i, f := range randomFilters() {
		q := noisy(rng, 1)
		want := bruteForce(recs, q, f, 15)
		got := ids(search(t, s, q, f, 15))
		if diff := gocmp.Diff(want, got, equateEmpty); diff != "" {
			t.Errorf("filter %d %+v (-want +got):\n%s", i, f, diff)
		}
	}
}

// noisy returns along(0) plus Gaussian noise of the given spread.
func noisy(rng *rand.Rand, spread float64) []float32 {
	v := along(0)
	for i := range v {
		v[i] += float32(rng.NormFloat64() * spread)
	}
	return v
}

// bruteForce is the reference search: exact cosine over every matching record.
func bruteForce(recs []catalog.Record, q []float32, f catalog.Filter, k int) []string {
	type hit struct {
		id    string
		score float64
	}
	var hits []hit
	for _, r := range recs {
		if f.Match(&r.Item) {
			hits = append(hits, hit{r.Item.ID, cosine(q, r.Vector)})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	out := []string{}
	for _, h := range hits[:min(k, len(hits))] {
		out = append(out, h.id)
	}
	return out
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}
