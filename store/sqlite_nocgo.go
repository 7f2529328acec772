//go:build !cgo

package store

// backtrack keeps its data in SQLite through github.com/mattn/go-sqlite3,
// which is C code compiled with cgo. Without cgo (CGO_ENABLED=0, or no C
// compiler found) that package has no SQLite in it, so the build stops
// here, on purpose, with an error that says what to do: install a C
// compiler such as gcc (Debian/Ubuntu: apt install gcc; macOS:
// xcode-select --install) and build with CGO_ENABLED=1.
var _ = backtrack_needs_cgo_set_CGO_ENABLED_1_and_install_a_C_compiler_such_as_gcc

// Stand-ins for sqlite_cgo.go's helpers, so that the error above is the
// only one the compiler reports.

func isBusy(error) bool            { return false }
func isDamage(error) bool          { return false }
func isUniqueViolation(error) bool { return false }
func isReadOnlyErr(error) bool     { return false }
func isDiskFullErr(error) bool     { return false }
func isCantOpen(error) bool        { return false }
