package model

import (
	"slices"
	"strconv"
	"time"
)

// Instants returns every UTC instant the event's local date and time denote
// in its zone, earliest first: one normally, none when the time falls in a
// daylight-saving gap (the clocks skipped it), two when it falls in an
// overlap (the clocks went back and the local time happened twice). It
// returns nil for a date-only event, a zone that does not load, or a date
// or time that is not YYYY-MM-DD and HH:MM.
//
// The pain log takes the first instant of an overlap. [PainEvent.Instant]
// predates this method and leaves the choice to the time package, which
// picks the second occurrence in some zones (Europe/London) and the first
// in others (America/New_York), and accepts a time inside a gap.
func (p PainEvent) Instants() []time.Time {
	if p.LocalTime == "" || p.TZ == "" || p.TZ == "Local" {
		return nil
	}
	y, mo, d, ok := painSplitDate(p.LocalDate)
	if !ok {
		return nil
	}
	h, mi, ok := painSplitClock(p.LocalTime)
	if !ok {
		return nil
	}
	loc, err := time.LoadLocation(p.TZ)
	if err != nil {
		return nil
	}
	// wall is the local date and time read as if it were UTC: an instant
	// u shows that wall clock in loc when u + offset(u) = wall.
	wall := time.Date(y, time.Month(mo), d, h, mi, 0, 0, time.UTC)
	if wall.Year() != y || int(wall.Month()) != mo || wall.Day() != d {
		return nil // 2026-02-30
	}
	// The zone's offsets within two days either side cover every
	// transition that could make this wall clock exist twice or not at
	// all (the largest jump on record is a day, Samoa in 2011).
	var offsets []int
	from, to := wall.Add(-50*time.Hour), wall.Add(50*time.Hour)
	for u := from; u.Before(to); {
		_, off := u.In(loc).Zone()
		if !slices.Contains(offsets, off) {
			offsets = append(offsets, off)
		}
		_, end := u.In(loc).ZoneBounds()
		if end.IsZero() || !end.After(u) {
			break
		}
		u = end
	}
	var out []time.Time
	for _, off := range offsets {
		u := wall.Add(-time.Duration(off) * time.Second)
		l := u.In(loc)
		if l.Year() == y && int(l.Month()) == mo && l.Day() == d && l.Hour() == h && l.Minute() == mi && l.Second() == 0 &&
			!slices.ContainsFunc(out, u.Equal) {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// painSplitDate splits a YYYY-MM-DD date into numbers, requiring exactly that
// shape (it does not check that the day exists).
func painSplitDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := painDigits(s[0:4])
	m, ok2 := painDigits(s[5:7])
	d, ok3 := painDigits(s[8:10])
	return y, m, d, ok1 && ok2 && ok3
}

// painSplitClock splits an HH:MM time of day into hours 0–23 and minutes 0–59.
func painSplitClock(s string) (h, m int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	h, ok1 := painDigits(s[0:2])
	m, ok2 := painDigits(s[3:5])
	return h, m, ok1 && ok2 && h < 24 && m < 60
}

// painDigits parses a run of ASCII digits (no sign, no spaces).
func painDigits(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
