package testutil

import (
	"math"
	"testing"
	"time"
)

// Zone returns the time zone named name (an IANA name such as
// "Europe/London") and fails tb when the system has no such zone.
func Zone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// Near reports whether a and b are within tol of each other, or both NaN
// (a missing value is only near another missing value).
func Near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}
