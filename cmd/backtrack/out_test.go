package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOutSpecialFiles: every command with --out writes a device or FIFO in
// place (as root a rename would turn /dev/null into a regular file holding
// the pain log), takes - as standard output and refuses a folder.
func TestOutSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db", "backtrack.db")
	if code, _, errOut := relRun(t, db, "pain", "add", "--date", "2024-03-05", "--severity", "4", "--note", "private"); code != 0 {
		t.Fatalf("pain add: exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{{"pain", "export"}, {"report"}} {
		name := args[0]
		t.Run(name, func(t *testing.T) {
			out := func(path string) []string { return append(append([]string{}, args...), "--out", path) }
			code, _, errOut := relRun(t, db, out("/dev/null")...)
			if code != 0 {
				t.Fatalf("--out /dev/null: exit %d: %s", code, errOut)
			}
			if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
				t.Fatalf("/dev/null is now %v (%v)", fi.Mode(), err)
			}

			fifo := filepath.Join(dir, name+".fifo")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Fatal(err)
			}
			got := make(chan string, 1)
			go func() {
				b, _ := os.ReadFile(fifo)
				got <- string(b)
			}()
			if code, _, errOut := relRun(t, db, out(fifo)...); code != 0 {
				t.Fatalf("--out FIFO: exit %d: %s", code, errOut)
			}
			select {
			case s := <-got:
				if !strings.Contains(s, "2024-03-05") {
					t.Errorf("the FIFO's reader got %q", s)
				}
			case <-time.After(time.Minute): // a watchdog
				t.Fatal("the FIFO's reader got nothing")
			}
			if fi, _ := os.Lstat(fifo); fi.Mode()&fs.ModeNamedPipe == 0 {
				t.Errorf("the FIFO is now %v", fi.Mode())
			}

			code, stdout, _ := relRun(t, db, out("-")...)
			if code != 0 || !strings.Contains(stdout, "2024-03-05") {
				t.Errorf("--out -: exit %d, stdout %q", code, stdout)
			}
			if _, err := os.Stat("-"); err == nil {
				t.Error("--out - wrote a file named -")
			}

			code, _, errOut = relRun(t, db, out(dir)...)
			if code != 1 || !strings.Contains(errOut, dir+" is a folder") {
				t.Errorf("--out FOLDER: exit %d, stderr %q", code, errOut)
			}
		})
	}
}
