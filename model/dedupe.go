package model

import (
	"math"
	"time"
)

// MatchWindow is how far apart two recordings of one activity may start
// (docs/storage.md, "Duplicates and merges": within 60 s).
const MatchWindow = 60 * time.Second

// LoggedMatchWindow is how far apart a run (ride, row…) logged in an app
// and another recording of the same sport on the same day may start and
// still be one activity: an app logs the workout's start, not the run's.
const LoggedMatchWindow = 2 * time.Hour

// SameActivity reports whether a and b are two recordings of one activity
// from different sources (the watch's FIT and Strava's GPX of the same run;
// the watch's strength session and the lifting app's log of it):
//
//   - strength sessions: both strength, the same local day, and either the
//     time of one was assumed (a date-only app log) or their time spans
//     overlap or start within 30 minutes;
//   - an endurance session logged in an app (Logged: a lifting app's
//     treadmill or Running entry) and another: the same sport (and, for
//     Other, no two different sub-sports), the same local day, and either
//     time assumed or starts within LoggedMatchWindow;
//   - other endurance sessions: the same sport family (a session whose
//     sport the source did not say, Other, matches any), starts within
//     MatchWindow and elapsed durations within 10% (a GPX has no timer,
//     only its span).
func SameActivity(a, b *Session) bool {
	if a.Sport == Strength || b.Sport == Strength {
		if a.Sport != b.Sport || a.LocalDate() != b.LocalDate() {
			return false
		}
		if a.TimeAssumed || b.TimeAssumed {
			return true
		}
		return a.Start.Before(endOrStart(b)) && b.Start.Before(endOrStart(a)) ||
			absDuration(a.Start.Sub(b.Start)) <= 30*time.Minute
	}
	if a.Logged || b.Logged {
		if a.Sport != b.Sport || a.LocalDate() != b.LocalDate() ||
			a.Sport == Other && a.SubSport != "" && b.SubSport != "" && a.SubSport != b.SubSport {
			return false
		}
		return a.TimeAssumed || b.TimeAssumed || absDuration(a.Start.Sub(b.Start)) <= LoggedMatchWindow
	}
	if a.Sport != b.Sport && a.Sport != Other && b.Sport != Other {
		return false
	}
	if absDuration(a.Start.Sub(b.Start)) > MatchWindow {
		return false
	}
	da, db := duration(a), duration(b)
	if !Known(da) || !Known(db) || da <= 0 || db <= 0 {
		return false
	}
	return math.Abs(da-db) <= 0.10*math.Max(da, db)
}

// duration is the elapsed time in seconds, else the timer time, else the
// span of the samples.
func duration(s *Session) float64 {
	for _, d := range []float64{s.ElapsedS, s.TimerS} {
		if Known(d) {
			return d
		}
	}
	if n := s.Samples.Len(); n > 0 {
		return s.Samples.T[n-1]
	}
	return Missing
}

func endOrStart(s *Session) time.Time {
	e := s.End()
	if !e.After(s.Start) {
		return s.Start.Add(time.Minute)
	}
	return e
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// FormatRank orders formats by how much a recording in them usually holds:
// a watch's FIT file (records, laps, sets, device) beats TCX, which beats
// GPX, which beats a lifting app's CSV. See [Primary] for the whole rule.
func FormatRank(f Format) int {
	switch f {
	case FormatFIT:
		return 4
	case FormatTCX:
		return 3
	case FormatGPX:
		return 2
	}
	return 1
}
