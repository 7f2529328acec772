package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"backtrack":    func() { os.Exit(main1()) },
		"synth-export": synthExportMain,
	})
}

// TestScripts runs the CLI scripts in testdata/script (gofumpt's pattern).
// Update expectations with: go test ./cmd/backtrack -run TestScripts -update
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("BACKTRACK_DB", filepath.Join(env.WorkDir, "db", "backtrack.db"))
			env.Setenv("TZ", "Europe/London")
			env.Setenv("XDG_DATA_HOME", filepath.Join(env.WorkDir, "xdg"))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"synth":    cmdSynth,
			"jsonpath": cmdJSONPath,
			"truncate": cmdTruncate,
			"concat":   cmdConcat,
			"perm":     cmdPerm,
		},
	})
}

// cmdSynth writes generated fixtures: `synth export DIR [MONTHS]` writes the
// synthetic athlete; `synth garmin|strava|strong FILE [MONTHS]` her Garmin
// export zip, Strava export zip or Strong CSV (two months by default);
// `synth run|strength|nosession|fraccad|feel FILE` writes one FIT file;
// `synth merge DIR` the merge fixture; `synth untyped FILE` a GPX run that
// names no sport.
func cmdSynth(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: synth export DIR [MONTHS] | synth garmin|strava|strong FILE [MONTHS] | synth run|strength|nosession|fraccad FILE")
	}
	start := time.Date(2024, 3, 4, 7, 30, 0, 0, time.UTC)
	switch args[0] {
	case "garmin", "strava", "strong":
		months := 2
		if len(args) > 2 {
			months, _ = strconv.Atoi(args[2])
		}
		ts.Check(writeSynthFixture(args[0], ts.MkAbs(args[1]), months))
	case "merge":
		// synth merge DIR: files holding the same activities in different
		// ways (internal/synth.WriteMergeFixture).
		zone, err := time.LoadLocation("Europe/London")
		ts.Check(err)
		ts.Check(os.MkdirAll(ts.MkAbs(args[1]), 0o755))
		_, err = synth.WriteMergeFixture(ts.MkAbs(args[1]), zone)
		ts.Check(err)
	case "untyped":
		// synth untyped FILE: a run's GPX with neither a type nor a telling
		// name, as Movescount writes it.
		s, _ := fixtureSession("run", start)
		s.Name = "Move"
		for i := range s.Samples.Lat {
			s.Samples.Lat[i] = 51.5 + float64(i)*2.7e-5 // 3 m/s north
		}
		f, err := os.Create(ts.MkAbs(args[1]))
		ts.Check(err)
		defer f.Close()
		ts.Check(synth.WriteGPX(f, s, synth.GPXOptions{Creator: "Movescount - http://www.movescount.com"}))
	case "export":
		months := 1
		if len(args) > 2 {
			months, _ = strconv.Atoi(args[2])
		}
		a := synth.Generate(synth.Config{Seed: 7, Start: start, Months: months})
		if _, err := a.WriteExport(ts.MkAbs(args[1])); err != nil {
			ts.Fatalf("synth export: %v", err)
		}
	default:
		// Each kind starts at its own time so listings have a stable order:
		// run, strength, nosession, fraccad.
		offset := map[string]time.Duration{"strength": 10 * time.Hour, "nosession": 24 * time.Hour, "fraccad": 48 * time.Hour, "feel": 72 * time.Hour}
		s, o := fixtureSession(args[0], start.Add(offset[args[0]]))
		ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[1])), 0o755))
		f, err := os.Create(ts.MkAbs(args[1]))
		ts.Check(err)
		defer f.Close()
		ts.Check(synth.WriteFIT(f, s, o))
	}
}

// fixtureSession returns a small generated session of the named kind.
func fixtureSession(kind string, start time.Time) (model.Session, synth.FITOptions) {
	switch kind {
	case "strength":
		s := model.NewSession(model.Strength, start)
		s.SubSport = "strength_training"
		s.ElapsedS, s.TimerS = 1800, 1700
		for i, c := range []struct {
			cat, ex string
			reps    int
			kg      float64
		}{{"deadlift", "barbell_deadlift", 5, 100}, {"deadlift", "romanian_deadlift", 8, 70}, {"squat", "barbell_back_squat", 5, 80}} {
			s.Sets = append(s.Sets, model.StrengthSet{Start: start.Add(time.Duration(i*180) * time.Second), DurationS: 40,
				Category: c.cat, Exercise: c.ex, Reps: c.reps, WeightKg: c.kg})
		}
		return s, synth.FITOptions{}
	case "run", "nosession", "fraccad", "feel":
		s := model.NewSession(model.Running, start)
		s.OffsetS, s.OffsetOrigin = 0, model.OffsetDevice
		for i := 0; i < 600; i++ {
			x := model.MissingSample(float64(i))
			x.Lat, x.Lon = 51.5+float64(i)*1e-5, -0.12
			x.AltM, x.DistM, x.SpeedMPS = 30+float64(i%50)/10, float64(i)*3, 3
			x.HR, x.CadenceSPM = 150, 171
			s.Samples.Append(x)
		}
		s.ElapsedS, s.TimerS, s.DistanceM, s.AvgHR, s.AvgCadenceSPM = 599, 599, 1797, 150, 170
		if kind == "feel" {
			s.Feel, s.RPE = 75, 6.5 // how it felt, as the watch asks after a run
		}
		return s, synth.FITOptions{OmitSession: kind == "nosession", FractionalCadence: kind == "fraccad"}
	}
	panic("unknown fixture kind " + kind)
}

// cmdJSONPath checks a value in the JSON on stdout: `jsonpath PATH WANT`,
// PATH like `failed.0.path` or `len` for an array's length (`skipped.len`).
func cmdJSONPath(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: jsonpath PATH WANT")
	}
	var v any
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &v); err != nil {
		ts.Fatalf("stdout is not JSON: %v", err)
	}
	for _, key := range strings.Split(args[0], ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[key]; !ok {
				ts.Fatalf("no key %q in %s", key, args[0])
			}
		case []any:
			if key == "len" {
				v = float64(len(x))
				continue
			}
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(x) {
				ts.Fatalf("bad index %q in %s (length %d)", key, args[0], len(x))
			}
			v = x[i]
		default:
			ts.Fatalf("cannot index %T with %q", v, key)
		}
	}
	got := fmt.Sprint(v)
	if v == nil {
		got = "null"
	}
	if (got == args[1]) == neg {
		ts.Fatalf("%s = %s, want %s%s", args[0], got, map[bool]string{true: "not "}[neg], args[1])
	}
}

// cmdTruncate keeps the first N bytes of SRC in DST: `truncate SRC N DST`.
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: truncate SRC N DST")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	if n > len(data) {
		n = len(data)
	}
	ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[2])), 0o755))
	ts.Check(os.WriteFile(ts.MkAbs(args[2]), data[:n], 0o644))
}

// cmdConcat writes the concatenation of files: `concat DST SRC...`.
func cmdConcat(ts *testscript.TestScript, neg bool, args []string) {
	var out []byte
	for _, a := range args[1:] {
		data, err := os.ReadFile(ts.MkAbs(a))
		ts.Check(err)
		out = append(out, data...)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), out, 0o644))
}

// cmdPerm checks the permission bits of a file or folder: `perm PATH MODE`,
// MODE in octal like 0600.
func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm PATH MODE")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := fi.Mode().Perm(); (got == fs.FileMode(want)) == neg {
		ts.Fatalf("%s: mode %04o, want %s%04o", args[0], got, map[bool]string{true: "not "}[neg], want)
	}
}
