package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportHTMLToTerminal: HTML for a terminal, with no --out, is refused
// (exit 2) with the command that writes it to a file, before the database
// is opened; Markdown and JSON go to a terminal as before, and
// --out - asks for standard output on purpose.
func TestReportHTMLToTerminal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "backtrack.db")
	if code, _, errOut := relRun(t, db, "pain", "add", "--date", "2024-03-05", "--severity", "4"); code != 0 {
		t.Fatalf("pain add: exit %d: %s", code, errOut)
	}
	cli := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		g := &globalOptions{Out: &out, ErrOut: &errOut, Now: time.Now,
			Getenv:           func(k string) string { return map[string]string{"BACKTRACK_DB": db, "TZ": "UTC"}[k] },
			StderrIsTerminal: func() bool { return true }, StdoutIsTerminal: func() bool { return true },
			Invocation: "./bt"}
		code := run(context.Background(), g, args)
		return code, out.String(), errOut.String()
	}
	for _, args := range [][]string{{"report", "--format", "html"}, {"report", "--format", "HTML"}} {
		code, out, errOut := cli(args...)
		if code != exitUsage || out != "" {
			t.Errorf("%q to a terminal: exit %d, stdout %d bytes; want exit 2 and nothing", args, code, len(out))
		}
		if !strings.Contains(errOut, "\n  ./bt report --format html --out report.html\n") {
			t.Errorf("%q: the refusal does not give the command to run:\n%s", args, errOut)
		}
	}
	for _, args := range [][]string{{"report"}, {"report", "--format", "json"}, {"report", "--format", "html", "--out", "-"}} {
		if code, out, errOut := cli(args...); code != exitOK || out == "" {
			t.Errorf("%q to a terminal: exit %d, stdout %d bytes: %s", args, code, len(out), errOut)
		}
	}
	// No database: the refusal comes first (it does not depend on the data).
	db = filepath.Join(dir, "none.db")
	if code, _, errOut := cli("report", "--format", "html"); code != exitUsage || strings.Contains(errOut, "no database") {
		t.Errorf("HTML to a terminal without a database: exit %d: %s", code, errOut)
	}
}
