package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, the only browser the tests use.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts a fresh headless Chromium for one test. Without
// Chromium the test is skipped, except in CI (CI=true) where it fails.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: CI must install Debian's chromium package (%v)", chromiumPath, err)
		}
		t.Skipf("browser test skipped: %s is missing (apt-get install chromium)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// The French UI of Chromium (Debian's chromium-l10n) and a French
		// process locale: date inputs then read jj/mm/aaaa, as users see them.
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.Env("LANG=fr_FR.UTF-8", "LANGUAGE=fr"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	var problems []string
	watched := make(chan struct{})
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		<-watched
		for _, p := range problems {
			t.Errorf("the page reported: %s", p)
		}
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		close(watched)
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	go watchPage(ctx, &problems, watched)
	locale, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Intl.DateTimeFormat().resolvedOptions().locale`))
	if err != nil {
		t.Fatalf("read the browser's locale: %v", err)
	}
	if !strings.HasPrefix(locale, "fr") {
		t.Fatalf("Chromium runs in the locale %q, not French: date inputs would read mm/dd/yyyy (install Debian's chromium-l10n)", locale)
	}
	return ctx
}

// watchPage collects, until ctx ends, the JavaScript exceptions and the
// console errors of the pages (CSP violations among them; failed network
// requests are left out: the tests cause 401, 403 and 422 on purpose).
func watchPage(ctx context.Context, problems *[]string, done chan<- struct{}) {
	defer close(done)
	exceptions := chromedp.Events(ctx, cdpruntime.ExceptionThrown)
	entries := chromedp.Events(ctx, cdplog.EntryAdded)
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		*problems = append(*problems, "cannot watch the console: "+err.Error())
		return
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	wg.Go(func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			mu.Lock()
			*problems = append(*problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
			mu.Unlock()
		}
	})
	for ev, err := range entries {
		if err != nil {
			break
		}
		if e := ev.Entry; e.Level == cdplog.EntryLevelError && e.Source != cdplog.EntrySourceNetwork {
			mu.Lock()
			*problems = append(*problems, fmt.Sprintf("console %s error at %s: %s", e.Source, e.URL, e.Text))
			mu.Unlock()
		}
	}
	wg.Wait()
}

// browserSession is a browser driving a test server.
type browserSession struct {
	ctx   context.Context
	base  string
	shots *screenshots
}

// newBrowserSession starts a server over real stores (keys as for
// ParseKeys) and a fresh Chromium.
func newBrowserSession(t *testing.T, keys string) *browserSession {
	srv := newWebServer(t, keys)
	return &browserSession{ctx: newBrowser(t), base: srv.URL, shots: newScreenshots(t)}
}

// screenshots saves screenshots of the viewport under the test's temp dir and,
// when TREMPLIN_UPDATE_SCREENSHOTS=1, as docs/screenshots/<name>.png.
type screenshots struct {
	dir, docs string
}

func newScreenshots(t *testing.T) *screenshots {
	s := &screenshots{dir: t.TempDir()}
	if os.Getenv("TREMPLIN_UPDATE_SCREENSHOTS") == "1" {
		root, err := repoRoot()
		if err != nil {
			t.Fatal(err)
		}
		s.docs = filepath.Join(root, "docs", "screenshots")
		if err := os.MkdirAll(s.docs, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func (s *screenshots) take(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // the viewport: what a person sees first
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	for _, dir := range []string{s.dir, s.docs} {
		if dir == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("screenshot %s: %s", name, filepath.Join(s.dir, name+".png"))
}

// repoRoot walks up from the working directory to the directory holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// stepTimeout bounds one step of a browser test (a wait for an element).
const stepTimeout = 30 * time.Second

// do runs browser steps and fails the test with what the page shows.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		t.Fatalf("%s: %v\npage shows: %.800s", what, err, pageText(ctx))
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v\npage shows: %.800s", what, err, pageText(ctx))
	}
	return v
}

// pageText is the text of the page's main element, for failure messages.
func pageText(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	s, _ := chromedp.Run(sctx, chromedp.Evaluate[string](`document.querySelector('main') ? document.querySelector('main').innerText : document.body.innerText`))
	return s
}

// signIn signs in through the sign-in page reached at next.
func signIn(t *testing.T, ctx context.Context, base, key, next string) {
	t.Helper()
	do(t, ctx, "sign in",
		chromedp.Navigate(base+next),
		chromedp.WaitVisible(chromedp.CSS("#cle")),
		chromedp.SendKeys(chromedp.CSS("#cle"), key),
		chromedp.Submit(chromedp.CSS("#cle")),
	)
	waitJS(t, ctx, "signed in", `location.pathname !== '/connexion' && document.readyState === 'complete'`)
}

// textOf returns the text of the first element matching the CSS selector
// sel (read by JavaScript: DOM node ids go stale across page loads).
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	q, err := json.Marshal(sel)
	if err != nil {
		t.Fatal(err)
	}
	text := eval[*string](t, ctx, `(() => { const n = document.querySelector(`+string(q)+`); return n ? n.innerText : null; })()`)
	if text == nil {
		t.Fatalf("no element %s; page shows: %.800s", sel, pageText(ctx))
	}
	return *text
}

// eval evaluates JavaScript in the page.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	return get(t, ctx, "evaluate "+js, chromedp.Evaluate[T](js))
}

// waitJS waits until the page is loaded and the JavaScript expression js
// is true, across page loads (a chromedp Poll fails when the page navigates).
func waitJS(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	var err error
	for time.Now().Before(deadline) {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		var ok bool
		ok, err = chromedp.Run(sctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && (`+js+`)`))
		cancel()
		if ok && err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: %s never became true (last error: %v)\npage shows: %.800s", what, js, err, pageText(ctx))
}

// waitFile waits for a downloaded file to appear.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("download %s did not appear", path)
	return nil
}

// allowDownloads saves downloads into dir.
func allowDownloads(t *testing.T, ctx context.Context, dir string) {
	t.Helper()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
}

// pressKey presses a key in the focused element: key down and up, without
// the "char" event of SendKeys (whose Enter submits forms by itself).
func pressKey(key string, code int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: key, Code: key, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// pressEnter presses Enter in the focused element.
var pressEnter = pressKey("Enter", 13)

// contains fails unless s holds every part.
func contains(t *testing.T, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s lacks %q; it is:\n%.1500s", what, p, s)
		}
	}
}
