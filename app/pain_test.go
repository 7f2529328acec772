package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

func ptr(s string) *string { return &s }

// TestParsePain: what a person types becomes an event in their zone, and
// what cannot be logged is ErrInvalidPain with the reason as its message.
func TestParsePain(t *testing.T) {
	loc := testutil.Zone(t, "Europe/London")
	e, err := app.ParsePain(app.PainInput{Date: "yesterday", Time: "7:05", Severity: "6", Note: " as typed "}, loc, testNow)
	want := model.PainEvent{LocalDate: "2025-07-09", LocalTime: "07:05", TZ: "Europe/London", Severity: 6,
		Location: painlog.DefaultLocation, Note: " as typed "}
	if err != nil || e != want {
		t.Errorf("ParsePain = %+v, %v; want %+v", e, err, want)
	}
	for _, tt := range []struct {
		name    string
		in      app.PainInput
		wantMsg string // a substring of the message
	}{
		{"future date", app.PainInput{Date: "2025-07-11", Severity: "3"}, "is in the future"},
		{"no such date", app.PainInput{Date: "2025-02-30", Severity: "3"}, "2025-02-30"},
		{"bad time", app.PainInput{Date: "2025-07-01", Time: "25:00", Severity: "3"}, "25:00"},
		{"severity 11", app.PainInput{Date: "2025-07-01", Severity: "11"}, "11"},
		{"clocks skipped", app.PainInput{Date: "2025-03-30", Time: "01:30", Severity: "3"}, "01:30"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := app.ParsePain(tt.in, loc, testNow)
			if !errors.Is(err, app.ErrInvalidPain) || !strings.Contains(err.Error(), tt.wantMsg) || strings.Contains(err.Error(), "invalid pain event") {
				t.Errorf("ParsePain(%+v) = %v; want ErrInvalidPain saying %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}

// TestPainLog walks an event through add, edit and remove: an identical
// event is store.ErrPainExists, an unknown ID ErrUnknownPain, a bad change
// ErrInvalidPain; a time that happened twice is a note.
func TestPainLog(t *testing.T) {
	ctx := context.Background()
	a, rec := newApp(t)
	loc := testutil.Zone(t, "Europe/London")
	add := func(in app.PainInput) (int64, model.PainEvent, error) {
		t.Helper()
		e, err := app.ParsePain(in, loc, testNow)
		if err != nil {
			t.Fatal(err)
		}
		id, err := a.AddPain(ctx, e)
		return id, e, err
	}
	id, e, err := add(app.PainInput{Date: "2025-06-01", Time: "08:00", Severity: "4"})
	if err != nil || id != 1 {
		t.Fatalf("AddPain = %d, %v", id, err)
	}
	if again, _, err := add(app.PainInput{Date: "2025-06-01", Time: "08:00", Severity: "4"}); !errors.Is(err, store.ErrPainExists) || again != id {
		t.Errorf("the same event again: %d, %v; want store.ErrPainExists naming %d", again, err, id)
	}
	if _, err := a.AddPain(ctx, model.PainEvent{LocalDate: "2030-01-01", TZ: "Europe/London", Severity: 3, Location: "knee"}); !errors.Is(err, app.ErrInvalidPain) {
		t.Errorf("AddPain of a future event: %v, want ErrInvalidPain", err)
	}
	// The clocks went back at 02:00 BST on 27 October 2024: 01:30 came twice.
	if _, _, err := add(app.PainInput{Date: "2024-10-27", Time: "01:30", Severity: "2"}); err != nil {
		t.Fatal(err)
	}
	if len(rec.notes) != 1 || !strings.HasPrefix(rec.notes[0], "01:30 on 2024-10-27 happened twice in Europe/London") {
		t.Errorf("notes %q, want one on the time that happened twice", rec.notes)
	}

	got, err := a.EditPain(ctx, id, app.PainChanges{Severity: ptr("7"), Time: ptr(""), Location: ptr("")})
	want := e
	want.ID, want.Severity, want.LocalTime = id, 7, ""
	if err != nil || got != want {
		t.Errorf("EditPain = %+v, %v; want %+v", got, err, want)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got, err := a.EditPain(ctx, id, app.PainChanges{Zone: ny, Date: ptr("today")}); err != nil || got.TZ != "America/New_York" || got.LocalDate != "2025-07-10" {
		t.Errorf("EditPain to another zone = %+v, %v", got, err)
	}
	if _, err := a.EditPain(ctx, 99, app.PainChanges{Severity: ptr("3")}); !errors.Is(err, app.ErrUnknownPain) || err.Error() != "no pain event with ID 99" {
		t.Errorf("EditPain(99) = %v, want ErrUnknownPain", err)
	}
	for _, c := range []app.PainChanges{{Severity: ptr("-1")}, {Time: ptr("noon")}, {Date: ptr("2099-01-01")}} {
		if c.Date == nil && !errors.Is(c.Check(), app.ErrInvalidPain) {
			t.Errorf("Check(%+v) = %v, want ErrInvalidPain", c, c.Check())
		}
		if _, err := a.EditPain(ctx, id, c); !errors.Is(err, app.ErrInvalidPain) {
			t.Errorf("EditPain(%+v) = %v, want ErrInvalidPain", c, err)
		}
	}
	if _, _, err := add(app.PainInput{Date: "2025-06-02", Severity: "7"}); err != nil {
		t.Fatal(err)
	}
	// Event 1 is now 2025-07-10 in New York, severity 7, no time; event 3
	// is 2025-06-02 in London, severity 7.
	if _, err := a.EditPain(ctx, 3, app.PainChanges{Date: ptr("2025-07-10"), Zone: ny}); !errors.Is(err, store.ErrPainExists) {
		t.Errorf("an edit into a copy of event 1: %v, want store.ErrPainExists", err)
	}

	if got, err := a.RemovePain(ctx, id); err != nil || got.ID != id {
		t.Errorf("RemovePain = %+v, %v", got, err)
	}
	if _, err := a.RemovePain(ctx, id); !errors.Is(err, app.ErrUnknownPain) {
		t.Errorf("RemovePain of a removed event: %v, want ErrUnknownPain", err)
	}
	list, err := a.PainLog(ctx, "", "")
	if err != nil || len(list) != 2 {
		t.Errorf("PainLog = %d events, %v; want 2", len(list), err)
	}
}

// TestImportPain: a row repeated in the file is stored once, with a note;
// events already in the log are counted, not added.
func TestImportPain(t *testing.T) {
	ctx := context.Background()
	a, rec := newApp(t)
	csv := "date,time,severity,location,note\n" +
		"2025-06-01,08:00,4,,\n" +
		"2025-06-01,08:00,4,,\n" +
		"2024-10-27,01:30,2,,\n" +
		"2025-06-03,,5,glute,sore\n"
	rows, err := painlog.ReadRows(strings.NewReader(csv), "Europe/London", testNow)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.ImportPain(ctx, rows)
	if err != nil || res != (app.PainImport{Added: 3}) {
		t.Errorf("ImportPain = %+v, %v; want 3 added", res, err)
	}
	wantNotes := []string{"line 3 repeats line 2: stored once", "line 4: 01:30 on 2024-10-27 happened twice in Europe/London"}
	if len(rec.notes) != 2 || rec.notes[0] != wantNotes[0] || !strings.HasPrefix(rec.notes[1], wantNotes[1]) {
		t.Errorf("notes %q, want %q", rec.notes, wantNotes)
	}
	if res, err := a.ImportPain(ctx, rows); err != nil || res != (app.PainImport{Existing: 3}) {
		t.Errorf("the same rows again: %+v, %v; want 3 already in the log", res, err)
	}
}
