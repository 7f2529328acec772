package importers

import (
	"errors"
	"time"

	"github.com/backtrack/backtrack/model"
)

// Result is what a decoder found in one file.
type Result struct {
	// Format is the format that was decoded.
	Format model.Format
	// Sessions are the activities found, in file order.
	Sessions []model.Session
	// Status is StatusOK, StatusPartial (damaged: good records kept) or
	// StatusCRCUnverified.
	Status model.SourceStatus
	// Damage, when Status is partial, says where the damage starts and how
	// much was kept, in plain words ("truncated at byte 4,096 of 8,000: kept
	// 212 records").
	Damage string
	// Warnings are plain-word notes about the file that did not stop it
	// from importing.
	Warnings []string
}

// SkipError says that a file is not something to import (not an activity,
// a route without times, an unknown format). It is a reason, not a failure.
type SkipError struct {
	// Reason is the plain-word reason, e.g. "not an activity (settings file)".
	Reason string
}

func (e *SkipError) Error() string { return e.Reason }

// Skip returns a *SkipError with the given reason.
func Skip(reason string) error { return &SkipError{Reason: reason} }

// IsSkip reports whether err is (or wraps) a *SkipError, and returns its reason.
func IsSkip(err error) (string, bool) {
	var s *SkipError
	if errors.As(err, &s) {
		return s.Reason, true
	}
	return "", false
}

// Sentinel reasons shared by decoders.
var (
	// ErrNoAbsoluteTime: a FIT file whose times are only seconds since the
	// device powered on (below 0x10000000). Wrapped in a SkipError.
	ErrNoAbsoluteTime = errors.New("no absolute start time")
)

// Options configure decoders. Build them with Option functions.
type Options struct {
	// Location is the user's time zone, used for files without a usable
	// local offset (GPX, older FIT, lifting CSVs). Never nil after
	// [NewOptions].
	Location *time.Location
	// DefaultTimeOfDay is the time of day assumed for date-only sources
	// (FitNotes), as an offset from local midnight.
	DefaultTimeOfDay time.Duration
	// SkipSamples makes decoders drop per-record samples (faster, for
	// callers that need only summaries).
	SkipSamples bool
}

// Option sets one decoder option.
type Option func(*Options)

// WithLocation sets the user's time zone for files without a usable offset.
func WithLocation(loc *time.Location) Option {
	return func(o *Options) {
		if loc != nil {
			o.Location = loc
		}
	}
}

// WithDefaultTimeOfDay sets the time of day assumed for date-only sources.
func WithDefaultTimeOfDay(d time.Duration) Option {
	return func(o *Options) { o.DefaultTimeOfDay = d }
}

// WithoutSamples makes decoders keep summaries, laps and sets but no samples.
func WithoutSamples() Option { return func(o *Options) { o.SkipSamples = true } }

// NewOptions applies opts over the defaults (time.Local, 18:00 for
// date-only sources, samples kept).
func NewOptions(opts ...Option) Options {
	o := Options{Location: time.Local, DefaultTimeOfDay: 18 * time.Hour}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// LocalOffset returns the offset in seconds east of UTC of loc at instant t.
func LocalOffset(loc *time.Location, t time.Time) int {
	_, off := t.In(loc).Zone()
	return off
}
