package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

// PainInput is a pain event as a person types it.
type PainInput struct {
	// Date is the local date: YYYY-MM-DD, today or yesterday.
	Date string
	// Time is the local time of day as painlog.ParseClock reads it
	// (18:30, 6:30pm, 6pm or now); "" for a date-only event.
	Time string
	// Severity is a whole number from 0 (none) to 10 (worst).
	Severity string
	// Location is where it hurt; "" means the default, lower back.
	Location string
	// Note is kept exactly as typed.
	Note string
}

// ParsePain parses and checks in as an event in zone loc (whose name,
// loc.String(), is stored with it) at the instant now: a date in the future
// or before 1970, a time the clocks skipped or a severity out of range is
// an error wrapping ErrInvalidPain. It needs no database, so a caller can
// refuse a bad event before opening one.
func ParsePain(in PainInput, loc *time.Location, now time.Time) (model.PainEvent, error) {
	e := model.PainEvent{TZ: loc.String(), Location: in.Location, Note: in.Note}
	if e.Location == "" {
		e.Location = painlog.DefaultLocation
	}
	var err error
	if e.LocalDate, err = painlog.ParseDate(in.Date, now, loc); err != nil {
		return e, withKind(ErrInvalidPain, err)
	}
	if e.LocalTime, err = painlog.ParseClock(in.Time, now.In(loc)); err != nil {
		return e, withKind(ErrInvalidPain, err)
	}
	if e.Severity, err = painlog.ParseSeverity(in.Severity); err != nil {
		return e, withKind(ErrInvalidPain, err)
	}
	if _, _, err := painlog.Validate(e, now); err != nil {
		return e, withKind(ErrInvalidPain, err)
	}
	return e, nil
}

// AddPain logs e (checked again: an invalid event wraps ErrInvalidPain)
// and returns its ID, with a note when its local time happened twice (the
// clocks went back: the first is taken). An identical event already in the
// log is an error wrapping store.ErrPainExists, returned with that event's
// ID.
func (a *App) AddPain(ctx context.Context, e model.PainEvent) (int64, error) {
	if _, _, err := painlog.Validate(e, a.now()); err != nil {
		return 0, withKind(ErrInvalidPain, err)
	}
	a.overlapNote("", e)
	return a.DB.AddPain(ctx, e)
}

// DuplicatePain is the refusal of event e because it is already in the
// log as pain event id (AddPain's store.ErrPainExists), worded alike for
// the command line and the web app.
func DuplicatePain(id int64, e model.PainEvent) error {
	return fmt.Errorf("this event is already in the log as pain event %d (%s); give a time or a note to log another one", id, painlog.Describe(e))
}

// DuplicateEdit is the refusal of a change that would make pain event id
// identical to another (EditPain's store.ErrPainExists, err), worded
// alike for the command line and the web app.
func DuplicateEdit(id int64, err error) error {
	return fmt.Errorf("nothing changed: pain event %d would then be the same as another one: %w", id, errors.Unwrap(err))
}

// PainChanges are the fields of a pain event to change, as typed (see
// PainInput); a nil field stays as it is.
type PainChanges struct {
	Date, Time, Severity, Location, Note *string
	// Zone, when not nil, moves the event to this zone (its name,
	// Zone.String(), is stored); else the event keeps its own, in which
	// Date is then read.
	Zone *time.Location
}

// Empty reports whether c changes nothing.
func (c PainChanges) Empty() bool {
	return c.Date == nil && c.Time == nil && c.Severity == nil && c.Location == nil && c.Note == nil && c.Zone == nil
}

// parse parses the changes that need no event: the time (now in the
// event's zone reads "now") and the severity.
func (c PainChanges) parse(now time.Time) (hhmm string, sev int, err error) {
	if c.Severity != nil {
		if sev, err = painlog.ParseSeverity(*c.Severity); err != nil {
			return "", 0, withKind(ErrInvalidPain, err)
		}
	}
	if c.Time != nil {
		if hhmm, err = painlog.ParseClock(*c.Time, now); err != nil {
			return "", 0, withKind(ErrInvalidPain, err)
		}
	}
	return hhmm, sev, nil
}

// Check checks what can be checked without the event (the time and the
// severity), so that a caller can refuse them before opening a database: an
// error wraps ErrInvalidPain.
func (c PainChanges) Check() error {
	_, _, err := c.parse(time.Time{})
	return err
}

// EditPain applies c to pain event id and stores it, with the checks of
// ParsePain (an error wrapping ErrInvalidPain) and AddPain's note, and
// returns the event as stored. An unknown ID wraps ErrUnknownPain; a change
// that would make the event identical to another wraps store.ErrPainExists.
func (a *App) EditPain(ctx context.Context, id int64, c PainChanges) (model.PainEvent, error) {
	now := a.now()
	if err := c.Check(); err != nil {
		return model.PainEvent{}, err
	}
	e, err := a.DB.GetPain(ctx, id)
	if err != nil {
		return e, painNotFound(id, err)
	}
	loc := c.Zone
	if loc != nil {
		e.TZ = loc.String()
	} else if loc, err = time.LoadLocation(e.TZ); err != nil {
		return e, fmt.Errorf("pain event %d: time zone %q: %w", id, e.TZ, err)
	}
	hhmm, sev, err := c.parse(now.In(loc))
	if err != nil {
		return e, err
	}
	if c.Date != nil {
		if e.LocalDate, err = painlog.ParseDate(*c.Date, now, loc); err != nil {
			return e, withKind(ErrInvalidPain, err)
		}
	}
	if c.Time != nil {
		e.LocalTime = hhmm
	}
	if c.Severity != nil {
		e.Severity = sev
	}
	if c.Location != nil {
		e.Location = *c.Location
		if e.Location == "" {
			e.Location = painlog.DefaultLocation
		}
	}
	if c.Note != nil {
		e.Note = *c.Note
	}
	if _, _, err := painlog.Validate(e, now); err != nil {
		return e, withKind(ErrInvalidPain, err)
	}
	a.overlapNote("", e)
	if err := a.DB.UpdatePain(ctx, e); err != nil {
		return e, painNotFound(id, err)
	}
	return e, nil
}

// RemovePain removes pain event id and returns it as it was. An unknown ID
// wraps ErrUnknownPain.
func (a *App) RemovePain(ctx context.Context, id int64) (model.PainEvent, error) {
	e, err := a.DB.GetPain(ctx, id)
	if err != nil {
		return e, painNotFound(id, err)
	}
	if err := a.DB.DeletePain(ctx, id); err != nil {
		return e, painNotFound(id, err)
	}
	return e, nil
}

// PainImport says what ImportPain did.
type PainImport struct {
	// Added counts the events logged; Existing those already in the log
	// (the same date, time, zone, severity, location and note).
	Added, Existing int
}

// ImportPain logs the events of a pain file's rows (painlog.ReadRows),
// all or none: a row repeated within the file is stored once (with a note),
// and an event already in the log is not added again, so that importing
// the same file twice is safe. A row whose local time happened twice gets
// AddPain's note, naming its line.
func (a *App) ImportPain(ctx context.Context, rows []painlog.Row) (PainImport, error) {
	type key struct {
		date, time, tz, location, note string
		severity                       int
	}
	first := map[key]int{}
	events := make([]model.PainEvent, 0, len(rows))
	for _, r := range rows {
		e := r.Event
		k := key{e.LocalDate, e.LocalTime, e.TZ, e.Location, e.Note, e.Severity}
		if l, dup := first[k]; dup {
			a.note(fmt.Sprintf("line %d repeats line %d: stored once", r.Line, l))
			continue
		}
		first[k] = r.Line
		a.overlapNote(fmt.Sprintf("line %d: ", r.Line), e)
		events = append(events, e)
	}
	added, existing, err := a.DB.ImportPain(ctx, events)
	return PainImport{Added: added, Existing: existing}, err
}

// PainLog returns the pain events between the local dates since and until
// (YYYY-MM-DD, both included; "" leaves that end open), by date and time.
func (a *App) PainLog(ctx context.Context, since, until string) ([]model.PainEvent, error) {
	return a.DB.ListPain(ctx, since, until)
}

// painNotFound marks the store's not-found error of pain event id as
// ErrUnknownPain, worded for the user.
func painNotFound(id int64, err error) error {
	if errNotFound(err) {
		return withKind(ErrUnknownPain, fmt.Errorf("no pain event with ID %d", id))
	}
	return err
}

// overlapNote notes when e's local time happened twice (the clocks went
// back) and which instant is kept, in painlog.OverlapNote's words. prefix
// starts the note ("" or "line 4: ").
func (a *App) overlapNote(prefix string, e model.PainEvent) {
	if n := painlog.OverlapNote(e); n != "" {
		a.note(prefix + n)
	}
}
