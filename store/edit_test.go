package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/backtrack/backtrack/model"
)

// TestEditSessionSurvivesReimport: a corrected sport is stored for the
// recording, so that importing the file again (a duplicate) and the session
// being composed again (another recording arrives) keep it.
func TestEditSessionSurvivesReimport(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	run := fullRun(t)
	run.Sport, run.SubSport, run.SportOrigin = model.Other, "", model.SportFromSource
	gpx := sourceOf("move.gpx", model.FormatGPX)
	out := importOne(t, db, gpx, run)
	id := out.SessionIDs[0]
	res, err := db.EditSession(ctx, id, SessionEdit{Sport: model.Running})
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.GetSession(ctx, res.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Sport != model.Running || s.SportOrigin != model.SportUser {
		t.Fatalf("after the edit: %s (%s)", s.Sport, s.SportOrigin)
	}
	// The same bytes again: a duplicate, the correction stays.
	if again := importOne(t, db, gpx, run); !again.Duplicate {
		t.Fatalf("outcome %+v", again)
	}
	// Another recording arrives (a TCX of the same run, sport Other): the
	// session is composed again from both, and the user's sport wins.
	other := run
	other.Start = run.Start.Add(5 * time.Second)
	out2 := importOne(t, db, sourceOf("move.tcx", model.FormatTCX), other)
	if len(out2.MergedIDs) != 1 {
		t.Fatalf("outcome %+v, want a merge", out2)
	}
	s, err = db.GetSession(ctx, out2.MergedIDs[0], false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Sport != model.Running || s.SportOrigin != model.SportUser || s.NRecordings != 2 || s.SourceFormat != model.FormatTCX {
		t.Errorf("composed: %s (%s), %d recordings, primary %s", s.Sport, s.SportOrigin, s.NRecordings, s.SourceFormat)
	}
	if n := count(t, db, "corrections"); n != 1 {
		t.Errorf("%d corrections, want one: the recording the user corrected", n)
	}
}

// TestEditSessionZone: a zone correction moves a wall-clock session (a
// lifting app's log) with its wall clock, leaves a device-recorded offset
// alone, and an unknown session is ErrNoSession.
func TestEditSessionZone(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	s := strengthWorkout(t)
	s.TimeAssumed, s.WallClock, s.OffsetS, s.OffsetOrigin = false, true, 0, model.OffsetMachine
	s.Start = time.Date(2024, 3, 5, 18, 0, 0, 0, time.UTC) // 18:00 read in UTC
	for i := range s.Sets {
		s.Sets[i].Start = s.Start
	}
	out := importOne(t, db, sourceOf("strong.csv", model.FormatCSV), s)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	res, err := db.EditSession(ctx, out.SessionIDs[0], SessionEdit{Zone: ny})
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.GetSession(ctx, res.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Local().Format("15:04") != "18:00" || got.OffsetS != -5*3600 || got.OffsetOrigin != model.OffsetUser ||
		!got.Start.Equal(time.Date(2024, 3, 5, 23, 0, 0, 0, time.UTC)) || !got.Sets[0].Start.Equal(got.Start) {
		t.Errorf("after --tz: %s local %s, offset %d (%s), set at %s", got.Start, got.Local().Format("15:04"), got.OffsetS, got.OffsetOrigin, got.Sets[0].Start)
	}
	run := fullRun(t)
	out = importOne(t, db, sourceOf("run.fit", model.FormatFIT), run)
	if _, err := db.EditSession(ctx, out.SessionIDs[0], SessionEdit{Zone: ny}); !errors.Is(err, ErrOffsetRecorded) {
		t.Errorf("zone of a device-recorded offset: %v", err)
	}
	if _, err := db.EditSession(ctx, 999, SessionEdit{Sport: model.Running}); !errors.Is(err, ErrNoSession) {
		t.Errorf("unknown session: %v", err)
	}
}

// TestGuessedZoneTakesTheWatchOffset: a lifting log read in the machine's
// zone (UTC) takes the offset the watch recorded nearby and lands on the
// watch's recording of the workout, whichever file comes first.
func TestGuessedZoneTakesTheWatchOffset(t *testing.T) {
	ctx := context.Background()
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	start := time.Date(2024, 6, 4, 7, 33, 0, 0, london) // BST
	watch := strengthWorkout(t)
	watch.Start, watch.TimeAssumed, watch.OffsetS, watch.OffsetOrigin, watch.ElapsedS = start.UTC(), false, 3600, model.OffsetDevice, 3000
	for i := range watch.Sets {
		watch.Sets[i].Start = watch.Start
	}
	app := strengthWorkout(t)
	// The app wrote 07:35 local; read in the machine's zone, UTC.
	app.Start = time.Date(2024, 6, 4, 7, 35, 0, 0, time.UTC)
	app.TimeAssumed, app.WallClock, app.Logged, app.OffsetS, app.OffsetOrigin = false, true, true, 0, model.OffsetMachine
	app.Name = "Pull"
	for _, order := range []string{"watch first", "app first"} {
		t.Run(order, func(t *testing.T) {
			db := openTest(t)
			var outs []ImportOutcome
			if order == "watch first" {
				outs = append(outs, importOne(t, db, sourceOf("watch.fit", model.FormatFIT), watch))
				outs = append(outs, importOne(t, db, sourceOf("strong.csv", model.FormatCSV), app))
			} else {
				outs = append(outs, importOne(t, db, sourceOf("strong.csv", model.FormatCSV), app))
				outs = append(outs, importOne(t, db, sourceOf("watch.fit", model.FormatFIT), watch))
			}
			list, err := db.ListSessions(ctx, SessionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].NRecordings != 2 || list[0].Name != "Pull" || list[0].OffsetS != 3600 {
				t.Fatalf("%d sessions: %+v", len(list), list)
			}
			if order == "watch first" {
				if z := outs[1].Zones; len(z) != 1 || z[0] != "+01:00, the offset a watch recorded on 2024-06-04" {
					t.Errorf("zones %q", z)
				}
				if w := outs[1].ZoneWarnings; len(w) != 1 {
					t.Errorf("warnings %q", w)
				}
			}
		})
	}
}
