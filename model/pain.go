package model

import "time"

// PainEvent is one back-pain event the user logged.
type PainEvent struct {
	// ID is the store's identifier (0 before it is stored).
	ID int64
	// LocalDate is the local calendar date, YYYY-MM-DD.
	LocalDate string
	// LocalTime is the local time of day, HH:MM, or "" when not given
	// (a date-only event is normal).
	LocalTime string
	// TZ is the IANA time zone name the local date and time are in.
	TZ string
	// Severity is 0 (none) to 10 (worst).
	Severity int
	// Location is where it hurt, free text ("lower back").
	Location string
	// Note is the user's note, exactly as typed.
	Note string
}

// Instant returns the event's UTC instant and true when it has a time of day
// and its zone loads; otherwise the zero time and false.
func (p PainEvent) Instant() (time.Time, bool) {
	if p.LocalTime == "" {
		return time.Time{}, false
	}
	loc, err := time.LoadLocation(p.TZ)
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", p.LocalDate+" "+p.LocalTime, loc)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
