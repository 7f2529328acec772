package painlog_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

// FuzzReadRows feeds arbitrary bytes to ReadRows (CSV and JSON). It
// must not panic; whatever it accepts must be valid events that survive a
// CSV and a JSON round trip unchanged. Besides the seeds below, the corpus in
// testdata/fuzz/FuzzReadRows holds a Strong lifting log (a CSV that is
// not a pain log), a JSON export and the synthetic athlete's pain.csv.
func FuzzReadRows(f *testing.F) {
	f.Add([]byte("date,time,severity,location,note,tz\n2024-03-05,07:30,5,lower back,,Europe/London\n"))
	f.Add([]byte("\ufeffNote,Severity,Date,Time,Location\n\"a, \"\"b\"\"\nc\",3,2024-10-27,1:30,\n"))
	f.Add([]byte("date,time,severity,location,note\n2026-02-30,25:10,eleven,,\ntomorrow,7:5,6.5,,\n"))
	f.Add([]byte("[{\"date\":\"2024-03-05\",\"time\":null,\"severity\":5,\"note\":\"<b>\"}]"))
	var b bytes.Buffer
	if err := painlog.WriteCSV(&b, painSample()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := painlog.ReadRows(bytes.NewReader(data), "Europe/London", painNow)
		if err != nil {
			var pe *painlog.BadLinesError
			if errors.As(err, &pe) && (len(pe.Lines) == 0 || rows != nil) {
				t.Fatalf("BadLinesError with %d lines and %d rows", len(pe.Lines), len(rows))
			}
			return
		}
		events := make([]model.PainEvent, len(rows))
		for i, r := range rows {
			if _, _, err := painlog.Validate(r.Event, painNow); err != nil {
				t.Fatalf("accepted an invalid event %+v: %v", r.Event, err)
			}
			if i > 0 && r.Line <= rows[i-1].Line {
				t.Fatalf("row lines not increasing: %d then %d", rows[i-1].Line, r.Line)
			}
			events[i] = r.Event
		}
		var c bytes.Buffer
		if err := painlog.WriteCSV(&c, events); err != nil {
			t.Fatal(err)
		}
		back, err := painlog.ReadCSV(bytes.NewReader(c.Bytes()), "UTC", painNow)
		if err != nil {
			t.Fatalf("CSV of accepted events unreadable: %v\n%s", err, c.String())
		}
		if diff := cmp.Diff(events, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("CSV round trip (-want +got):\n%s", diff)
		}
		var j bytes.Buffer
		if err := painlog.WriteJSON(&j, events); err != nil {
			t.Fatal(err)
		}
		jrows, err := painlog.ReadRows(bytes.NewReader(j.Bytes()), "UTC", painNow)
		if err != nil {
			t.Fatalf("JSON of accepted events unreadable: %v\n%s", err, j.String())
		}
		if len(jrows) != len(events) {
			t.Fatalf("JSON round trip: %d events, want %d", len(jrows), len(events))
		}
		for i := range jrows {
			if jrows[i].Event != events[i] {
				t.Fatalf("JSON round trip event %d: %+v, want %+v", i, jrows[i].Event, events[i])
			}
		}
	})
}
