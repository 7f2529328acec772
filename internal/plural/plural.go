// Package plural writes a count with its noun, for the sentences the
// report, the library and the commands put together.
package plural

import "strconv"

// Of returns n and the noun, in the plural unless n is 1 ("1 run",
// "3 runs", "0 runs").
func Of(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
