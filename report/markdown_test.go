package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/report"
)

// TestRenderTooFewEvents: with fewer than 5 pain episodes begun nothing is
// tested: every suspect's findings are null in the JSON, and the Markdown
// says the one "how many more" figure every suspect's evidence says, in
// its bottom line and in what to try next.
func TestRenderTooFewEvents(t *testing.T) {
	in := htmlAthlete(2, 52)
	in.Pain = in.Pain[:3]
	r := htmlReport(t, in)
	if r.Tested() || len(r.Suspects) == 0 {
		t.Fatalf("tested %v with %d suspects", r.Tested(), len(r.Suspects))
	}
	var buf bytes.Buffer
	if err := report.JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Suspects []struct {
			Exposure, Verdict, Evidence string
			Findings                    map[string]any
		} `json:"suspects"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	more := r.NeedMore()
	for _, s := range doc.Suspects {
		for _, k := range []string{"onsets", "within_episodes", "apart_from_runs", "time_test", "adjusted", "severity"} {
			if v, ok := s.Findings[k]; !ok || v != nil {
				t.Errorf("%s: %s = %v, want null", s.Exposure, k, v)
			}
		}
		if s.Verdict != "not enough data" || s.Evidence != more {
			t.Errorf("%s: %s, %q; want not enough data, %q", s.Exposure, s.Verdict, s.Evidence, more)
		}
	}
	var md bytes.Buffer
	if err := report.Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	// Prose is wrapped: compare the words, not the line breaks.
	out := strings.Join(strings.Fields(md.String()), " ")
	head := out[strings.Index(out, "## In short"):strings.Index(out, "## Verdicts")]
	if !strings.Contains(more, "testing starts at 5") || !strings.Contains(head, more) {
		t.Errorf("the Markdown's In short does not say %q:\n%s", more, head)
	}
	if !strings.Contains(out, fmt.Sprintf("## Verdicts - Not enough data — all %d suspects (", len(analysis.SuspectIDs()))) {
		t.Errorf("the verdicts are not one line for all suspects:\n%s", out)
	}
	// One figure: the "how many more" sentence is the only one in the
	// report that counts what is missing, in the bottom line and in what
	// to try next; the suspects' details, all alike, are left out.
	if n := strings.Count(out, "more: at your pace"); n != 2 {
		t.Errorf("the figure appears %d times, want 2 (In short and What to try next)", n)
	}
	if n := strings.Count(out, more); n != 2 {
		t.Errorf("the sentence %q appears %d times, want 2", more, n)
	}
}

// TestMarkdownEscapesNotes: a note with markup stays inert in Markdown.
func TestMarkdownEscapesNotes(t *testing.T) {
	in := htmlAthlete(3, 52)
	for i := range in.Pain { // some come during a run, whose table shows the note
		in.Pain[i].Note = "<script>alert(1)</script> | [x](http://evil) ![i](http://evil/i.png)\n# heading"
	}
	r := htmlReport(t, in)
	if len(r.PainDuringRuns.Events) == 0 {
		t.Fatal("no pain during a run: the note would not be shown")
	}
	var md bytes.Buffer
	if err := report.Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, bad := range []string{"<script>", "[x](", "![i](", "\n# heading", "| [x]"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown holds %q unescaped", bad)
		}
	}
	if !strings.Contains(out, `\<script\>alert(1)\</script\>`) {
		t.Errorf("the note is missing or not escaped as expected")
	}
}

// TestRenderer: each format name finds its renderer, and an unknown name
// none.
func TestRenderer(t *testing.T) {
	r := htmlReport(t, htmlAthlete(1, 8))
	tests := []struct {
		format string
		ok     bool
		prefix string
	}{
		{"md", true, "# backtrack report\n"},
		{"markdown", true, "# backtrack report\n"},
		{"html", true, "<!DOCTYPE html>\n"},
		{"json", true, "{\n  \"schema\": \"backtrack.report/v2\""},
		{"pdf", false, ""},
		{"", false, ""},
		{"MD", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			render, ok := report.Renderer(tt.format)
			if ok != tt.ok || (render != nil) != tt.ok {
				t.Fatalf("Renderer(%q) = %v, %v; want a renderer %v", tt.format, render != nil, ok, tt.ok)
			}
			if !ok {
				return
			}
			var buf bytes.Buffer
			if err := render(&buf, r); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(buf.String(), tt.prefix) {
				t.Errorf("Renderer(%q) wrote %.40q…, want it to start %q", tt.format, buf.String(), tt.prefix)
			}
		})
	}
}

// checkWidth fails t for every line of md over report.MarkdownWidth
// characters, unless it is one word too long for any line.
func checkWidth(t *testing.T, md string) {
	t.Helper()
	for i, line := range strings.Split(md, "\n") {
		if n := utf8.RuneCountInString(line); n > report.MarkdownWidth && len(strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "- "))) > 1 {
			t.Errorf("line %d has %d characters: %q", i+1, n, line)
		}
	}
}

// TestMarkdownWidth: over three years with long notes and locations, and
// with markup in every string, no line of the Markdown is wider than
// report.MarkdownWidth (a word longer than a line aside).
func TestMarkdownWidth(t *testing.T) {
	in := htmlAthlete(4, 3*52)
	for i := range in.Pain {
		in.Pain[i].Location = "lower back, left side, radiating into the glute and down the back of the thigh"
		in.Pain[i].Note = strings.Repeat("felt it on the long climb after the bridge, eased when I slowed down; ", 1+i%4) +
			"https://example.org/" + strings.Repeat("x", 120)
	}
	for name, r := range map[string]*analysis.Report{"three years": htmlReport(t, in), "markup": hostileReport()} {
		t.Run(name, func(t *testing.T) {
			var md bytes.Buffer
			if err := report.Markdown(&md, r); err != nil {
				t.Fatal(err)
			}
			checkWidth(t, md.String())
		})
	}
}

// TestMarkdownDiary: the diary lists every pain event with its note and
// what it was matched to, under a heading per year when it spans several.
func TestMarkdownDiary(t *testing.T) {
	in := htmlAthlete(5, 2*52)
	for i := range in.Pain {
		in.Pain[i].Note = fmt.Sprintf("note number %d", i)
	}
	r := htmlReport(t, in)
	var md bytes.Buffer
	if err := report.Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	diary := out[strings.Index(out, "## Pain diary"):strings.Index(out, "## Settings used")]
	if got, want := strings.Count(diary, "\n- "), len(in.Pain); got != want {
		t.Errorf("%d diary entries, want %d (every pain event)", got, want)
	}
	for i := range in.Pain {
		if !strings.Contains(diary, fmt.Sprintf("Note: note number %d\n", i)) {
			t.Errorf("the diary lacks note %d", i)
		}
	}
	for _, want := range []string{"### 2024\n", "### 2025\n", " min in\n", " h after the ", "pain "} {
		if !strings.Contains(diary, want) {
			t.Errorf("the diary lacks %q:\n%s", want, diary)
		}
	}
}
