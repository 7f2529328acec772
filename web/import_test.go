package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/store"
)

// TestWhileImporting uses the app while an import writes to the same
// database through a connection pool of its own (as another process
// would): every page answers and every pain event posted is stored.
func TestWhileImporting(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a year of synthetic data")
	}
	dir := t.TempDir()
	export := filepath.Join(dir, "export")
	if _, err := synth.Generate(synth.Config{Seed: 3, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Months: 12}).WriteExport(export); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "backtrack.db")
	s := serve(t, path)

	other, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var importing atomic.Bool
	importing.Store(true)
	done := make(chan error, 1)
	go func() {
		_, err := (&app.App{DB: other}).Import(context.Background(), app.ImportOptions{Paths: []string{export}, Workers: 1})
		importing.Store(false)
		done <- err
	}()

	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: time.Minute}
	get := func(p string) string {
		resp, err := c.Get(s.srv.Origin() + p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s while importing: %d %s", p, resp.StatusCode, body)
		}
		return string(body)
	}
	if _, err := c.Get(s.srv.URL()); err != nil {
		t.Fatal(err)
	}
	body := get("/pain")
	const mark = `name="csrf" value="`
	csrf := body[strings.Index(body, mark)+len(mark):]
	csrf = csrf[:strings.IndexByte(csrf, '"')]
	overlapped, n := 0, 0
	for i := 0; i < 10 && (i < 3 || importing.Load()); i++ {
		n++
		if importing.Load() {
			overlapped++
		}
		get("/?zoom=year&at=2024-06-01")
		form := url.Values{"csrf": {csrf}, "severity": {fmt.Sprint(i % 11)}, "date": {fmt.Sprintf("2024-05-%02d", i+1)},
			"time": {"07:30"}, "note": {fmt.Sprintf("while importing %d", i)}}
		req, _ := http.NewRequest("POST", s.srv.Origin()+"/pain", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", s.srv.Origin())
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/pain" { // after the 303
			t.Errorf("post %d while importing: %d at %s", i, resp.StatusCode, resp.Request.URL)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("import: %v", err)
	}
	t.Logf("%d of %d rounds overlapped the import", overlapped, n)
	if overlapped == 0 {
		t.Errorf("the import finished before the first request: the test did not overlap them")
	}
	if got := len(painLog(t, path)); got != n {
		t.Errorf("%d pain events stored, want %d", got, n)
	}
}
