package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// hostile holds what a terminal acts on: ESC sequences that retitle the
// window and clear the screen, BEL, CR and a right-to-left override.
const hostile = "\x1b]0;owned\x07\x1b[2J\r\u202e"

// TestTerminalSafeOutput: file names and exercise names with escape
// sequences, BEL, CR and bidi controls are shown escaped by import,
// sessions show (with its sets table) and sessions list; the JSON keeps
// them exactly. They used to reach the terminal raw.
func TestTerminalSafeOutput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "backtrack.db")
	in := t.TempDir()
	relWrite(t, in, "run"+hostile+".fit", relFIT(t, "run", 0))
	relWrite(t, in, "notes"+hostile+".txt", []byte("not an activity"))
	relWrite(t, in, "broken"+hostile+".fit", []byte(".FIT but not really"))
	relWrite(t, in, "strong.csv", []byte("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"+
		"2024-03-05 6:12:44 PM,Evening,1h,Deadlift"+hostile+" (Barbell),1,100,5,0,0,,,\n"))
	raw := func(s string) bool { return strings.ContainsAny(s, "\x1b\x07\r\u202e") }

	code, stdout, errOut := relRun(t, db, "import", in)
	if code != 3 {
		t.Fatalf("import: exit %d\n%s\n%s", code, stdout, errOut)
	}
	if raw(stdout) || raw(errOut) {
		t.Errorf("import printed raw control characters:\n%q\n%q", stdout, errOut)
	}
	for _, want := range []string{`notes\x1b]0;owned\x07\x1b[2J\x0d\u202e.txt`, `broken\x1b]0;owned`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("import output lacks %q:\n%s", want, stdout)
		}
	}
	_, list, _ := relRun(t, db, "sessions", "list", "--json")
	var sessions []sessionJSON
	if err := json.Unmarshal([]byte(list), &sessions); err != nil || len(sessions) != 2 {
		t.Fatalf("sessions list --json: %v\n%s", err, list)
	}
	found := false
	for _, s := range sessions {
		found = found || strings.Contains(s.SourcePath, hostile)
	}
	if !found {
		t.Error("the JSON does not keep the file name exactly")
	}
	for _, args := range [][]string{{"sessions", "list"}, {"sessions", "show", "1"}, {"sessions", "show", "2"}, {"doctor"}} {
		code, stdout, errOut := relRun(t, db, args...)
		if code != 0 || raw(stdout) || raw(errOut) {
			t.Errorf("%s: exit %d, raw control characters in\n%q\n%q", strings.Join(args, " "), code, stdout, errOut)
		}
		if len(args) > 1 && args[1] == "show" && !strings.Contains(stdout, `\x1b]0;owned\x07\x1b[2J\x0d\u202e`) {
			t.Errorf("%s does not show the name escaped:\n%s", strings.Join(args, " "), stdout)
		}
	}
}
