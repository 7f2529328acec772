package analysis_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// TestDiary: every pain event of severity 1 or more is in the diary, in
// time order, as logged, with the run the outcome rule matched it to and
// how far into it or how long after it; severity-0 check-ins are not.
func TestDiary(t *testing.T) {
	runs := []analysis.ReportRun{
		run(1, local(2025, 3, 3, 7, 0), 60),  // Mon 07:00–08:00
		run(2, local(2025, 3, 3, 18, 0), 30), // Mon 18:00–18:30
		run(3, local(2025, 3, 6, 7, 0), 60),  // Thu
	}
	runs[2].DistanceM = 12345
	ev := func(id int64, date, hhmm, note string) model.PainEvent {
		e := pain(date, hhmm)
		e.ID, e.Note = id, note
		return e
	}
	in := analysis.ReportInput{Settings: analysis.DefaultSettings(), Sessions: 3, Runs: runs,
		Pain: []model.PainEvent{
			ev(5, "2025-03-06", "", "date only <b>"),
			ev(1, "2025-03-03", "07:20", "during"),
			ev(2, "2025-03-04", "06:30", "next morning"),
			ev(3, "2025-03-01", "09:00", "before any run"),
			{ID: 4, LocalDate: "2025-03-05", TZ: "Europe/London", Severity: 0, Note: "fine today"},
			ev(6, "2025-03-03", "", "date only, the day's last run"),
		},
		FirstDate: "2025-03-01", LastDate: "2025-03-06"}
	r, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatal(err)
	}
	num := func(v float64) *analysis.Num { n := analysis.Num(v); return &n }
	entry := func(id int64, date, hhmm, note string, m analysis.DiaryMatch) analysis.DiaryEntry {
		return analysis.DiaryEntry{ID: id, Date: date, Time: hhmm, TZ: "Europe/London", Severity: 4,
			Location: "lower back", Note: note, Matched: m}
	}
	match := func(kind string, k int) analysis.DiaryMatch {
		if k < 0 {
			return analysis.DiaryMatch{Kind: kind}
		}
		return analysis.DiaryMatch{Kind: kind, RunID: runs[k].ID, RunStart: runs[k].Start, RunDate: runs[k].LocalDate,
			RunKm: num(runs[k].DistanceM / 1000)}
	}
	during := match(analysis.MatchDuring, 0)
	during.MinutesIn = num(20)
	after := match(analysis.MatchAfter, 1)
	after.HoursAfter = num(12)
	last := match(analysis.MatchSameDay, 2)
	last.RunKm = num(12.3)
	want := []analysis.DiaryEntry{
		entry(3, "2025-03-01", "09:00", "before any run", match(analysis.MatchNone, -1)),
		entry(6, "2025-03-03", "", "date only, the day's last run", match(analysis.MatchSameDay, 1)),
		entry(1, "2025-03-03", "07:20", "during", during),
		entry(2, "2025-03-04", "06:30", "next morning", after),
		entry(5, "2025-03-06", "", "date only <b>", last),
	}
	if diff := cmp.Diff(want, r.Diary); diff != "" {
		t.Errorf("diary (-want +got):\n%s", diff)
	}

	// The JSON: every field of an entry; a match carries only what its
	// kind has.
	b, err := json.Marshal(r.Diary)
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		return out
	}
	sorted := cmp.Transformer("sort", func(v []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range v {
			m[s] = true
		}
		return m
	})
	if diff := cmp.Diff([]string{"id", "date", "time", "tz", "severity", "location", "note", "matched"}, keys(got[0]), sorted); diff != "" {
		t.Errorf("an entry's JSON fields (-want +got):\n%s", diff)
	}
	for i, w := range [][]string{
		{"kind"},
		{"kind", "run_id", "run_start", "run_date", "run_km"},
		{"kind", "run_id", "run_start", "run_date", "run_km", "minutes_in"},
		{"kind", "run_id", "run_start", "run_date", "run_km", "hours_after"},
		{"kind", "run_id", "run_start", "run_date", "run_km"},
	} {
		m := got[i]["matched"].(map[string]any)
		if diff := cmp.Diff(w, keys(m), sorted); diff != "" {
			t.Errorf("entry %d (%v): matched's JSON fields (-want +got):\n%s", i, m["kind"], diff)
		}
	}
	if s := got[2]["matched"].(map[string]any)["run_start"]; s != "2025-03-03T07:00:00Z" {
		t.Errorf("run_start %v, want 2025-03-03T07:00:00Z (UTC)", s)
	}

	// No pain: an empty list, not null.
	in.Pain = nil
	if r, err = analysis.BuildReport(in); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(r.Diary); string(b) != "[]" {
		t.Errorf("diary without pain is %s, want []", b)
	}
}

// TestReportContext: data outside the report's period reaches the
// timeline's points only, after the report's own, with its runs followed
// by pain among themselves; no count, finding or diary entry reads it.
func TestReportContext(t *testing.T) {
	runs := []analysis.ReportRun{run(1, local(2025, 3, 3, 7, 0), 60)}
	in := analysis.ReportInput{Settings: analysis.DefaultSettings(), Sessions: 1, Runs: runs,
		Pain: []model.PainEvent{pain("2025-03-03", "07:20")}, FirstDate: "2025-03-03", LastDate: "2025-03-03",
		Since: "2025-03-01", Until: "2025-03-31"}
	plain, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatal(err)
	}
	in.Context = analysis.ReportContext{
		Runs:     []analysis.ReportRun{run(3, local(2025, 4, 8, 7, 0), 30), run(2, local(2025, 2, 3, 7, 0), 30)},
		Strength: []analysis.ReportStrength{{ID: 9, Start: local(2025, 2, 2, 18, 0).UTC(), DeadliftSets: 2}},
		Pain:     []model.PainEvent{pain("2025-02-03", "07:10"), {LocalDate: "2025-02-05", TZ: "Europe/London"}},
	}
	r, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plain.Data, r.Data); diff != "" {
		t.Errorf("the context changed the counts (-without +with):\n%s", diff)
	}
	if diff := cmp.Diff(plain.Diary, r.Diary); diff != "" {
		t.Errorf("the context changed the diary (-without +with):\n%s", diff)
	}
	ch := r.Charts
	if ch.ContextRuns != 2 || ch.ContextStrength != 1 || ch.ContextPain != 1 || len(ch.Runs) != 3 || len(ch.Pain) != 2 {
		t.Fatalf("chart points: %d runs (%d context), %d strength (%d), %d pain (%d)",
			len(ch.Runs), ch.ContextRuns, len(ch.Strength), ch.ContextStrength, len(ch.Pain), ch.ContextPain)
	}
	// The context runs in time order: February's was followed by pain.
	if !ch.Runs[1].Pain || ch.Runs[2].Pain || !ch.Runs[1].Start.Equal(in.Context.Runs[1].Start) {
		t.Errorf("context runs %+v, want February's first and followed by pain", ch.Runs[1:])
	}
	if ch.PeriodFrom != "2025-03-01" || ch.PeriodTo != "2025-03-31" {
		t.Errorf("period %s to %s, want the report's", ch.PeriodFrom, ch.PeriodTo)
	}
}
