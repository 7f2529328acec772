package importers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// walkAll collects every entry Walk yields as "path: data|skip|err".
func walkAll(t *testing.T, paths ...string) []string {
	t.Helper()
	var got []string
	err := Walk(context.Background(), paths, func(e Entry) error {
		switch {
		case e.Err != nil:
			got = append(got, e.Path+": error: "+e.Err.Error())
		case e.Skip != "":
			got = append(got, e.Path+": skip: "+e.Skip)
		default:
			got = append(got, e.Path+": "+string(e.Data))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWalkFolders(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.fit", "B")
	write("a/z.gpx", "Z")
	write("a/deep/er/y.tcx", "Y")
	write("-leading-dash.fit", "D")
	write("new\nline.fit", "N")
	write("bad\xffutf8.fit", "U")
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.fit")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.fit"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan []string)
	go func() { done <- walkAll(t, dir) }()
	var got []string
	select {
	case got = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Walk hung (a FIFO or a symlink loop was followed)")
	}
	rel := make([]string, len(got))
	for i, g := range got {
		rel[i] = strings.TrimPrefix(g, dir+"/")
	}
	want := []string{
		"-leading-dash.fit: D",
		"a/deep/er/y.tcx: Y",
		"a/loop: skip: a symbolic link (not followed inside folders)",
		"a/z.gpx: Z",
		"b.fit: B",
		"bad\xffutf8.fit: U",
		"fifo.fit: skip: not a regular file (a FIFO)",
		"new\nline.fit: N",
		"zero.fit: skip: a symbolic link (not followed inside folders)",
	}
	if diff := cmp.Diff(want, rel); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestWalkTopLevel(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "run.fit")
	if err := os.WriteFile(f, []byte("R"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.fit")
	if err := os.Symlink(f, link); err != nil {
		t.Fatal(err)
	}
	unreadable := filepath.Join(dir, "secret.fit")
	if err := os.WriteFile(unreadable, []byte("S"), 0o000); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"plain file", f, f + ": R"},
		{"a symlink the user named is followed", link, link + ": R"},
		{"missing", filepath.Join(dir, "nope.fit"), filepath.Join(dir, "nope.fit") + ": error: cannot read: no such file or directory"},
		{"a device the user named is not opened", "/dev/zero", "/dev/zero: skip: not a regular file (a device)"},
	}
	if os.Geteuid() != 0 { // root reads anything
		tests = append(tests, struct{ name, path, want string }{"unreadable", unreadable, unreadable + ": error: cannot open: permission denied"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walkAll(t, tt.path)
			if len(got) != 1 {
				t.Fatalf("got %d entries %q, want 1", len(got), got)
			}
			if got[0] != tt.want {
				t.Errorf("got %q, want %q", got[0], tt.want)
			}
		})
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 268435456: "268.4 MB", 3_500_000_000: "3.5 GB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
