package api

import (
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/tremplin/tremplin/catalog/entretien"
	"github.com/tremplin/tremplin/indexer/records/boltstore"
)

// The people of the entretien flow, as the identity provider knows them.
var (
	flowEmployee     = oidcPerson{sub: "u-camille", name: "Camille Lefèvre", manager: "u-julien", roles: []string{"employee"}}
	flowManager      = oidcPerson{sub: "u-julien", name: "Julien Moreau", roles: []string{"manager"}}
	flowOtherEmploye = oidcPerson{sub: "u-hugo", name: "Hugo Petit", manager: "u-sarah", roles: []string{"employee"}}
	flowOtherManager = oidcPerson{sub: "u-sarah", name: "Sarah Lambert", roles: []string{"manager"}}
)

// Unique markers typed into the projet and the bilan: the grep proof looks
// for them everywhere they must not be.
const (
	markerProjet = "ProjetMarqueurQx7Zt"
	markerBilan  = "BilanMarqueurWv3Kp"
)

// lockedBuffer collects the server's log lines from many goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// entretienEnv is Tremplin over real stores in one data directory (Bleve,
// vector store, bbolt records), with OIDC sign-in in front of mockoidc,
// logging every line (debug level) into logs.
type entretienEnv struct {
	op   *mockoidc.MockOIDC
	base string
	dir  string
	logs *lockedBuffer
}

func newEntretienEnv(t *testing.T) *entretienEnv {
	t.Helper()
	op, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.AddMiddleware(providerLoginPage); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := op.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = op.Shutdown() })
	srv := httptest.NewUnstartedServer(nil)
	base := "http://localhost:" + strings.TrimPrefix(srv.Listener.Addr().String(), "127.0.0.1:")
	logs := &lockedBuffer{}
	dir := t.TempDir()
	o := Options{
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OIDC: &OIDCConfig{Issuer: op.Issuer(), ClientID: op.ClientID, ClientSecret: op.ClientSecret,
			RedirectURL: base + "/connexion/oidc/retour"},
		Employer:      "Industries Rhône-Alpes SAS",
		RatePerSecond: 1e6, Burst: 1e6,
	}
	srv.Config.Handler = newWebHandler(t, dir, "", o, withRecordStore(t, dir))
	srv.Start()
	t.Cleanup(srv.Close)
	return &entretienEnv{op: op, base: base, dir: dir, logs: logs}
}

// flowOrg is the organisation of the flow: who manages whom, since when.
var flowOrg = StaticOrg{
	{ID: flowEmployee.sub, Name: flowEmployee.name, ManagerID: flowManager.sub, Department: "Maintenance", HireDate: hireDate("2019-04-01")},
	{ID: flowManager.sub, Name: flowManager.name, Department: "Maintenance", HireDate: hireDate("2012-09-03")},
	{ID: flowOtherEmploye.sub, Name: flowOtherEmploye.name, ManagerID: flowOtherManager.sub, Department: "Logistique", HireDate: hireDate("2024-02-12")},
	{ID: flowOtherManager.sub, Name: flowOtherManager.name, Department: "Logistique", HireDate: hireDate("2015-06-01")},
}

func hireDate(s string) entretien.Date {
	d, err := entretien.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// withRecordStore keeps the records in a bbolt store of dir, as serve
// does without DATABASE_URL, with flowOrg as the organisation.
func withRecordStore(t *testing.T, dir string) func(*Deps) {
	t.Helper()
	st, err := boltstore.Open(filepath.Join(dir, "records"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return func(d *Deps) { d.Plans, d.Org = st, flowOrg }
}

// shot takes a screenshot from the top of the page.
func shot(t *testing.T, b *browserSession, name string) {
	t.Helper()
	if !eval[bool](t, b.ctx, `document.documentElement.scrollTop = 0, window.scrollY === 0`) {
		t.Logf("could not scroll to the top")
	}
	b.shots.take(t, b.ctx, name)
}

// signInAs signs u in through the identity provider's page, landing on next.
func (e *entretienEnv) signInAs(t *testing.T, b *browserSession, u oidcPerson, next string) {
	t.Helper()
	e.op.QueueUser(u)
	do(t, b.ctx, "sign in as "+u.name,
		chromedp.Navigate(e.base+next),
		chromedp.WaitVisible(chromedp.CSS("#connexion-oidc")),
		chromedp.Click(chromedp.CSS("#connexion-oidc")),
		chromedp.WaitVisible(chromedp.CSS("#idp-ok")),
		chromedp.Click(chromedp.CSS("#idp-ok")),
	)
	waitJS(t, b.ctx, "signed in as "+u.name, `location.pathname === `+jsString(next)+` && !!document.querySelector('.who .badge')`)
}

// signOut ends the session with the header's button.
func signOut(t *testing.T, b *browserSession) {
	t.Helper()
	do(t, b.ctx, "sign out", chromedp.Click(chromedp.CSS(`.who form[action="/deconnexion"] button`)))
	waitJS(t, b.ctx, "signed out", `location.pathname === '/connexion'`)
}

// waitSaved waits for the honest save state of the entretien page.
func waitSaved(t *testing.T, b *browserSession, what string) {
	t.Helper()
	waitJS(t, b.ctx, what, `document.getElementById('etat-enregistrement').className === 'saved'`)
}

// fetchStatus is the HTTP status of a GET made by the page (its cookies).
func fetchStatus(t *testing.T, b *browserSession, path string) int {
	t.Helper()
	return get(t, b.ctx, "GET "+path, chromedp.Evaluate[int](`fetch(`+jsString(path)+`, {credentials: 'same-origin'}).then(r => r.status)`, chromedp.EvalAwaitPromise))
}

// TestBrowserEntretienFlow is the whole life of a saved plan d'action in
// Chromium, over real HTTP, mockoidc and a bbolt record store: the employee
// prepares the entretien (projet, bilan, three suggestions, one free
// action) and saves; her manager finds her in the team view, comments,
// changes a status and signs; she signs; the record prints as the document
// given to her and exports as Markdown; another employee and another
// manager get 404 on it. axe checks every new page; screenshots at desktop
// and phone widths. Then the grep proof: the projet and bilan never reach
// a log line, /metrics, the text index or the vector store.
func TestBrowserEntretienFlow(t *testing.T) {
	e := newEntretienEnv(t)
	b := &browserSession{ctx: newBrowser(t), base: e.base, shots: newScreenshots(t)}
	downloads := t.TempDir()
	allowDownloads(t, b.ctx, downloads)

	// 1. The employee prepares.
	e.signInAs(t, b, flowEmployee, "/entretiens")
	waitJS(t, b.ctx, "list loaded", `document.getElementById('etat-liste').textContent !== 'Chargement…'`)
	checkAxe(t, b, "/entretiens")
	do(t, b.ctx, "start an entretien", chromedp.Click(chromedp.CSS("#creer-entretien")))
	waitJS(t, b.ctx, "the new entretien", `/^\/entretiens\/[^/]+$/.test(location.pathname) && !document.getElementById('corps-entretien').hidden`)
	recordPath := eval[string](t, b.ctx, `location.pathname`)
	do(t, b.ctx, "write the bilan and the projet",
		chromedp.SendKeys(chromedp.CSS("#bilan"), "Deux ans sur la ligne 3. "+markerBilan),
		chromedp.SendKeys(chromedp.CSS("#projet"), "Je veux devenir responsable de maintenance et encadrer une équipe. "+markerProjet),
		chromedp.SendKeys(chromedp.CSS("#questions"), "Puis-je suivre une formation sur mon temps de travail ?"),
	)
	do(t, b.ctx, "look up the target métier", chromedp.SendKeys(chromedp.CSS("#metier-vise"), "maintenance"))
	waitJS(t, b.ctx, "métiers proposed", `document.querySelectorAll('#metiers-proposes option').length > 0`)
	metierChosen := eval[string](t, b.ctx, `(() => { const v = document.querySelector('#metiers-proposes option').value;
		const n = document.getElementById('metier-vise'); n.value = v; n.dispatchEvent(new Event('input', {bubbles: true})); return v; })()`)
	if !regexp.MustCompile(`^.+ \([^()\s]+\)$`).MatchString(metierChosen) {
		t.Fatalf("métier proposed = %q, want \"Label (CODE)\"", metierChosen)
	}
	if got := textOf(t, b.ctx, "#etat-enregistrement"); got != "Modifications non enregistrées." {
		t.Errorf("save state after typing = %q, want the unsaved state", got)
	}
	do(t, b.ctx, "ask for suggestions", chromedp.Click(chromedp.CSS("#chercher-suggestions")))
	waitJS(t, b.ctx, "suggestions", `document.querySelectorAll('.add-suggestion').length >= 3`)
	for i := range 3 {
		do(t, b.ctx, "add a suggestion", chromedp.Click(chromedp.CSS(`.add-suggestion:not(.added)`)))
		waitJS(t, b.ctx, "the suggestion in the plan", `document.querySelectorAll('#liste-actions li.action').length === `+string(rune('1'+i)))
	}
	do(t, b.ctx, "add a free action",
		chromedp.SendKeys(chromedp.CSS("#action-libre"), "Bilan de compétences avec le CEP"),
		chromedp.Click(chromedp.CSS("#ajouter-libre")))
	waitJS(t, b.ctx, "four actions", `document.querySelectorAll('#liste-actions li.action').length === 4`)
	do(t, b.ctx, "save", chromedp.Click(chromedp.CSS("#enregistrer")))
	waitSaved(t, b, "saved by the employee")
	// Another tab saves in between: this page's save is refused, and says so.
	status := get(t, b.ctx, "save from another tab", chromedp.Evaluate[int](`(async () => {
		const r = await fetch('/api/v1'+location.pathname, {credentials: 'same-origin'});
		const e = await r.json();
		const body = {version: e.version, type: e.type, date: e.date, bilan: e.bilan, projet: e.projet,
			target_metier: e.target_metier ? e.target_metier.code : '',
			questions: 'Puis-je suivre une formation sur mon temps de travail ? Et le CPF ?',
			actions: e.actions.map(a => a.item ? {id: a.id, status: a.status} : {id: a.id, title: a.title, status: a.status})};
		const w = await fetch('/api/v1'+location.pathname, {method: 'PUT', credentials: 'same-origin',
			headers: {'Content-Type': 'application/json', 'X-Tremplin-CSRF': '1'}, body: JSON.stringify(body)});
		return w.status; })()`, chromedp.EvalAwaitPromise))
	if status != http.StatusOK {
		t.Fatalf("save from another tab: status %d", status)
	}
	do(t, b.ctx, "save a stale version", chromedp.SendKeys(chromedp.CSS("#bilan"), " Encore."), chromedp.Click(chromedp.CSS("#enregistrer")))
	waitJS(t, b.ctx, "the conflict said", `document.getElementById('etat-enregistrement').textContent === 'Modifié entre-temps : rechargez.' && !document.getElementById('recharger').hidden`)
	if got := eval[bool](t, b.ctx, `document.getElementById('signer').hidden`); !got {
		t.Error("the sign button is offered on a stale record")
	}
	do(t, b.ctx, "reload", chromedp.Click(chromedp.CSS("#recharger")))
	waitSaved(t, b, "reloaded")
	if got := eval[string](t, b.ctx, `document.getElementById('questions').value`); !strings.Contains(got, "Et le CPF") {
		t.Errorf("after reloading, questions = %q, want the other tab's", got)
	}
	checkAxe(t, b, recordPath+" (employee)")
	shot(t, b, "entretien-salarie")
	do(t, b.ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload())
	waitSaved(t, b, "reloaded on a phone")
	if got := eval[string](t, b.ctx, `document.getElementById('projet').value`); !strings.Contains(got, markerProjet) {
		t.Errorf("the projet after a reload = %q: not saved on the server", got)
	}
	shot(t, b, "entretien-salarie-telephone")
	checkAxe(t, b, recordPath+" (phone)")
	do(t, b.ctx, "desktop", chromedp.EmulateViewport(1366, 900))
	signOut(t, b)

	// 2. The manager finds her in the team view, comments, follows an action up and signs.
	e.signInAs(t, b, flowManager, "/equipe")
	waitJS(t, b.ctx, "team loaded", `!!document.querySelector('#corps-equipe tr[data-employee="u-camille"]')`)
	contains(t, "the team row", textOf(t, b.ctx, `#corps-equipe tr[data-employee="u-camille"]`), "Camille Lefèvre")
	checkAxe(t, b, "/equipe")
	shot(t, b, "equipe")
	do(t, b.ctx, "open her entretien", chromedp.Click(chromedp.CSS(`#corps-equipe tr[data-employee="u-camille"] a`)))
	waitJS(t, b.ctx, "her entretien", `location.pathname === `+jsString(recordPath)+` && !document.getElementById('corps-entretien').hidden`)
	if got := eval[string](t, b.ctx, `document.getElementById('bilan').value`); !strings.Contains(got, markerBilan) {
		t.Errorf("the manager sees the bilan %q", got)
	}
	do(t, b.ctx, "validate the first action",
		chromedp.SetValue(chromedp.CSS("#a0-statut"), "validee"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('a0-statut').dispatchEvent(new Event('change'))`),
		chromedp.Click(chromedp.CSS("#enregistrer")))
	waitSaved(t, b, "status saved")
	do(t, b.ctx, "comment",
		chromedp.SendKeys(chromedp.CSS("#commentaire"), "Très bon projet : on vise la formation en 2027."),
		chromedp.Click(chromedp.CSS("#ajouter-commentaire")))
	waitJS(t, b.ctx, "comment saved", `document.querySelectorAll('#liste-commentaires li.comment').length === 1 && document.getElementById('etat-enregistrement').className === 'saved'`)
	do(t, b.ctx, "sign as manager", chromedp.Click(chromedp.CSS("#signer")))
	waitJS(t, b.ctx, "signed by the manager", `document.getElementById('signer').hidden && /Manager[^:]*: signé/.test(document.getElementById('liste-signatures').innerText)`)
	shot(t, b, "entretien-manager")
	signOut(t, b)

	// 3. The employee signs: read-only but for the follow-up.
	e.signInAs(t, b, flowEmployee, recordPath)
	waitJS(t, b.ctx, "loaded", `!document.getElementById('corps-entretien').hidden`)
	if got := eval[string](t, b.ctx, `document.getElementById('a0-statut').value`); got != "validee" {
		t.Errorf("status of the first action = %q, want validee (the manager's change)", got)
	}
	do(t, b.ctx, "sign as employee", chromedp.Click(chromedp.CSS("#signer")))
	waitJS(t, b.ctx, "signed by both", `!document.getElementById('lecture-seule').hidden && document.getElementById('projet').readOnly`)
	do(t, b.ctx, "follow an action up",
		chromedp.SetValue(chromedp.CSS("#a1-statut"), "en_cours"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('a1-statut').dispatchEvent(new Event('change'))`),
		chromedp.Click(chromedp.CSS("#enregistrer")))
	waitSaved(t, b, "follow-up saved after signing")
	checkAxe(t, b, recordPath+" (signed)")
	shot(t, b, "entretien-signe")

	// 4. The record prints and exports.
	do(t, b.ctx, "print page", chromedp.Navigate(e.base+recordPath+"/imprimer"))
	waitJS(t, b.ctx, "document shown", `!document.getElementById('document').hidden`)
	doc := textOf(t, b.ctx, "#document")
	contains(t, "the printed record", doc, "Industries Rhône-Alpes SAS", "Camille Lefèvre", "Julien Moreau", "Entretien de parcours professionnel",
		"Bilan de compétences avec le CEP", "validée", "en cours", markerProjet, markerBilan, "Très bon projet", "Signé le",
		"Métier visé : "+metierChosen)
	if strings.Contains(doc, "Document provisoire") {
		t.Error("the signed record prints as provisional")
	}
	checkAxe(t, b, recordPath+"/imprimer")
	shot(t, b, "entretien-imprimer")
	do(t, b.ctx, "phone print", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload())
	waitJS(t, b.ctx, "document shown", `!document.getElementById('document').hidden`)
	shot(t, b, "entretien-imprimer-telephone")
	do(t, b.ctx, "desktop", chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(e.base+recordPath))
	waitSaved(t, b, "loaded")
	do(t, b.ctx, "export Markdown", chromedp.Click(chromedp.CSS("#exporter-md")))
	mdFile := waitDownload(t, downloads, ".md")
	contains(t, "the Markdown record", mdFile, "# Entretien de parcours professionnel", "Camille Lefèvre", "Julien Moreau",
		"Bilan de compétences avec le CEP", markerProjet, "Manager (Julien Moreau) : signé le")
	signOut(t, b)

	// 5. Nobody else sees it: 404 on the page's record and on the API.
	apiPath := "/api/v1" + recordPath
	for _, u := range []oidcPerson{flowOtherEmploye, flowOtherManager} {
		e.signInAs(t, b, u, "/entretiens")
		if got := fetchStatus(t, b, apiPath); got != http.StatusNotFound {
			t.Errorf("%s reads %s: status %d, want 404", u.name, apiPath, got)
		}
		if got := fetchStatus(t, b, recordPath); got != http.StatusNotFound {
			t.Errorf("%s opens %s: status %d, want 404", u.name, recordPath, got)
		}
		do(t, b.ctx, "open the record", chromedp.Navigate(e.base+recordPath))
		waitJS(t, b.ctx, "not found", `document.body.innerText.includes('introuvable')`)
		if strings.Contains(pageText(b.ctx), markerProjet) {
			t.Errorf("%s sees the projet", u.name)
		}
		signOut(t, b)
	}

	// 6. The grep proof.
	grepProof(t, e, markerProjet, markerBilan)
}

// waitFor polls ok until it is true, for up to stepTimeout.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s never came", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitDownload waits for a downloaded file ending in ext in dir.
func waitDownload(t *testing.T, dir, ext string) string {
	t.Helper()
	var found string
	waitFor(t, "a download", func() bool {
		matches, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(matches) == 1 {
			found = matches[0]
			return true
		}
		return false
	})
	return string(waitFile(t, found))
}

// grepProof fails if a marker is in a log line, in /metrics, or in a file
// of the text index or the vector store of the data directory.
func grepProof(t *testing.T, e *entretienEnv, markers ...string) {
	t.Helper()
	logs := e.logs.String()
	if !strings.Contains(logs, `"msg":"web sign-in"`) {
		t.Fatalf("the server's log was not captured: %.300s", logs)
	}
	resp, err := http.Get(e.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(metrics) == 0 {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	var indexFiles int
	for _, sub := range []string{"text.bleve", "vectors"} {
		root := filepath.Join(e.dir, sub)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			indexFiles++
			for _, m := range markers {
				if bytes.Contains(b, []byte(m)) || bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(m))) {
					t.Errorf("%s holds the marker %s", path, m)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", root, err)
		}
	}
	if indexFiles == 0 {
		t.Fatal("no index file found: the grep proof looked nowhere")
	}
	// The control: the record store of the same directory does hold them,
	// so a search that finds nothing elsewhere is not a blind one.
	var held bool
	_ = filepath.WalkDir(e.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, filepath.Join(e.dir, "text.bleve")) || strings.HasPrefix(path, filepath.Join(e.dir, "vectors")) {
			return err
		}
		if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(markers[0])) {
			held = true
		}
		return nil
	})
	if !held {
		t.Errorf("no file of %s holds %s: the record was not saved there, or the search is blind", e.dir, markers[0])
	}
	for _, m := range markers {
		for i, line := range strings.Split(logs, "\n") {
			if strings.Contains(strings.ToLower(line), strings.ToLower(m)) {
				t.Errorf("log line %d holds the marker %s: %.300s", i+1, m, line)
			}
		}
		if bytes.Contains(bytes.ToLower(metrics), []byte(strings.ToLower(m))) {
			t.Errorf("/metrics holds the marker %s", m)
		}
	}
	t.Logf("grep proof: %d log bytes, %d metrics bytes, %d index files", len(logs), len(metrics), indexFiles)
}

// TestBrowserManagerPreparesEntretien: from the team view a manager opens
// a draft entretien for her report, and lands on its page, as its manager.
func TestBrowserManagerPreparesEntretien(t *testing.T) {
	e := newEntretienEnv(t)
	b := &browserSession{ctx: newBrowser(t), base: e.base, shots: newScreenshots(t)}
	e.signInAs(t, b, flowManager, "/equipe")
	row := `#corps-equipe tr[data-employee="u-camille"]`
	waitJS(t, b.ctx, "team loaded", `!!document.querySelector('`+row+`')`)
	do(t, b.ctx, "prepare her entretien", chromedp.Click(chromedp.CSS(row+` button[data-prepare]`)))
	waitJS(t, b.ctx, "the new entretien", `/^\/entretiens\/[^/]+$/.test(location.pathname) && !document.getElementById('corps-entretien').hidden`)
	contains(t, "the entretien's heading", textOf(t, b.ctx, "h1"), "Camille Lefèvre")
	contains(t, "the parties", textOf(t, b.ctx, "main"), "vous êtes son manager")
	checkAxe(t, b, "/entretiens/{id} (opened by the manager)")
}
