package importers_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// TestDecodeLiftCSVLayouts writes the same workouts in every layout the
// lifting apps have exported in (internal/synth reproduces each real
// variant: Strong's comma exports of 12, 11 and 10 columns, its 2016 and
// 2018 unit-named columns, its ';' exports with unit columns, its quoted
// "Workout #" export; Hevy; FitNotes with and without Comment, with
// "Weight Unit" and unquoted commas, FitNotes 2), for a kilograms and a
// pounds account, and checks that each decodes to the same workouts, sets
// and kilograms, and that cardio rows become sessions of their sport.
func TestDecodeLiftCSVLayouts(t *testing.T) {
	zone := liftLondon(t)
	for _, layout := range synth.LiftLayouts {
		for _, unit := range []string{"kg", "lb"} {
			t.Run(string(layout)+"/"+unit, func(t *testing.T) {
				workouts := synth.LiftSample(unit, zone)
				var buf bytes.Buffer
				if err := synth.WriteLiftCSV(&buf, layout, unit, zone, workouts); err != nil {
					t.Fatal(err)
				}
				res, err := importers.DecodeLiftCSV(bytes.NewReader(buf.Bytes()), importers.WithLocation(zone),
					importers.WithWeightUnit(unit, "the test's account"))
				if err != nil {
					t.Fatalf("%v\n%s", err, buf.String())
				}
				if res.Status != model.StatusOK {
					t.Errorf("status %s: %s", res.Status, res.Damage)
				}
				want := synth.Expect(workouts, unit)
				var strength, cardio []model.Session
				for _, s := range res.Sessions {
					if !s.Logged || !s.WallClock {
						t.Errorf("session %q: logged %v wall clock %v", s.Name, s.Logged, s.WallClock)
					}
					if s.Sport == model.Strength {
						strength = append(strength, s)
					} else {
						cardio = append(cardio, s)
					}
				}
				if len(strength) != len(want.Strength) {
					t.Fatalf("%d strength sessions, want %d\n%s", len(strength), len(want.Strength), buf.String())
				}
				for i, w := range want.Strength {
					s := strength[i]
					if fitnotes := strings.HasPrefix(string(layout), "fitnotes"); (s.Name != w.Name && !fitnotes) || len(s.Sets) != len(w.Sets) {
						t.Fatalf("session %d: %q with %d sets, want %q with %d\n%s", i, s.Name, len(s.Sets), w.Name, len(w.Sets), buf.String())
					}
					for j, ws := range w.Sets {
						g := s.Sets[j]
						if g.Exercise != ws.Exercise || g.Reps != ws.Reps || !testutil.Near(g.WeightKg, ws.Kg, 1e-6) || !testutil.Near(g.DurationS, ws.Seconds, 1e-9) {
							t.Errorf("session %d set %d: %q %d reps %v kg %v s, want %q %d %v %v", i, j, g.Exercise, g.Reps, g.WeightKg, g.DurationS,
								ws.Exercise, ws.Reps, ws.Kg, ws.Seconds)
						}
					}
				}
				if len(cardio) != len(want.Cardio) {
					t.Fatalf("%d cardio sessions, want %d", len(cardio), len(want.Cardio))
				}
				for i, w := range want.Cardio {
					c := cardio[i]
					if c.Name != w.Exercise || c.Sport != w.Sport || !testutil.Near(c.DistanceM, w.DistanceM, 1) || !testutil.Near(c.ElapsedS, w.Seconds, 1e-9) {
						t.Errorf("cardio %d: %q %s %v m %v s, want %q %s %v m %v s", i, c.Name, c.Sport, c.DistanceM, c.ElapsedS,
							w.Exercise, w.Sport, w.DistanceM, w.Seconds)
					}
				}
				// The first workout's session keeps the workout's and the
				// exercise's notes where the layout has them.
				hasNotes := !strings.Contains(string(layout), "comma_10") && !strings.Contains(string(layout), "no_comment") && layout != synth.FitNotesUnit
				if n := strength[0].Notes; hasNotes != strings.Contains(n, "belt on, felt it") {
					t.Errorf("notes %q", n)
				}
				// The unit: the quoted layout says kg whatever the account.
				wantUnit := unit
				if layout == synth.StrongQuoted || layout == synth.StrongQuotedRPELast {
					wantUnit = "kg"
				}
				if res.WeightUnit != wantUnit {
					t.Errorf("weight unit %q from %q, want %q", res.WeightUnit, res.WeightUnitFrom, wantUnit)
				}
				// A start is the local wall clock in the zone.
				if got, want := strength[0].Start, workouts[0].Start.UTC(); layout[:3] != "fit" && !got.Equal(want) {
					t.Errorf("start %v, want %v", got, want)
				}
			})
		}
	}
}
