package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/model"
)

// painEv returns a London event.
func painEv(date, hhmm string, sev int, note string) model.PainEvent {
	return model.PainEvent{LocalDate: date, LocalTime: hhmm, TZ: "Europe/London", Severity: sev, Location: "lower back", Note: note}
}

// trickyNotes are notes that must come back exactly as typed.
var trickyNotes = []string{
	`Tight after 3 km, "sharp" on the hill — glute`,
	`<script>alert("x")</script>`,
	`'); DROP TABLE pain_events;--`,
	"née, 腰痛, 🔥🏃‍♀️",
	"two\nlines\tand a tab",
	" leading and trailing spaces ",
	`\N NULL ''`,
	"",
}

func TestPainRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var want []model.PainEvent
	for i, note := range trickyNotes {
		e := painEv("2024-03-05", "", i%11, note)
		if i%2 == 1 {
			e.LocalTime = "07:30"
		}
		id, err := db.AddPain(ctx, e)
		if err != nil {
			t.Fatalf("add %q: %v", note, err)
		}
		e.ID = id
		want = append(want, e)
		got, err := db.GetPain(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Errorf("GetPain(%d) (-want +got):\n%s", id, diff)
		}
	}
	got, err := db.ListPain(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Listed by date, then time (date-only first), then ID.
	var dateOnly, timed []model.PainEvent
	for _, e := range want {
		if e.LocalTime == "" {
			dateOnly = append(dateOnly, e)
		} else {
			timed = append(timed, e)
		}
	}
	if diff := cmp.Diff(append(dateOnly, timed...), got); diff != "" {
		t.Errorf("ListPain (-want +got):\n%s", diff)
	}
	if n := count(t, db, "pain_events"); n != len(trickyNotes) {
		t.Errorf("pain_events has %d rows, want %d", n, len(trickyNotes))
	}
	// The table survived the SQL-looking note, and the notes are stored as
	// text, byte for byte.
	var note string
	if err := db.r.QueryRow("SELECT note FROM pain_events WHERE id = ?", want[2].ID).Scan(&note); err != nil || note != trickyNotes[2] {
		t.Errorf("stored note %q, %v; want %q", note, err, trickyNotes[2])
	}
}

func TestPainUTCInstants(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		ev    model.PainEvent
		want  sql.NullInt64
		wantT string // utc_text
	}{
		{"date only", painEv("2024-06-01", "", 3, ""), sql.NullInt64{}, ""},
		{"summer time", painEv("2024-06-01", "07:30", 3, ""), sql.NullInt64{Int64: 1717223400000, Valid: true}, "2024-06-01T06:30:00Z"},
		{"overlap: the first", painEv("2024-10-27", "01:30", 3, ""), sql.NullInt64{Int64: 1729989000000, Valid: true}, "2024-10-27T00:30:00Z"},
		{"another zone", model.PainEvent{LocalDate: "2024-06-01", LocalTime: "07:30", TZ: "America/New_York", Severity: 3, Location: "hip"},
			sql.NullInt64{Int64: 1717241400000, Valid: true}, "2024-06-01T11:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := db.AddPain(ctx, tt.ev)
			if err != nil {
				t.Fatal(err)
			}
			var got sql.NullInt64
			var text sql.NullString
			if err := db.r.QueryRow("SELECT utc_ms, utc_text FROM pain_events WHERE id = ?", id).Scan(&got, &text); err != nil {
				t.Fatal(err)
			}
			if got != tt.want || text.String != tt.wantT {
				t.Errorf("utc_ms %v (%q), want %v (%q)", got, text.String, tt.want, tt.wantT)
			}
		})
	}
}

func TestAddPainRefuses(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	tests := []struct {
		name string
		ev   model.PainEvent
	}{
		{"DST gap", painEv("2024-03-31", "01:30", 3, "")},
		{"no such day", painEv("2026-02-30", "", 3, "")},
		{"date word", painEv("today", "", 3, "")},
		{"bad time", painEv("2024-03-05", "7:30", 3, "")},
		{"severity 11", painEv("2024-03-05", "", 11, "")},
		{"severity -1", painEv("2024-03-05", "", -1, "")},
		{"unknown zone", model.PainEvent{LocalDate: "2024-03-05", TZ: "Mars/Olympus", Severity: 3, Location: "x"}},
		{"Local", model.PainEvent{LocalDate: "2024-03-05", TZ: "Local", Severity: 3, Location: "x"}},
		{"empty location", model.PainEvent{LocalDate: "2024-03-05", TZ: "UTC", Severity: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if id, err := db.AddPain(ctx, tt.ev); err == nil {
				t.Errorf("AddPain(%+v) = %d, want an error", tt.ev, id)
			}
		})
	}
	if n := count(t, db, "pain_events"); n != 0 {
		t.Errorf("%d rows written, want none", n)
	}
}

func TestPainUniqueRows(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	e := painEv("2024-03-05", "07:30", 5, "same")
	id, err := db.AddPain(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	again, err := db.AddPain(ctx, e)
	if !errors.Is(err, ErrPainExists) || again != id {
		t.Fatalf("second AddPain = %d, %v; want %d and ErrPainExists", again, err, id)
	}
	// Any one field different makes a different event.
	variants := []func(*model.PainEvent){
		func(e *model.PainEvent) { e.LocalDate = "2024-03-06" },
		func(e *model.PainEvent) { e.LocalTime = "" },
		func(e *model.PainEvent) { e.TZ = "Europe/Dublin" },
		func(e *model.PainEvent) { e.Severity = 6 },
		func(e *model.PainEvent) { e.Location = "hip" },
		func(e *model.PainEvent) { e.Note = "same " },
	}
	var batch []model.PainEvent
	for _, m := range variants {
		v := e
		m(&v)
		batch = append(batch, v)
	}
	added, existing, err := db.ImportPain(ctx, append(batch, e, batch[0]))
	if err != nil {
		t.Fatal(err)
	}
	if added != len(variants) || existing != 2 {
		t.Errorf("ImportPain added %d, existing %d; want %d, 2", added, existing, len(variants))
	}
	added, existing, err = db.ImportPain(ctx, batch)
	if err != nil || added != 0 || existing != len(batch) {
		t.Errorf("re-import: added %d, existing %d, %v; want 0, %d, nil", added, existing, err, len(batch))
	}
	if n := count(t, db, "pain_events"); n != 1+len(variants) {
		t.Errorf("%d rows, want %d", n, 1+len(variants))
	}
	// Skipped rows use up no IDs: the next event gets the next number.
	next, err := db.AddPain(ctx, painEv("2024-04-01", "", 1, ""))
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(2 + len(variants)); next != want {
		t.Errorf("next ID %d after re-imports, want %d", next, want)
	}
}

func TestImportPainAllOrNothing(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	_, _, err := db.ImportPain(ctx, []model.PainEvent{painEv("2024-03-05", "", 5, ""), painEv("2024-03-31", "01:30", 5, "")})
	if err == nil {
		t.Fatal("ImportPain accepted a time in a DST gap")
	}
	// A row the table's CHECK refuses fails the whole transaction too.
	_, _, err = db.ImportPain(ctx, []model.PainEvent{painEv("2024-03-05", "", 5, ""), painEv("2024-03-06", "", 12, "")})
	if err == nil {
		t.Fatal("ImportPain accepted severity 12")
	}
	if n := count(t, db, "pain_events"); n != 0 {
		t.Errorf("%d rows written, want none", n)
	}
}

func TestUpdateAndDeletePain(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	a, err := db.AddPain(ctx, painEv("2024-03-05", "07:30", 5, "a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.AddPain(ctx, painEv("2024-03-06", "", 4, "b"))
	if err != nil {
		t.Fatal(err)
	}
	// Edit a: drop its time, change the rest.
	edited := model.PainEvent{ID: a, LocalDate: "2024-03-04", TZ: "Europe/Paris", Severity: 7, Location: "hip", Note: `"quoted"`}
	if err := db.UpdatePain(ctx, edited); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetPain(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(edited, got); diff != "" {
		t.Errorf("after update (-want +got):\n%s", diff)
	}
	var utc sql.NullInt64
	if err := db.r.QueryRow("SELECT utc_ms FROM pain_events WHERE id = ?", a).Scan(&utc); err != nil || utc.Valid {
		t.Errorf("utc_ms %v, %v after dropping the time; want NULL", utc, err)
	}
	// Giving it a time sets the instant again.
	edited.LocalTime = "09:00"
	if err := db.UpdatePain(ctx, edited); err != nil {
		t.Fatal(err)
	}
	if err := db.r.QueryRow("SELECT utc_ms FROM pain_events WHERE id = ?", a).Scan(&utc); err != nil ||
		utc.Int64 != time.Date(2024, 3, 4, 8, 0, 0, 0, time.UTC).UnixMilli() {
		t.Errorf("utc_ms %v, %v; want 08:00 UTC", utc, err)
	}
	// Updating to no change at all is fine.
	if err := db.UpdatePain(ctx, edited); err != nil {
		t.Errorf("update to the same values: %v", err)
	}
	// Making b identical to a is refused and names a.
	clash := edited
	clash.ID = b
	err = db.UpdatePain(ctx, clash)
	if !errors.Is(err, ErrPainExists) {
		t.Fatalf("update into a duplicate: %v, want ErrPainExists", err)
	}
	if want := "update pain event 2: an identical pain event is already in the log (ID 1)"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if got, _ := db.GetPain(ctx, b); got.Note != "b" {
		t.Errorf("refused update changed event %d: %+v", b, got)
	}
	// Missing IDs.
	missing := painEv("2024-03-05", "", 1, "")
	missing.ID = 99
	_, getErr := db.GetPain(ctx, 99)
	for _, c := range []struct {
		name, msg string
		err       error
	}{
		{"update 99", "update pain event 99: not found", db.UpdatePain(ctx, missing)},
		{"get 99", "pain event 99: not found", getErr},
		{"delete 99", "delete pain event 99: not found", db.DeletePain(ctx, 99)},
	} {
		if !errors.Is(c.err, ErrNoPainEvent) || !errors.Is(c.err, ErrNotFound) || errors.Is(c.err, ErrNoSession) {
			t.Errorf("%s: %v, want ErrNoPainEvent (and ErrNotFound), not ErrNoSession", c.name, c.err)
		}
		if c.err == nil || c.err.Error() != c.msg {
			t.Errorf("%s: message %v, want %q", c.name, c.err, c.msg)
		}
	}
	// Delete, and the ID is not given out again.
	if err := db.DeletePain(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetPain(ctx, b); !errors.Is(err, ErrNotFound) {
		t.Errorf("get after delete: %v, want ErrNotFound", err)
	}
	if err := db.DeletePain(ctx, b); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	c, err := db.AddPain(ctx, painEv("2024-03-07", "", 1, ""))
	if err != nil {
		t.Fatal(err)
	}
	if c == b {
		t.Errorf("new event reused the deleted ID %d", b)
	}
}

func TestListPainFilters(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for _, d := range []string{"2024-03-07", "2024-03-05", "2024-03-06"} {
		if _, err := db.AddPain(ctx, painEv(d, "", 1, "")); err != nil {
			t.Fatal(err)
		}
	}
	dates := func(since, until string) []string {
		t.Helper()
		list, err := db.ListPain(ctx, since, until)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list {
			out = append(out, e.LocalDate)
		}
		return out
	}
	tests := []struct {
		since, until string
		want         []string
	}{
		{"", "", []string{"2024-03-05", "2024-03-06", "2024-03-07"}},
		{"2024-03-06", "", []string{"2024-03-06", "2024-03-07"}},
		{"", "2024-03-06", []string{"2024-03-05", "2024-03-06"}},
		{"2024-03-06", "2024-03-06", []string{"2024-03-06"}},
		{"2024-03-08", "", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, dates(tt.since, tt.until), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("since %q until %q (-want +got):\n%s", tt.since, tt.until, diff)
		}
	}
	if _, err := db.ListPain(ctx, "March", ""); err == nil {
		t.Error("ListPain accepted since \"March\"")
	}
}

// TestPainWritesAreSynchronousFull reads PRAGMA synchronous on the very
// connection and transaction of each kind of pain write, and checks that
// imports afterwards get NORMAL back.
func TestPainWritesAreSynchronousFull(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	var seen []int
	db.testHook = func(ctx context.Context, point string) error {
		if point != "pain" {
			return nil
		}
		tx, ok := ctx.Value(painTxKey{}).(*sql.Tx)
		if !ok {
			t.Fatal("no transaction in the hook's context")
		}
		var v int
		if err := tx.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&v); err != nil {
			return err
		}
		seen = append(seen, v)
		return nil
	}
	id, err := db.AddPain(ctx, painEv("2024-03-05", "", 5, ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ImportPain(ctx, []model.PainEvent{painEv("2024-03-06", "", 5, "")}); err != nil {
		t.Fatal(err)
	}
	e := painEv("2024-03-05", "", 6, "")
	e.ID = id
	if err := db.UpdatePain(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePain(ctx, id); err != nil {
		t.Fatal(err)
	}
	const full, normal = 2, 1
	if diff := cmp.Diff([]int{full, full, full, full}, seen); diff != "" {
		t.Errorf("PRAGMA synchronous during add, import, update, delete (-want +got):\n%s", diff)
	}
	// The writer connection is back to NORMAL for imports (it is the only
	// one, so this reads the same connection).
	var v int
	if err := db.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&v); err != nil || v != normal {
		t.Errorf("after pain writes: synchronous %d, %v; want %d (NORMAL)", v, err, normal)
	}
	db.testHook = nil
	importOne(t, db, testSource("after-pain.fit"), model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z")))
	if err := db.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&v); err != nil || v != normal {
		t.Errorf("after an import: synchronous %d, %v; want %d", v, err, normal)
	}
}

// TestPainFailedWriteRestoresNormal checks that a pain write that fails
// (here in its test hook, after the insert) rolls back and still leaves the
// writer at NORMAL.
func TestPainFailedWriteRestoresNormal(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	boom := errors.New("boom")
	db.testHook = func(_ context.Context, point string) error {
		if point == "pain" {
			return boom
		}
		return nil
	}
	if _, err := db.AddPain(ctx, painEv("2024-03-05", "", 5, "")); !errors.Is(err, boom) {
		t.Fatalf("AddPain: %v, want boom", err)
	}
	db.testHook = nil
	if n := count(t, db, "pain_events"); n != 0 {
		t.Errorf("%d rows after a failed write, want 0", n)
	}
	var v int
	if err := db.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&v); err != nil || v != 1 {
		t.Errorf("synchronous %d, %v; want 1 (NORMAL)", v, err)
	}
}

// TestPainWritesWaitForAnotherWriter holds the write lock from a second DB
// on the same file (as an import in another process would) and checks that
// a pain write waits for it rather than failing.
func TestPainWritesWaitForAnotherWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "backtrack.db")
	ctx := context.Background()
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	tx, err := b.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO meta (key, value) VALUES ('held', 'yes')"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var addErr error
	// released is set just before the other writer commits: AddPain cannot
	// return before the commit, so it must see it set.
	var released, sawRelease atomic.Bool
	go func() {
		defer wg.Done()
		_, addErr = a.AddPain(ctx, painEv("2024-03-05", "", 5, "while locked"))
		sawRelease.Store(released.Load())
	}()
	time.Sleep(300 * time.Millisecond) // let AddPain start waiting
	released.Store(true)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if addErr != nil {
		t.Fatalf("AddPain while another connection wrote: %v", addErr)
	}
	if !sawRelease.Load() {
		t.Errorf("AddPain finished before the other writer let go")
	}
	list, err := b.ListPain(ctx, "", "")
	if err != nil || len(list) != 1 || list[0].Note != "while locked" {
		t.Errorf("the other DB lists %+v, %v", list, err)
	}
}

// TestImportPainSharesTheLock: a large pain import stages its events
// without holding the write lock, so that another process's pain add
// (here another DB on the same file, in the import's staging hook) is
// stored at once and gets an ID before the imported events; the import
// then lands whole. It used to hold the lock for its whole length, so that
// the add waited for the busy timeout and failed with "database is
// locked".
func TestImportPainSharesTheLock(t *testing.T) {
	db := openTest(t)
	other, err := Open(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	events := make([]model.PainEvent, 3*painStageRows+7)
	for i := range events {
		events[i] = painEv("2024-03-05", "", i%11, fmt.Sprintf("event %d", i))
	}
	events[10] = events[3] // repeated within the file: stored once
	stages, addedBetween := 0, int64(0)
	db.testHook = func(ctx context.Context, point string) error {
		if point != "pain-stage" {
			return nil
		}
		stages++
		if stages == 2 {
			// A watchdog, not a time budget: the add must not wait for
			// the import.
			actx, cancel := context.WithTimeout(ctx, time.Minute)
			defer cancel()
			id, err := other.AddPain(actx, painEv("2024-03-06", "08:00", 3, "logged during the import"))
			if err != nil {
				return fmt.Errorf("a pain add during the import: %w", err)
			}
			addedBetween = id
		}
		return nil
	}
	added, existing, err := db.ImportPain(ctx, events)
	db.testHook = nil
	if err != nil {
		t.Fatal(err)
	}
	if stages < 4 || addedBetween == 0 {
		t.Fatalf("staged in %d statements, add during the import got ID %d: the import held the lock throughout", stages, addedBetween)
	}
	if added != len(events)-1 || existing != 1 {
		t.Errorf("added %d, existing %d; want %d and 1", added, existing, len(events)-1)
	}
	list, err := db.ListPain(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.LocalDate == "2024-03-05" && e.ID <= addedBetween {
			t.Fatalf("imported event %d has an ID below the add's %d: the add waited for the import", e.ID, addedBetween)
		}
	}
	if len(list) != len(events) {
		t.Errorf("%d events in the log, want %d", len(list), len(events))
	}
	// The imported events keep the file's order.
	prev := int64(0)
	for i, want := range []string{"event 0", "event 1", "event 2", "event 3", "event 4"} {
		for _, e := range list {
			if e.Note == want {
				if e.ID <= prev {
					t.Errorf("event %d is out of the file's order", i)
				}
				prev = e.ID
			}
		}
	}
}

// TestImportPainStagedAllOrNothing: an import that fails while staging or in its
// final transaction stores nothing, and leaves no staging table behind.
func TestImportPainStagedAllOrNothing(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	events := make([]model.PainEvent, 2*painStageRows)
	for i := range events {
		events[i] = painEv("2024-03-05", "", i%11, fmt.Sprintf("event %d", i))
	}
	for _, point := range []string{"pain-stage", "pain"} {
		boom := errors.New("boom at " + point)
		db.testHook = func(_ context.Context, p string) error {
			if p == point {
				return boom
			}
			return nil
		}
		if _, _, err := db.ImportPain(ctx, events); !errors.Is(err, boom) {
			t.Errorf("ImportPain: %v, want %v", err, boom)
		}
		db.testHook = nil
		if n := count(t, db, "pain_events"); n != 0 {
			t.Errorf("failure at %s: %d events stored, want 0", point, n)
		}
	}
	var n int
	if err := db.w.QueryRow("SELECT count(*) FROM temp.sqlite_schema WHERE name = 'pain_stage'").Scan(&n); err != nil || n != 0 {
		t.Errorf("staging table left behind: %d, %v", n, err)
	}
	if added, _, err := db.ImportPain(ctx, events); err != nil || added != len(events) {
		t.Errorf("ImportPain after the failures: %d, %v", added, err)
	}
}
