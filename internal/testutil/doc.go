// Package testutil holds the helpers backtrack's tests share, so that each
// lives once instead of being copied into every package's tests: the
// BACKTRACK_HEAVY switch for slow tests ([NeedHeavy], [Heavy]), whether the
// race detector is on ([RaceEnabled]), and the real test files that other
// modules publish, found in the module cache and never fetched from the
// network ([ModuleDir], [ModuleFiles]), and, for tests that need root, a
// skip that says so ([NeedRoot]) and small file systems to fill or make
// read-only ([Mount], [Remount], [Fill]).
//
// It imports no backtrack package, so that any package's tests (store's
// own internal tests too) can use it without an import cycle. Only tests
// import it.
package testutil
