package analysis

import (
	"testing"
	"time"

	"github.com/backtrack/backtrack/model"
)

// The episode rules (docs/definitions.md, "Pain episodes"), on a diary
// declared from day 0, Monday 3 March 2025, in London (the clocks go
// forward on day 27, Sunday 30 March).

var epZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// epRun is an hour's run on day d at local hour h.
func epRun(d int, h float64) ReportRun {
	st := time.Date(2025, 3, 3+d, 0, 0, 0, int(h*float64(time.Hour)), epZone)
	return ReportRun{Start: st.UTC(), ElapsedS: 3600, LocalDate: st.Format(time.DateOnly), DistanceM: 10000}
}

// epPain is a timed entry on day d at local hour h (severity 4); h < 0
// makes it date-only.
func epPain(d int, h float64, sev int) model.PainEvent {
	t := time.Date(2025, 3, 3+d, 0, 0, 0, int(max(h, 0)*float64(time.Hour)), epZone)
	e := model.PainEvent{LocalDate: t.Format(time.DateOnly), TZ: "Europe/London", Severity: sev}
	if h >= 0 {
		e.LocalTime = t.Format("15:04")
	}
	return e
}

func epEntries(runs []ReportRun, pain []model.PainEvent) []entry {
	return diaryEntries(pain, LinkPain(runs, pain), func(string) *time.Location { return epZone })
}

// TestEpisodes pins the episode rules with G = 2.
func TestEpisodes(t *testing.T) {
	runs := []ReportRun{epRun(5, 7), epRun(6, 7), epRun(8, 18), epRun(9, 7), epRun(12, 7), epRun(13, 7), epRun(20, 7), epRun(24, 7), epRun(24, 18), epRun(28, 7)}
	day0, _ := dayNumber("2025-03-03")
	period := diaryPeriod{from: day0, to: day0 + 30, ok: true, rule: DiaryDeclared}
	T, F := true, false
	tests := []struct {
		name              string
		pain              []model.PainEvent
		atRisk, onset     []bool
		onsets, runOnsets int
	}{
		{"pain during the day-5 run starts an episode; the day-6 and day-8 runs are inside it (at most 2 pain-free days between pain days), and the day-9 run too (its horizon is the end of day 8 + 2 + 1)",
			[]model.PainEvent{epPain(5, 7.5, 4), epPain(8, 18.5, 4)},
			[]bool{T, F, F, F, T, T, T, T, T, T},
			[]bool{T, F, F, F, F, F, F, F, F, F}, 1, 1},
		{"pain the evening after the day-12 run belongs to it (within 24 h): that run is the onset run, the next morning's is inside",
			[]model.PainEvent{epPain(12, 20, 4)},
			[]bool{T, T, T, T, T, F, T, T, T, T},
			[]bool{F, F, F, F, T, F, F, F, F, F}, 1, 1},
		{"a date-only entry goes with the last run of its day (the evening run of day 24): the morning run stays at risk and pain-free",
			[]model.PainEvent{epPain(24, -1, 4)},
			[]bool{T, T, T, T, T, T, T, T, T, T},
			[]bool{F, F, F, F, F, F, F, F, T, F}, 1, 1},
		{"pain on a rest day (day 16, no run within 24 h) starts an episode apart from runs; the day-20 run is after its horizon",
			[]model.PainEvent{epPain(16, 10, 4)},
			[]bool{T, T, T, T, T, T, T, T, T, T},
			[]bool{F, F, F, F, F, F, F, F, F, F}, 1, 0},
		{"a first episode within 2 days of the diary's start is censored: no onset, and its runs (to its horizon, day 5 + 3) are not at risk",
			[]model.PainEvent{epPain(1, 9, 4), epPain(3, 9, 4), epPain(5, 7.5, 4)},
			[]bool{F, F, F, T, T, T, T, T, T, T},
			[]bool{F, F, F, F, F, F, F, F, F, F}, 0, 0},
		{"severity-0 check-ins are never pain",
			[]model.PainEvent{epPain(5, 7.5, 0), epPain(20, -1, 0)},
			[]bool{T, T, T, T, T, T, T, T, T, T},
			[]bool{F, F, F, F, F, F, F, F, F, F}, 0, 0},
		{"across the clocks going forward: pain during the day-28 run, a date-only entry the day before starts the episode (no run that day: from the start of its day)",
			[]model.PainEvent{epPain(27, -1, 4), epPain(28, 7.5, 4)},
			[]bool{T, T, T, T, T, T, T, T, T, F},
			[]bool{F, F, F, F, F, F, F, F, F, F}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := episodes(runs, epEntries(runs, tt.pain), period, 2, 1)
			for i := range runs {
				if es.atRisk[i] != tt.atRisk[i] || es.onset[i] != tt.onset[i] {
					t.Errorf("run %d (%s): at risk %v onset %v, want %v %v", i, runs[i].LocalDate, es.atRisk[i], es.onset[i], tt.atRisk[i], tt.onset[i])
				}
			}
			if es.onsets != tt.onsets || es.runOnsets != tt.runOnsets {
				t.Errorf("onsets %d (after runs %d), want %d (%d)", es.onsets, es.runOnsets, tt.onsets, tt.runOnsets)
			}
		})
	}
	// G = 0: pain on days 5 and 8 are two episodes; the day-8 run starts
	// the second (the day-6 run is inside the first up to its horizon).
	es := episodes(runs, epEntries(runs, []model.PainEvent{epPain(5, 7.5, 4), epPain(8, 18.5, 4)}), period, 0, 1)
	if es.onsets != 2 || !es.onset[2] || es.atRisk[1] {
		t.Errorf("G = 0: %d onsets, onset %v, at risk %v", es.onsets, es.onset, es.atRisk)
	}
	// A higher minimum severity leaves the milder entry out.
	es = episodes(runs, epEntries(runs, []model.PainEvent{epPain(5, 7.5, 2), epPain(8, 18.5, 6)}), period, 2, 4)
	if es.onsets != 1 || !es.onset[2] {
		t.Errorf("minimum severity 4: %d onsets, onset %v", es.onsets, es.onset)
	}
}

// TestDiaryPeriod: without diary_start the period runs from the first to
// the last entry of any severity (a check-in stretches it); with it, from
// the date to the report's end; --since and --until narrow it.
func TestDiaryPeriod(t *testing.T) {
	pain := []model.PainEvent{epPain(8, -1, 0), epPain(15, 9, 4), epPain(22, -1, 0)}
	tests := []struct {
		name                string
		start, since, until string
		from, to            string
		rule                string
	}{
		{"first to last entry", "", "", "", "2025-03-11", "2025-03-25", DiaryFirstToLast},
		{"declared", "2025-03-04", "", "", "2025-03-04", "2025-03-31", DiaryDeclared},
		{"declared, narrowed by --since and --until", "2025-03-04", "2025-03-10", "2025-03-20", "2025-03-10", "2025-03-20", DiaryDeclared},
		{"first to last, narrowed by --until", "", "", "2025-03-20", "2025-03-11", "2025-03-20", DiaryFirstToLast},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := DefaultSettings()
			set.DiaryStart = tt.start
			b := &builder{set: set, in: ReportInput{Pain: pain, LastDate: "2025-03-31", Since: tt.since, Until: tt.until}}
			p := b.findDiaryPeriod()
			if !p.ok || dayDate(p.from) != tt.from || dayDate(p.to) != tt.to || p.rule != tt.rule {
				t.Errorf("period %s to %s (%s, ok %v), want %s to %s (%s)", dayDate(p.from), dayDate(p.to), p.rule, p.ok, tt.from, tt.to, tt.rule)
			}
		})
	}
	b := &builder{set: DefaultSettings()}
	if p := b.findDiaryPeriod(); p.ok || p.weeks() != 0 {
		t.Errorf("no entries: period %+v", p)
	}
	set := DefaultSettings()
	set.DiaryStart = "2025-04-01"
	b = &builder{set: set, in: ReportInput{Pain: pain, LastDate: "2025-03-31"}}
	if p := b.findDiaryPeriod(); p.ok {
		t.Errorf("a diary declared after the data: period %s to %s", dayDate(p.from), dayDate(p.to))
	}
}

// TestStratumOf: 56-day strata from the diary's start, a last one shorter
// than 28 days joined to the one before.
func TestStratumOf(t *testing.T) {
	for _, tt := range []struct{ day, to, want int }{
		{0, 200, 0}, {55, 200, 0}, {56, 200, 1}, {167, 200, 2}, {168, 200, 3}, {200, 200, 3}, // 168–200 is 33 days: its own
		{168, 190, 2}, {169, 190, 2}, {190, 190, 2}, {167, 190, 2}, // 168–190 is 23 days: joined to 112–167
		{10, 20, 0},
	} {
		if got := stratumOf(tt.day, 0, tt.to); got != tt.want {
			t.Errorf("stratumOf(%d, 0, %d) = %d, want %d", tt.day, tt.to, got, tt.want)
		}
	}
}

// TestScorePMF: the trend test's per-stratum distribution by enumeration.
func TestScorePMF(t *testing.T) {
	scores := []int{0, 0, 0, 1, 1, 2, 2}
	want := make([]float64, 7)
	n := 0
	for i := 0; i < 7; i++ {
		for j := i + 1; j < 7; j++ {
			for k := j + 1; k < 7; k++ {
				want[scores[i]+scores[j]+scores[k]]++
				n++
			}
		}
	}
	got := scorePMF([3]int{3, 2, 2}, 3)
	for x := range want {
		if d := got[x] - want[x]/float64(n); d > 1e-12 || d < -1e-12 {
			t.Errorf("P(sum = %d) = %.6f, want %.6f", x, got[x], want[x]/float64(n))
		}
	}
}

// FuzzDayNumber: a day number is the date's days since 1970-01-01 exactly
// when the date parses as YYYY-MM-DD, and reads back as the same date.
func FuzzDayNumber(f *testing.F) {
	for _, s := range []string{"2025-03-03", "1970-01-01", "2024-02-29", "2025-02-30", "2025-13-01", "25-03-03", "2025-3-3", "abcd-ef-gh", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := dayNumber(s)
		tm, err := time.Parse(time.DateOnly, s)
		valid := err == nil && tm.Format(time.DateOnly) == s
		if valid != (ok && dayDate(d) == s) {
			t.Errorf("dayNumber(%q) = %d, %v (reads back %q); time.Parse: %v", s, d, ok, dayDate(d), err)
		}
		if valid && d != int(tm.Unix()/86400) {
			t.Errorf("dayNumber(%q) = %d, want %d", s, d, tm.Unix()/86400)
		}
	})
}
