package testutil

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// NeedRoot skips tb unless the tests run as root, saying why: what tb
// checks needs root's powers (mounting a read-only or full file system,
// making device nodes) or root's lack of limits (writing /dev/null).
func NeedRoot(tb testing.TB, why string) {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skipf("needs root (%s); run the tests as root to check it", why)
	}
}

// Mount mounts a tmpfs of size bytes on dir (which must exist), so that a
// test can fill it (a full disk) or remount it read-only (see Remount), and
// unmounts it when tb ends. It skips tb when not root or when the mount
// fails (a container without the capability).
func Mount(tb testing.TB, dir string, size int64) {
	tb.Helper()
	NeedRoot(tb, "mounts a small file system")
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.FormatInt(size, 10)+",mode=0700", "tmpfs", dir).CombinedOutput()
	if err != nil {
		tb.Skipf("cannot mount a tmpfs on %s (%v: %s)", dir, err, out)
	}
	tb.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			tb.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
}

// Remount remounts the tmpfs that Mount put on dir read-only (ro true) or
// read-write again.
func Remount(tb testing.TB, dir string, ro bool) {
	tb.Helper()
	mode := "remount,rw"
	if ro {
		mode = "remount,ro"
	}
	if out, err := exec.Command("mount", "-o", mode, dir).CombinedOutput(); err != nil {
		tb.Fatalf("mount -o %s %s: %v: %s", mode, dir, err, out)
	}
}

// Fill writes to a new file in dir until the file system is full, so that
// nothing more can be written there.
func Fill(tb testing.TB, dir string) {
	tb.Helper()
	f, err := os.CreateTemp(dir, "fill-*")
	if err != nil {
		tb.Fatalf("fill %s: %v", dir, err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			break
		}
	}
	// Smaller writes take the last partial block.
	for _, n := range []int{512, 64, 1} {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
}
