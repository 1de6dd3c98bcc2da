package storetest

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer"
)

// along returns the unit vector at angle theta (radians) from the first
// axis, in the plane of the first two axes.
func along(theta float64) []float32 {
	v := make([]float32, Dims)
	v[0] = float32(math.Cos(theta))
	v[1] = float32(math.Sin(theta))
	return v
}

func scaled(v []float32, s float32) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x * s
	}
	return out
}

func cos(theta float64) float64 { return math.Cos(theta) }

func nanValue() float64 { return math.NaN() }

func infValue() float64 { return math.Inf(1) }

func ptr(f float64) *float64 { return &f }

func date(s string) catalog.Date {
	d, err := catalog.ParseDate(s)
	if err != nil {
		panic(err) // fixtures only hold valid literals
	}
	return d
}

// rec makes a record for it with hash "h-<id>" and a vector at angle theta.
func rec(it catalog.Item, theta float64) catalog.Record {
	return catalog.Record{Item: it, Hash: "h-" + it.ID, Vector: along(theta)}
}

func formation(id string) catalog.Item {
	return catalog.Item{ID: id, Kind: catalog.KindFormation, Title: "Formation " + id, Active: true}
}

func mission(id, start, end string) catalog.Item {
	it := catalog.Item{ID: id, Kind: catalog.KindMission, Title: "Mission " + id, Active: true}
	m := &catalog.Mission{Department: "DSI"}
	m.StartDate = date(start)
	m.EndDate = date(end)
	it.Mission = m
	return it
}

func mentor(id string, capacity, current int) catalog.Item {
	return catalog.Item{
		ID: id, Kind: catalog.KindMentoring, Title: "Mentorat " + id, Active: true,
		Mentor: &catalog.Mentor{Name: "Camille " + id, Capacity: capacity, CurrentMentees: current},
	}
}

// richRecords sets every field the stores must keep, in ids whose byte
// order differs from a case-insensitive order.
func richRecords() []catalog.Record {
	form := catalog.Item{
		ID: "form-1", Kind: catalog.KindFormation, Title: "Développeur Go",
		Description: "Concevoir des services en Go.", Skills: []string{"Go", "SQL"},
		Level: "5", Language: "fr", Location: "Lyon", Provider: "Organisme", URL: "https://example.org/go",
		Tags: []string{"dev"}, Domain: "informatique", DurationHours: ptr(35), Modality: catalog.ModalityHybride,
		PriceEUR: ptr(1490.5), CPFEligible: true, Active: true, Metiers: []string{"M1805"},
		Sessions: []catalog.Session{{Start: date("2026-03-02"), End: date("2026-03-06"), Location: "Lyon"}},
	}
	cert := catalog.Item{
		ID: "cert-rncp-1", Kind: catalog.KindCertification, Title: "Titre RNCP Concepteur développeur",
		CertificationCode: "RNCP37873", VAEEligible: true, CPFEligible: true, Active: true,
		Blocs: []catalog.Bloc{{Code: "BC01", Title: "Développer", Skills: []string{"Go"}}},
	}
	ment := mentor("mentor-1", 3, 1)
	ment.Mentor.JobTitle, ment.Mentor.Department = "Architecte", "DSI"
	ment.Mentor.Languages = []string{"fr", "en"}
	miss := mission("mission-1", "2026-01-05", "2026-06-30")
	miss.Mission.TimeSharePct = 20
	upper := formation("A-1")
	upper.Active = false
	return []catalog.Record{
		rec(form, 0.1), rec(cert, 0.2), rec(ment, 0.3), rec(miss, 0.4), rec(upper, 0.5), rec(formation("a-1"), 0.6),
	}
}

func upsert(t *testing.T, s indexer.VectorStore, recs ...catalog.Record) {
	t.Helper()
	if err := s.Upsert(t.Context(), recs); err != nil {
		t.Fatalf("Upsert(%d records): %v", len(recs), err)
	}
}

func search(t *testing.T, s indexer.VectorStore, vec []float32, f catalog.Filter, k int) []catalog.Scored {
	t.Helper()
	got, err := s.Search(t.Context(), vec, f, k)
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	return got
}

func ids(sc []catalog.Scored) []string {
	out := []string{}
	for _, s := range sc {
		out = append(out, s.ID)
	}
	return out
}

func assertSearch(t *testing.T, s indexer.VectorStore, vec []float32, f catalog.Filter, k int, want []string) {
	t.Helper()
	got := ids(search(t, s, vec, f, k))
	if diff := cmp.Diff(want, got, equateEmpty); diff != "" {
		t.Errorf("Search(k=%d, filter %+v) ids (-want +got):\n%s", k, f, diff)
	}
}

// state is what a store observably holds.
type state struct {
	Items  []catalog.Item
	Hashes map[string]string
	Near   []string
}

func snapshot(t *testing.T, s indexer.VectorStore) state {
	t.Helper()
	items, err := s.Items(t.Context())
	if err != nil {
		t.Fatalf("Items: %v", err)
	}
	hashes, err := s.Hashes(t.Context())
	if err != nil {
		t.Fatalf("Hashes: %v", err)
	}
	return state{Items: items, Hashes: hashes, Near: ids(search(t, s, along(0), catalog.Filter{IncludeInactive: true}, 100))}
}
