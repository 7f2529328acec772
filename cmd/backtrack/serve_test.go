package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServe starts `backtrack serve` in-process: its first line on stdout
// is the link, the link opens the app, a request without it is refused,
// and cancelling the context (Ctrl-C) stops it cleanly with exit 0.
func TestServe(t *testing.T) {
	env := map[string]string{"BACKTRACK_DB": filepath.Join(t.TempDir(), "backtrack.db"), "TZ": "Europe/London"}
	now := time.Date(2025, 7, 6, 18, 0, 0, 0, time.UTC)
	if code, _, errOut := painRun(t, now, env, "pain", "6", "tight after the hill"); code != exitOK {
		t.Fatalf("pain: exit %d: %s", code, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	var errOut syncBuffer
	opts := &globalOptions{In: strings.NewReader(""), Out: outW, ErrOut: &errOut, Now: func() time.Time { return now },
		Getenv: func(k string) string { return env[k] }, StderrIsTerminal: func() bool { return false }}
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, opts, []string{"serve"})
		outW.Close()
	}()
	first, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("no first line: %v (stderr %q)", err, errOut.String())
	}
	m := regexp.MustCompile(`^backtrack is at (http://127\.0\.0\.1:\d+)/\?token=[A-Za-z0-9_-]{43}\n$`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first line %q", first)
	}
	link, origin := strings.TrimPrefix(strings.TrimSuffix(first, "\n"), "backtrack is at "), m[1]
	go io.Copy(io.Discard, outR)

	if resp, err := http.Get(origin + "/pain"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: %v %v", resp, err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != origin+"/" {
		t.Errorf("the link: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if resp, err = c.Get(origin + "/pain"); err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "tight after the hill") {
		t.Errorf("the pain log page does not show the event")
	}

	cancel()
	select {
	case code := <-exit:
		if code != exitOK {
			t.Errorf("exit %d after Ctrl-C; stderr %q", code, errOut.String())
		}
	case <-time.After(time.Minute): // a watchdog against a hang, not a bound
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(errOut.String(), "backtrack: stopped") {
		t.Errorf("stderr %q", errOut.String())
	}
}

// TestServeAddr: a non-loopback --addr warns; a bad one is a usage error.
func TestServeAddr(t *testing.T) {
	env := map[string]string{"BACKTRACK_DB": filepath.Join(t.TempDir(), "backtrack.db"), "TZ": "Europe/London"}
	if code, _, errOut := painRun(t, time.Now(), env, "serve", "--addr", "nonsense"); code != exitUsage || !strings.Contains(errOut, "cannot listen on nonsense") {
		t.Errorf("bad --addr: exit %d: %s", code, errOut)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	opts := &globalOptions{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Now: time.Now,
		Getenv: func(k string) string { return env[k] }, StderrIsTerminal: func() bool { return false }}
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, opts, []string{"serve", "--addr", "0.0.0.0:0"}) }()
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(errOut.String(), "serving until Ctrl-C") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-exit
	if !strings.Contains(errOut.String(), "backtrack: warning: listening on 0.0.0.0:") || !strings.HasPrefix(out.String(), "backtrack is at http://127.0.0.1:") {
		t.Errorf("stdout %q\nstderr %q", out.String(), errOut.String())
	}
}

// syncBuffer is a strings.Builder safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
