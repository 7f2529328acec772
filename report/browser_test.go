package report_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/report"
)

// shotsEnv, if set, names a folder for the browser test's screenshots.
const shotsEnv = "BACKTRACK_SHOTS"

// browserPath returns a Chromium or Chrome to run, or "".
func browserPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pageMetrics is what the browser measures of a page at one width.
type pageMetrics struct {
	// ScrollWidth and ClientWidth are the document's; a page that scrolls
	// sideways has ScrollWidth > ClientWidth.
	ScrollWidth, ClientWidth, Height float64
	// SVGTexts counts the visible chart text; MinFontPx is the smallest
	// of its rendered sizes in CSS px, MinText that text.
	SVGTexts  int
	MinFontPx float64
	MinText   string
	// Overflowing names elements that reach past the right edge.
	Overflowing []string
}

// measureJS computes pageMetrics in the page.
const measureJS = `(() => {
  const d = document.documentElement;
  let min = 1e9, minText = "", n = 0, wide = [];
  for (const t of document.querySelectorAll("svg text")) {
    const r = t.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    n++;
    const m = t.getScreenCTM();
    const fs = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (fs < min) { min = fs; minText = t.textContent; }
  }
  for (const el of document.querySelectorAll("body *")) {
    if (el.getBoundingClientRect().right > d.clientWidth + 0.5) wide.push(el.tagName + "." + el.className.baseVal ?? el.className);
  }
  return {ScrollWidth: d.scrollWidth, ClientWidth: d.clientWidth, Height: d.scrollHeight,
    SVGTexts: n, MinFontPx: min, MinText: minText, Overflowing: wide.slice(0, 8)};
})()`

// TestHTMLInBrowser opens report pages in headless Chromium at a phone's
// width (390 px), just over the phone breakpoint (701 px) and a desktop's
// (1280 px): no page scrolls sideways and no chart text is under 11 CSS
// px. With BACKTRACK_SHOTS set it keeps a screenshot of the top of each
// page there. It is skipped without a browser and under -short.
func TestHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	browser := browserPath()
	if browser == "" {
		t.Skip("no chromium or chrome on PATH")
	}
	dir := t.TempDir()
	pages := map[string]*analysis.Report{
		"year":      htmlReport(t, htmlAthlete(1, 52)),
		"ten-years": tenYears(t),
		"markup":    hostileReport(),
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
		chromedp.UserDataDir(filepath.Join(dir, "profile")), chromedp.Flag("hide-scrollbars", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil { // start the browser, outside any timeout
		t.Skipf("start %s: %v", browser, err)
	}
	shots := os.Getenv(shotsEnv)
	for name, r := range pages {
		var buf bytes.Buffer
		if err := report.HTML(&buf, r); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{390, 701, 1280} {
			t.Run(fmt.Sprintf("%s/%d", name, width), func(t *testing.T) {
				m, png, err := measurePage(ctx, "file://"+file, width)
				if err != nil {
					t.Fatal(err)
				}
				if m.ScrollWidth > m.ClientWidth {
					t.Errorf("the page scrolls sideways: %v px wide in %v (%q)", m.ScrollWidth, m.ClientWidth, m.Overflowing)
				}
				if m.SVGTexts == 0 {
					t.Errorf("no chart text is visible")
				} else if m.MinFontPx < 11 {
					t.Errorf("chart text %q is %.1f px, want 11 or more", m.MinText, m.MinFontPx)
				}
				if shots != "" {
					if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644); err != nil {
						t.Error(err)
					}
				}
			})
		}
	}
}

// measurePage opens url at width and returns its metrics and a
// screenshot of its first 3,000 px.
func measurePage(ctx context.Context, url string, width int64) (pageMetrics, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var m pageMetrics
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url)); err != nil {
		return m, nil, err
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[pageMetrics](measureJS))
	if err != nil {
		return m, nil, err
	}
	h := min(res.Height, 3000)
	if h <= 0 {
		return res, nil, errors.New("an empty page")
	}
	png, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			CaptureBeyondViewport: ptr(true), FromSurface: ptr(true),
			Clip: &cdppage.Viewport{Width: float64(width), Height: h, Scale: 1},
		})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}))
	return res, png, err
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
