package painlog_test

import (
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
