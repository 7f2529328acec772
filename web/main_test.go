package web_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/browsertest"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
	"github.com/backtrack/backtrack/web"
)

func TestMain(m *testing.M) {
	code := browsertest.Main(m)
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	os.Exit(code)
}

// testNow is the clock of every test: the day after the demo's last.
var testNow = time.Date(2025, 7, 6, 18, 0, 0, 0, time.UTC)

// london is the user's zone in the tests.
var london = func() *time.Location {
	loc, err := time.LoadLocation(app.DemoZone)
	if err != nil {
		panic(err)
	}
	return loc
}()

// demo is the demo athlete's database, built once per test binary.
var demo struct {
	once sync.Once
	dir  string
	err  error
}

// demoCopy returns the path of a fresh copy of the demo database (built
// on the first call), so that each test changes its own.
func demoCopy(t *testing.T) string {
	t.Helper()
	demo.once.Do(func() {
		demo.dir, demo.err = os.MkdirTemp("", "backtrack-web-demo-")
		if demo.err != nil {
			return
		}
		_, demo.err = app.Demo(context.Background(), app.DemoOptions{Dir: demo.dir, Now: func() time.Time { return testNow }})
	})
	if demo.err != nil {
		t.Fatalf("demo: %v", demo.err)
	}
	src, err := os.ReadFile(filepath.Join(demo.dir, "backtrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	// The demo's database was closed cleanly: its WAL is checkpointed
	// into the file.
	dst := filepath.Join(t.TempDir(), "backtrack.db")
	if err := os.WriteFile(dst, src, 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

// served is a running server over a database.
type served struct {
	srv  *web.Server
	db   *store.DB
	path string
}

// serve opens the database at path and serves it until the test ends.
func serve(t *testing.T, path string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := &app.App{DB: db, Now: func() time.Time { return testNow }}
	srv, err := web.Listen("127.0.0.1:0", web.Config{App: a, Zone: london})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
		db.Close()
	})
	return &served{srv: srv, db: db, path: path}
}

// painLog reads the pain log through a connection of its own, as
// `backtrack pain list` in another process would.
func painLog(t *testing.T, path string) []model.PainEvent {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := db.ListPain(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	return list
}
