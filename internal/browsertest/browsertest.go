package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpemulation "github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The viewport widths the tests check, in CSS pixels.
const (
	// Phone is a phone's width (an iPhone 12 to 15).
	Phone = 390
	// Desktop is a laptop's.
	Desktop = 1280
)

// RebindHost is a host name the browser resolves to 127.0.0.1, as a
// DNS-rebinding attacker's name would.
const RebindHost = "rebind.test"

// DefaultChromium is where Debian's chromium package puts the browser.
const DefaultChromium = "/usr/bin/chromium"

// stepTimeout bounds each step a test asks of the browser.
const stepTimeout = 30 * time.Second

// Flags are the command-line flags the browser starts with (besides a
// fresh --user-data-dir): headless, no sandbox (containers run as root),
// no GPU, and nothing that would reach the network by itself.
var Flags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--no-default-browser-check",
	"--host-resolver-rules=MAP " + RebindHost + " 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"}

// ExecPath returns the browser to run: $BACKTRACK_CHROMIUM, else
// /usr/bin/chromium, else chromium on PATH; an error saying how to install
// it when there is none.
func ExecPath() (string, error) {
	if p := os.Getenv("BACKTRACK_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("BACKTRACK_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat(DefaultChromium); err == nil {
		return DefaultChromium, nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("no chromium at " + DefaultChromium + " or on PATH (Debian: apt-get install chromium; or set BACKTRACK_CHROMIUM)")
}

// Required reports whether a missing browser fails the tests
// (BACKTRACK_REQUIRE_BROWSER=1) rather than skipping them.
func Required() bool { return os.Getenv("BACKTRACK_REQUIRE_BROWSER") == "1" }

// shared is the test binary's one browser.
var shared struct {
	once    sync.Once
	err     error
	ctx     context.Context // the browser's chromedp context
	cancel  func()
	dataDir string
}

// start starts the shared browser once.
func start() error {
	shared.once.Do(func() {
		path, err := ExecPath()
		if err != nil {
			shared.err = err
			return
		}
		dir, err := os.MkdirTemp("", "backtrack-chromium-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dataDir = dir
		opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.UserDataDir(dir)}
		for _, f := range Flags {
			name, value, hasValue := strings.Cut(strings.TrimPrefix(f, "--"), "=")
			if hasValue {
				opts = append(opts, chromedp.Flag(name, value))
			} else {
				opts = append(opts, chromedp.Flag(name, true))
			}
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelCtx := chromedp.NewContext(alloc)
		shared.ctx = ctx
		shared.cancel = func() { cancelCtx(); cancelAlloc() }
		if err := chromedp.Do(ctx); err != nil { // starts the browser
			shared.err = fmt.Errorf("start %s: %w", path, err)
		}
	})
	return shared.err
}

// Main runs the tests of m and then closes the browser, if one was
// started; it returns m.Run's code. Call it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	Close()
	return code
}

// Close closes the shared browser and removes its profile.
func Close() {
	if shared.cancel != nil {
		shared.cancel()
		shared.cancel = nil
	}
	if shared.dataDir != "" {
		os.RemoveAll(shared.dataDir)
		shared.dataDir = ""
	}
}

// Tab is one tab of the shared browser, in a browser context of its own
// (its own cookies and storage), closed when its test ends.
type Tab struct {
	t     testing.TB
	ctx   context.Context
	width int

	mu   sync.Mutex
	logs []string
}

// New opens a tab for t, starting the browser on the first call. Without
// a browser it skips t, or fails it when Required.
func New(t testing.TB) *Tab {
	t.Helper()
	if err := start(); err != nil {
		if Required() {
			t.Fatalf("browser test: %v (BACKTRACK_REQUIRE_BROWSER=1)", err)
		}
		t.Skipf("browser test skipped: %v", err)
	}
	ctx, cancel := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	tab := &Tab{t: t, ctx: ctx}
	t.Cleanup(cancel)
	err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				msg = fmt.Sprintf("%s %s: %s", e.Entry.Level, e.Entry.Source, e.Entry.Text)
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value))
				}
				msg = fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " "))
			}
		}
		if msg != "" {
			tab.mu.Lock()
			tab.logs = append(tab.logs, msg)
			tab.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("browser tab: %v", err)
	}
	tab.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{})
		return err
	}))
	return tab
}

// Context is the tab's chromedp context, for actions this package does not
// wrap; bound each step with context.WithTimeout from it.
func (tab *Tab) Context() context.Context { return tab.ctx }

// Do runs steps in order, each within 30 s, and fails the test at the
// first error.
func (tab *Tab) Do(steps ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	for i, s := range steps {
		ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
		err := chromedp.Do(ctx, s)
		cancel()
		if err != nil {
			tab.t.Fatalf("browser step %d of %d: %v", i+1, len(steps), err)
		}
	}
}

// Eval evaluates a JavaScript expression in tab's page and returns its
// value decoded into T, failing the test on an error.
func Eval[T any](tab *Tab, expr string) T {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tab.t.Fatalf("evaluate %q: %v", expr, err)
	}
	return v
}

// Viewport sets the page's width in CSS pixels (Phone, Desktop), with a
// height to match, at a device scale of 1; Phone also emulates a touch
// screen in portrait.
func (tab *Tab) Viewport(width int) {
	tab.t.Helper()
	height := int64(900)
	var opts []chromedp.EmulateViewportOption
	if width <= Phone {
		height = 844
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tab.width = width
	tab.Do(chromedp.EmulateViewport(int64(width), height, opts...))
}

// Navigate loads url, waits for the page to be ready and returns the HTTP
// status of the main response (0 for a file or a failed load).
func (tab *Tab) Navigate(url string) int {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		tab.t.Fatalf("navigate to %s: %v", url, err)
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// URL is the page's address.
func (tab *Tab) URL() string {
	return Eval[string](tab, "location.href")
}

// Text is the page's visible text (document.body.innerText).
func (tab *Tab) Text() string {
	return Eval[string](tab, "document.body ? document.body.innerText : ''")
}

// NoHorizontalScroll fails the test (without stopping it) when the page is
// wider than the viewport, naming the widest elements that stick out.
func (tab *Tab) NoHorizontalScroll() {
	tab.t.Helper()
	type over struct {
		Scroll, Client int
		Wide           []string
	}
	o := Eval[over](tab, `(() => {
		const se = document.scrollingElement || document.documentElement;
		const cw = se.clientWidth;
		const wide = [];
		for (const el of document.querySelectorAll('body *')) {
			const r = el.getBoundingClientRect();
			if (r.right > cw + 0.5 && wide.length < 5) {
				wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).split(' ').join('.') : '') + ' right=' + Math.round(r.right));
			}
		}
		return {Scroll: se.scrollWidth, Client: cw, Wide: wide};
	})()`)
	if o.Scroll > o.Client {
		tab.t.Errorf("%s at %d px scrolls sideways: scrollWidth %d > clientWidth %d; sticking out: %s",
			tab.URL(), tab.width, o.Scroll, o.Client, strings.Join(o.Wide, ", "))
	}
}

// MinFontSize returns the smallest computed font size, in CSS pixels, of
// the elements that show text on the page, and one such element.
func (tab *Tab) MinFontSize() (px float64, where string) {
	tab.t.Helper()
	type small struct {
		Px    float64
		Where string
	}
	s := Eval[small](tab, `(() => {
		let px = Infinity, where = '';
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			if (!n.textContent.trim()) continue;
			const el = n.parentElement;
			if (!el || el.closest('title, script, style, [hidden]')) continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue;
			const cs = getComputedStyle(el);
			if (cs.visibility === 'hidden' || cs.display === 'none') continue;
			const size = parseFloat(cs.fontSize);
			if (size < px) { px = size; where = el.tagName.toLowerCase() + ': ' + n.textContent.trim().slice(0, 40); }
		}
		return {Px: px === Infinity ? 0 : px, Where: where};
	})()`)
	return s.Px, s.Where
}

// ChartText measures the visible text of the page's SVG charts: how many
// text elements show, and the smallest of their rendered sizes in CSS
// pixels (the font size times the scale the SVG is drawn at, which
// MinFontSize does not see), with that text.
func (tab *Tab) ChartText() (n int, px float64, where string) {
	tab.t.Helper()
	type chart struct {
		N     int
		Px    float64
		Where string
	}
	c := Eval[chart](tab, `(() => {
		let n = 0, px = Infinity, where = '';
		for (const t of document.querySelectorAll('svg text')) {
			const r = t.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			const cs = getComputedStyle(t);
			if (cs.visibility === 'hidden' || cs.display === 'none') continue;
			const m = t.getScreenCTM();
			if (!m) continue;
			n++;
			const size = parseFloat(cs.fontSize) * Math.hypot(m.a, m.b);
			if (size < px) { px = size; where = t.textContent.trim().slice(0, 40); }
		}
		return {N: n, Px: px === Infinity ? 0 : px, Where: where};
	})()`)
	return c.N, c.Px, c.Where
}

// Errors returns what the page logged as errors or warnings so far:
// console errors, uncaught exceptions, and resources the browser refused
// (a Content-Security-Policy violation is one).
func (tab *Tab) Errors() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	return append([]string(nil), tab.logs...)
}

// Screenshot saves a PNG of the whole page as name.png in ArtifactDir and
// returns its path; a failure fails the test.
func (tab *Tab) Screenshot(name string) string {
	tab.t.Helper()
	path, _ := tab.capture("screenshot", name+".png", chromedp.FullScreenshot(100))
	return path
}

// capture runs act, which returns a file's bytes (a screenshot, a PDF),
// saves them as file in ArtifactDir and returns the path and the bytes; a
// failure fails the test with a message that starts with what.
func (tab *Tab) capture(what, file string, act chromedp.Action[[]byte]) (string, []byte) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	data, err := chromedp.Run(ctx, act)
	if err != nil {
		tab.t.Fatalf("%s %s: %v", what, file, err)
	}
	path := filepath.Join(ArtifactDir(tab.t), file)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tab.t.Fatalf("%s %s: %v", what, file, err)
	}
	tab.t.Logf("%s: %s", what, path)
	return path, data
}

// ScreenshotTop saves a PNG of the top of the page, heightPx CSS pixels
// of it (all of it when it is shorter), as name.png in ArtifactDir and
// returns its path: cheaper than Screenshot for a long page whose top is
// what matters. A failure fails the test.
func (tab *Tab) ScreenshotTop(name string, heightPx int) string {
	tab.t.Helper()
	page := Eval[int](tab, "document.documentElement.scrollHeight")
	h := float64(min(page, heightPx))
	w := tab.width
	if w == 0 {
		w = Eval[int](tab, "document.documentElement.clientWidth")
	}
	if h <= 0 {
		tab.t.Fatalf("screenshot %s: an empty page", name)
	}
	path, _ := tab.capture("screenshot", name+".png", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		yes := true
		r, err := cdp.Call(ctx, tg, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			CaptureBeyondViewport: &yes, FromSurface: &yes,
			Clip: &cdppage.Viewport{Width: float64(w), Height: h, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	return path
}

// Media makes the page's CSS see the media type ("print", "screen"; ""
// ends the emulation), so that a test can measure the print layout.
func (tab *Tab) Media(media string) {
	tab.t.Helper()
	tab.Do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdpemulation.SetEmulatedMedia, cdpemulation.SetEmulatedMediaParams{Media: media})
		return err
	}))
}

// PDF prints the page to PDF as the browser's print dialogue would (A4,
// the page's own margins, no headers or footers), saves it as name.pdf in
// ArtifactDir and returns its path and its bytes; a failure fails the
// test.
func (tab *Tab) PDF(name string) (string, []byte) {
	tab.t.Helper()
	yes := true
	return tab.capture("pdf", name+".pdf", func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, cdppage.PrintToPDF, cdppage.PrintToPDFParams{
			PaperWidth: 210 / 25.4, PaperHeight: 297 / 25.4, PreferCSSPageSize: &yes})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ArtifactDir is the folder for t's artifacts: $BACKTRACK_ARTIFACTS/<test
// name> when that is set (created if need be), else t's temporary folder.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	root := os.Getenv("BACKTRACK_ARTIFACTS")
	if root == "" {
		return t.TempDir()
	}
	dir := filepath.Join(root, unsafeName.ReplaceAllString(t.Name(), "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	return dir
}

// Wait waits (up to 30 s) until the JavaScript expression expr is true in
// the page, as after a form's post and redirect, failing the test
// otherwise.
func (tab *Tab) Wait(expr string) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr)); err != nil {
		tab.t.Fatalf("wait for %s: %v", expr, err)
	}
}
