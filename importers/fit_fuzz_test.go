package importers

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// FuzzDecodeFIT feeds arbitrary bytes to the FIT decoder: it must never
// panic, and whatever it returns must hold together.
func FuzzDecodeFIT(f *testing.F) {
	// Generated fixtures.
	run := synthRun(synthStart, 40)
	frac := synthRun(synthStart, 20)
	var seeds [][]byte
	for _, s := range []struct {
		s model.Session
		o synth.FITOptions
	}{
		{run, synth.FITOptions{}},
		{frac, synth.FITOptions{FractionalCadence: true, NoLocalTimestamp: true}},
		{run, synth.FITOptions{OmitSession: true}},
		{synthStrength(synthStart), synth.FITOptions{Manufacturer: "garmin"}},
		{synthRun(time.Unix(fitEpoch+5000, 0).UTC(), 10), synth.FITOptions{}},
	} {
		b := writeFIT(f, s.s, s.o)
		seeds = append(seeds, b, b[:len(b)/2])
	}
	seeds = append(seeds, append(bytes.Clone(seeds[0]), seeds[2]...))
	// Running form: native running dynamics and Stryd's developer fields,
	// a re-declared index in both byte orders, Coros' creator index 255.
	for _, c := range synth.FormCases() {
		c.Written.Samples = *c.Written.Samples.Slice(0, 60)
		if b, err := c.FIT(); err == nil {
			seeds = append(seeds, b, b[:len(b)*2/3])
		}
	}
	// A few small real files, read from the module cache (never copied).
	if dir, err := testutil.ModuleDir(muktihariModule); err == nil {
		dir = filepath.Join(dir, "testdata")
		for _, name := range []string{
			"from_official_sdk/activity_multisport.fit",
			"from_official_sdk/activity_poolswim.fit",
			"from_official_sdk/activity_truncated.fit",
			"from_official_sdk/DeveloperData.fit",
			"from_official_sdk/Settings.fit",
			"from_official_sdk/MonitoringFile.fit",
		} {
			if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				seeds = append(seeds, b)
			}
		}
	}
	for _, b := range seeds {
		f.Add(b)
	}
	dec := NewFITDecoder(WithLocation(time.UTC))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := dec.Decode(bytes.NewReader(data))
		if err != nil {
			if res != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		if len(res.Sessions) == 0 {
			t.Fatal("a result without sessions")
		}
		checkSessionInvariants(t, res)
	})
}
