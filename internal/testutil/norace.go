//go:build !race

package testutil

// RaceEnabled reports whether the tests were built with -race, under which
// time and memory figures mean little.
const RaceEnabled = false
