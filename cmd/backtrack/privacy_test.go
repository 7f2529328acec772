package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteOutIsPrivate writes a new file and over a file others
// could read, under a permissive and the usual umask: both end up 0600.
// Not parallel: the umask is process-wide.
func TestWriteOutIsPrivate(t *testing.T) {
	for _, mask := range []int{0o000, 0o022} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			old := syscall.Umask(mask)
			defer syscall.Umask(old)
			dir := t.TempDir()
			shared := filepath.Join(dir, "shared.html")
			if err := os.WriteFile(shared, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(shared, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{filepath.Join(dir, "new.md"), shared} {
				_, err := (&globalOptions{}).writeOut(p, func(w io.Writer) error {
					_, err := io.WriteString(w, "report")
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				if got := fi.Mode().Perm(); got != 0o600 {
					t.Errorf("%s: mode %04o, want 0600", filepath.Base(p), got)
				}
				if b, err := os.ReadFile(p); err != nil || string(b) != "report" {
					t.Errorf("%s holds %q (%v), want %q", filepath.Base(p), b, err, "report")
				}
			}
		})
	}
}
