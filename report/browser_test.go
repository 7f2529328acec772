package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/browsertest"
	"github.com/backtrack/backtrack/report"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// tenYearWeeks is the length of the ten-year athlete of the browser test.
const tenYearWeeks = 522

// TestHTMLInBrowser opens report pages in headless Chromium (package
// browsertest) at a phone's width (390 px), just over the phone breakpoint
// (701 px) and a desktop's (1280 px): no page scrolls sideways and no chart
// text is under 11 CSS px. The pages are the demo's report and a synthetic
// athlete's ten years (issue 15's acceptance pages, whose screenshots at
// 390 and 1280 px, down to the pain diary, are always taken and kept as
// test artifacts in $BACKTRACK_ARTIFACTS/TestHTMLInBrowser_NAME/), a report with 4,000
// sessions' chart points and one with markup everywhere (screenshots of
// every page and width when $BACKTRACK_ARTIFACTS is set). Skipped under
// -short; without a browser, skipped unless BACKTRACK_REQUIRE_BROWSER=1.
func TestHTMLInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	keep := os.Getenv("BACKTRACK_ARTIFACTS") != ""
	dir := t.TempDir()
	pages := []struct {
		name       string
		acceptance bool
		r          func(t *testing.T) *analysis.Report
	}{
		{"demo", true, demoReport},
		{"ten-years", true, func(t *testing.T) *analysis.Report { return htmlReport(t, htmlAthlete(2, tenYearWeeks)) }},
		{"chart-points", false, tenYears},
		{"markup", false, func(*testing.T) *analysis.Report { return hostileReport() }},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.HTML(&buf, pg.r(t)); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, pg.name+".html")
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			tab := browsertest.New(t)
			for _, width := range []int{browsertest.Phone, 701, browsertest.Desktop} {
				tab.Viewport(width)
				tab.Navigate("file://" + file)
				tab.NoHorizontalScroll()
				if n, px, where := tab.ChartText(); n == 0 {
					t.Errorf("at %d px no chart text is visible", width)
				} else if px < 11 {
					t.Errorf("at %d px chart text %q is %.1f px, want 11 or more", width, where, px)
				}
				if keep && (pg.acceptance || width != 701) {
					tab.ScreenshotTop(fmt.Sprintf("%s-%d", pg.name, width), browsertest.Eval[int](tab, aboveDiaryJS))
				}
			}
			// Printed, every suspect's details are open: the collapsed
			// ones of the screen give way to a copy that prints.
			tab.Media("print")
			type printed struct{ Details, Shown, Copies, Empty int }
			got := browsertest.Eval[printed](tab, printedJS)
			if got.Shown != 0 || got.Copies != got.Details || got.Empty != 0 {
				t.Errorf("printed: %d of %d collapsed details shown, %d printed copies (%d empty); want none, %d and 0",
					got.Shown, got.Details, got.Copies, got.Empty, got.Details)
			}
			tab.NoHorizontalScroll()
			if keep && pg.acceptance {
				tab.PDF(pg.name)
			}
			tab.Media("")
			if errs := tab.Errors(); len(errs) > 0 {
				t.Errorf("the page logged: %q", errs)
			}
		})
	}
}

// aboveDiaryJS is the height of the page above the pain diary (all of it
// without one), in CSS px: the screenshots show the verdicts, the charts and
// the tables, and leave out the long list of the diary's events.
const aboveDiaryJS = `(() => {
	const d = document.getElementById('diary');
	return Math.ceil(d ? d.getBoundingClientRect().top + window.scrollY : document.documentElement.scrollHeight);
})()`

// printedJS counts, under print media, the suspects' collapsible details,
// those of them shown, and the copies that print in their place (and those
// of the copies that show no text).
const printedJS = `(() => {
	const shown = el => el.getClientRects().length > 0;
	const details = [...document.querySelectorAll('details.suspect')];
	const copies = [...document.querySelectorAll('.print-only .suspect')].filter(shown);
	return {Details: details.length, Shown: details.filter(shown).length, Copies: copies.length,
		Empty: copies.filter(c => c.innerText.trim().length < 40).length};
})()`

// demo is the demo's report, built once per test binary.
var demo = sync.OnceValues(func() (*analysis.Report, error) {
	dir, err := os.MkdirTemp("", "backtrack-report-demo-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	r, err := app.Demo(context.Background(), app.DemoOptions{Dir: dir,
		Now: func() time.Time { return time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		return nil, err
	}
	return r.Report, nil
})

// demoReport returns the demo's report or fails t.
func demoReport(t *testing.T) *analysis.Report {
	t.Helper()
	r, err := demo()
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	return r
}
