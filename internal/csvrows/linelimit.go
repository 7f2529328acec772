package csvrows

import (
	"bytes"
	"io"
)

// LineLimit passes reads from R through and fails with Err once a line
// grows past Max bytes (unless Off), so that a file that is not the CSV
// export it was taken for cannot make the CSV reader hold a giant line.
type LineLimit struct {
	R   io.Reader
	Max int
	Err error
	// Off stops the check: a caller that finds the input is not CSV after
	// all (minified JSON on one line) turns it off.
	Off bool
	run int // bytes since the last newline
}

func (l *LineLimit) Read(p []byte) (int, error) {
	n, err := l.R.Read(p)
	if l.Off {
		return n, err
	}
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - i - 1
	} else {
		l.run += n
	}
	if l.run > l.Max {
		return n, l.Err
	}
	return n, err
}
