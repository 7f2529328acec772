package importers

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backtrack/backtrack/internal/synth"
)

// png is the start of a PNG image: no format backtrack reads.
const png = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

// TestSentinelErrors checks that each kind of failure matches its sentinel
// (and no other) with errors.Is, while its message stays the plain words the
// user reads.
func TestSentinelErrors(t *testing.T) {
	fit := writeFIT(t, synthRun(synthStart, 600), synth.FITOptions{})
	zipped := arZip(t, arMember{name: "run.fit", data: fit})
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(fit)
	zw.Close()
	sentinels := map[string]error{"ErrNotFIT": ErrNotFIT, "ErrDamaged": ErrDamaged, "ErrUnknownFormat": ErrUnknownFormat}
	tests := []struct {
		name    string
		err     func(t *testing.T) error
		is      []string // the sentinels it matches; it matches none of the others
		message string   // the message's start
	}{
		{"text given to DecodeFIT", func(t *testing.T) error {
			_, err := DecodeFIT(strings.NewReader("hello, world"))
			return err
		}, []string{"ErrNotFIT", "ErrUnknownFormat"}, "not a FIT file: the first byte is 104"},
		{"FIT cut inside its first message", func(t *testing.T) error {
			_, err := DecodeFIT(bytes.NewReader(fit[:20]))
			return err
		}, []string{"ErrDamaged"}, "damaged FIT file with nothing to keep: file ends early at byte 20"},
		{"TCX given to DecodeGPX", func(t *testing.T) error {
			_, err := DecodeGPX(bytes.NewReader(xmlReadFile(t, "tcx/garmin_run.tcx")))
			return err
		}, []string{"ErrUnknownFormat"}, "not a GPX file: the root element is <TrainingCenterDatabase>"},
		{"GPX given to DecodeTCX", func(t *testing.T) error {
			_, err := DecodeTCX(bytes.NewReader(xmlReadFile(t, "gpx/garmin_run.gpx")))
			return err
		}, []string{"ErrUnknownFormat"}, "not a TCX file: the root element is <gpx>"},
		{"CSV no lifting app wrote", func(t *testing.T) error {
			_, err := DecodeLiftCSV(strings.NewReader("a,b,c\n1,2,3\n"))
			return err
		}, []string{"ErrUnknownFormat"}, "not a lifting-app CSV (header: a,b,c)"},
		{"a .fit file holding text, in a batch", func(t *testing.T) error {
			_, err := newWorker(newMemSink(), nil).decodeData(Entry{Path: "run.fit", Data: []byte(png)})
			return err
		}, []string{"ErrUnknownFormat"}, "named .fit but the content is not: not a known format (PNG image)"},
		{"a zip cut short", func(t *testing.T) error {
			return walkErr(t, "cut.zip", zipped[:len(zipped)/2])
		}, []string{"ErrDamaged"}, "damaged zip archive: "},
		{"a gzip with a broken header", func(t *testing.T) error {
			return walkErr(t, "run.fit.gz", append([]byte{0x1f, 0x8b, 0x99}, gz.Bytes()[3:]...))
		}, []string{"ErrDamaged"}, "damaged gzip: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err(t)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.message) {
				t.Errorf("message %q, want it to start %q", err, tt.message)
			}
			for name, s := range sentinels {
				want := false
				for _, n := range tt.is {
					want = want || n == name
				}
				if got := errors.Is(err, s); got != want {
					t.Errorf("errors.Is(%q, %s) = %v, want %v", err, name, got, want)
				}
			}
		})
	}
}

// TestUnknownFormatSkip: a file of no known format whose name promises no
// activity is skipped, not failed, and the skip matches ErrUnknownFormat.
func TestUnknownFormatSkip(t *testing.T) {
	_, err := newWorker(newMemSink(), nil).decodeData(Entry{Path: "photo.png", Data: []byte(png)})
	reason, skip := IsSkip(err)
	if !skip || !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("error %v: skip %v, ErrUnknownFormat %v; want both", err, skip, errors.Is(err, ErrUnknownFormat))
	}
	if want := "not a known format (PNG image)"; reason != want {
		t.Errorf("reason %q, want %q", reason, want)
	}
}

// walkErr writes data to a file named name and returns the error Walk
// reports for it (nil when it reports none).
func walkErr(t *testing.T, name string, data []byte) error {
	t.Helper()
	p := arWrite(t, t.TempDir(), name, data)
	var first error
	err := Walk(context.Background(), []string{filepath.Dir(p)}, func(e Entry) error {
		if e.Err != nil && first == nil {
			first = e.Err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return first
}
