package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// badInput is one request the server must refuse with a 4xx (or, for text
// that merely looks like query syntax or SQL, serve as plain text).
type badInput struct {
	name        string
	method      string
	target      string
	contentType string
	body        string
	status      int
	code        string // error.code; "" for 2xx
	field       string // error.field; "" when the whole request is at fault
}

const (
	recoURL = "/api/v1/recommendations"
	jsonCT  = "application/json"
	ndjson  = "application/x-ndjson"
)

// reco wraps fields into a recommendation body.
func reco(fields string) string { return "{" + fields + "}" }

// skills returns a JSON list of n skills.
func skills(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = "compétence " + string(rune('a'+i%26))
	}
	b, _ := json.Marshal(s)
	return string(b)
}

func recommendationBadInputs() []badInput {
	return []badInput{
		{"malformed JSON", "POST", recoURL, jsonCT, `{"projet": "x" "y"}`, 400, "invalid_request", ""},
		{"truncated JSON", "POST", recoURL, jsonCT, `{"projet": "devenir chef",`, 400, "invalid_request", ""},
		{"empty body", "POST", recoURL, jsonCT, ``, 400, "invalid_request", ""},
		{"null body", "POST", recoURL, jsonCT, `null`, 400, "invalid_request", "projet"},
		{"array body", "POST", recoURL, jsonCT, `[]`, 400, "invalid_request", ""},
		{"two objects", "POST", recoURL, jsonCT, `{"projet":"chef"} {}`, 400, "invalid_request", ""},
		{"trailing brace", "POST", recoURL, jsonCT, `{"projet":"chef"}}`, 400, "invalid_request", ""},
		{"trailing bracket", "POST", recoURL, jsonCT, `{"projet":"chef"}]`, 400, "invalid_request", ""},
		{"oversized body", "POST", recoURL, jsonCT, reco(`"projet":"` + strings.Repeat("a", 1<<20+10) + `"`), 413, "body_too_large", ""},
		{"unknown field", "POST", recoURL, jsonCT, reco(`"projet":"chef","skills":["Excel"]`), 400, "invalid_request", "skills"},
		{"unknown nested field", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"budget":3}`), 400, "invalid_request", "budget"},
		{"10,000 desired skills", "POST", recoURL, jsonCT, reco(`"desired_skills":` + skills(10_000)), 400, "invalid_request", "desired_skills"},
		{"10,000 current skills", "POST", recoURL, jsonCT, reco(`"projet":"chef","current_skills":` + skills(10_000)), 400, "invalid_request", "current_skills"},
		{"skill too long", "POST", recoURL, jsonCT, reco(`"desired_skills":["` + strings.Repeat("é", 201) + `"]`), 400, "invalid_request", "desired_skills[0]"},
		{"empty skill", "POST", recoURL, jsonCT, reco(`"projet":"chef","desired_skills":["Excel",""]`), 400, "invalid_request", "desired_skills[1]"},
		{"no projet nor skill", "POST", recoURL, jsonCT, reco(`"projet":"   "`), 400, "invalid_request", "projet"},
		{"projet too long", "POST", recoURL, jsonCT, reco(`"projet":"` + strings.Repeat("é", 2001) + `"`), 400, "invalid_request", "projet"},
		{"current role too long", "POST", recoURL, jsonCT, reco(`"projet":"chef","current_role":"` + strings.Repeat("a", 201) + `"`), 400, "invalid_request", "current_role"},
		{"negative per_kind", "POST", recoURL, jsonCT, reco(`"projet":"chef","per_kind":-1`), 400, "invalid_request", "per_kind"},
		{"per_kind too large", "POST", recoURL, jsonCT, reco(`"projet":"chef","per_kind":51`), 400, "invalid_request", "per_kind"},
		{"per_kind not an integer", "POST", recoURL, jsonCT, reco(`"projet":"chef","per_kind":1.5`), 400, "invalid_request", "per_kind"},
		{"per_kind huge", "POST", recoURL, jsonCT, reco(`"projet":"chef","per_kind":1e30`), 400, "invalid_request", "per_kind"},
		{"invalid UTF-8 in projet", "POST", recoURL, jsonCT, reco("\"projet\":\"chef \xff\xfe\""), 400, "invalid_request", ""},
		{"projet a number", "POST", recoURL, jsonCT, reco(`"projet":5`), 400, "invalid_request", "projet"},
		{"skills a string", "POST", recoURL, jsonCT, reco(`"projet":"chef","desired_skills":"Excel"`), 400, "invalid_request", "desired_skills"},
		{"per_kind a string", "POST", recoURL, jsonCT, reco(`"projet":"chef","per_kind":"3"`), 400, "invalid_request", "per_kind"},
		{"explain a string", "POST", recoURL, jsonCT, reco(`"projet":"chef","explain":"oui"`), 400, "invalid_request", "explain"},
		{"constraints a list", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":[]`), 400, "invalid_request", "constraints"},
		{"max price a string", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"max_price_eur":"cher"}`), 400, "invalid_request", "constraints.max_price_eur"},
		{"negative max price", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"max_price_eur":-1}`), 400, "invalid_request", "constraints.max_price_eur"},
		{"negative max hours", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"max_hours":-0.5}`), 400, "invalid_request", "constraints.max_hours"},
		{"invalid kind", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"kinds":["formation","cours"]}`), 400, "invalid_request", "constraints.kinds[1]"},
		{"kind a number", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"kinds":[1]}`), 400, "invalid_request", "constraints.kinds"},
		{"invalid modality", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"modality":"avion"}`), 400, "invalid_request", "constraints.modality"},
		{"language too long", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"language":"français de France"}`), 400, "invalid_request", "constraints.language"},
		{"location too long", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"location":"` + strings.Repeat("x", 101) + `"}`), 400, "invalid_request", "constraints.location"},
		{"end before start", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"from":"2026-09-01","to":"2026-08-01"}`), 400, "invalid_request", "constraints.to"},
		{"date in French order", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"from":"01/09/2026"}`), 400, "invalid_request", "constraints.from"},
		{"date a number", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"from":"2026-09-01","to":20260901}`), 400, "invalid_request", "constraints.to"},
		{"impossible date", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"to":"2026-02-30"}`), 400, "invalid_request", "constraints.to"},
		{"only query syntax +-~", "POST", recoURL, jsonCT, reco(`"projet":"+-~"`), 400, "invalid_request", "projet"},
		{"only query syntax *:*", "POST", recoURL, jsonCT, reco(`"projet":"*:* ^ \" ( ) { } [ ]"`), 400, "invalid_request", "projet"},
		// Text that looks like query syntax or SQL but holds words is a
		// projet like any other: served, as plain text.
		{"Bleve field syntax as text", "POST", recoURL, jsonCT, reco(`"projet":"title:* devenir responsable de maintenance"`), 200, "", ""},
		{"unbalanced quote as text", "POST", recoURL, jsonCT, reco(`"projet":"\"devenir chef d'équipe"`), 200, "", ""},
		{"SQL fragment as text", "POST", recoURL, jsonCT, reco(`"projet":"'; DROP TABLE items; --","desired_skills":["' OR 1=1 --"]`), 200, "", ""},
	}
}

func itemsQueryBadInputs() []badInput {
	get := func(name, query string, status int, code, field string) badInput {
		return badInput{"items query: " + name, "GET", "/api/v1/items?" + query, "", "", status, code, field}
	}
	return []badInput{
		get("limit=0", "limit=0", 400, "invalid_request", "limit"),
		get("limit=1000", "limit=1000", 400, "invalid_request", "limit"),
		get("limit=-1", "limit=-1", 400, "invalid_request", "limit"),
		get("limit not a number", "limit=dix", 400, "invalid_request", "limit"),
		get("offset=-1", "offset=-1", 400, "invalid_request", "offset"),
		get("offset huge", "offset=99999999999999999999", 400, "invalid_request", "offset"),
		get("invalid kind", "kind=formation&kind=cours", 400, "invalid_request", "kind"),
		get("invalid modality", "modality=avion", 400, "invalid_request", "modality"),
		get("negative max price", "max_price_eur=-5", 400, "invalid_request", "max_price_eur"),
		get("NaN max price", "max_price_eur=NaN", 400, "invalid_request", "max_price_eur"),
		get("max hours not a number", "max_hours=beaucoup", 400, "invalid_request", "max_hours"),
		get("cpf_only not a boolean", "cpf_only=peut-etre", 400, "invalid_request", "cpf_only"),
		get("include_inactive not a boolean", "include_inactive=2", 400, "invalid_request", "include_inactive"),
		get("language too long", "language=fran%C3%A7ais-de-france", 400, "invalid_request", "language"),
		get("query too long", "q="+strings.Repeat("a", 501), 400, "invalid_request", "q"),
		get("invalid UTF-8 in q", "q=%ff%fe", 400, "invalid_request", "q"),
		get("truncated UTF-8 in kind", "kind=formati%C3", 400, "invalid_request", "kind"),
		get("Bleve field syntax as text", "q="+url.QueryEscape("title:*"), 200, "", ""),
		get("Bleve operators as text", "q="+url.QueryEscape("+-~"), 200, "", ""),
		get("unbalanced quote as text", "q="+url.QueryEscape(`"unbalanced`), 200, "", ""),
		get("SQL fragment as text", "q="+url.QueryEscape("'; DROP TABLE items; --"), 200, "", ""),
		{"complete without q", "GET", "/api/v1/skills", "", "", 400, "invalid_request", "q"},
		{"complete q too long", "GET", "/api/v1/metiers?q=" + strings.Repeat("a", 101), "", "", 400, "invalid_request", "q"},
		{"complete limit=0", "GET", "/api/v1/skills?q=man&limit=0", "", "", 400, "invalid_request", "limit"},
		{"complete limit=51", "GET", "/api/v1/metiers?q=man&limit=51", "", "", 400, "invalid_request", "limit"},
		{"complete invalid UTF-8", "GET", "/api/v1/skills?q=%C3%28", "", "", 400, "invalid_request", "q"},
		{"complete Bleve syntax", "GET", "/api/v1/skills?q=" + url.QueryEscape("title:*"), "", "", 200, "", ""},
		{"report limit=0", "GET", "/api/v1/reports/skill-gaps?limit=0", "", "", 400, "invalid_request", "limit"},
		{"report limit=501", "GET", "/api/v1/reports/skill-gaps?limit=501", "", "", 400, "invalid_request", "limit"},
		{"report limit not a number", "GET", "/api/v1/reports/skill-gaps?limit=tout", "", "", 400, "invalid_request", "limit"},
	}
}

func itemBadInputs() []badInput {
	const items = "/api/v1/items"
	item := func(extra string) string { return `{"id":"form-x","kind":"formation","title":"Excel"` + extra + `}` }
	return []badInput{
		{"negative price", "POST", items, jsonCT, item(`,"price_eur":-3`), 400, "invalid_item", "price_eur"},
		{"price a string", "POST", items, jsonCT, item(`,"price_eur":"cher"`), 400, "invalid_item", "price_eur"},
		{"zero duration", "POST", items, jsonCT, item(`,"duration_hours":0`), 400, "invalid_item", "duration_hours"},
		{"no title", "POST", items, jsonCT, `{"id":"form-x","kind":"formation"}`, 400, "invalid_item", "title"},
		{"unknown kind", "POST", items, jsonCT, `{"id":"form-x","kind":"cours","title":"Excel"}`, 400, "invalid_item", "kind"},
		{"unknown modality", "POST", items, jsonCT, item(`,"modality":"avion"`), 400, "invalid_item", "modality"},
		{"javascript url", "POST", items, jsonCT, item(`,"url":"javascript:alert(1)"`), 400, "invalid_item", "url"},
		{"session ends before it starts", "POST", items, jsonCT, item(`,"sessions":[{"start":"2026-09-18","end":"2026-09-14"}]`), 400, "invalid_item", "sessions[0].end"},
		{"mentoring without mentor", "POST", items, jsonCT, `{"id":"m","kind":"mentoring","title":"Mentorat"}`, 400, "invalid_item", "mentor"},
		{"negative mentor capacity", "POST", items, jsonCT, `{"id":"m","kind":"mentoring","title":"Mentorat","mentor":{"name":"Claire","capacity":-1}}`, 400, "invalid_item", "mentor.capacity"},
		{"mission ends before it starts", "POST", items, jsonCT, `{"id":"mi","kind":"mission","title":"Mission","mission":{"start_date":"2026-09-01","end_date":"2026-08-01"}}`, 400, "invalid_item", "mission.end_date"},
		{"malformed item", "POST", items, jsonCT, `{"id":"form-x",`, 400, "invalid_item", ""},
		{"item as a list", "POST", items, jsonCT, `[` + item("") + `]`, 400, "invalid_item", ""},
		{"empty item body", "POST", items, jsonCT, ``, 400, "invalid_request", ""},
		{"invalid UTF-8 item", "POST", items, jsonCT, item(",\"description\":\"\xc3\x28\""), 400, "invalid_request", ""},
		{"oversized item", "POST", items, jsonCT, item(`,"description":"` + strings.Repeat("a", 1<<20) + `"`), 413, "body_too_large", ""},
		{"existing id", "POST", items, jsonCT, `{"id":"form-management","kind":"formation","title":"Doublon"}`, 409, "conflict", "id"},
		{"PUT with another id", "PUT", items + "/form-management", jsonCT, item(""), 400, "invalid_request", "id"},
		{"PUT negative price", "PUT", items + "/form-x", jsonCT, item(`,"price_eur":-1`), 400, "invalid_item", "price_eur"},
		{"GET unknown id", "GET", items + "/absent", "", "", 404, "not_found", ""},
		{"GET invalid UTF-8 id", "GET", items + "/%ff", "", "", 404, "not_found", ""},
		{"GET SQL id", "GET", items + "/" + url.PathEscape("x'; DROP TABLE items; --"), "", "", 404, "not_found", ""},
		{"DELETE unknown id", "DELETE", items + "/absent", "", "", 404, "not_found", ""},
		{"PATCH not allowed", "PATCH", items, jsonCT, item(""), 405, "method_not_allowed", ""},
		{"unknown route", "GET", "/api/v1/formations", "", "", 404, "not_found", ""},
	}
}

func importBadInputs() []badInput {
	const imp = "/api/v1/items:import"
	good := `{"id":"a","kind":"formation","title":"A"}`
	return []badInput{
		{"bad line", "POST", imp, ndjson, good + "\n" + `{"id":"b","kind":"formation","title":"B","price_eur":-3}` + "\n", 422, "invalid_catalog", ""},
		{"malformed line", "POST", imp, ndjson, good + "\n{\"id\":\n", 422, "invalid_catalog", ""},
		{"bad CSV row", "POST", imp, "text/csv", "id,kind,title,price_eur\na,formation,A,10\nb,formation,B,-3\n", 422, "invalid_catalog", ""},
		{"truncated JSON array", "POST", imp, jsonCT, `[` + good + `,`, 422, "invalid_catalog", ""},
		{"invalid UTF-8 file", "POST", imp, ndjson, "{\"id\":\"a\",\"kind\":\"formation\",\"title\":\"\xff\"}\n", 400, "invalid_request", ""},
		{"unknown content type", "POST", imp, "application/xml", "<items/>", 415, "unsupported_format", "format"},
		{"no content type", "POST", imp, "", good, 415, "unsupported_format", "format"},
		{"unknown format parameter", "POST", imp + "?format=xml", ndjson, good, 415, "unsupported_format", "format"},
		{"format parameter with a path", "POST", imp + "?format=" + url.QueryEscape("x/../a.csv"), ndjson, good, 415, "unsupported_format", "format"},
		{"empty file", "POST", imp, ndjson, "", 400, "invalid_request", ""},
		{"skip_invalid not a boolean", "POST", imp + "?skip_invalid=peut-etre", ndjson, good, 400, "invalid_request", "skip_invalid"},
	}
}

// methodBadInputs are made-up or unused HTTP methods: refused, and counted
// in /metrics under method="other" (TestMetricsCardinality).
func methodBadInputs() []badInput {
	return []badInput{
		{"made-up method on a route", "BREW", "/api/v1/items", "", "", 405, "method_not_allowed", ""},
		{"made-up method on no route", "XYZZY", "/api/v1/nulle-part", "", "", 404, "not_found", ""},
		{"long made-up method", strings.Repeat("M", 200), "/api/v1/items/form-x", "", "", 405, "method_not_allowed", ""},
		{"PATCH an item", "PATCH", "/api/v1/items/form-x", jsonCT, `{}`, 405, "method_not_allowed", ""},
		{"include_inactive is not a boolean", "GET", "/api/v1/items?include_inactive=peut-etre", "", "", 400, "invalid_request", "include_inactive"},
	}
}

// hostBadInput is a request sent with a Host header of its own to a
// server in open demo mode.
type hostBadInput struct {
	badInput
	host string
}

// hostBadInputs are Host headers an open server must refuse (DNS rebinding).
func hostBadInputs() []hostBadInput {
	item := `{"id":"form-rebind","kind":"formation","title":"Rebind"}`
	return []hostBadInput{
		{badInput{"rebound Host writes", "POST", "/api/v1/items", jsonCT, item, 421, "host_not_allowed", ""}, "evil.example:8080"},
		{badInput{"rebound Host deletes", "DELETE", "/api/v1/items/form-management", "", "", 421, "host_not_allowed", ""}, "evil.example"},
		{badInput{"Host suffixed like localhost", "GET", "/api/v1/items", "", "", 421, "host_not_allowed", ""}, "localhost.evil.example"},
		{badInput{"Host 0.0.0.0", "GET", "/api/v1/items", "", "", 421, "host_not_allowed", ""}, "0.0.0.0:8080"},
		{badInput{"Host private address", "GET", "/api/v1/items", "", "", 421, "host_not_allowed", ""}, "192.168.1.10:8080"},
		{badInput{"Host loopback", "GET", "/api/v1/items", "", "", 200, "", ""}, "127.0.0.1:8080"},
	}
}

// dataBadInputs are the classes of issue 10 about data: huge finite
// numbers, ids with separators, duplicate keys, in every way in.
func dataBadInputs() []badInput {
	const items, imp = "/api/v1/items", "/api/v1/items:import"
	item := func(extra string) string { return `{"id":"form-x","kind":"formation","title":"Excel"` + extra + `}` }
	withID := func(id string) string { return `{"id":` + strconv.Quote(id) + `,"kind":"formation","title":"Excel"}` }
	return []badInput{
		{"huge finite price", "POST", items, jsonCT, item(`,"price_eur":1.797e308`), 400, "invalid_item", "price_eur"},
		{"price above the cap", "POST", items, jsonCT, item(`,"price_eur":1000000.5`), 400, "invalid_item", "price_eur"},
		{"huge finite duration", "POST", items, jsonCT, item(`,"duration_hours":1e300`), 400, "invalid_item", "duration_hours"},
		{"PUT huge finite price", "PUT", items + "/form-x", jsonCT, item(`,"price_eur":1e308`), 400, "invalid_item", "price_eur"},
		{"import huge finite price", "POST", imp, ndjson, item(`,"price_eur":1.797e308`) + "\n", 422, "invalid_catalog", ""},
		{"import CSV huge duration", "POST", imp, "text/csv", "id,kind,title,duration_hours\na,formation,A,1e12\n", 422, "invalid_catalog", ""},
		{"id with slashes and dots", "POST", items, jsonCT, withID("a/b/../x"), 400, "invalid_item", "id"},
		{"id climbing to a page", "POST", items, jsonCT, withID("../deconnexion"), 400, "invalid_item", "id"},
		{"id with a backslash", "POST", items, jsonCT, withID(`a\b`), 400, "invalid_item", "id"},
		{"id with a question mark", "POST", items, jsonCT, withID("a?b"), 400, "invalid_item", "id"},
		{"id with a hash", "POST", items, jsonCT, withID("a#b"), 400, "invalid_item", "id"},
		{"id dot", "POST", items, jsonCT, withID("."), 400, "invalid_item", "id"},
		{"id dot dot", "POST", items, jsonCT, withID(".."), 400, "invalid_item", "id"},
		{"import id with a slash", "POST", imp, ndjson, withID("x/../y") + "\n", 422, "invalid_catalog", ""},
		{"import CSV id dot dot", "POST", imp, "text/csv", "id,kind,title\n..,formation,A\n", 422, "invalid_catalog", ""},
		{"duplicate item key", "POST", items, jsonCT, item(`,"price_eur":-1,"price_eur":10`), 400, "invalid_item", "price_eur"},
		{"duplicate nested item key", "POST", items, jsonCT, `{"id":"m","kind":"mentoring","title":"M","mentor":{"name":"L","name":"M"}}`, 400, "invalid_item", "mentor.name"},
		{"PUT duplicate id key", "PUT", items + "/form-x", jsonCT, `{"id":"form-x","kind":"formation","title":"E","id":"autre"}`, 400, "invalid_item", "id"},
		{"import duplicate key", "POST", imp, ndjson, item(`,"title":"Word"`) + "\n", 422, "invalid_catalog", ""},
		{"import JSON array duplicate key", "POST", imp, jsonCT, `[{"id":"a","kind":"mission","title":"A","kind":"formation"}]`, 422, "invalid_catalog", ""},
		{"duplicate projet", "POST", recoURL, jsonCT, reco(`"projet":"chef","projet":"autre"`), 400, "invalid_request", "projet"},
		{"duplicate projet in another case", "POST", recoURL, jsonCT, reco(`"projet":"chef","Projet":"autre"`), 400, "invalid_request", "Projet"},
		{"duplicate skills with a long s", "POST", recoURL, jsonCT, reco(`"projet":"chef","desired_skills":["SQL"],"deſired_skills":["Excel"]`), 400, "invalid_request", "deſired_skills"},
		{"duplicate constraint", "POST", recoURL, jsonCT, reco(`"projet":"chef","constraints":{"max_hours":10,"max_hours":1000}`), 400, "invalid_request", "constraints.max_hours"},
	}
}

func allBadInputs() []badInput {
	var all []badInput
	for _, group := range [][]badInput{recommendationBadInputs(), itemsQueryBadInputs(), itemBadInputs(), importBadInputs(), methodBadInputs(), dataBadInputs()} {
		all = append(all, group...)
	}
	return all
}

func TestBadInput(t *testing.T) {
	env := newTestEnv(t, Options{RatePerSecond: 1e6, Burst: 1e6}, nil)
	runBadInputs(t, env, keyLDAdmin, allBadInputs())
	open := newTestEnv(t, Options{Keys: &Keys{}, RatePerSecond: 1e6, Burst: 1e6}, nil)
	for _, tc := range hostBadInputs() {
		t.Run(tc.name, func(t *testing.T) {
			status, body := hostCall(t, open, tc.method, tc.target, tc.host, tc.body)
			if status != tc.status {
				t.Fatalf("Host %s, %s %s: status = %d, want %d; body: %.300s", tc.host, tc.method, tc.target, status, tc.status, body)
			}
			if status >= 400 {
				checkErrorBody(t, body, tc.code, tc.field)
			}
		})
	}
}

// TestBadInputRealStack runs the same table against the real stores (Bleve
// on disk, embedded vector store, local embedder, demo catalog): query
// syntax and SQL reach a real text index there.
func TestBadInputRealStack(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the demo catalog")
	}
	env := &testEnv{srv: newWebServer(t, allKeys, Options{RatePerSecond: 1e6, Burst: 1e6})}
	var rows []badInput
	for _, tc := range allBadInputs() {
		if tc.name == "existing id" { // an id of the fake catalog
			continue
		}
		rows = append(rows, tc)
	}
	runBadInputs(t, env, webKeyLD, rows)
}

func runBadInputs(t *testing.T, env *testEnv, key string, rows []badInput) {
	t.Helper()
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := env.call(t, tc.method, tc.target, key, tc.contentType, []byte(tc.body))
			if status != tc.status {
				t.Fatalf("%s %.80s: status = %d, want %d; body: %.300s", tc.method, tc.target, status, tc.status, body)
			}
			if status < 400 {
				return
			}
			checkErrorBody(t, body, tc.code, tc.field)
			if tc.field == "" && errorField(body) != "" {
				t.Errorf("error.field = %q, want none", errorField(body))
			}
		})
	}
}

// TestImportProblemsByLine: a rejected import lists every problem with its
// line and field, and imports nothing.
func TestImportProblemsByLine(t *testing.T) {
	env := newTestEnv(t, Options{}, nil)
	file := `{"id":"a","kind":"formation","title":"A"}` + "\n" +
		`{"id":"b","kind":"formation","title":"B","price_eur":-3}` + "\n" +
		`{"id":"c","kind":"cours","title":"C"}` + "\n"
	status, _, body := env.call(t, http.MethodPost, "/api/v1/items:import", keyLDAdmin, ndjson, []byte(file))
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d, want 422; body: %s", status, body)
	}
	var got errorBody
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	type where struct {
		Line  int
		Field string
		ID    string
	}
	var places []where
	for _, d := range got.Error.Details {
		places = append(places, where{d.Line, d.Field, d.ID})
	}
	want := []where{{2, "price_eur", "b"}, {3, "kind", "c"}}
	if len(places) != len(want) || places[0] != want[0] || places[1] != want[1] {
		t.Errorf("problems at %+v, want %+v", places, want)
	}
	if _, err := env.catalog.Item(t.Context(), "a"); err == nil {
		t.Error("item a was imported although the file had problems")
	}
	status, _, body = env.call(t, http.MethodPost, "/api/v1/items:import?skip_invalid=true", keyLDAdmin, ndjson, []byte(file))
	if status != http.StatusOK || !strings.Contains(string(body), `"imported":1,"created":1,"updated":0,"unchanged":0,"skipped":2`) {
		t.Fatalf("skip_invalid: status = %d, body %s; want 200 with 1 imported, 2 skipped", status, body)
	}
	if _, err := env.catalog.Item(t.Context(), "a"); err != nil {
		t.Errorf("item a not imported with skip_invalid: %v", err)
	}
}

// errorField returns error.field of an error body.
func errorField(body []byte) string {
	var e errorBody
	if json.Unmarshal(body, &e) != nil || e.Error == nil {
		return ""
	}
	return e.Error.Field
}

// TestQuerySyntaxIsText: on the real text index, query syntax in q is
// searched as text — never a match-all, never an error.
func TestQuerySyntaxIsText(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the demo catalog")
	}
	env := &testEnv{srv: newWebServer(t, allKeys, Options{RatePerSecond: 1e6, Burst: 1e6})}
	total := func(t *testing.T, q string) int {
		t.Helper()
		status, _, body := env.call(t, http.MethodGet, "/api/v1/items?limit=1&q="+url.QueryEscape(q), webKeyEmployee, "", nil)
		if status != http.StatusOK {
			t.Fatalf("q=%q: status %d; body %s", q, status, body)
		}
		var page itemsPage
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	all := total(t, "")
	if all < 10 {
		t.Fatalf("the demo catalog lists %d items", all)
	}
	for _, q := range []string{"title:*", "*", "*:*", "+-~", `"unbalanced`, "/.*/", "kind:formation", "_all:*", "id:*", "a OR b OR c", "'; DROP TABLE items; --", "' OR '1'='1", "{{.}}", "\\"} {
		t.Run(q, func(t *testing.T) {
			if n := total(t, q); n >= all {
				t.Errorf("q=%q matches %d items of %d: query syntax was interpreted", q, n, all)
			}
		})
	}
}
