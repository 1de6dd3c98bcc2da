package pgstate_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/pgstate"
	"github.com/tremplin/tremplin/internal/pgtest"
)

// replicas opens n handles on one fresh schema, each with its own pool, as
// n replicas on one database; the schema is dropped when the test ends.
func replicas(t *testing.T, n int) []*pgstate.DB {
	t.Helper()
	url := pgtest.URL(t)
	schema := pgtest.Schema(t, url)
	dbs := make([]*pgstate.DB, n)
	for i := range dbs {
		db, err := pgstate.Open(t.Context(), url, schema, nil)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	return dbs
}

func TestSessionsAcrossReplicas(t *testing.T) {
	dbs := replicas(t, 2)
	a, b := dbs[0].Sessions(), dbs[1].Sessions()
	ctx := t.Context()
	key := []byte("hash-of-the-cookie-0123456789abc")
	if err := a.SaveSession(ctx, key, []byte(`{"role":"manager"}`), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("SaveSession on A: %v", err)
	}
	got, err := b.LoadSession(ctx, key)
	if err != nil {
		t.Fatalf("LoadSession on B: %v", err)
	}
	if string(got) != `{"role": "manager"}` && string(got) != `{"role":"manager"}` {
		t.Errorf("LoadSession on B = %s, want the session saved on A", got)
	}
	if err := b.DeleteSession(ctx, key); err != nil {
		t.Fatalf("DeleteSession on B: %v", err)
	}
	if _, err := a.LoadSession(ctx, key); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("LoadSession on A after sign-out on B: error %v, want catalog.ErrNotFound", err)
	}
	if _, err := a.LoadSession(ctx, []byte("never-saved")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("LoadSession(unknown) error = %v, want catalog.ErrNotFound", err)
	}
}

func TestSessionsExpire(t *testing.T) {
	dbs := replicas(t, 2)
	a, b := dbs[0].Sessions(), dbs[1].Sessions()
	ctx := t.Context()
	if err := a.SaveSession(ctx, []byte("old"), []byte(`{}`), time.Now().Add(-time.Second)); err != nil {
		t.Fatalf("SaveSession: %v", err)
	}
	if _, err := b.LoadSession(ctx, []byte("old")); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("LoadSession of an expired session: error %v, want catalog.ErrNotFound", err)
	}
	// The next sign-in removes expired rows: they do not pile up.
	if err := b.SaveSession(ctx, []byte("new"), []byte(`{}`), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("SaveSession: %v", err)
	}
	if err := a.SaveSession(ctx, []byte("old"), []byte(`{"again":true}`), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("SaveSession over an expired key: %v", err)
	}
	if got, err := b.LoadSession(ctx, []byte("old")); err != nil || len(got) == 0 {
		t.Errorf("LoadSession of a renewed key = %s, %v; want it", got, err)
	}
}

// TestDemandConcurrentReplicas counts from two replicas at once: every
// increment lands, none is lost to a read-modify-write race.
func TestDemandConcurrentReplicas(t *testing.T) {
	dbs := replicas(t, 2)
	ctx := t.Context()
	may := time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*3)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := dbs[w%2].Demand()
			for range each {
				errs <- d.AddSkills(ctx, may, []string{"SQL", "Power BI"}, []string{"cpf"})
				errs <- d.AddUnknownSkill(ctx, may, "Dataviz avancée", 1)
				errs <- d.AddUnservedMetier(ctx, may, "M1403", "Data analyst")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("increment: %v", err)
		}
	}
	got, err := dbs[1].Demand().Counts(ctx, time.Time{})
	if err != nil {
		t.Fatalf("Counts: %v", err)
	}
	n := writers * each
	want := catalog.DemandCounts{
		Skills:      map[string]int{"SQL": n, "Power BI": n},
		Constrained: map[string]map[string]int{"SQL": {"cpf": n}, "Power BI": {"cpf": n}},
		Unknown:     map[string]int{"Dataviz avancée": n},
		Metiers:     []catalog.MetierDemand{{Code: "M1403", Label: "Data analyst", Requests: n}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Counts (-want +got):\n%s", diff)
	}
}

func TestDemandByMonth(t *testing.T) {
	d := replicas(t, 1)[0].Demand()
	ctx := t.Context()
	april := time.Date(2026, 4, 30, 23, 0, 0, 0, time.UTC)
	may := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	steps := []error{
		d.AddSkills(ctx, april, []string{"SQL", "SQL"}, nil),
		d.AddSkills(ctx, may, []string{"SQL"}, []string{"location", "budget"}),
		d.AddUnservedMetier(ctx, april, "M1403", "Ancien libellé"),
		d.AddUnservedMetier(ctx, may, "M1403", ""),
		d.AddUnservedMetier(ctx, may, "K2111", "Formateur"),
		d.AddUnknownSkill(ctx, may, "", 3),
		d.AddSkills(ctx, may, nil, []string{"cpf"}),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	tests := []struct {
		name  string
		since time.Time
		want  catalog.DemandCounts
	}{
		{"all", time.Time{}, catalog.DemandCounts{
			Skills:      map[string]int{"SQL": 3},
			Constrained: map[string]map[string]int{"SQL": {"location": 1, "budget": 1}},
			Unknown:     map[string]int{},
			Metiers:     []catalog.MetierDemand{{Code: "K2111", Label: "Formateur", Requests: 1}, {Code: "M1403", Label: "Ancien libellé", Requests: 2}},
		}},
		{"from may", may, catalog.DemandCounts{
			Skills:      map[string]int{"SQL": 1},
			Constrained: map[string]map[string]int{"SQL": {"location": 1, "budget": 1}},
			Unknown:     map[string]int{},
			Metiers:     []catalog.MetierDemand{{Code: "K2111", Label: "Formateur", Requests: 1}, {Code: "M1403", Requests: 1}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := d.Counts(ctx, tt.since)
			if err != nil {
				t.Fatalf("Counts: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Counts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCreateDocumentFirstWins has replicas store a document at once: all
// of them get back the same body, the first one written.
func TestCreateDocumentFirstWins(t *testing.T) {
	dbs := replicas(t, 2)
	ctx := t.Context()
	const writers = 8
	got := make([][]byte, writers)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = dbs[i%2].Documents().CreateDocument(ctx, "weights", []byte(fmt.Sprint("body ", i)))
		}()
	}
	wg.Wait()
	for i := range writers {
		if errs[i] != nil {
			t.Fatalf("writer %d: %v", i, errs[i])
		}
		if string(got[i]) != string(got[0]) {
			t.Errorf("writer %d got %q, writer 0 got %q: want one body for all", i, got[i], got[0])
		}
	}
	stored, err := dbs[1].Documents().Document(ctx, "weights")
	if err != nil || string(stored) != string(got[0]) {
		t.Errorf("Document = %q, %v; want %q", stored, err, got[0])
	}
	docs := dbs[0].Documents()
	if err := docs.PutDocument(ctx, "weights", []byte("replaced")); err != nil {
		t.Fatalf("PutDocument: %v", err)
	}
	if b, _ := dbs[1].Documents().Document(ctx, "weights"); string(b) != "replaced" {
		t.Errorf("Document after PutDocument = %q, want replaced", b)
	}
	if err := docs.DeleteDocument(ctx, "weights"); err != nil {
		t.Fatalf("DeleteDocument: %v", err)
	}
	if _, err := docs.Document(ctx, "weights"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Document after DeleteDocument: error %v, want catalog.ErrNotFound", err)
	}
}
