package model

import (
	"testing"
	"time"
)

func TestSameActivity(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)
	run := func(sport Sport, start time.Time, elapsed float64) *Session {
		s := NewSession(sport, start)
		s.ElapsedS = elapsed
		return &s
	}
	logged := func(s *Session) *Session { s.Logged = true; return s }
	sub := func(s *Session, w string) *Session { s.SubSport = w; return s }
	lift := func(start time.Time, elapsed float64, assumed bool) *Session {
		s := run(Strength, start, elapsed)
		s.TimeAssumed = assumed
		return s
	}
	tests := []struct {
		name string
		a, b *Session
		want bool
	}{
		{"same run, GPX 20 s later, 5% shorter", run(Running, t0, 3600), run(Running, t0.Add(20*time.Second), 3420), true},
		{"exactly 60 s apart", run(Running, t0, 3600), run(Running, t0.Add(60*time.Second), 3600), true},
		{"61 s apart", run(Running, t0, 3600), run(Running, t0.Add(61*time.Second), 3600), false},
		{"durations 11% apart", run(Running, t0, 3600), run(Running, t0, 3200), false},
		{"durations exactly 10% apart", run(Running, t0, 4000), run(Running, t0, 3600), true},
		{"a GPX without a type matches", run(Running, t0, 3600), run(Other, t0, 3600), true},
		{"run vs ride", run(Running, t0, 3600), run(Cycling, t0, 3600), false},
		{"unknown duration never matches", run(Running, t0, Missing), run(Running, t0, 3600), false},
		{"watch strength and app log overlapping, 7 min apart", lift(t0, 3000, false), lift(t0.Add(7*time.Minute), 2700, false), true},
		{"strength on the same day hours apart", lift(t0, 1800, false), lift(t0.Add(6*time.Hour), 1800, false), false},
		{"date-only app log on the same day", lift(t0, 1800, false), lift(t0.Add(10*time.Hour), Missing, true), true},
		{"date-only app log on another day", lift(t0, 1800, false), lift(t0.Add(30*time.Hour), Missing, true), false},
		{"strength vs run", lift(t0, 1800, false), run(Running, t0, 1800), false},
		{"a run logged in an app, 40 min before the watch's", logged(run(Running, t0, 600)), run(Running, t0.Add(40*time.Minute), 3000), true},
		{"a logged run and a watch run 3 h apart", logged(run(Running, t0, 600)), run(Running, t0.Add(3*time.Hour), 3000), false},
		{"a logged run and a watch ride", logged(run(Running, t0, 600)), run(Cycling, t0, 600), false},
		{"a logged run and an untyped track", logged(run(Running, t0, 600)), run(Other, t0, 600), false},
		{"logged rowing and logged elliptical", logged(sub(run(Other, t0, 600), "rowing")), logged(sub(run(Other, t0, 600), "elliptical")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameActivity(tt.a, tt.b); got != tt.want {
				t.Errorf("SameActivity = %v, want %v", got, tt.want)
			}
			if got := SameActivity(tt.b, tt.a); got != tt.want {
				t.Errorf("SameActivity (swapped) = %v, want %v", got, tt.want)
			}
		})
	}
}
