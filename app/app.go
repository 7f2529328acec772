package app

import (
	"errors"
	"time"

	"github.com/backtrack/backtrack/store"
)

// App runs the use cases over one open database. Its zero value is not
// usable: DB must be set. The other fields may be left nil.
type App struct {
	// DB is the database the use cases read and write.
	DB *store.DB
	// Now is the clock (a report's stamp, "today" in the pain log); nil
	// means time.Now.
	Now func() time.Time
	// Warn receives a warning: something went wrong that did not stop the
	// use case (metrics that could not be brought up to date: the stored
	// ones are used). nil drops them.
	Warn func(msg string)
	// Note receives a note: something the user should know that is not
	// wrong (a pain event's time that happened twice, a line of a pain log
	// that repeats another). nil drops them.
	Note func(msg string)
}

// ErrUnknownSession is returned (wrapped, naming the ID) for a session ID
// the database does not hold.
var ErrUnknownSession = errors.New("unknown session")

// ErrUnknownPain is returned (wrapped, naming the ID) for a pain event ID
// the log does not hold.
var ErrUnknownPain = errors.New("unknown pain event")

// ErrInvalidPain is returned (wrapped, saying why) for a pain event that
// cannot be logged: a date that is not one, in the future or before 1970,
// a time the clocks skipped, a severity out of 0–10. Nothing is written.
var ErrInvalidPain = errors.New("invalid pain event")

func (a *App) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

func (a *App) warn(msg string) {
	if a.Warn != nil {
		a.Warn(msg)
	}
}

func (a *App) note(msg string) {
	if a.Note != nil {
		a.Note(msg)
	}
}

// kindError is err, which errors.Is also matches with kind (a sentinel);
// its message is err's alone, so that wrapping changes no output.
type kindError struct {
	kind, err error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// withKind returns err marked as kind (nil stays nil).
func withKind(kind, err error) error {
	if err == nil {
		return nil
	}
	return &kindError{kind: kind, err: err}
}
