package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
)

// setUmask sets the process umask to mask until the end of the test. The
// umask is process-wide: tests that call it must not be parallel.
func setUmask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

// modes returns the permission bits of each path in want.
func modes(t *testing.T, want map[string]fs.FileMode) map[string]fs.FileMode {
	t.Helper()
	got := map[string]fs.FileMode{}
	for p := range want {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		got[p] = fi.Mode().Perm()
	}
	return got
}

// TestOpenMakesSharedFilesPrivate opens databases whose files other users
// could read: each is made 0600 with a warning naming it and its old mode,
// and the -wal and -shm SQLite creates afterwards are 0600 too.
func TestOpenMakesSharedFilesPrivate(t *testing.T) {
	for _, mask := range []int{0o000, 0o022} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			setUmask(t, mask)
			ctx := context.Background()

			t.Run("empty file", func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "backtrack.db")
				if err := os.WriteFile(path, nil, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, 0o644); err != nil {
					t.Fatal(err)
				}
				var warnings []string
				db, err := Open(ctx, path, WithWarn(func(m string) { warnings = append(warnings, m) }))
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				importOne(t, db, testSource("a.fit"), model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z")))
				want := map[string]fs.FileMode{path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600}
				if d := cmp.Diff(want, modes(t, want)); d != "" {
					t.Errorf("modes (-want +got):\n%s", d)
				}
				wantWarn := []string{"database file " + path + " was readable by other users (mode 0644); made it private (mode 0600)"}
				if d := cmp.Diff(wantWarn, warnings); d != "" {
					t.Errorf("warnings (-want +got):\n%s", d)
				}
			})

			t.Run("in use with its wal and shm", func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "backtrack.db")
				// Another process has the database open, so its -wal and
				// -shm exist; all three were shared.
				other, err := Open(ctx, path)
				if err != nil {
					t.Fatal(err)
				}
				defer other.Close()
				importOne(t, other, testSource("a.fit"), model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z")))
				for p, m := range map[string]fs.FileMode{path: 0o640, path + "-wal": 0o666, path + "-shm": 0o604} {
					if err := os.Chmod(p, m); err != nil {
						t.Fatal(err)
					}
				}
				var warnings []string
				db, err := Open(ctx, path, WithWarn(func(m string) { warnings = append(warnings, m) }))
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				importOne(t, db, testSource("b.fit"), model.NewSession(model.Running, mustTime(t, "2024-03-06T06:00:00Z")))
				want := map[string]fs.FileMode{path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600}
				if d := cmp.Diff(want, modes(t, want)); d != "" {
					t.Errorf("modes (-want +got):\n%s", d)
				}
				wantWarn := []string{
					"database file " + path + " was readable by other users (mode 0640); made it private (mode 0600)",
					"database file " + path + "-wal was readable and writable by other users (mode 0666); made it private (mode 0600)",
					"database file " + path + "-shm was readable by other users (mode 0604); made it private (mode 0600)",
				}
				if d := cmp.Diff(wantWarn, warnings); d != "" {
					t.Errorf("warnings (-want +got):\n%s", d)
				}
			})

			t.Run("private file", func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "backtrack.db")
				for i := 0; i < 2; i++ {
					var warnings []string
					db, err := Open(ctx, path, WithWarn(func(m string) { warnings = append(warnings, m) }))
					if err != nil {
						t.Fatal(err)
					}
					if err := db.Close(); err != nil {
						t.Fatal(err)
					}
					if len(warnings) != 0 {
						t.Errorf("open %d: warnings %q for a private database", i+1, warnings)
					}
				}
			})
		})
	}
}

func TestFileAccessWarning(t *testing.T) {
	tests := []struct {
		name string
		a    FileAccess
		want string
	}{
		{"private", FileAccess{Path: "/d/b.db", Mode: 0o600}, ""},
		{"private folder", FileAccess{Path: "/d", IsDir: true, Mode: 0o700}, ""},
		{"fixed", FileAccess{Path: "/d/b.db", Mode: 0o644, Fixed: true},
			"database file /d/b.db was readable by other users (mode 0644); made it private (mode 0600)"},
		{"writable", FileAccess{Path: "/d/b.db-wal", Mode: 0o622, Fixed: true},
			"database file /d/b.db-wal was writable by other users (mode 0622); made it private (mode 0600)"},
		{"not fixed", FileAccess{Path: "/d/b.db", Mode: 0o660, FixErr: errors.New("operation not permitted")},
			"database file /d/b.db is readable and writable by other users (mode 0660) and could not be made private: operation not permitted; run chmod 600 /d/b.db"},
		{"listable folder", FileAccess{Path: "/d", IsDir: true, Mode: 0o755},
			"folder /d is readable by other users (mode 0755): they can see the names of the files in it; run chmod 700 /d to stop that"},
		{"writable folder", FileAccess{Path: "/d", IsDir: true, Mode: 0o777},
			"folder /d is readable and writable by other users (mode 0777): they can delete or replace the database in it; run chmod 700 /d to stop that"},
		{"enterable folder", FileAccess{Path: "/d", IsDir: true, Mode: 0o711}, ""},
		{"executable file", FileAccess{Path: "/d/b.db", Mode: 0o711, Fixed: true},
			"database file /d/b.db was open to other users (mode 0711); made it private (mode 0600)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Warning(); got != tt.want {
				t.Errorf("Warning() = %q\nwant        %q", got, tt.want)
			}
		})
	}
}
