package api

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/indexer/demand"
	"github.com/tremplin/tremplin/recommender"
)

// catalogItems lists a fake catalog for the gap reporter.
type catalogItems struct{ c *fakeCatalog }

func (l catalogItems) Items(ctx context.Context) ([]catalog.Item, error) {
	items, _, err := l.c.Browse(ctx, "", catalog.Filter{}, 0, 1000)
	return items, err
}

// TestUnservedMetiersReport: requests that get no suggestion at all count
// their target métier, by code and label, in the file of demand counts;
// the report API and the Lacunes page show them, and neither the file nor
// the page holds the projet's words.
func TestUnservedMetiersReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demand.json")
	counts, err := demand.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	env := newTestEnv(t, Options{}, func(d *Deps) {
		d.Recommender = scriptedAnswers()
		d.Demand = recommender.NewGapReporter(counts, catalogItems{d.Catalog.(*fakeCatalog)}, d.Skills.(*catalog.Taxonomy), nil)
	})
	cookie := sessionFor(t, env.srv.URL, keyLDAdmin)
	_, _, page := webCall(t, http.MethodGet, env.srv.URL+"/catalogue/lacunes", "", http.Header{"Cookie": {cookie}})
	contains(t, "empty Lacunes page", page, "Aucune demande enregistrée sur cette période")

	for _, projet := range []string{projetNothing, projetServed, projetNothing} {
		body, _ := json.Marshal(recommender.Request{Projet: projet})
		if status, _, b := env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, body); status != http.StatusOK {
			t.Fatalf("recommend %q: status %d: %s", projet, status, b)
		}
	}
	status, _, body := env.call(t, http.MethodGet, "/api/v1/reports/skill-gaps", keyLDAdmin, "", nil)
	if status != http.StatusOK {
		t.Fatalf("report: status %d: %s", status, body)
	}
	var report gapReport
	if err := json.Unmarshal(body, &report); err != nil {
		t.Fatal(err)
	}
	want := []catalog.MetierDemand{{Code: "J1506", Label: "Soins infirmiers généralistes", Requests: 2}}
	if diff := cmp.Diff(want, report.MetiersWithoutOffer); diff != "" {
		t.Errorf("metiers_without_offer (-want +got):\n%s", diff)
	}
	checkExchange(t, env, loadSpec(t), exchange{"GET /api/v1/reports/skill-gaps", "/api/v1/reports/skill-gaps?limit=5", keyLDAdmin, "", "", 200})

	_, _, page = webCall(t, http.MethodGet, env.srv.URL+"/catalogue/lacunes", "", http.Header{"Cookie": {cookie}})
	contains(t, "Lacunes page", page, "<h2 id=\"titre-metiers-sans-offre\" class=\"report-section\">Métiers demandés sans offre</h2>",
		`<tr><th scope="row">Soins infirmiers généralistes</th><td>J1506</td><td class="num">2</td></tr>`,
		`<th scope="row">Management d&#39;équipe</th>`) // the skills of the served request
	if err := counts.Flush(); err != nil {
		t.Fatal(err)
	}
	stored, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, where := range []struct{ name, text string }{{"demand file", string(stored)}, {"Lacunes page", page}} {
		for _, secret := range []string{nurse.Matched, "Aide-soignante", projetServed} {
			if strings.Contains(where.text, secret) {
				t.Errorf("the %s holds the projet's words %q", where.name, secret)
			}
		}
	}
}

// TestLacunesPageWithoutUnservedMetiers: with skill demand only, the page
// says no request went without offer.
func TestLacunesPageWithoutUnservedMetiers(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	env.call(t, http.MethodPost, recoURL, keyEmployee, jsonCT, []byte(`{"desired_skills":["Management d'équipe"]}`))
	_, _, page := webCall(t, http.MethodGet, env.srv.URL+"/catalogue/lacunes", "", http.Header{"Cookie": {sessionFor(t, env.srv.URL, keyLDAdmin)}})
	contains(t, "Lacunes page", page, `id="table-lacunes"`, "Métiers demandés sans offre", "Aucune demande restée sans offre sur cette période.")
	if strings.Contains(page, `id="table-metiers-sans-offre"`) {
		t.Error("the page shows an empty table of métiers without offer")
	}
}
