package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/plural"
)

// diaryIntro says what the diary lists and counts its entries by match.
func diaryIntro(r *analysis.Report) string {
	n := len(r.Diary)
	if n == 0 {
		return "No pain events in this period. Log pain as it happens with `backtrack pain add`."
	}
	var during, after, sameDay, none int
	for _, e := range r.Diary {
		switch e.Matched.Kind {
		case analysis.MatchDuring:
			during++
		case analysis.MatchAfter:
			after++
		case analysis.MatchSameDay:
			sameDay++
		default:
			none++
		}
	}
	var parts []string
	add := func(k int, s string) {
		if k > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", k, s))
		}
	}
	add(during, "during a run")
	add(after, fmt.Sprintf("within %s h after one", analysis.FormatSetting(r.Settings.PainAfterRunH)))
	add(sameDay, "on the day of one (no time logged)")
	add(none, "with no run")
	return fmt.Sprintf("Every pain event of the period, as logged (pain from 1 to 10), with the run it was matched to: %s: %s.",
		plural.Of(n, "event", "events"), analysis.JoinAnd(parts))
}

// diaryWhen formats an entry's date and time ("2025-01-14 07:08", or
// "2025-01-21, no time").
func diaryWhen(e analysis.DiaryEntry) string {
	if e.Time == "" {
		return e.Date + ", no time"
	}
	return e.Date + " " + e.Time
}

// diaryMatched says what an entry was matched to, in words: "during the
// 8 km run, 16 min in", "5.5 h after the 10.2 km run of 2025-01-13",
// "on the day of the 9.9 km run", "no run in the 24 h before".
func diaryMatched(e analysis.DiaryEntry, afterH float64) string {
	m := e.Matched
	run := "the run"
	if m.RunKm != nil && m.RunKm.Known() {
		run = "the " + strconv.FormatFloat(float64(*m.RunKm), 'f', -1, 64) + " km run"
	}
	if m.RunDate != "" && m.RunDate != e.Date {
		run += " of " + m.RunDate
	}
	switch m.Kind {
	case analysis.MatchDuring:
		s := "during " + run
		if m.MinutesIn != nil && m.MinutesIn.Known() {
			s += fmt.Sprintf(", %.0f min in", math.Round(float64(*m.MinutesIn)))
		}
		return s
	case analysis.MatchAfter:
		if m.HoursAfter != nil && m.HoursAfter.Known() {
			return fmt.Sprintf("%s h after %s", strconv.FormatFloat(float64(*m.HoursAfter), 'f', 1, 64), run)
		}
		return "after " + run
	case analysis.MatchSameDay:
		return "on the day of " + run
	}
	if e.Time == "" {
		return "no run that day"
	}
	return "no run in the " + analysis.FormatSetting(afterH) + " h before"
}

// diaryLine is an entry in one line of text (unescaped): when, how bad,
// where and what it was matched to.
func diaryLine(e analysis.DiaryEntry, afterH float64) string {
	parts := []string{diaryWhen(e), fmt.Sprintf("pain %d/10", e.Severity)}
	if strings.TrimSpace(e.Location) != "" {
		parts = append(parts, e.Location)
	}
	parts = append(parts, diaryMatched(e, afterH))
	return strings.Join(parts, " · ")
}
