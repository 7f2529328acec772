package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/report"
	"github.com/backtrack/backtrack/store"
)

// TestDemoReportGolden runs the demo (the synthetic athlete imported from
// her files, pain log included) and compares its Markdown report, and the
// same report as JSON, with the golden files in testdata/golden. Rewrite
// them with: go test ./cmd/backtrack -run TestDemoReportGolden -update
// and read the diff: it is the report's behaviour.
func TestDemoReportGolden(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)
	var out, errOut bytes.Buffer
	g := &globalOptions{Out: &out, ErrOut: &errOut, Now: func() time.Time { return now },
		Getenv: func(string) string { return "" }, StderrIsTerminal: func() bool { return false }}
	dir := t.TempDir()
	if err := runDemo(ctx, &demoOptions{globalOptions: g, Dir: dir}); err != nil {
		t.Fatalf("demo: %v\n%s", err, errOut.String())
	}
	md := out.String()
	if !strings.Contains(md, "## What your data says") {
		t.Fatalf("the demo printed no report:\n%s", md)
	}
	// The planted trigger (deadlifts in the 48 h before a run) must be the
	// demo's clear headline.
	head := md[strings.Index(md, "## What your data says"):strings.Index(md, "## All findings")]
	if !strings.Contains(head, "**Deadlift session in the 48 h before** (runs compared)") {
		t.Errorf("the headline does not show the planted deadlift trigger:\n%s", head)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || len(html) == 0 {
		t.Errorf("the demo wrote no HTML report: %v", err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "backtrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := buildReport(ctx, db, g, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var js bytes.Buffer
	if err := report.JSON(&js, rep); err != nil {
		t.Fatal(err)
	}
	// Session IDs follow the order the parallel import committed files in:
	// they are the database's, not the report's.
	jsText := regexp.MustCompile(`"run_id": [0-9]+`).ReplaceAllString(js.String(), `"run_id": "(id)"`)
	for _, gf := range []struct{ name, got string }{{"demo_report.md", md}, {"demo_report.json", jsText}} {
		path := filepath.Join("testdata", "golden", gf.name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(gf.got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), gf.got); diff != "" {
			t.Errorf("%s differs (-golden +got); if the change is intended, rerun with -update:\n%s", gf.name, diff)
		}
	}
}
