package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
)

// seedCalendar stores five sessions, one per source, and returns their IDs
// by name. The evening run starts on 2024-03-01 in UTC but on 2024-03-02
// locally (+05:30).
func seedCalendar(t *testing.T, db *DB) map[string]int64 {
	t.Helper()
	type entry struct {
		name  string
		sport model.Sport
		start string
		off   int
	}
	entries := []entry{
		{"ride", model.Cycling, "2024-02-28T07:00:00Z", 3600},
		{"late run", model.Running, "2024-03-01T20:00:00Z", 19800},
		{"lift", model.Strength, "2024-03-02T17:00:00Z", 3600},
		{"run", model.Running, "2024-03-03T06:00:00Z", 3600},
		{"walk", model.Walking, "2024-03-05T12:00:00Z", -3600},
	}
	ids := map[string]int64{}
	// Import out of time order: listing must sort by start.
	for _, i := range []int{3, 0, 4, 1, 2} {
		e := entries[i]
		s := model.NewSession(e.sport, mustTime(t, e.start))
		s.OffsetS, s.Name = e.off, e.name
		if e.sport == model.Running {
			s.Samples = makeSamples(100)
			s.Laps = []model.Lap{model.NewLap(s.Start)}
		}
		if e.sport == model.Strength {
			s.Sets = strengthWorkout(t).Sets
		}
		out := importOne(t, db, testSource(e.name), s)
		ids[e.name] = out.SessionIDs[0]
	}
	return ids
}

func names(list []StoredSession) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Name)
	}
	return out
}

func TestListSessionsFilters(t *testing.T) {
	db := openTest(t)
	ids := seedCalendar(t, db)
	tests := []struct {
		name   string
		filter SessionFilter
		want   []string
	}{
		{"all", SessionFilter{}, []string{"ride", "late run", "lift", "run", "walk"}},
		{"since", SessionFilter{Since: "2024-03-02"}, []string{"late run", "lift", "run", "walk"}},
		{"until", SessionFilter{Until: "2024-03-01"}, []string{"ride"}},
		{"one local day", SessionFilter{Since: "2024-03-02", Until: "2024-03-02"}, []string{"late run", "lift"}},
		{"sport", SessionFilter{Sport: model.Running}, []string{"late run", "run"}},
		{"sport and dates", SessionFilter{Since: "2024-03-03", Sport: model.Running}, []string{"run"}},
		{"nothing", SessionFilter{Since: "2025-01-01"}, nil},
		{"empty range", SessionFilter{Since: "2024-03-05", Until: "2024-03-01"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := db.ListSessions(context.Background(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, names(list)); d != "" {
				t.Errorf("sessions (-want +got):\n%s", d)
			}
		})
	}

	list, err := db.ListSessions(context.Background(), SessionFilter{Sport: model.Strength})
	if err != nil {
		t.Fatal(err)
	}
	got := list[0]
	if got.ID != ids["lift"] || got.NSets != 3 || got.Sets != nil || got.NSamples != 0 || got.SourcePath != "lift" || got.Status != model.StatusOK {
		t.Errorf("listed lift: ID %d NSets %d Sets %v NSamples %d path %q status %q; want ID %d, 3 sets counted but not loaded",
			got.ID, got.NSets, got.Sets, got.NSamples, got.SourcePath, got.Status, ids["lift"])
	}
	list, err = db.ListSessions(context.Background(), SessionFilter{Sport: model.Running})
	if err != nil {
		t.Fatal(err)
	}
	if r := list[0]; r.NSamples != 100 || r.NLaps != 1 || r.Samples.Len() != 0 || r.Laps != nil {
		t.Errorf("listed run: NSamples %d NLaps %d, %d samples and %d laps loaded; want 100 and 1 counted, none loaded",
			r.NSamples, r.NLaps, r.Samples.Len(), len(r.Laps))
	}
}

func TestSessionFilterErrors(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		filter SessionFilter
	}{
		{"since not a date", SessionFilter{Since: "yesterday"}},
		{"until with time", SessionFilter{Until: "2024-03-01T00:00"}},
		{"unknown sport", SessionFilter{Sport: "rowing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.ListSessions(ctx, tt.filter); err == nil {
				t.Error("ListSessions accepted the filter")
			}
			if err := db.ForEachSession(ctx, tt.filter, false, func(*StoredSession) error { return nil }); err == nil {
				t.Error("ForEachSession accepted the filter")
			}
		})
	}
}

func TestForEachSession(t *testing.T) {
	db := openTest(t)
	seedCalendar(t, db)
	ctx := context.Background()
	for _, withSamples := range []bool{false, true} {
		t.Run(map[bool]string{false: "without samples", true: "with samples"}[withSamples], func(t *testing.T) {
			var got []string
			err := db.ForEachSession(ctx, SessionFilter{Since: "2024-03-02"}, withSamples, func(s *StoredSession) error {
				got = append(got, s.Name)
				if s.Samples.Len() != map[bool]int{false: 0, true: s.NSamples}[withSamples] {
					t.Errorf("%s: %d samples, NSamples %d", s.Name, s.Samples.Len(), s.NSamples)
				}
				if len(s.Laps) != s.NLaps || len(s.Sets) != s.NSets {
					t.Errorf("%s: %d laps and %d sets loaded, want %d and %d", s.Name, len(s.Laps), len(s.Sets), s.NLaps, s.NSets)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff([]string{"late run", "lift", "run", "walk"}, got); d != "" {
				t.Errorf("order (-want +got):\n%s", d)
			}
		})
	}

	t.Run("callback error stops", func(t *testing.T) {
		stop := errors.New("enough")
		calls := 0
		err := db.ForEachSession(ctx, SessionFilter{}, true, func(*StoredSession) error {
			calls++
			return stop
		})
		if err != stop {
			t.Errorf("error %v, want the callback's own error", err)
		}
		if calls != 1 {
			t.Errorf("%d calls after an error, want 1", calls)
		}
	})
}

func TestForEachSessionLetsImportsThrough(t *testing.T) {
	// An analysis reading for a long time must not block an import, and
	// must see one snapshot: sessions imported meanwhile do not appear.
	db := openTest(t)
	seedCalendar(t, db)
	other, err := Open(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// A watchdog, not a bound: an import the read blocked would fail on
	// the busy timeout (10 s) long before this.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	seen := 0
	err = db.ForEachSession(ctx, SessionFilter{}, true, func(s *StoredSession) error {
		seen++
		for k, w := range []*DB{db, other} {
			s := fullRun(t)
			// Hours apart, so the two are different runs, not one run from two sources.
			s.Start = s.Start.Add(time.Duration(seen)*24*time.Hour + time.Duration(k)*3*time.Hour)
			src := testSource(w.Path() + time.Duration(seen).String() + map[bool]string{true: "same", false: "other"}[w == db])
			if _, err := w.ImportSource(ctx, src, []model.Session{s}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != 5 {
		t.Errorf("walk saw %d sessions, want the 5 of its snapshot", seen)
	}
	if n := count(t, db, "sessions"); n != 15 {
		t.Errorf("%d sessions after the walk, want 5 + 10 imported during it", n)
	}
}

func TestGetSessionNotFound(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	_, getErr := db.GetSession(ctx, 42, true)
	_, samplesErr := db.Samples(ctx, 42)
	for _, c := range []struct {
		name, msg string
		err       error
	}{
		{"GetSession(42)", "session 42: not found", getErr},
		{"Samples(42)", "session 42: not found", samplesErr},
	} {
		if !errors.Is(c.err, ErrNoSession) || !errors.Is(c.err, ErrNotFound) || errors.Is(c.err, ErrNoPainEvent) {
			t.Errorf("%s: %v, want ErrNoSession (and ErrNotFound), not ErrNoPainEvent", c.name, c.err)
		}
		if c.err == nil || c.err.Error() != c.msg {
			t.Errorf("%s: message %v, want %q", c.name, c.err, c.msg)
		}
	}
	out := importOne(t, db, testSource("lift"), strengthWorkout(t))
	s, err := db.Samples(ctx, out.SessionIDs[0])
	if err != nil {
		t.Fatalf("Samples of a session without samples: %v", err)
	}
	if s.Len() != 0 {
		t.Errorf("%d samples, want 0", s.Len())
	}
}

// TestSamplesOwnTheirMemory reads the samples of several runs in turn and
// checks each against what was stored after the others were read: Samples
// decodes from the driver's buffers (sql.RawBytes), which the next query
// reuses, so a result sharing them would change under the caller. A column
// the source lacked (power) comes back all NaN.
func TestSamplesOwnTheirMemory(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var ids []int64
	var want []model.Samples
	for i := range 4 {
		run := fullRun(t)
		run.Start = run.Start.Add(time.Duration(i) * 24 * time.Hour)
		run.Samples = makeSamples(500 + 300*i)
		for j := range run.Samples.AltM {
			run.Samples.AltM[j] += float64(100 * i)
		}
		ids = append(ids, importOne(t, db, testSource(fmt.Sprint("run", i)), run).SessionIDs[0])
		want = append(want, asStored(run.Samples))
	}
	var got []model.Samples
	for round := range 2 {
		for i, id := range ids {
			s, err := db.Samples(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if round == 0 {
				got = append(got, s)
			}
			for j := range i + 1 {
				if d := diffSamples(want[j], got[j]); d != "" {
					t.Fatalf("run %d after reading run %d (round %d): %s", j, i, round, d)
				}
			}
		}
	}
	for i, s := range got {
		for j, p := range s.PowerW {
			if !math.IsNaN(p) {
				t.Fatalf("run %d sample %d: power %v, want NaN (not recorded)", i, j, p)
			}
		}
	}
}

// TestSamplesInto reads runs of different lengths into one Samples: each
// comes back whole, in the memory of the last while it fits, a column the
// source lacked comes back NaN over the numbers of the run read before, and
// a session without samples or a missing one leaves it empty.
func TestSamplesInto(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	store := func(name string, day, n int, power bool) (int64, model.Samples) {
		run := fullRun(t)
		run.Start = run.Start.Add(time.Duration(day) * 24 * time.Hour)
		run.Samples = makeSamples(n)
		if power {
			for i := range run.Samples.PowerW {
				run.Samples.PowerW[i] = 250 + float64(i%7)
			}
		}
		return importOne(t, db, testSource(name), run).SessionIDs[0], asStored(run.Samples)
	}
	long, longWant := store("long", 0, 3000, true)
	short, shortWant := store("short", 1, 500, false)
	longer, longerWant := store("longer", 2, 4000, true)
	lift := importOne(t, db, testSource("lift"), strengthWorkout(t)).SessionIDs[0]

	var dst model.Samples
	read := func(id int64, want model.Samples) {
		t.Helper()
		if err := db.SamplesInto(ctx, id, &dst); err != nil {
			t.Fatal(err)
		}
		if d := diffSamples(want, dst); d != "" {
			t.Fatalf("session %d: %s", id, d)
		}
	}
	read(long, longWant)
	first := &dst.T[:1][0]
	read(short, shortWant)
	if &dst.T[0] != first {
		t.Error("a shorter run after a longer one was not read into the same memory")
	}
	read(longer, longerWant)
	read(short, shortWant)

	if err := db.SamplesInto(ctx, lift, &dst); err != nil || dst.Len() != 0 {
		t.Errorf("session without samples: %d samples, error %v; want none, nil", dst.Len(), err)
	}
	for _, c := range dst.Columns() {
		if len(*c) != 0 {
			t.Fatalf("session without samples: a column holds %d values", len(*c))
		}
	}
	read(short, shortWant)
	if err := db.SamplesInto(ctx, 999, &dst); !errors.Is(err, ErrNoSession) || dst.Len() != 0 {
		t.Errorf("missing session: %d samples, error %v; want none, ErrNoSession", dst.Len(), err)
	}
}
