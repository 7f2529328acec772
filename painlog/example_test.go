package painlog_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backtrack/backtrack/painlog"
)

func ExampleReadCSV() {
	csv := "date,time,severity,location,note\n" +
		"2024-03-05,07:30,5,,\"Tight after 3 km, \"\"sharp\"\" on the hill\"\n" +
		"2024-03-06,,2,hip,\n"
	now := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	events, err := painlog.ReadCSV(strings.NewReader(csv), "Europe/London", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range events {
		fmt.Printf("%s %q %d %s %q\n", e.LocalDate, e.LocalTime, e.Severity, e.Location, e.Note)
	}
	_, err = painlog.ReadCSV(strings.NewReader("date,time,severity,location,note\n2024-02-30,,5,,\n2024-03-05,7:5,eleven,,\n"), "Europe/London", now)
	fmt.Println(err)
	// Output:
	// 2024-03-05 "07:30" 5 lower back "Tight after 3 km, \"sharp\" on the hill"
	// 2024-03-06 "" 2 hip ""
	// line 2: date 2024-02-30 does not exist: February 2024 has 29 days
	// line 3: time "7:5" not understood: use HH:MM on a 24-hour clock, e.g. 07:30; severity "eleven" is not a whole number: use 0 (none) to 10 (worst)
}

// A file with mistakes gives no events and a *BadLinesError, one line per
// problem, which the caller can show as a list.
func ExampleBadLinesError() {
	json := `[
  {"date": "2024-03-05", "time": "07:30", "severity": 5, "tz": "Europe/London"},
  {"date": "2024-03-31", "time": "01:30", "severity": 4, "tz": "Europe/London"},
  {"date": "2024-03-06", "severity": "high"}
]`
	now := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	rows, err := painlog.ReadRows(strings.NewReader(json), "Europe/London", now)
	var bad *painlog.BadLinesError
	if errors.As(err, &bad) {
		fmt.Printf("%d events, %d bad lines:\n", len(rows), len(bad.Lines))
		for _, l := range bad.Lines {
			fmt.Println(l)
		}
	}
	// Output:
	// 0 events, 2 bad lines:
	// line 3: 2024-03-31 01:30 does not exist in Europe/London: the clocks skipped it (daylight saving time)
	// line 4: severity must be a number from 0 to 10
}
