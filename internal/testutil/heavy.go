package testutil

import (
	"os"
	"testing"
)

// HeavyEnv names the environment variable that turns on the slow tests:
// kills, concurrent imports, 100 MB inputs and time budgets with a generous
// bound. .ci/run sets it; plain go test ./... leaves it unset.
const HeavyEnv = "BACKTRACK_HEAVY"

// Heavy reports whether the slow tests are on (BACKTRACK_HEAVY=1).
func Heavy() bool { return os.Getenv(HeavyEnv) == "1" }

// NeedHeavy skips tb unless BACKTRACK_HEAVY=1.
func NeedHeavy(tb testing.TB) {
	tb.Helper()
	if !Heavy() {
		tb.Skipf("heavy test: set %s=1 to run it (.ci/run does)", HeavyEnv)
	}
}
