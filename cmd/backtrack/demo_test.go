package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// goldenReport is the demo's Markdown report, pinned by package app's
// TestDemoReportGolden (which rewrites it with -update).
var goldenReport = filepath.Join("..", "..", "app", "testdata", "golden", "demo_report.md")

// TestDemoCommandGolden runs `backtrack demo` and then `backtrack report`
// on the demo's database, in process, and checks that both print the
// golden report and that the demo wrote its HTML report.
func TestDemoCommandGolden(t *testing.T) {
	want, err := os.ReadFile(goldenReport)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	cli := func(args ...string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		g := &globalOptions{Out: &out, ErrOut: &errOut, Now: func() time.Time { return now },
			Getenv: func(string) string { return "" }, StderrIsTerminal: func() bool { return false }}
		if code := run(context.Background(), g, args); code != exitOK {
			t.Fatalf("backtrack %q: exit %d\n%s", args, code, errOut.String())
		}
		return out.String()
	}
	if d := cmp.Diff(string(want), cli("demo", "--dir", dir)); d != "" {
		t.Errorf("demo's report differs from %s (-golden +got):\n%s", goldenReport, d)
	}
	if html, err := os.ReadFile(filepath.Join(dir, "report.html")); err != nil || len(html) == 0 {
		t.Errorf("the demo wrote no HTML report: %v", err)
	}
	if d := cmp.Diff(string(want), cli("--db", filepath.Join(dir, "backtrack.db"), "report")); d != "" {
		t.Errorf("report differs from %s (-golden +got):\n%s", goldenReport, d)
	}
}
