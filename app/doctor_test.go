package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/store"
)

// TestDoctorChecks covers the findings the scripts cannot easily make: a
// newer or older schema, an empty file, files others can read (reported,
// never changed), unreadable and very damaged files, damaged samples and
// leftover -wal and -shm files.
func TestDoctorChecks(t *testing.T) {
	healthy := func() *store.Health {
		return &store.Health{
			Path:          "/d/backtrack.db",
			Files:         []store.FileAccess{{Path: "/d/backtrack.db", Mode: 0o600}, {Path: "/d/backtrack.db-wal", Mode: 0o600}},
			Folder:        store.FileAccess{Path: "/d", IsDir: true, Mode: 0o700},
			SchemaVersion: 4, KnownVersion: 4,
			Sources: 3, CRCUnverified: 1, Sessions: 5, PainEvents: 2, SamplesChecked: 5,
		}
	}
	manyLines := ""
	for i := 0; i < 12; i++ {
		manyLines += fmt.Sprintf("Tree 2 page %d: bad\n", i)
	}
	tests := []struct {
		name   string
		change func(h *store.Health)
		want   map[string]string // check name → status; absent checks are left out
		detail map[string]string // check name → detail, for the checks named
		items  map[string][]string
	}{
		{
			name:   "healthy",
			change: func(h *store.Health) {},
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "ok", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "ok"},
			detail: map[string]string{
				"sources":     "all 3 imported files were read whole (1 without a checksum to verify)",
				"permissions": "backtrack.db, backtrack.db-wal are readable by you alone",
				"contents":    "the database holds 3 imported files, 5 sessions and 2 pain events",
			},
		},
		{
			name: "newer schema",
			change: func(h *store.Health) {
				h.SchemaVersion, h.Sources, h.Sessions, h.PainEvents, h.SamplesChecked = 9, -1, -1, -1, -1
			},
			want:   map[string]string{"integrity": "ok", "schema": "problem", "permissions": "ok", "folder": "ok", "leftovers": "ok"},
			detail: map[string]string{"schema": "schema version 9 was made by a newer backtrack (this one knows up to 4): upgrade backtrack to use this database"},
		},
		{
			name:   "older schema without the pain log",
			change: func(h *store.Health) { h.SchemaVersion, h.PainEvents = 2, -1 },
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "ok", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "ok"},
			detail: map[string]string{"contents": "the database holds 3 imported files and 5 sessions"},
		},
		{
			name: "empty file",
			change: func(h *store.Health) {
				h.SchemaVersion, h.Sources, h.CRCUnverified, h.Sessions, h.PainEvents, h.SamplesChecked = 0, -1, -1, -1, -1, -1
			},
			want: map[string]string{"integrity": "ok", "schema": "warning", "permissions": "ok", "folder": "ok", "leftovers": "ok"},
		},
		{
			name: "readable by others",
			change: func(h *store.Health) {
				h.Files[0] = store.FileAccess{Path: "/d/backtrack.db", Mode: 0o644}
				h.Files[1] = store.FileAccess{Path: "/d/backtrack.db-wal", Mode: 0o640}
			},
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "ok", "permissions": "warning",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "ok"},
			detail: map[string]string{"permissions": "other users can read or write 2 database files: make them yours alone with " +
				"chmod 600 /d/backtrack.db /d/backtrack.db-wal (the next backtrack command that opens the database does it when it " +
				"safely can; doctor changes nothing)"},
			items: map[string][]string{"permissions": {
				"database file /d/backtrack.db is readable by other users (mode 0644)",
				"database file /d/backtrack.db-wal is readable by other users (mode 0640)",
			}},
		},
		{
			name: "damaged samples",
			change: func(h *store.Health) {
				h.SamplesChecked = 3
				h.DamagedSamples = []store.SampleError{
					{SessionID: 4, LocalDate: "2024-03-05", SourcePath: "a.fit", Want: 3541, Err: errors.New("column alt_m: not a valid sample column")},
					{SessionID: 5, LocalDate: "2024-03-06", SourcePath: "b.fit", Want: 10, Err: errors.New("the session records 10 samples but its row of samples is missing")},
				}
			},
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "ok", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "problem", "leftovers": "ok"},
			items: map[string][]string{"samples": {
				"the samples of session 4 (2024-03-05, a.fit) are damaged: column alt_m: not a valid sample column",
				"the samples of session 5 (2024-03-06, b.fit) are damaged: the session records 10 samples but its row of samples is missing",
			}},
		},
		{
			name: "leftovers",
			change: func(h *store.Health) {
				h.Leftovers = []store.Leftover{{Path: "/d/backtrack.db-wal", Size: 0, Mode: 0o600, Owner: 1000, Writable: true}}
			},
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "ok", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "warning"},
		},
		{
			name: "read-only leftovers",
			change: func(h *store.Health) {
				h.Leftovers = []store.Leftover{
					{Path: "/d/backtrack.db-wal", Size: 4152, Changes: 4120, Mode: 0o444, Owner: 0},
					{Path: "/d/backtrack.db-shm", Size: 32768, Mode: 0o444, Owner: 0},
				}
			},
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "ok", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "problem"},
			detail: map[string]string{"leftovers": "2 files left by an earlier read-only open (or another user's) cannot be written"},
			items: map[string][]string{"leftovers": {
				"/d/backtrack.db-wal (mode 0444, owner uid 0) cannot be written and holds 4120 bytes of changes not yet in the " +
					"database: do not delete it; as its owner make it writable (chmod u+w /d/backtrack.db-wal), or copy the " +
					"database with its -wal to where you can write",
				"/d/backtrack.db-shm (mode 0444, owner uid 0) cannot be written: while it is there backtrack cannot write to " +
					"the database; when no backtrack is running, remove it (rm /d/backtrack.db-shm)",
			}},
		},
		{
			name: "unreadable",
			change: func(h *store.Health) {
				h.Damage = []string{"file is not a database"}
				h.SchemaVersion, h.Sources, h.CRCUnverified, h.Sessions, h.PainEvents, h.SamplesChecked = -1, -1, -1, -1, -1, -1
			},
			want:  map[string]string{"integrity": "problem", "permissions": "ok", "folder": "ok", "leftovers": "ok"},
			items: map[string][]string{"integrity": {"file is not a database"}},
		},
		{
			name:   "many damage lines",
			change: func(h *store.Health) { h.Damage = []string{"*** in database main ***\n" + manyLines} },
			want: map[string]string{"integrity": "problem", "schema": "ok", "sources": "ok", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "ok"},
			items: map[string][]string{"integrity": {
				"Tree 2 page 0: bad", "Tree 2 page 1: bad", "Tree 2 page 2: bad", "Tree 2 page 3: bad", "Tree 2 page 4: bad",
				"Tree 2 page 5: bad", "Tree 2 page 6: bad", "Tree 2 page 7: bad", "Tree 2 page 8: bad", "Tree 2 page 9: bad",
				"and 2 more",
			}},
		},
		{
			name: "partial sources",
			change: func(h *store.Health) {
				h.Partial = []store.PartialSource{{Path: "a.zip › b.fit", Format: "fit", Damage: "cut off at byte 9000"}, {Path: "c.gpx", Format: "gpx"}}
			},
			want: map[string]string{"integrity": "ok", "schema": "ok", "sources": "warning", "permissions": "ok",
				"folder": "ok", "contents": "ok", "samples": "ok", "leftovers": "ok"},
			items: map[string][]string{"sources": {"a.zip › b.fit: cut off at byte 9000", "c.gpx"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := healthy()
			tt.change(h)
			got := map[string]string{}
			for _, c := range checks(h) {
				got[c.Name] = c.Status
				if want, ok := tt.detail[c.Name]; ok && c.Detail != want {
					t.Errorf("%s detail = %q\nwant %q", c.Name, c.Detail, want)
				}
				if want, ok := tt.items[c.Name]; ok {
					if d := cmp.Diff(want, c.Items); d != "" {
						t.Errorf("%s items (-want +got):\n%s", c.Name, d)
					}
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("statuses (-want +got):\n%s", d)
			}
		})
	}
}

// TestDoctorNoDatabase: doctor creates nothing where there is no database
// and says so with store.ErrNoDatabase.
func TestDoctorNoDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none", "backtrack.db")
	if _, err := Doctor(context.Background(), path); !errors.Is(err, store.ErrNoDatabase) {
		t.Errorf("Doctor(%s) = %v, want store.ErrNoDatabase", path, err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("doctor created %s: %v", filepath.Dir(path), err)
	}
}

// TestDoctorCounts: the report counts its problems and warnings and is OK
// without problems.
func TestDoctorCounts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "backtrack.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	rep, err := Doctor(ctx, path)
	if err != nil || !rep.OK || rep.Problems != 0 || rep.DB != path || len(rep.Checks) == 0 {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
	warnings := 0
	for _, c := range rep.Checks {
		if c.Status == StatusWarning {
			warnings++
		}
	}
	if rep.Warnings != warnings {
		t.Errorf("%d warnings counted, %d in the checks", rep.Warnings, warnings)
	}
}
