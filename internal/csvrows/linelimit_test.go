package csvrows_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/backtrack/backtrack/internal/csvrows"
)

func TestLineLimit(t *testing.T) {
	errLong := errors.New("too long")
	for _, tc := range []struct {
		name string
		in   string
		off  bool
		err  error
	}{
		{"lines within the limit", "0123456789\n0123456789\n0123456789", false, nil},
		{"a line one byte over", "0123456789\n01234567890\n", false, errLong},
		{"a last line over, without a newline", "0123456789\n01234567890", false, errLong},
		{"over, but the check is off", "0123456789012345678901234567890", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &csvrows.LineLimit{R: iotest.OneByteReader(strings.NewReader(tc.in)), Max: 10, Err: errLong, Off: tc.off}
			got, err := io.ReadAll(l)
			if !errors.Is(err, tc.err) {
				t.Errorf("error %v, want %v", err, tc.err)
			}
			if tc.err == nil && string(got) != tc.in {
				t.Errorf("read %q, want %q", got, tc.in)
			}
		})
	}
}
