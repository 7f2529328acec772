package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/backtrack/backtrack/model"
)

// openTest opens a new database under t.TempDir and closes it at the end.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "backtrack.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

// shaOf returns the hex SHA-256 of s, a stand-in for a file's hash.
func shaOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// testSource returns an ok FIT source whose hash derives from name.
func testSource(name string) model.Source {
	return model.Source{Path: name, Format: model.FormatFIT, SHA256: shaOf(name), Size: 1234, Status: model.StatusOK}
}

// mustTime parses an RFC 3339 time.
func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// makeSamples returns n samples of a plausible run starting at offset 0,
// with power missing throughout and an occasional heart-rate dropout.
func makeSamples(n int) model.Samples {
	var s model.Samples
	for i := 0; i < n; i++ {
		x := model.MissingSample(float64(i))
		x.Lat = 47.3769 + float64(i)*1e-5
		x.Lon = 8.5417 + float64(i)*1e-5
		x.AltM = 408 + 10*math.Sin(float64(i)/100)
		x.DistM = 2.9 * float64(i)
		x.SpeedMPS = 2.9 + 0.1*math.Cos(float64(i)/30)
		if i%97 != 0 {
			x.HR = 140 + float64(i%20)
		}
		x.CadenceSPM = 172 + float64(i%5)
		s.Append(x)
	}
	return s
}

// importOne imports one source holding sessions and returns the outcome.
func importOne(t testing.TB, db *DB, src model.Source, sessions ...model.Session) ImportOutcome {
	t.Helper()
	out, err := db.ImportSource(context.Background(), src, sessions)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// count returns SELECT count(*) FROM table.
func count(t testing.TB, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// diffSamples describes the first difference between want and got, NaN
// equal to NaN, or returns "". It is much faster than cmp on long series.
func diffSamples(want, got model.Samples) string {
	wc, gc := want.Columns(), got.Columns()
	for i := range wc {
		w, g := *wc[i], *gc[i]
		if i >= model.CoreSampleColumns && !slices.ContainsFunc(w, model.Known) && !slices.ContainsFunc(g, model.Known) {
			continue // an optional column without a value: stored as none
		}
		if len(w) != len(g) {
			return fmt.Sprintf("column %s: %d values, want %d", model.SampleColumns[i], len(g), len(w))
		}
		for j := range w {
			if w[j] != g[j] && !(math.IsNaN(w[j]) && math.IsNaN(g[j])) {
				return fmt.Sprintf("column %s[%d] = %v, want %v", model.SampleColumns[i], j, g[j], w[j])
			}
		}
	}
	return ""
}
