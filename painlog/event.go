package painlog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/backtrack/backtrack/model"
)

// DefaultLocation is where a pain event hurt when the user does not
// say.
const DefaultLocation = "lower back"

// loadZone loads an IANA zone name for a pain event.
func loadZone(name string) (*time.Location, error) {
	switch name {
	case "":
		return nil, errors.New("no time zone: add a tz column or give your zone (--tz)")
	case "Local":
		return nil, errors.New(`time zone "Local" is not a zone name: use a name like Europe/London`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is unknown: use a name like Europe/London", shorten(name, 60))
	}
	return loc, nil
}

// ParseDate reads a pain event's date as the user wrote it: YYYY-MM-DD,
// or "today" or "yesterday" (any case) meaning the local date of now in loc
// (nil means UTC) or the day before. It returns the date as YYYY-MM-DD, or
// an error for another word ("tomorrow"), a date that does not exist
// (2026-02-30), one before 1970, or one after today in loc.
func ParseDate(s string, now time.Time, loc *time.Location) (string, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := now.In(loc)
	y, m, d := today.Date()
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "today":
		return today.Format(time.DateOnly), nil
	case "yesterday":
		return time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC).Format(time.DateOnly), nil
	case "":
		return "", errors.New("date is empty: use YYYY-MM-DD, today or yesterday")
	}
	date := strings.TrimSpace(s)
	if err := checkDate(date); err != nil {
		return "", err
	}
	if t := today.Format(time.DateOnly); date > t {
		return "", fmt.Errorf("date %s is in the future (today is %s in %s)", date, t, loc)
	}
	return date, nil
}

// checkDate checks that s is a YYYY-MM-DD date that exists, from 1970.
func checkDate(s string) error {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !isDigits(s[:4]) || !isDigits(s[5:7]) || !isDigits(s[8:]) {
		return fmt.Errorf("date %q not understood: use YYYY-MM-DD, today or yesterday", shorten(s, 40))
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	if m < 1 || m > 12 {
		return fmt.Errorf("date %s does not exist: there is no month %d", s, m)
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return fmt.Errorf("date %s does not exist: %s %d has %d days", s, time.Month(m), y, days)
	}
	if y < 1970 {
		return fmt.Errorf("date %s is before 1970", s)
	}
	return nil
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParseTime reads a time of day as the user wrote it, H:MM or HH:MM on
// a 24-hour clock, and returns it as HH:MM; an empty (or blank) s is no time
// and returns "". Anything else ("7:5", "25:10", "7:30 pm", "07:30:00") is
// an error.
func ParseTime(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	hs, ms, ok := strings.Cut(s, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !isDigits(hs) || !isDigits(ms) {
		return "", fmt.Errorf("time %q not understood: use HH:MM on a 24-hour clock, e.g. 07:30", shorten(s, 40))
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	if h > 23 {
		return "", fmt.Errorf("time %s does not exist: hours run from 00 to 23", s)
	}
	if m > 59 {
		return "", fmt.Errorf("time %s does not exist: minutes run from 00 to 59", s)
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
}

// ParseSeverity reads a severity as the user wrote it: a whole number
// from 0 (none) to 10 (worst).
func ParseSeverity(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("severity is empty: use a whole number from 0 (none) to 10 (worst)")
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("severity %s is out of range: use 0 (none) to 10 (worst)", shorten(s, 40))
	}
	if err != nil {
		return 0, fmt.Errorf("severity %q is not a whole number: use 0 (none) to 10 (worst)", shorten(s, 40))
	}
	if err := checkSeverity(n); err != nil {
		return 0, err
	}
	return n, nil
}

// checkSeverity checks the range 0–10.
func checkSeverity(n int) error {
	if n < 0 || n > 10 {
		return fmt.Errorf("severity %d is out of range: use 0 (none) to 10 (worst)", n)
	}
	return nil
}

// MaxTextBytes is the longest location or note a pain event may have, in
// bytes (about 100 pages of text). The pain file readers accept the
// longest line or event the writers write with it, so that an export
// always imports back.
const MaxTextBytes = 256 << 10

// checkText checks that a location or note is UTF-8 text whose only
// control characters are tabs and line feeds: a carriage return would not
// survive a CSV round trip, and other controls are not text. It is at most
// MaxTextBytes long.
func checkText(name, s string) error {
	if len(s) > MaxTextBytes {
		return fmt.Errorf("%s is %d KiB long: the most a pain event keeps is %d KiB", name, (len(s)+1023)>>10, MaxTextBytes>>10)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not UTF-8 text (save the file as UTF-8)", name)
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && unicode.IsControl(r) {
			return fmt.Errorf("%s holds the control character %U: only tabs and line breaks are kept", name, r)
		}
	}
	return nil
}

// Validate checks one event as it would be stored: a date
// YYYY-MM-DD that exists and is not before 1970; a time "" or HH:MM; a
// severity 0–10; a zone that is an IANA name that loads; a location that is
// not empty and, like the note, is UTF-8 text without control characters
// other than tabs and line breaks; a time that exists in the zone (not in a
// daylight-saving gap); and nothing after now (a date-only event may be
// today in its zone, a timed one no later than now). It returns the event's
// UTC instant (the first one when the local time happens twice, in a
// daylight-saving overlap) and whether it has one.
func Validate(e model.PainEvent, now time.Time) (utc time.Time, hasTime bool, err error) {
	loc, err := loadZone(e.TZ)
	if err != nil {
		return time.Time{}, false, err
	}
	if err := checkDate(e.LocalDate); err != nil {
		return time.Time{}, false, err
	}
	if e.LocalTime != "" {
		if t, err := ParseTime(e.LocalTime); err != nil {
			return time.Time{}, false, err
		} else if t != e.LocalTime {
			return time.Time{}, false, fmt.Errorf("time %q not understood: use HH:MM", e.LocalTime)
		}
	}
	if err := checkSeverity(e.Severity); err != nil {
		return time.Time{}, false, err
	}
	if e.Location == "" {
		return time.Time{}, false, errors.New("location is empty")
	}
	for _, t := range []struct{ name, s string }{{"location", e.Location}, {"note", e.Note}} {
		if err := checkText(t.name, t.s); err != nil {
			return time.Time{}, false, err
		}
	}
	local := now.In(loc)
	if today := local.Format(time.DateOnly); e.LocalDate > today {
		return time.Time{}, false, fmt.Errorf("date %s is in the future (today is %s in %s)", e.LocalDate, today, e.TZ)
	}
	if e.LocalTime == "" {
		return time.Time{}, false, nil
	}
	inst := e.Instants()
	if len(inst) == 0 {
		return time.Time{}, false, fmt.Errorf("%s %s does not exist in %s: the clocks skipped it (daylight saving time)", e.LocalDate, e.LocalTime, e.TZ)
	}
	if inst[0].After(now) {
		return time.Time{}, false, fmt.Errorf("%s %s is in the future (it is now %s in %s)", e.LocalDate, e.LocalTime, local.Format("2006-01-02 15:04"), e.TZ)
	}
	return inst[0].UTC(), true, nil
}

// shorten truncates s for an error message to at most n bytes on a rune
// boundary, adding "…", and makes it valid UTF-8.
func shorten(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Describe is a one-line description of e for confirmations: its local date
// and time, zone, severity and location, as in
// "2024-03-05 07:30 Europe/London, severity 5, lower back".
func Describe(e model.PainEvent) string {
	when := e.LocalDate
	if e.LocalTime != "" {
		when += " " + e.LocalTime
	}
	return fmt.Sprintf("%s %s, severity %d, %s", when, e.TZ, e.Severity, e.Location)
}

// OverlapNote returns a sentence for the user when e's local time happened
// twice in its zone (the clocks went back), saying that the first instant is
// kept, as [Validate] and the store do; otherwise it returns "".
func OverlapNote(e model.PainEvent) string {
	inst := e.Instants()
	if len(inst) < 2 {
		return ""
	}
	return fmt.Sprintf("%s on %s happened twice in %s (the clocks went back); taking the first, %s UTC (the second was %s UTC)",
		e.LocalTime, e.LocalDate, e.TZ, inst[0].UTC().Format("15:04"), inst[1].UTC().Format("15:04"))
}
