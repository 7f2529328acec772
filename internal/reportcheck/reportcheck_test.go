package reportcheck_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/reportcheck"
	"github.com/backtrack/backtrack/report"
)

// sample is a hand-made report with one suspect of each kind of verdict.
func sample() *analysis.Report {
	s := func(id, label, short, verdict, dir string) analysis.Suspect {
		return analysis.Suspect{Exposure: id, Label: label, Short: short, Verdict: verdict, Direction: dir,
			Summary: "A new pain episode followed 3 of 9 " + short + ", against 1 of 30 other runs.",
			Reason:  "Because.", Evidence: "Counts."}
	}
	r := &analysis.Report{Schema: analysis.ReportSchema, Data: analysis.ReportData{Runs: 40, EpisodeOnsets: 9},
		Suspects: []analysis.Suspect{
			s("deadlift_48h", "Deadlift session in the 48 h before", "deadlifts in the 48 h before a run", analysis.VerdictLikely, analysis.DirectionRaises),
			s("hilly_run", "Hilly run (15 m climb per km or more)", "hilly runs", analysis.VerdictPossible, analysis.DirectionRaises),
			s("long_run", "Long run (11 km or more)", "long runs", analysis.VerdictNoSign, analysis.DirectionLowers),
			s("load_spike", "Weekly distance up 30% or more", "jumps in weekly distance", analysis.VerdictNoSign, analysis.DirectionNone),
			s("deadlift_14d", "Deadlift session 2–14 days before", "deadlifts 2–14 days before a run", analysis.VerdictNotEnoughData, analysis.DirectionNone),
		}}
	r.InShort = "Likely trigger: deadlifts in the 48 h before a run. It went with pain. " +
		"Worth watching, though it could well be chance: hilly runs. Fewer new pain episodes began after long runs than after other runs."
	return r
}

// renderAll renders r as Markdown, HTML and JSON.
func renderAll(t *testing.T, r *analysis.Report) (md, page, js []byte) {
	t.Helper()
	var a, b, c bytes.Buffer
	if err := report.Markdown(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := report.HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := report.JSON(&c, r); err != nil {
		t.Fatal(err)
	}
	return a.Bytes(), b.Bytes(), c.Bytes()
}

// TestCheck: the checker passes a report that agrees with itself and
// catches an opening that disagrees with the JSON: a verdict changed, a
// suspect missing, an In short that names a suspect in the wrong sentence.
func TestCheck(t *testing.T) {
	md, page, js := renderAll(t, sample())
	if p := append(reportcheck.Markdown(md, js), reportcheck.HTML(page, js)...); len(p) > 0 {
		t.Fatalf("a consistent report fails: %q", p)
	}
	o, err := reportcheck.ReadMarkdown(string(md))
	if err != nil {
		t.Fatal(err)
	}
	if got := o.Verdicts["Long run (11 km or more)"]; got != report.VerdictNameLowers {
		t.Errorf("long_run read as %q", got)
	}
	for name, mutate := range map[string]func(r *analysis.Report){
		"verdict":   func(r *analysis.Report) { r.Suspects[1].Verdict = analysis.VerdictLikely },
		"direction": func(r *analysis.Report) { r.Suspects[2].Direction = analysis.DirectionNone },
		"missing": func(r *analysis.Report) {
			r.Suspects = append(r.Suspects, analysis.Suspect{Exposure: "x", Label: "X", Verdict: analysis.VerdictNoSign})
		},
		"in short": func(r *analysis.Report) {
			r.InShort = strings.Replace(r.InShort, "hilly runs", "jumps in weekly distance", 1)
		},
	} {
		t.Run(name, func(t *testing.T) {
			other := sample()
			mutate(other)
			_, _, js2 := renderAll(t, other)
			if len(reportcheck.Markdown(md, js2)) == 0 || len(reportcheck.HTML(page, js2)) == 0 {
				t.Errorf("the opening passes against a JSON whose %s differs", name)
			}
		})
	}
	// An In short that the JSON carries too, but that names a no-sign
	// suspect as worth watching.
	bad := sample()
	bad.InShort = strings.Replace(bad.InShort, "hilly runs", "jumps in weekly distance", 1)
	md2, page2, js2 := renderAll(t, bad)
	if len(reportcheck.Markdown(md2, js2)) == 0 || len(reportcheck.HTML(page2, js2)) == 0 {
		t.Errorf("an In short that calls a no-sign suspect worth watching passes")
	}

	// A pointer to a section the report does not have.
	lost := sample()
	lost.Suspects[3].Evidence = "Counts (see the caveats)."
	md3, page3, js3 := renderAll(t, lost)
	if len(reportcheck.Markdown(md3, js3)) == 0 || len(reportcheck.HTML(page3, js3)) == 0 {
		t.Errorf("a pointer to a caveats section that does not exist passes")
	}

	// One line for all suspects when nothing was tested.
	r := sample()
	r.Data.EpisodeOnsets = 2
	for i := range r.Suspects {
		r.Suspects[i].Verdict, r.Suspects[i].Direction = analysis.VerdictNotEnoughData, analysis.DirectionNone
	}
	r.InShort = "Too early to say what goes with your pain."
	md, page, js = renderAll(t, r)
	if p := append(reportcheck.Markdown(md, js), reportcheck.HTML(page, js)...); len(p) > 0 {
		t.Errorf("an untested report fails: %q", p)
	}
	if o, _ := reportcheck.ReadMarkdown(string(md)); !o.AllNotEnough {
		t.Errorf("the untested report's one line was not read:\n%s", md)
	}
}
