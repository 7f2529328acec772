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
	// WeightUnit is the unit a lifting export's weights were read in ("kg",
	// "lb", or "kg and lb" when the export names one per row), and
	// WeightUnitFrom where that came from ("the export's Weight (kg)
	// column", "--weight-unit", …); both "" for a file without weights.
	WeightUnit, WeightUnitFrom string
	// WeightUnitOrigin is where the unit came from, for the store
	// ([model.Source]): when any weight's unit was assumed (or any
	// distance's unit followed the assumed unit's system: miles with
	// pounds), the assumption's origin (flag, setting, default), and
	// AssumedWeightUnit the unit assumed ("kg" or "lb"); otherwise the
	// file's (column, header), and AssumedWeightUnit is "".
	WeightUnitOrigin  model.UnitOrigin
	AssumedWeightUnit string
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
	// LocationGuessed is true when Location is merely the machine's zone
	// (the user named none): offsets taken from it are
	// [model.OffsetMachine], which the store revises from the offsets a
	// watch recorded nearby; otherwise they are [model.OffsetZone].
	LocationGuessed bool
	// DefaultTimeOfDay is the time of day assumed for date-only sources
	// (FitNotes), as an offset from local midnight.
	DefaultTimeOfDay time.Duration
	// SkipSamples makes decoders drop per-record samples (faster, for
	// callers that need only summaries).
	SkipSamples bool
	// WeightUnit is the unit of a lifting export's weights where the
	// export does not say ("kg" or "lb"; "" is kg), and WeightUnitFrom
	// where it came from, for the import's report ("--weight-unit").
	WeightUnit, WeightUnitFrom string
	// WeightUnitOrigin is where WeightUnit came from ([model.UnitFlag] or
	// [model.UnitSetting]; empty is the flag), recorded with each lifting
	// export read in it (see [WithWeightUnitOrigin]).
	WeightUnitOrigin model.UnitOrigin
	// FileName is the decoded file's name, whose words may name the sport
	// of a track that does not (see [WithFileName]).
	FileName string
}

// WithFileName tells a decoder the file's name: a track whose file names no
// sport may take it from a word of the name ("Evening_Run.gpx"). A batch
// sets it for every file.
func WithFileName(name string) Option {
	return func(o *Options) { o.FileName = name }
}

// Option sets one decoder option.
type Option func(*Options)

// WithLocation sets the user's time zone for files without a usable offset.
func WithLocation(loc *time.Location) Option {
	return func(o *Options) {
		if loc != nil {
			o.Location, o.LocationGuessed = loc, false
		}
	}
}

// WithGuessedLocation sets the zone for files without a usable offset when
// the user named none (the machine's zone): offsets taken from it are
// [model.OffsetMachine].
func WithGuessedLocation(loc *time.Location) Option {
	return func(o *Options) {
		if loc != nil {
			o.Location, o.LocationGuessed = loc, true
		}
	}
}

// WithWeightUnit sets the unit ("kg" or "lb") of a lifting export's
// weights where the export does not say, and where that choice came from
// ("--weight-unit", "the lift_weight_unit setting"), for the import's
// report. Any other unit leaves the default, kg.
func WithWeightUnit(unit, from string) Option {
	return func(o *Options) {
		switch unit {
		case "kg", "lb":
			o.WeightUnit, o.WeightUnitFrom = unit, from
		}
	}
}

// WithWeightUnitOrigin says where the unit WithWeightUnit set came from:
// [model.UnitFlag] (the default) or [model.UnitSetting]. The store keeps it
// with each lifting export read in that unit, so that a later import
// assuming another unit reads the export again.
func WithWeightUnitOrigin(origin model.UnitOrigin) Option {
	return func(o *Options) {
		if origin.Assumed() && origin != model.UnitDefault {
			o.WeightUnitOrigin = origin
		}
	}
}

// AssumedWeightUnit returns the unit ("kg" or "lb") o assumes for the
// weights of a lifting export that does not say, and where it came from:
// Options.WeightUnit and its origin, else kg by default.
func (o *Options) AssumedWeightUnit() (string, model.UnitOrigin) {
	switch {
	case o.WeightUnit == "":
		return "kg", model.UnitDefault
	case o.WeightUnitOrigin == "":
		return o.WeightUnit, model.UnitFlag
	}
	return o.WeightUnit, o.WeightUnitOrigin
}

// zoneOrigin is the origin of an offset taken from o.Location.
func (o *Options) zoneOrigin() model.OffsetOrigin {
	if o.LocationGuessed {
		return model.OffsetMachine
	}
	return model.OffsetZone
}

// WithDefaultTimeOfDay sets the time of day assumed for date-only sources.
func WithDefaultTimeOfDay(d time.Duration) Option {
	return func(o *Options) { o.DefaultTimeOfDay = d }
}

// WithoutSamples makes decoders keep summaries, laps and sets but no samples.
func WithoutSamples() Option { return func(o *Options) { o.SkipSamples = true } }

// NewOptions applies opts over the defaults (time.Local, a guessed zone,
// 18:00 for date-only sources, samples kept, weights in kg where an export
// does not say).
func NewOptions(opts ...Option) Options {
	o := Options{Location: time.Local, LocationGuessed: true, DefaultTimeOfDay: 18 * time.Hour}
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
