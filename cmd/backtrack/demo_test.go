package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// goldenReport is the demo's Markdown report, pinned by package app's
// TestDemoReportGolden (which rewrites it with -update).
var goldenReport = filepath.Join("..", "..", "app", "testdata", "golden", "demo_report.md")

// goldenDemoOutput is what `backtrack demo` prints on stdout, its folder
// written as DIR; rewrite it with: go test ./cmd/backtrack -run Demo -update
var goldenDemoOutput = filepath.Join("testdata", "demo_output.txt")

// TestDemoCommandGolden runs `backtrack demo` and then `backtrack report`
// on the demo's database, in process. The demo writes the golden report
// as DIR/report.md and an HTML report, prints the report's opening, the
// commands to try (in the form the user ran backtrack) and, last, the
// report's path and a file:// link; report prints the golden report.
func TestDemoCommandGolden(t *testing.T) {
	want, err := os.ReadFile(goldenReport)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	cli := func(args ...string) (string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		g := &globalOptions{Out: &out, ErrOut: &errOut, Now: func() time.Time { return now },
			Getenv: func(string) string { return "" }, StderrIsTerminal: func() bool { return false },
			Invocation: "go run ./cmd/backtrack"}
		if code := run(context.Background(), g, args); code != exitOK {
			t.Fatalf("backtrack %q: exit %d\n%s", args, code, errOut.String())
		}
		return out.String(), errOut.String()
	}
	out, errOut := cli("demo", "--dir", dir)
	got := strings.ReplaceAll(out, dir, "DIR")
	if *update {
		if err := os.WriteFile(goldenDemoOutput, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if wantOut, err := os.ReadFile(goldenDemoOutput); err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	} else if d := cmp.Diff(string(wantOut), got); d != "" {
		t.Errorf("demo's output differs from %s (-golden +got):\n%s", goldenDemoOutput, d)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, " file://"+filepath.Join(dir, "report.html")) {
		t.Errorf("the demo's last line is %q, want the report's file:// link", last)
	}
	if !strings.Contains(out, "go run ./cmd/backtrack --db "+filepath.Join(dir, "backtrack.db")+" report\n") {
		t.Errorf("the demo does not suggest the report command as the user ran backtrack:\n%s", out)
	}
	if strings.Contains(errOut, "wrote report to") {
		t.Errorf("the demo confirms its report files on stderr as well as in its summary:\n%s", errOut)
	}
	if md, err := os.ReadFile(filepath.Join(dir, "report.md")); err != nil {
		t.Error(err)
	} else if d := cmp.Diff(string(want), string(md)); d != "" {
		t.Errorf("the demo's report.md differs from %s (-golden +got):\n%s", goldenReport, d)
	}
	if html, err := os.ReadFile(filepath.Join(dir, "report.html")); err != nil || len(html) == 0 {
		t.Errorf("the demo wrote no HTML report: %v", err)
	}
	if got, _ := cli("--db", filepath.Join(dir, "backtrack.db"), "report"); got != string(want) {
		t.Errorf("report differs from %s (-golden +got):\n%s", goldenReport, cmp.Diff(string(want), got))
	}
}

// TestInvocation: the commands backtrack suggests use the form the user
// ran it in; go run's executables are recognised in the build cache (Go
// 1.24 and later) and in a go-build work folder (earlier), a test binary
// is not.
func TestInvocation(t *testing.T) {
	env := func(cache string) func(string) string {
		return func(k string) string {
			if k == "GOCACHE" {
				return cache
			}
			return ""
		}
	}
	for _, c := range []struct {
		exe, cache string
		want       bool
	}{
		{"/root/.cache/go-build/89/89c9402a-d/backtrack", "/root/.cache/go-build", true},
		{"/home/me/gocache/1f/1f00aa-d/backtrack", "/home/me/gocache", true},
		{"/tmp/go-build1234/b001/exe/backtrack", "/root/.cache/go-build", true},
		{"/tmp/go-build1234/b001/backtrack.test", "/root/.cache/go-build", false},
		{"/usr/local/bin/backtrack", "/root/.cache/go-build", false},
		{"/root/.cache/go-buildx/backtrack", "/root/.cache/go-build", false},
	} {
		if got := builtByGoRun(c.exe, env(c.cache)); got != c.want {
			t.Errorf("builtByGoRun(%q, GOCACHE=%q) = %v, want %v", c.exe, c.cache, got, c.want)
		}
	}
	g := &globalOptions{Invocation: "./bt"}
	if got, want := g.command("--db", "/tmp/my data/it's.db", "report"), `./bt --db '/tmp/my data/it'\''s.db' report`; got != want {
		t.Errorf("command = %q, want %q", got, want)
	}
	if got := (&globalOptions{}).command("report"); got != "backtrack report" {
		t.Errorf("command = %q", got)
	}
}

// TestDemoTrigger: --trigger plants another cause of the synthetic
// athlete's pain, and the demo's report follows it; an unknown trigger is a
// usage error that writes nothing.
func TestDemoTrigger(t *testing.T) {
	now := time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		trigger  string
		code     int
		want     []string // in stdout
		dontWant []string
	}{
		{"form-drift", exitOK,
			[]string{"Likely trigger: late form drift.", "- **Likely** — Form drift", "- No sign — Deadlift session in the 48 h before"},
			[]string{"**Likely** — Deadlift"}},
		{"none", exitOK,
			[]string{"Nothing in your records stands out clearly as a trigger."},
			[]string{"**Likely**"}},
		{"bogus", exitUsage, nil, []string{"Verdicts"}},
	}
	for _, tc := range tests {
		t.Run(tc.trigger, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "demo")
			var out, errOut bytes.Buffer
			g := &globalOptions{Out: &out, ErrOut: &errOut, Now: func() time.Time { return now },
				Getenv: func(string) string { return "" }, StderrIsTerminal: func() bool { return false }}
			if code := run(context.Background(), g, []string{"demo", "--dir", dir, "--trigger", tc.trigger}); code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, errOut.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.dontWant {
				if strings.Contains(out.String(), w) {
					t.Errorf("stdout has %q:\n%s", w, out.String())
				}
			}
			if tc.code == exitUsage {
				if !strings.Contains(errOut.String(), `--trigger "bogus": want deadlift, form-drift or none`) {
					t.Errorf("stderr does not name the trigger and the choices:\n%s", errOut.String())
				}
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("a usage error left %s behind (%v)", dir, err)
				}
			}
		})
	}
}
