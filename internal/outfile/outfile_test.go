package outfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backtrack/backtrack/internal/testutil"
)

func text(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// leftovers lists the temporary files in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.Contains(e.Name(), tempTag) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteRegularFiles(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared.md")
	if err := os.WriteFile(shared, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(shared, 0o644)
	for _, p := range []string{filepath.Join(dir, "new.md"), shared} {
		res, err := Write(p, nil, text("report"))
		if err != nil {
			t.Fatal(err)
		}
		if res.Kind != Replaced || res.File != p || !res.ToFile() {
			t.Errorf("%s: %+v, want Replaced", p, res)
		}
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		if !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want a regular 0600 file", p, fi.Mode())
		}
		if b, _ := os.ReadFile(p); string(b) != "report" {
			t.Errorf("%s holds %q", p, b)
		}
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestWriteStdout(t *testing.T) {
	for _, p := range []string{"", "-"} {
		var buf bytes.Buffer
		res, err := Write(p, &buf, text("to stdout"))
		if err != nil || res.Kind != Stdout || res.ToFile() || buf.String() != "to stdout" {
			t.Errorf("Write(%q): %+v, %v, stdout %q", p, res, err, buf.String())
		}
	}
	// A path that is the file standard output goes to (as /dev/stdout is
	// when the shell redirects it) is standard output too: appended to
	// through the open descriptor, never replaced under it.
	dir := t.TempDir()
	p := filepath.Join(dir, "out.txt")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	io.WriteString(f, "before\n")
	res, err := Write(p, f, text("after\n"))
	if err != nil || res.Kind != Stdout {
		t.Fatalf("Write to stdout's own file: %+v, %v", res, err)
	}
	if b, _ := os.ReadFile(p); string(b) != "before\nafter\n" {
		t.Errorf("stdout's file holds %q", b)
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	dangling := filepath.Join(dir, "dangling.md")
	os.Symlink(filepath.Join(dir, "nowhere", "x.md"), dangling)
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, c := range []struct{ path, want string }{
		{dir, dir + " is a folder"},
		{dangling, "does not exist"},
		{sock, "is a socket"},
		{filepath.Join(dir, "no", "such", "r.md"), "does not exist"},
	} {
		_, err := Write(c.path, nil, text("x"))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Write(%s): %v, want an error saying %q", c.path, err, c.want)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("a write through a dangling link created its target's folder")
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the dangling link was replaced")
	}
}

func TestWriteSymlinkToRegularFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.md")
	os.WriteFile(real, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.md")
	os.Symlink("real.md", link)
	res, err := Write(link, nil, text("new"))
	if err != nil || res.Kind != Replaced || res.File != real {
		t.Fatalf("Write through a link: %+v, %v", res, err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(real); string(b) != "new" {
		t.Errorf("the target holds %q", b)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o600 {
		t.Errorf("the target is %v, want 0600", fi.Mode())
	}
}

// TestWriteDevices writes to /dev/null, a link to it and a FIFO: each is
// written in place and is still what it was. As root a rename would have
// replaced /dev/null with a regular file holding the output.
func TestWriteDevices(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "null-link")
	os.Symlink("/dev/null", link)
	for _, p := range []string{"/dev/null", link} {
		res, err := Write(p, nil, text("secret pain log"))
		if err != nil || res.Kind != InPlace {
			t.Errorf("Write(%s): %+v, %v", p, res, err)
		}
	}
	fi, err := os.Stat("/dev/null")
	if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is now %v (%v)", fi.Mode(), err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("the link to /dev/null was replaced")
	}
	if l := leftovers(t, "/dev"); len(l) > 0 {
		t.Errorf("temporary files in /dev: %v", l)
	}

	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	res, err := Write(fifo, nil, text("through the pipe"))
	if err != nil || res.Kind != InPlace {
		t.Fatalf("Write(fifo): %+v, %v", res, err)
	}
	select {
	case s := <-got:
		if s != "through the pipe" {
			t.Errorf("the reader got %q", s)
		}
	case <-time.After(time.Minute): // a watchdog, not a time budget
		t.Fatal("the FIFO's reader got nothing")
	}
	if fi, _ := os.Lstat(fifo); fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is now %v", fi.Mode())
	}
}

// TestWriteBlockDeviceRefused: as root a block device node (a disk) is
// refused, never written or replaced.
func TestWriteBlockDeviceRefused(t *testing.T) {
	testutil.NeedRoot(t, "makes a block device node")
	dir := t.TempDir()
	disk := filepath.Join(dir, "disk")
	// Major 7 is the loop device: nothing real even if it were opened.
	if err := syscall.Mknod(disk, syscall.S_IFBLK|0o600, 7<<8|200); err != nil {
		t.Skipf("mknod: %v", err)
	}
	_, err := Write(disk, nil, text("x"))
	if err == nil || !strings.Contains(err.Error(), "block device") {
		t.Errorf("Write(block device): %v, want a refusal", err)
	}
	if fi, _ := os.Lstat(disk); fi.Mode()&fs.ModeDevice == 0 {
		t.Errorf("the device node is now %v", fi.Mode())
	}
}

func TestWriteFailedFillLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.md")
	os.WriteFile(p, []byte("kept"), 0o600)
	boom := errors.New("render failed")
	for _, path := range []string{p, filepath.Join(dir, "new.md")} {
		if _, err := Write(path, nil, func(w io.Writer) error {
			io.WriteString(w, "half")
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("Write: %v, want %v", err, boom)
		}
	}
	if b, _ := os.ReadFile(p); string(b) != "kept" {
		t.Errorf("the old file holds %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "new.md")); err == nil {
		t.Error("a failed write created the file")
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
	var buf bytes.Buffer
	if _, err := Write("-", &buf, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	}); !errors.Is(err, boom) || buf.Len() > 0 {
		t.Errorf("stdout got %q (%v): a failed fill writes nothing", buf.String(), err)
	}
}

// TestWriteRemovesStaleTemps: a killed write's temporary file (old,
// unlocked, ours) goes on the next write to the same name; a locked one (a
// write in progress), a newer one, another name's and a link with the
// pattern stay.
func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.md")
	old := time.Now().Add(-time.Hour)
	mk := func(name string) string {
		q := filepath.Join(dir, name)
		if err := os.WriteFile(q, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(q, old, old)
		return q
	}
	stale := mk(".r.md.backtrack-111.tmp")
	locked := mk(".r.md.backtrack-222.tmp")
	other := mk(".other.md.backtrack-333.tmp")
	newer := mk(".r.md.backtrack-444.tmp")
	future := time.Now().Add(time.Hour)
	os.Chtimes(newer, future, future)
	target := mk("victim")
	link := filepath.Join(dir, ".r.md.backtrack-555.tmp")
	os.Symlink(target, link)
	lf, err := os.Open(locked)
	if err != nil {
		t.Fatal(err)
	}
	defer lf.Close()
	if err := syscall.Flock(int(lf.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(p, nil, text("new")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(stale); err == nil {
		t.Error("the stale temporary file is still there")
	}
	for _, q := range []string{locked, other, newer, link, target} {
		if _, err := os.Lstat(q); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(q), err)
		}
	}
}
