package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/backtrack/backtrack/model"
)

// ErrDamagedSamples is matched (errors.Is) by a *SampleError: a session's
// stored samples are missing or do not decode. Test with errors.Is.
var ErrDamagedSamples = errors.New("damaged samples")

// SampleError says that one session's stored samples cannot be read: the
// session_samples row is missing while the session records samples, it
// holds another number of samples than the session records, or a column's
// BLOB does not decode. It names the session so that the user can find the
// file to import again; it matches ErrDamagedSamples.
type SampleError struct {
	// SessionID, LocalDate and SourcePath name the session: its ID, its
	// local date (YYYY-MM-DD) and the file it was imported from.
	SessionID  int64
	LocalDate  string
	SourcePath string
	// Want is the number of samples the session records (n_samples).
	Want int
	// Err says what is wrong.
	Err error
}

// Error says which session's samples are damaged and how.
func (e *SampleError) Error() string {
	return fmt.Sprintf("the samples of session %d (%s, %s) are damaged: %v", e.SessionID, e.LocalDate, e.SourcePath, e.Err)
}

// Unwrap returns ErrDamagedSamples and the cause.
func (e *SampleError) Unwrap() []error { return []error{ErrDamagedSamples, e.Err} }

// sampleRow is a session's row of samples as read: n and codec (NULL when
// the session has no session_samples row) and the column BLOBs.
type sampleRow struct {
	n, codec sql.NullInt64
	blobs    [numSampleColumns][]byte
}

// decodeRow decodes a session's samples row into dst, checking it against
// the number of samples the session records (want). A missing row, a
// count that disagrees or a BLOB that does not decode is a *SampleError
// for the session (id, date, path); dst then holds no samples.
func decodeRow(dst *model.Samples, row *sampleRow, id int64, date, path string, want int) error {
	fail := func(err error) error {
		for _, c := range dst.Columns() {
			*c = (*c)[:0]
		}
		return &SampleError{SessionID: id, LocalDate: date, SourcePath: path, Want: want, Err: err}
	}
	if !row.n.Valid {
		if want > 0 {
			return fail(fmt.Errorf("the session records %d samples but its row of samples is missing", want))
		}
		return decodeSamplesInto(dst, codecPacked, 0, row.blobs)
	}
	if n := int(row.n.Int64); n != want {
		return fail(fmt.Errorf("its row holds %d samples where the session records %d", n, want))
	}
	if err := decodeSamplesInto(dst, int(row.codec.Int64), int(row.n.Int64), row.blobs); err != nil {
		return fail(trimmed{err, "samples: "})
	}
	return nil
}

// trimmed is err with a prefix dropped from its message (one that repeats
// what the message around it says).
type trimmed struct {
	err    error
	prefix string
}

func (t trimmed) Error() string { return strings.TrimPrefix(t.err.Error(), t.prefix) }
func (t trimmed) Unwrap() error { return t.err }
