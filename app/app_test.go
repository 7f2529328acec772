package app_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// testNow is the clock of the tests: after the synthetic athletes' data.
var testNow = time.Date(2025, 7, 10, 12, 0, 0, 0, time.UTC)

// recorder collects an App's warnings and notes.
type recorder struct {
	mu              sync.Mutex
	warnings, notes []string
}

func (r *recorder) warn(msg string) { r.mu.Lock(); r.warnings = append(r.warnings, msg); r.mu.Unlock() }
func (r *recorder) note(msg string) { r.mu.Lock(); r.notes = append(r.notes, msg); r.mu.Unlock() }

// newApp opens a new database under t.TempDir and returns the use cases
// over it, with the test clock, recording warnings and notes.
func newApp(t *testing.T) (*app.App, *recorder) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "backtrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &recorder{}
	return &app.App{DB: db, Now: func() time.Time { return testNow }, Warn: r.warn, Note: r.note}, r
}

// athleteExport writes a month of a synthetic athlete's files (FIT, some
// GPX copies, her pain log) and returns the folder and the athlete.
var athleteExport = sync.OnceValues(func() (string, *synth.Athlete) {
	dir, err := osMkdirTemp()
	if err != nil {
		panic(err)
	}
	a := synth.Generate(synth.Config{Seed: 5, Start: time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), Months: 1})
	if _, err := a.WriteExport(dir); err != nil {
		panic(err)
	}
	return dir, a
})

// importAthlete imports the synthetic athlete's export into a and returns
// the result.
func importAthlete(t *testing.T, a *app.App) *app.ImportResult {
	t.Helper()
	dir, _ := athleteExport()
	res, err := a.Import(context.Background(), app.ImportOptions{Paths: []string{dir}, Location: testutil.Zone(t, "Europe/London")})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res
}

// countSessions counts the stored sessions, and the runs among them.
func countSessions(t *testing.T, a *app.App) (sessions, runs int) {
	t.Helper()
	list, err := a.Sessions(context.Background(), store.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.Sport == model.Running {
			runs++
		}
	}
	return len(list), runs
}
