package analysis_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// run returns a report run starting at start and lasting minutes.
func run(id int64, start time.Time, minutes float64) analysis.ReportRun {
	return analysis.ReportRun{ID: id, Start: start.UTC(), ElapsedS: minutes * 60,
		LocalDate: start.In(london).Format(time.DateOnly), DistanceM: 10000,
		Exposure: model.Exposure{SessionID: id, Hilly: model.FlagNo, CadenceDrift: model.FlagNo}}
}

// pain returns a London pain event; hhmm "" makes it date-only.
func pain(date, hhmm string) model.PainEvent {
	return model.PainEvent{LocalDate: date, LocalTime: hhmm, TZ: "Europe/London", Severity: 4, Location: "lower back"}
}

// TestLinkPain pins the outcome rule (docs/definitions.md): an event belongs to the last
// run that started before it, if it came during that run or within 24 h
// after it ended; a date-only event to the last run on its local date.
func TestLinkPain(t *testing.T) {
	runs := []analysis.ReportRun{
		run(1, local(2025, 3, 3, 7, 0), 60),  // Mon 07:00–08:00
		run(2, local(2025, 3, 3, 18, 0), 30), // Mon 18:00–18:30
		run(3, local(2025, 3, 6, 7, 0), 60),  // Thu
		run(4, local(2025, 3, 30, 7, 0), 60), // Sun, the day the clocks go forward (BST from 01:00 UTC)
	}
	tests := []struct {
		name   string
		event  model.PainEvent
		run    int // index, −1 none
		during bool
	}{
		{"during the first run", pain("2025-03-03", "07:20"), 0, true},
		{"at the very end counts as during", pain("2025-03-03", "08:00"), 0, true},
		{"after the first run, before the second", pain("2025-03-03", "12:00"), 0, false},
		{"during the evening run", pain("2025-03-03", "18:10"), 1, true},
		{"the next morning, within 24 h of the evening run", pain("2025-03-04", "18:29"), 1, false},
		{"more than 24 h after the evening run", pain("2025-03-04", "18:31"), -1, false},
		{"before any run", pain("2025-03-01", "09:00"), -1, false},
		{"at a run's start instant: that run has not started before it, the one before is over 24 h ago", pain("2025-03-06", "07:00"), -1, false},
		{"date-only goes with the day's last run", pain("2025-03-03", ""), 1, false},
		{"date-only without a run that day", pain("2025-03-04", ""), -1, false},
		{"during a run on the DST day (07:00–08:00 BST)", pain("2025-03-30", "07:30"), 3, true},
		{"after that run: 08:30 BST is half an hour after its end", pain("2025-03-30", "08:30"), 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analysis.LinkPain(runs, []model.PainEvent{tt.event})[0]
			if got.Run != tt.run || got.During != tt.during {
				t.Errorf("run %d during %v, want run %d during %v", got.Run, got.During, tt.run, tt.during)
			}
			if tt.event.LocalTime != "" && got.At.IsZero() {
				t.Error("a timed event has no instant")
			}
			if got.Ref.IsZero() {
				t.Error("no case-crossover reference time")
			}
		})
	}
}

// TestNumJSON: missing and infinite numbers are null, never NaN.
func TestNumJSON(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{{math.NaN(), "null"}, {math.Inf(1), "null"}, {math.Inf(-1), "null"}, {1.5, "1.5"}, {0.1234567891, "0.123457"}, {0, "0"}} {
		b, err := json.Marshal(analysis.Num(tt.in))
		if err != nil || string(b) != tt.want {
			t.Errorf("Num(%v) = %s, %v; want %s", tt.in, b, err, tt.want)
		}
	}
	var n analysis.Num
	if err := json.Unmarshal([]byte("null"), &n); err != nil || !math.IsNaN(float64(n)) {
		t.Errorf("null reads as %v, %v", n, err)
	}
}

// nullAthlete returns the report input of a flare-up athlete (the Monte
// Carlo's null_flare) drawn from seed.
func nullAthlete(seed uint64) analysis.ReportInput {
	rng := rand.New(rand.NewPCG(seed, 99))
	a := mcSchedule(rng, mcSched{})
	flarePain(rng, a)
	return mcInput(a)
}

// TestReportTooFewEvents: with fewer than 5 episode onsets nothing is
// tested: every suspect is "not enough data" with no numbers, and every
// row and the data say one and the same "how many more" figure.
func TestReportTooFewEvents(t *testing.T) {
	in := nullAthlete(1)
	// Three pain episodes: two days of pain, a day, and a day, weeks apart.
	in.Pain = []model.PainEvent{
		{LocalDate: mcDate(0), TZ: mcZone.String(), Severity: 0},
		pain(mcDate(20), ""), pain(mcDate(21), "09:00"), pain(mcDate(60), ""), pain(mcDate(100), "18:30"),
		{LocalDate: mcDate(139), TZ: mcZone.String(), Severity: 0},
	}
	in.Settings.DiaryStart = ""
	r, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tested() || r.Data.EpisodeOnsets != 3 || r.Data.OnsetsNeeded != 2 || r.Data.Episodes != 3 {
		t.Errorf("data %+v, want 3 episodes, 3 onsets, 2 more needed", r.Data)
	}
	want := analysis.MoreSentence(3, 20)
	if !strings.Contains(want, "needs 2 more") || !strings.Contains(want, "20 weeks") {
		t.Errorf("MoreSentence(3, 20) = %q", want)
	}
	if len(r.Suspects) != len(analysis.SuspectIDs()) {
		t.Fatalf("%d suspects, want %d", len(r.Suspects), len(analysis.SuspectIDs()))
	}
	for i, s := range r.Suspects {
		if s.Exposure != analysis.SuspectIDs()[i] {
			t.Errorf("suspect %d is %s, want %s", i, s.Exposure, analysis.SuspectIDs()[i])
		}
		if s.Verdict != analysis.VerdictNotEnoughData || s.Direction != analysis.DirectionNone {
			t.Errorf("%s: %s / %s with 3 onsets", s.Exposure, s.Verdict, s.Direction)
		}
		if s.Evidence != want {
			t.Errorf("%s says %q, want the one figure %q", s.Exposure, s.Evidence, want)
		}
		if f := s.Findings; f.Onsets != nil || f.TimeTest != nil || f.Adjusted != nil || f.ApartFromRuns != nil {
			t.Errorf("%s has findings with 3 onsets: %+v", s.Exposure, f)
		}
	}
	if r.HoursSinceDeadlift != nil || len(r.LikelySuspects()) != 0 {
		t.Errorf("hours table %v, likely %v", r.HoursSinceDeadlift, r.LikelySuspects())
	}
	for _, tt := range []struct {
		onsets int
		weeks  float64
		want   string
	}{
		{0, 0, "Nothing is in the pain diary yet"},
		{0, 12, "No pain episode has begun in the 12 weeks of the diary yet; testing starts at 5."},
		{1, 10, "1 pain episode has begun in the 10 weeks of the diary; testing starts at 5, so it needs 4 more: at your pace (one every 10 weeks) about 40 weeks more of logging."},
		{4, 2, "4 pain episodes have begun in the 2 weeks of the diary; testing starts at 5, so it needs 1 more: at your pace (one a week) about 1 week more of logging."},
		{5, 10, ""},
	} {
		if got := analysis.MoreSentence(tt.onsets, tt.weeks); !strings.HasPrefix(got, tt.want) || (tt.want == "") != (got == "") {
			t.Errorf("MoreSentence(%d, %v) = %q, want %q", tt.onsets, tt.weeks, got, tt.want)
		}
	}
}

// TestReportNeverAlways: a suspect no run had, or every run had, is not
// enough data, and says so.
func TestReportNeverAlways(t *testing.T) {
	in := nullAthlete(2)
	in.Strength = nil
	for i := range in.Runs {
		e := in.Runs[i].Exposure
		in.Runs[i].Exposure = model.Exposure{SessionID: in.Runs[i].ID, Hilly: model.FlagYes, CadenceDrift: e.CadenceDrift,
			HoursSinceDeadlift: math.NaN(), HoursSinceStrength: math.NaN()}
	}
	r, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Tested() {
		t.Fatalf("only %d onsets", r.Data.EpisodeOnsets)
	}
	for _, s := range r.Suspects {
		want := analysis.VerdictNotEnoughData
		if s.Exposure == analysis.ExpCadenceDrift || s.Exposure == analysis.ExpLongRun || s.Exposure == analysis.ExpLoadSpike {
			want = s.Verdict // may vary: tested
			if s.Verdict == analysis.VerdictNotEnoughData {
				t.Errorf("%s not tested: %s", s.Exposure, s.Evidence)
			}
		}
		if s.Verdict != want {
			t.Errorf("%s: %s (%s), want %s", s.Exposure, s.Verdict, s.Evidence, want)
		}
	}
	h := suspect(t, r, analysis.ExpHillyRun)
	if !strings.HasPrefix(h.Evidence, "Too few runs to compare: ") || !strings.Contains(h.Evidence, " and 0 other runs") {
		t.Errorf("hilly_run evidence %q", h.Evidence)
	}
	if r.HoursSinceDeadlift != nil {
		t.Errorf("hours table without deadlifts: %v", r.HoursSinceDeadlift)
	}
}

// suspect returns the report's suspect id.
func suspect(t *testing.T, r *analysis.Report, id string) analysis.Suspect {
	t.Helper()
	for _, s := range r.Suspects {
		if s.Exposure == id {
			return s
		}
	}
	t.Fatalf("no suspect %s", id)
	return analysis.Suspect{}
}

// TestReportCounts: the data block follows the outcome rule (a run with
// two pain events counts once), severity-0 check-ins are logged days and
// never pain, and the diary period runs from the first to the last entry.
func TestReportCounts(t *testing.T) {
	runs := []analysis.ReportRun{
		run(1, local(2025, 3, 3, 7, 0), 60),
		run(2, local(2025, 3, 4, 7, 0), 60),
		run(3, local(2025, 3, 6, 7, 0), 60),
		run(4, local(2025, 3, 8, 7, 0), 60),
	}
	runs[0].Exposure.Deadlift48h = true
	in := analysis.ReportInput{Settings: analysis.DefaultSettings(), Sessions: 5, Runs: runs,
		Strength: []analysis.ReportStrength{{ID: 9, Start: local(2025, 3, 2, 18, 0).UTC(), DeadliftSets: 3, DeadliftVolumeKg: 1000}},
		Pain: []model.PainEvent{pain("2025-03-03", "07:30"), pain("2025-03-03", "20:00"), pain("2025-03-06", ""),
			{LocalDate: "2025-03-02", TZ: "Europe/London", Severity: 0, Note: "fine today"},
			{LocalDate: "2025-03-07", TZ: "Europe/London", Severity: 0}},
		FirstDate: "2025-03-02", LastDate: "2025-03-08"}
	r, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatal(err)
	}
	// The diary runs from 2 to 7 March: the run on the 8th is outside.
	// Pain on the 3rd (within G = 2 days of the start: censored, it may
	// have begun before the diary) and the 6th (two pain-free days later:
	// the same episode).
	want := analysis.ReportData{From: "2025-03-02", To: "2025-03-08", Sessions: 5, Runs: 4, StrengthSessions: 1,
		PainEvents: 3, RunsWithPain: 2, PainEventsWithRun: 3, PainEventsDuringRuns: 1, CheckIns: 2,
		DiaryFrom: "2025-03-02", DiaryTo: "2025-03-07", DiaryRule: analysis.DiaryFirstToLast, RunsInDiary: 3, RunsOutsideDiary: 1,
		Episodes: 1, EpisodeOnsets: 0, OnsetsNeeded: 5}
	if diff := cmp.Diff(want, r.Data); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}
	notes := strings.Join(r.Notes, "\n")
	for _, w := range []string{"2 check-ins with severity 0 (no pain) mark their days as logged without pain",
		"Runs with nothing logged count as pain-free. The analysis covers 2025-03-02 to 2025-03-07 (from your first to your last diary entry); 1 run outside it is left out."} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes do not say %q:\n%s", w, notes)
		}
	}
	if r.DiarySentence() != r.Notes[1] {
		t.Errorf("DiarySentence %q is not the second note", r.DiarySentence())
	}
	if len(r.PainDuringRuns.Events) != 1 || r.PainDuringRuns.Events[0].Minutes != 30 {
		t.Errorf("pain during runs: %+v, want one event 30 minutes in", r.PainDuringRuns.Events)
	}
	// A declared diary start: from the 1st, so the pain on the 3rd is an
	// onset no longer censored... (G = 2: the 3rd is 2 days after the 1st,
	// still censored); from 28 February it is not.
	in.Settings.DiaryStart = "2025-02-28"
	if r, err = analysis.BuildReport(in); err != nil {
		t.Fatal(err)
	}
	if d := r.Data; d.DiaryFrom != "2025-02-28" || d.DiaryTo != "2025-03-08" || d.DiaryRule != analysis.DiaryDeclared ||
		d.RunsOutsideDiary != 0 || d.EpisodeOnsets != 1 || d.OnsetsAfterRuns != 1 || d.OnsetsNeeded != 4 {
		t.Errorf("declared diary: %+v", d)
	}
	if !strings.Contains(r.DiarySentence(), "(from your diary_start setting)") {
		t.Errorf("diary sentence %q", r.DiarySentence())
	}
}
