package importers

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backtrack/backtrack/model"
)

// FuzzWalkArchive feeds arbitrary bytes to the archive walker twice: as a
// zip (or gzip) file on disk, which is read through its central directory,
// and as a member streamed inside another archive, which is read front to
// back through its local headers. Whatever the bytes, the walk must end
// without a panic, every entry must carry a path, and no entry may hold
// more than the limits allow.
func FuzzWalkArchive(f *testing.F) {
	zipOf := func(members map[string][]byte, stored bool) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range []string{"a.gpx", "b/c.fit", "inner.zip", "d.tcx.gz"} {
			data, ok := members[name]
			if !ok {
				continue
			}
			method := zip.Deflate
			if stored {
				method = zip.Store
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
			if err != nil {
				f.Fatal(err)
			}
			w.Write(data)
		}
		zw.Close()
		return buf.Bytes()
	}
	gz := func(data []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		return buf.Bytes()
	}
	inner := zipOf(map[string][]byte{"a.gpx": []byte("<gpx></gpx>")}, false)
	f.Add(zipOf(map[string][]byte{"a.gpx": []byte("<gpx/>"), "b/c.fit": []byte("\x0e\x10")}, false))
	f.Add(zipOf(map[string][]byte{"inner.zip": inner, "d.tcx.gz": gz([]byte("<TrainingCenterDatabase/>"))}, false))
	f.Add(zipOf(map[string][]byte{"inner.zip": inner, "a.gpx": bytes.Repeat([]byte("x"), 5000)}, true))
	f.Add(gz(inner))
	f.Add(gz(gz([]byte("hello"))))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("\x1f\x8b"))
	lim := Limits{MaxFileBytes: 1 << 20, MaxRatio: 50, RatioFloorBytes: 64 << 10, MaxEntries: 64, MaxDepth: 3}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("walk of %d bytes still running after 10 s", len(data)))
			}
		}()
		check := func(e Entry) error {
			if e.Path == "" {
				t.Errorf("entry without a path: %+v", e)
			}
			if int64(len(e.Data)) > lim.MaxFileBytes {
				t.Errorf("%s: %d bytes past the %d-byte limit", e.Path, len(e.Data), lim.MaxFileBytes)
			}
			if e.Err != nil && strings.TrimSpace(e.Err.Error()) == "" {
				t.Errorf("%s: empty error message", e.Path)
			}
			return nil
		}
		w := &Walker{Limits: lim}
		for _, name := range []string{"x.zip", "x.gz"} {
			p := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := w.Walk(context.Background(), []string{p}, check); err != nil {
				t.Fatalf("walk %s: %v", name, err)
			}
		}
		if err := w.walkStream(context.Background(), bytes.NewReader(data), "outer.zip"+model.PathSep+"x", "x", nil, int64(len(data)), 0, 0, check); err != nil {
			t.Fatalf("walk stream: %v", err)
		}
	})
}
