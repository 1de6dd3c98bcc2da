package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tremplin/tremplin/catalog"
	"github.com/tremplin/tremplin/catalog/referentiel"
	"github.com/tremplin/tremplin/recommender"
)

// API keys of the test server, one per role.
const (
	keyEmployee = "cle-employe-0123456789"
	keyManager  = "cle-manager-0123456789"
	keyLDAdmin  = "cle-rh-admin-0123456789"
)

// fakeRecommender suggests the catalog items whose title or skills share a
// word with the request, grouped by kind, honouring kinds and per_kind.
type fakeRecommender struct {
	catalog *fakeCatalog
	// degraded makes every answer degraded, as when the embedder is down.
	degraded bool
}

func (r *fakeRecommender) Recommend(ctx context.Context, req recommender.Request) (recommender.Response, error) {
	words := strings.Fields(strings.ToLower(req.Projet + " " + strings.Join(req.DesiredSkills, " ")))
	perKind := req.PerKind
	if perKind == 0 {
		perKind = recommender.DefaultPerKind
	}
	resp := recommender.Response{
		Goal:        recommender.Goal{Target: "devenir responsable de maintenance", GapSkills: req.DesiredSkills},
		Suggestions: []recommender.KindSuggestions{},
		Degraded:    r.degraded,
	}
	if r.degraded {
		resp.Notice = "La recherche sémantique est indisponible."
	}
	items, _, err := r.catalog.Browse(ctx, "", req.Constraints.Filter(fixedToday), 0, 1000)
	if err != nil {
		return recommender.Response{}, err
	}
	for _, k := range catalog.Kinds {
		ks := recommender.KindSuggestions{Kind: k}
		for _, it := range items {
			text := strings.ToLower(it.Title + " " + strings.Join(it.Skills, " "))
			if it.Kind != k || len(ks.Items) == perKind || !slices.ContainsFunc(words, func(w string) bool { return len(w) > 3 && strings.Contains(text, w) }) {
				continue
			}
			s := recommender.Suggestion{ID: it.ID, Title: it.Title, Kind: it.Kind, Score: 1 / float64(len(ks.Items)+1),
				Confidence: 0.5, Pertinence: recommender.PertinenceMoyenne, Reason: "Correspond à votre projet.", Covers: it.Skills}
			if req.Explain {
				s.Breakdown = &recommender.Breakdown{TextRank: len(ks.Items) + 1, TextScore: 1, Fused: s.Score}
			}
			ks.Items = append(ks.Items, s)
		}
		if len(ks.Items) > 0 {
			resp.Suggestions = append(resp.Suggestions, ks)
			first := ks.Items[0]
			resp.Plan.Actions = append(resp.Plan.Actions, recommender.PlanAction{Kind: k, ID: first.ID, Title: first.Title,
				Covers: []string{}, Reason: "Première étape de votre plan."})
		}
	}
	return resp, nil
}

// fakeCatalog keeps items in memory; Browse matches q as a substring of the
// title, case-insensitively, and lists items by id.
type fakeCatalog struct {
	mu    sync.Mutex
	items map[string]catalog.Item
}

func newFakeCatalog(items ...catalog.Item) *fakeCatalog {
	c := &fakeCatalog{items: map[string]catalog.Item{}}
	for _, it := range items {
		c.items[it.ID] = it
	}
	return c
}

func (c *fakeCatalog) Item(_ context.Context, id string) (catalog.Item, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it, ok := c.items[id]
	if !ok {
		return catalog.Item{}, catalog.ErrNotFound
	}
	return it, nil
}

func (c *fakeCatalog) Browse(_ context.Context, q string, f catalog.Filter, offset, limit int) ([]catalog.Item, int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var match []catalog.Item
	for _, it := range c.items {
		if f.Match(&it) && strings.Contains(strings.ToLower(it.Title), strings.ToLower(q)) {
			match = append(match, it)
		}
	}
	sort.Slice(match, func(i, j int) bool { return match[i].ID < match[j].ID })
	total := len(match)
	match = match[min(offset, total):min(offset+limit, total)]
	return match, total, nil
}

func (c *fakeCatalog) Put(_ context.Context, items ...catalog.Item) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, it := range items {
		c.items[it.ID] = it
	}
	return nil
}

func (c *fakeCatalog) Create(_ context.Context, it catalog.Item) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[it.ID]; ok {
		return catalog.ErrConflict
	}
	c.items[it.ID] = it
	return nil
}

func (c *fakeCatalog) Remove(_ context.Context, ids ...string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		delete(c.items, id)
	}
	return nil
}

// fakeDemand counts requested skills and reports every counted skill with
// the number of catalog items listing it; it counts the first métier of
// answers without suggestions.
type fakeDemand struct {
	mu      sync.Mutex
	counts  map[string]int
	metiers []catalog.MetierDemand
	catalog *fakeCatalog
}

func (d *fakeDemand) Record(_ context.Context, _ recommender.Request, resp recommender.Response, _ string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range resp.Goal.GapSkills {
		d.counts[s]++
	}
	if len(resp.Goal.Metiers) > 0 && !slices.ContainsFunc(resp.Suggestions, func(k recommender.KindSuggestions) bool { return len(k.Items) > 0 }) {
		m := resp.Goal.Metiers[0]
		d.metiers = append(d.metiers, catalog.MetierDemand{Code: m.Code, Label: m.Label, Requests: 1})
	}
	return nil
}

func (d *fakeDemand) Report(ctx context.Context, q recommender.GapQuery) (recommender.GapReport, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	limit := q.Limit
	if limit == 0 {
		limit = 1 << 20
	}
	items, _, _ := d.catalog.Browse(ctx, "", catalog.Filter{}, 0, 1000)
	out := []catalog.SkillGap{}
	for s, n := range d.counts {
		cov := 0
		for _, it := range items {
			if slices.Contains(it.Skills, s) {
				cov++
			}
		}
		out = append(out, catalog.SkillGap{Skill: s, Requests: n, Coverage: cov})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Skill < out[j].Skill })
	return recommender.GapReport{Skills: out[:min(limit, len(out))], Metiers: slices.Clone(d.metiers[:min(limit, len(d.metiers))])}, nil
}

// pingFunc is a Pinger made of a function.
type pingFunc func(ctx context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

var errDown = errors.New("connection refused")

// fixedToday is the day the fake recommender filters missions from.
var fixedToday = time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// testItems is the catalog the test server starts with.
func testItems() []catalog.Item {
	return []catalog.Item{
		{ID: "form-management", Kind: catalog.KindFormation, Title: "Manager une équipe de maintenance",
			Skills: []string{"Management d'équipe"}, DurationHours: ptr(35.0), PriceEUR: ptr(1890.0),
			Modality: catalog.ModalityHybride, CPFEligible: true, Active: true,
			Sessions: []catalog.Session{{Start: mustDate("2026-09-14"), End: mustDate("2026-09-18"), Location: "Lyon"}}},
		{ID: "cert-maintenance", Kind: catalog.KindCertification, Title: "Responsable de maintenance (RNCP)",
			CertificationCode: "RNCP35190", VAEEligible: true, Active: true,
			Blocs: []catalog.Bloc{{Code: "BC01", Title: "Organiser la maintenance", Skills: []string{"Maintenance préventive"}}}},
		{ID: "mentor-claire", Kind: catalog.KindMentoring, Title: "Mentorat en management de maintenance", Active: true,
			Mentor: &catalog.Mentor{Name: "Claire Dubois", JobTitle: "Responsable de maintenance", Capacity: 3, CurrentMentees: 1}},
		{ID: "mission-logistique", Kind: catalog.KindMission, Title: "Mission maintenance logistique", Active: true,
			Mission: &catalog.Mission{Department: "Logistique", StartDate: mustDate("2026-01-01"), EndDate: mustDate("2027-12-31"), TimeSharePct: 20}},
	}
}

func mustDate(s string) catalog.Date {
	d, err := catalog.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// testEnv is a running test server with its fakes.
type testEnv struct {
	srv     *httptest.Server
	engine  *gin.Engine
	catalog *fakeCatalog
	logs    *syncBuffer
}

// syncBuffer is a bytes.Buffer safe for the server's concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTestEnv starts a server with API keys for every role and the given
// options (Logger and Keys are set here); mutate adjusts the deps.
func newTestEnv(t *testing.T, opts Options, mutate func(*Deps)) *testEnv {
	t.Helper()
	cat := newFakeCatalog(testItems()...)
	tax, err := catalog.NewTaxonomy([]catalog.Skill{
		{ID: "management-equipe", Label: "Management d'équipe", AltLabels: []string{"Encadrement d'équipe"}, Domain: "Management"},
		{ID: "maintenance-preventive", Label: "Maintenance préventive", Domain: "Maintenance"},
		{ID: "budget-maintenance", Label: "Budget de maintenance", Domain: "Maintenance"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ref := &catalog.Referentiel{Attribution: []string{"Source : France Travail – ROME 4.0 (v460)"}, Metiers: []catalog.Metier{{Code: "I1102", Source: catalog.SourceROME,
		Label:        "Management et ingénierie de maintenance industrielle",
		Appellations: []catalog.Appellation{{Code: "38000", Label: "Responsable de maintenance"}}}}}
	deps := Deps{
		Recommender: &fakeRecommender{catalog: cat},
		Catalog:     cat,
		Skills:      tax,
		Metiers:     referentiel.NewIndex(ref),
		Attribution: ref.Attribution,
		Demand:      &fakeDemand{counts: map[string]int{}, catalog: cat},
		Ready:       map[string]Pinger{"index": pingFunc(func(context.Context) error { return nil })},
	}
	if mutate != nil {
		mutate(&deps)
	}
	logs := &syncBuffer{}
	opts.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if opts.Keys == nil {
		keys, err := ParseKeys("employee:" + keyEmployee + ",manager:" + keyManager + ",ld_admin:" + keyLDAdmin)
		if err != nil {
			t.Fatal(err)
		}
		opts.Keys = keys
	}
	h, err := NewServer(deps, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testEnv{srv: srv, engine: h.(*gin.Engine), catalog: cat, logs: logs}
}

// call sends one request with an optional API key and returns the status,
// headers and body.
func (e *testEnv) call(t *testing.T, method, target, key, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, e.srv.URL+target, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return e.send(t, req)
}

// do sends one request for route ("METHOD /spec/path") to target, letting
// setAuth add credentials.
func (e *testEnv) do(t *testing.T, route, target, contentType, body string, setAuth func(*http.Request)) (int, http.Header, []byte) {
	t.Helper()
	method, _, _ := strings.Cut(route, " ")
	req, err := http.NewRequestWithContext(t.Context(), method, e.srv.URL+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	setAuth(req)
	return e.send(t, req)
}

// send sends req through the test server's client and returns the status,
// headers and body.
func (e *testEnv) send(t *testing.T, req *http.Request) (int, http.Header, []byte) {
	t.Helper()
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// frenchMarkers are words and letters found in French messages and not in
// Go's English errors.
var frenchMarkers = []string{"é", "è", "à", "ê", "ç", "î", "ô", "«", " de ", " du ", " la ", " le ", " les ", " un ", " une ",
	" est ", " pas ", "attendu", "trop", "invalide", "requis", "inconnu", "introuvable", "mal formé", "incomplet", "entier", "nombre", "requête", "doit", "valeurs possibles", "obligatoire"}

// checkErrorBody checks that body is exactly {"error":{code,message,field?,details?}}
// with a French message, the wanted code and field ("" for any code; field
// is checked only when wantField is not ""), and no trace of Go internals.
func checkErrorBody(t *testing.T, body []byte, wantCode, wantField string) {
	t.Helper()
	var got struct {
		Error struct {
			Code    string          `json:"code"`
			Message string          `json:"message"`
			Field   string          `json:"field"`
			Details []ProblemDetail `json:"details"`
		} `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("error body is not {\"error\":{…}}: %v; body: %s", err, body)
	}
	e := got.Error
	if e.Code == "" || e.Message == "" {
		t.Errorf("error without code or message: %s", body)
	}
	if wantCode != "" && e.Code != wantCode {
		t.Errorf("error.code = %q, want %q", e.Code, wantCode)
	}
	if wantField != "" && e.Field != wantField {
		t.Errorf("error.field = %q, want %q (message %q)", e.Field, wantField, e.Message)
	}
	lower := " " + strings.ToLower(e.Message) + " "
	if !slices.ContainsFunc(frenchMarkers, func(m string) bool { return strings.Contains(lower, m) }) {
		t.Errorf("error.message %q does not read as French", e.Message)
	}
	for _, leak := range []string{"goroutine ", ".go:", "panic", "runtime.", "json: ", "strconv.", "0x"} {
		if strings.Contains(string(body), leak) {
			t.Errorf("error body shows Go internals (%q): %s", leak, body)
		}
	}
}
