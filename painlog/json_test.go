package painlog_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

func TestJSONRoundTrip(t *testing.T) {
	events := painSample()
	var first bytes.Buffer
	if err := painlog.WriteJSON(&first, events); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"time": null`, `"utc": null`, `"utc": "2024-10-27T05:30:00Z"`, `"utc": "2024-10-27T00:30:00Z"`,
		`"<script>alert('x')</script> & more"`, `"tz": "America/New_York"`} {
		if !strings.Contains(first.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, first.String())
		}
	}
	rows, err := painlog.ReadRows(bytes.NewReader(first.Bytes()), "UTC", painNow)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]model.PainEvent, len(rows))
	for i, r := range rows {
		got[i] = r.Event
	}
	if diff := cmp.Diff(events, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	if rows[1].Line != 12 {
		t.Errorf("second element starts on line %d, want 12", rows[1].Line)
	}
	var second bytes.Buffer
	if err := painlog.WriteJSON(&second, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("second write differs:\n%s\nwant:\n%s", second.String(), first.String())
	}
	var empty bytes.Buffer
	if err := painlog.WriteJSON(&empty, nil); err != nil || empty.String() != "[]\n" {
		t.Errorf("no events: %q, %v; want \"[]\\n\"", empty.String(), err)
	}
}

func TestReadRowsJSON(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []model.PainEvent
		wantLines []string
	}{
		{
			name: "minimal, defaults, BOM, ignored id and utc",
			in:   "\ufeff \n[{\"date\":\"2024-03-05\",\"severity\":5},\n {\"id\":9,\"utc\":\"x\",\"date\":\"2024-03-06\",\"time\":\"7:30\",\"tz\":\"UTC\",\"severity\":2,\"location\":\"hip\",\"note\":\"n\"}]",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back", ""),
				{LocalDate: "2024-03-06", LocalTime: "07:30", TZ: "UTC", Severity: 2, Location: "hip", Note: "n"}},
		},
		{name: "empty array", in: "[]", want: nil},
		{
			name: "every bad element by line",
			in: "[\n" +
				"  {\"date\": \"2024-03-05\", \"severity\": 6.5},\n" + // line 2
				"  {\"date\": \"2024-03-05\", \"severity\": \"high\"},\n" + // line 3
				"  {\"date\": \"2024-03-05\"},\n" + // line 4
				"  {\"date\": \"2024-03-05\", \"severity\": 5, \"mood\": \"bad\"},\n" + // line 5
				"  17,\n" + // line 6
				"  {\"date\": 20240305, \"severity\": 5},\n" + // line 7
				"  {\"date\": \"2024-03-05\", \"severity\": 5}\n" + // line 8: fine
				"]\n",
			wantLines: []string{
				`line 2: severity "6.5" is not a whole number: use 0 (none) to 10 (worst)`,
				"line 3: severity must be a number from 0 to 10",
				"line 4: severity is missing",
				`line 5: unknown field "mood" (want date, time, severity, location, note, and optionally tz, id, utc)`,
				"line 6: not a JSON object",
				"line 7: date must be a string",
			},
		},
		{
			name:      "syntax error",
			in:        "[\n{\"date\": \"2024-03-05\", \"severity\": 5},\n{\"date\": }\n]",
			wantLines: []string{"line 3: unreadable JSON: invalid character '}' looking for beginning of value"},
		},
		{
			name:      "cut short",
			in:        "[\n{\"date\": \"2024-03-05\", \"severity\": 5},\n",
			wantLines: []string{"line 3: unreadable JSON: the array does not end"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := painlog.ReadRows(strings.NewReader(tt.in), "Europe/London", painNow)
			if tt.wantLines != nil {
				var pe *painlog.BadLinesError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T), want a *BadLinesError", err, err)
				}
				if diff := cmp.Diff(tt.wantLines, pe.Lines); diff != "" {
					t.Errorf("bad lines (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []model.PainEvent
			for _, r := range rows {
				got = append(got, r.Event)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}
