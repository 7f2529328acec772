package store

import (
	"context"
	"testing"
	"time"

	"github.com/backtrack/backtrack/model"
)

// sourceOf returns a test source of the given format.
func sourceOf(name string, f model.Format) model.Source {
	src := testSource(name)
	src.Format = f
	return src
}

// gpxCopy returns run as Strava's GPX would hold it: 20 s later, no timer,
// its own name, fewer samples.
func gpxCopy(run model.Session, name string) model.Session {
	g := model.NewSession(model.Running, run.Start.Add(20*time.Second))
	g.ElapsedS, g.DistanceM, g.Name, g.Device = run.ElapsedS-30, run.DistanceM, name, "StravaGPX"
	g.Samples = makeSamples(100)
	return g
}

func TestMergeCrossSourceRuns(t *testing.T) {
	ctx := context.Background()
	t.Run("GPX after FIT is linked to the FIT session", func(t *testing.T) {
		db := openTest(t)
		run := fullRun(t)
		run.Name = ""
		fit := importOne(t, db, sourceOf("watch/run.fit", model.FormatFIT), run)
		gpx := importOne(t, db, sourceOf("strava/1.gpx", model.FormatGPX), gpxCopy(run, "Morning hills"))
		if len(gpx.SessionIDs) != 0 || len(gpx.MergedIDs) != 1 || gpx.MergedIDs[0] != fit.SessionIDs[0] {
			t.Fatalf("GPX outcome %+v, want merged into session %d", gpx, fit.SessionIDs[0])
		}
		s, err := db.GetSession(ctx, fit.SessionIDs[0], true)
		if err != nil {
			t.Fatal(err)
		}
		if s.SourceFormat != model.FormatFIT || s.Samples.Len() != 3600 || s.Name != "Morning hills" {
			t.Errorf("session from %s with %d samples named %q, want the FIT's data with Strava's name", s.SourceFormat, s.Samples.Len(), s.Name)
		}
		if n := count(t, db, "sessions"); n != 1 {
			t.Errorf("%d sessions, want 1", n)
		}
		if n := count(t, db, "sources"); n != 2 {
			t.Errorf("%d sources, want 2 (nothing deleted)", n)
		}
		if n := count(t, db, "session_links"); n != 1 {
			t.Errorf("%d links, want 1", n)
		}
	})
	t.Run("FIT after GPX becomes the session, same ID, name kept", func(t *testing.T) {
		db := openTest(t)
		run := fullRun(t)
		run.Name = ""
		gpx := importOne(t, db, sourceOf("strava/1.gpx", model.FormatGPX), gpxCopy(run, "Morning hills"))
		fit := importOne(t, db, sourceOf("watch/run.fit", model.FormatFIT), run)
		if len(fit.MergedIDs) != 1 || fit.MergedIDs[0] != gpx.SessionIDs[0] {
			t.Fatalf("FIT outcome %+v, want merged into session %d", fit, gpx.SessionIDs[0])
		}
		s, err := db.GetSession(ctx, gpx.SessionIDs[0], true)
		if err != nil {
			t.Fatal(err)
		}
		if s.SourceFormat != model.FormatFIT || s.Samples.Len() != 3600 || len(s.Laps) != 2 || s.Name != "Morning hills" || !s.Start.Equal(run.Start) {
			t.Errorf("got %s with %d samples, %d laps, name %q, start %s; want the FIT's data with the GPX's name",
				s.SourceFormat, s.Samples.Len(), len(s.Laps), s.Name, s.Start)
		}
		if n := count(t, db, "session_links"); n != 1 {
			t.Errorf("%d links, want the GPX source linked", n)
		}
	})
	t.Run("a different run 2 minutes later is not merged", func(t *testing.T) {
		db := openTest(t)
		run := fullRun(t)
		importOne(t, db, sourceOf("a.fit", model.FormatFIT), run)
		other := gpxCopy(run, "x")
		other.Start = run.Start.Add(2 * time.Minute)
		out := importOne(t, db, sourceOf("b.gpx", model.FormatGPX), other)
		if len(out.SessionIDs) != 1 || len(out.MergedIDs) != 0 {
			t.Errorf("outcome %+v, want a new session", out)
		}
	})
	t.Run("two sessions of one file are never merged with each other", func(t *testing.T) {
		db := openTest(t)
		run := fullRun(t)
		out := importOne(t, db, sourceOf("chained.fit", model.FormatFIT), run, run)
		if len(out.SessionIDs) != 2 {
			t.Errorf("outcome %+v, want 2 sessions", out)
		}
	})
	t.Run("the same FIT bytes again fill in a name from an export index", func(t *testing.T) {
		db := openTest(t)
		run := fullRun(t)
		run.Name = ""
		src := sourceOf("garmin/1.fit", model.FormatFIT)
		first := importOne(t, db, src, run)
		run.Name = "Strava's name"
		again := importOne(t, db, src, run)
		if !again.Duplicate {
			t.Fatalf("outcome %+v, want a duplicate", again)
		}
		s, err := db.GetSession(ctx, first.SessionIDs[0], false)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "Strava's name" {
			t.Errorf("name %q, want it filled in", s.Name)
		}
	})
}

func TestMergeStrengthKeepsTheAppsSets(t *testing.T) {
	ctx := context.Background()
	watch := func(t *testing.T) model.Session {
		s := strengthWorkout(t)
		s.TimeAssumed, s.ElapsedS, s.AvgHR, s.Device = false, 3000, 110, "garmin fenix 7"
		s.Sets = []model.StrengthSet{{Start: s.Start, Category: "unknown", Exercise: "unknown", Reps: 10, WeightKg: model.Missing}}
		return s
	}
	app := func(t *testing.T) model.Session {
		s := strengthWorkout(t)
		s.Start = s.Start.Add(7 * time.Minute)
		s.TimeAssumed, s.ElapsedS, s.Name, s.Device = false, 2700, "Pull day", "Strong"
		return s
	}
	for _, order := range []string{"watch first", "app first"} {
		t.Run(order, func(t *testing.T) {
			db := openTest(t)
			w, a := watch(t), app(t)
			var first, second ImportOutcome
			if order == "watch first" {
				first = importOne(t, db, sourceOf("watch.fit", model.FormatFIT), w)
				second = importOne(t, db, sourceOf("strong.csv", model.FormatCSV), a)
			} else {
				first = importOne(t, db, sourceOf("strong.csv", model.FormatCSV), a)
				second = importOne(t, db, sourceOf("watch.fit", model.FormatFIT), w)
			}
			if len(second.MergedIDs) != 1 || second.MergedIDs[0] != first.SessionIDs[0] {
				t.Fatalf("second outcome %+v, want merged into %d", second, first.SessionIDs[0])
			}
			s, err := db.GetSession(ctx, first.SessionIDs[0], false)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Sets) != 3 || s.Sets[0].Exercise != "romanian_deadlift" || s.NSets != 3 {
				t.Errorf("sets %+v (n_sets %d), want the app's 3 sets", s.Sets, s.NSets)
			}
			if s.Name != "Pull day" {
				t.Errorf("name %q, want the app's", s.Name)
			}
			if order == "app first" && (s.AvgHR != 110 || s.SourceFormat != model.FormatFIT) {
				t.Errorf("avg HR %v from %s, want the watch's summary", s.AvgHR, s.SourceFormat)
			}
			if n := count(t, db, "sessions"); n != 1 {
				t.Errorf("%d sessions, want 1: no lift counted twice", n)
			}
		})
	}
}

// TestDuplicateKeepsTheSmallestPath: the same bytes under two names keep
// the smaller name whichever comes first, through ImportSource and through
// an Importer told of a duplicate it never decoded.
func TestDuplicateKeepsTheSmallestPath(t *testing.T) {
	ctx := context.Background()
	run := fullRun(t)
	for _, first := range []string{"b/run.fit", "a/run.fit"} {
		db := openTest(t)
		src := testSource("run")
		src.Path = first
		importOne(t, db, src, run)
		src.Path = map[string]string{"b/run.fit": "a/run.fit", "a/run.fit": "b/run.fit"}[first]
		if out := importOne(t, db, src, run); !out.Duplicate {
			t.Fatalf("outcome %+v", out)
		}
		list, err := db.ListSessions(ctx, SessionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if list[0].SourcePath != "a/run.fit" {
			t.Errorf("%s first: path %s, want a/run.fit", first, list[0].SourcePath)
		}
	}
	db := openTest(t)
	src := testSource("run")
	src.Path = "z/run.fit"
	importOne(t, db, src, run)
	im := db.NewImporter()
	if err := im.KeepSmallestPath(ctx, src.SHA256, "m/run.fit"); err != nil {
		t.Fatal(err)
	}
	if err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if list, _ := db.ListSessions(ctx, SessionFilter{}); list[0].SourcePath != "m/run.fit" {
		t.Errorf("path %s, want m/run.fit", list[0].SourcePath)
	}
}

// TestMergeLendsRunningForm: a column of running form that only the other
// recording has (a foot pod's step length beside a watch's run) is lent to
// the session and stored, whichever file comes first.
func TestMergeLendsRunningForm(t *testing.T) {
	ctx := context.Background()
	for _, watchFirst := range []bool{true, false} {
		db := openTest(t)
		run := fullRun(t)
		run.Samples = watchRun(600)
		run.ElapsedS = 600
		pod := model.NewSession(model.Running, run.Start.Add(2*time.Second))
		pod.ElapsedS, pod.OffsetOrigin, pod.OffsetS = 600, model.OffsetDevice, run.OffsetS
		pod.Samples = makeSamples(100)
		for i := range pod.Samples.Len() {
			pod.Samples.Set(model.ColStepLength, i, 1000)
		}
		watchSrc, podSrc := sourceOf("watch/run.fit", model.FormatFIT), sourceOf("pod/run.tcx", model.FormatTCX)
		var out ImportOutcome
		if watchFirst {
			out = importOne(t, db, watchSrc, run)
			importOne(t, db, podSrc, pod)
		} else {
			importOne(t, db, podSrc, pod)
			out = importOne(t, db, watchSrc, run)
		}
		ids := append(out.SessionIDs, out.MergedIDs...)
		if n := count(t, db, "sessions"); n != 1 || len(ids) != 1 {
			t.Fatalf("watch first %v: %d sessions, outcome %+v; want one merged session", watchFirst, n, out)
		}
		s, err := db.GetSession(ctx, ids[0], true)
		if err != nil {
			t.Fatal(err)
		}
		if s.SourceFormat != model.FormatFIT || !s.Samples.Has(model.ColStepLength) || s.Samples.Value(model.ColStepLength, 10) != 1000 {
			t.Errorf("watch first %v: session from %s, step length stored %v (%v at sample 10); want the watch's run with the pod's step length",
				watchFirst, s.SourceFormat, s.Samples.Has(model.ColStepLength), s.Samples.Value(model.ColStepLength, 10))
		}
	}
}
