package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// TestImportRereadsAnAssumedUnit: the merge fixture (whose Strong export
// has a plain Weight column, merged with the watch's and FitNotes'
// recordings of the workout) imported in kg and then again in lb, by the
// flag or by the setting, or Strong's file alone in kg and then everything
// in lb, gives the sessions that importing everything in lb gives, with
// metrics and exposures up to date; importing once more is a no-op.
func TestImportRereadsAnAssumedUnit(t *testing.T) {
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	m, err := synth.WriteMergeFixture(dir, zone)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, f := range m.Files {
		all = append(all, filepath.Join(dir, f))
	}
	strong := filepath.Join(dir, "strong.csv")
	ctx := context.Background()
	// importIn imports paths with the unit in force set as the user would:
	// "" (kg by default), "flag lb", "setting lb".
	importIn := func(t *testing.T, a *app.App, how string, paths ...string) *importers.Summary {
		t.Helper()
		flag := ""
		switch how {
		case "flag lb":
			flag = "lb"
		case "setting lb":
			if _, err := a.SetImportSetting(ctx, app.KeyLiftWeightUnit, "lb"); err != nil {
				t.Fatal(err)
			}
		}
		def, err := a.ImportDefaults(ctx, zone, flag)
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.Import(ctx, app.ImportOptions{Paths: paths, Workers: 2, Location: zone, WeightUnit: def.WeightUnit,
			WeightUnitFrom: def.WeightUnitFrom, WeightUnitOrigin: def.WeightUnitOrigin})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Analysed {
			t.Fatal("metrics not brought up to date")
		}
		return res.Summary
	}
	// volume returns the strength session's volume, from its metrics.
	volume := func(t *testing.T, db *store.DB) float64 {
		t.Helper()
		list, err := db.ListSessions(ctx, store.SessionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range list {
			if l.Sport == model.Strength {
				mt, err := db.GetMetrics(ctx, l.ID)
				if err != nil || mt.Strength == nil {
					t.Fatalf("strength metrics %+v: %v", mt, err)
				}
				return mt.Strength.VolumeKg
			}
		}
		t.Fatal("no strength session")
		return 0
	}
	current := func(t *testing.T, db *store.DB) {
		t.Helper()
		set := analysis.DefaultSettings()
		st, err := db.MetricsStatus(ctx, analysis.MetricsVersion, set.SampleParams(), set.Fingerprint())
		if err != nil || !st.Current() {
			t.Errorf("metrics status %+v (%v), want current", st, err)
		}
	}

	want := openDB(t)
	importIn(t, &app.App{DB: want}, "flag lb", all...)
	wantDump, wantVolume := dumpSessions(t, want), volume(t, want)
	kgDB := openDB(t)
	importIn(t, &app.App{DB: kgDB}, "", all...)
	kgVolume := volume(t, kgDB)
	// Strong's 60, 100, 110 and 80 kg (1,750 kg) read in lb.
	if d := kgVolume - wantVolume; d < 1750*(1-0.45359237)-1 || d > 1750*(1-0.45359237)+1 {
		t.Errorf("volume %v kg in kg, %v in lb", kgVolume, wantVolume)
	}

	for _, tt := range []struct {
		name  string
		first []string
		how   string
	}{
		{"everything in kg, then in lb by the flag", all, "flag lb"},
		{"everything in kg, then in lb by the setting", all, "setting lb"},
		{"Strong's file in kg, then everything in lb", []string{strong}, "flag lb"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			a := &app.App{DB: db}
			importIn(t, a, "", tt.first...)
			sum := importIn(t, a, tt.how, all...)
			wantReread := []importers.FileReread{{Path: strong, WeightUnit: "lb", Was: "kg"}}
			if d := cmp.Diff(wantReread, sum.Reread); d != "" {
				t.Errorf("re-read (-want +got):\n%s", d)
			}
			if d := cmp.Diff(wantDump, dumpSessions(t, db)); d != "" {
				t.Errorf("sessions differ from an import in lb (-lb +here):\n%s", d)
			}
			if got := volume(t, db); got != wantVolume {
				t.Errorf("volume %v kg, want %v", got, wantVolume)
			}
			current(t, db)
			again := importIn(t, a, tt.how, all...)
			if len(again.Reread) != 0 || again.Duplicates != len(all) {
				t.Errorf("once more: %d re-read, %d duplicates of %d", len(again.Reread), again.Duplicates, len(all))
			}
		})
	}
}
