package importers

import (
	"errors"
	"fmt"
)

// Errors a caller may need to tell apart. Each is returned wrapped, its
// message followed by the detail ("not a FIT file: …"); test with
// errors.Is. A file that is merely not an activity (settings, a route) is
// not an error but a *SkipError.
var (
	// ErrNotFIT: the input is not a FIT file at all (no FIT header where
	// one must be). Returned by DecodeFIT and FITDecoder.Decode; it also
	// matches ErrUnknownFormat.
	ErrNotFIT = errors.New("not a FIT file")

	// ErrDamaged: a file or archive is damaged or cut short and nothing of
	// it could be kept. Returned by DecodeFIT for a damaged FIT file
	// without one good session ("damaged FIT file with nothing to keep:
	// …", saying where the damage starts), and set (wrapped) on an Entry's
	// Err by Walk for a zip or gzip archive that is damaged or ends early.
	// A damaged file whose good records can be kept is no error: its
	// Result has Status model.StatusPartial and says where in Damage.
	ErrDamaged = errors.New("damaged file")

	// ErrUnknownFormat: the content is not in the format asked for, or in
	// any format backtrack reads. Returned by DecodeFIT (with ErrNotFIT),
	// DecodeGPX and DecodeTCX for input that is not FIT, GPX or TCX, by
	// DecodeLiftCSV for a CSV that no lifting app wrote, and by a Batch for
	// a file whose name promises an activity (.fit, .gpx, .tcx) but whose
	// content is no format it knows (a file with another name is skipped
	// with a *SkipError that matches it too).
	ErrUnknownFormat = errors.New("unknown format")
)

// markedError is an error that keeps its own message and also matches a
// sentinel with errors.Is, so that a sentinel can be added to an error
// without changing a byte of what the user reads.
type markedError struct {
	err, mark error
}

func (e *markedError) Error() string   { return e.err.Error() }
func (e *markedError) Unwrap() []error { return []error{e.err, e.mark} }

// mark returns err, with the same message, matching sentinel too.
func mark(err, sentinel error) error { return &markedError{err: err, mark: sentinel} }

// damagedf formats an error as fmt.Errorf does and marks it ErrDamaged.
func damagedf(format string, a ...any) error { return mark(fmt.Errorf(format, a...), ErrDamaged) }

// unknownFormatf formats an error as fmt.Errorf does and marks it
// ErrUnknownFormat.
func unknownFormatf(format string, a ...any) error {
	return mark(fmt.Errorf(format, a...), ErrUnknownFormat)
}
