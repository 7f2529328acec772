package importers_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

// liftApprox compares floats to a micro-unit and treats NaN as equal to NaN.
var liftApprox = cmp.Options{cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateNaNs()}

// liftLondon is the zone of the tests: it crosses into summer time on
// 2024-03-31 at 01:00 UTC and back on 2024-10-27 at 01:00 UTC.
func liftLondon(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	return loc
}

// liftSession builds an expected strength session.
func liftSession(device, name string, start time.Time, offset int, elapsed float64, sets ...model.StrengthSet) model.Session {
	s := model.NewSession(model.Strength, start)
	s.SubSport = "strength_training"
	s.OffsetS, s.OffsetOrigin = offset, model.OffsetZone
	s.WallClock, s.Logged = true, true
	s.ElapsedS, s.Device, s.Name = elapsed, device, name
	for i := range sets {
		sets[i].Start = s.Start
	}
	s.Sets = sets
	return s
}

// withNotes returns s with its notes set.
func withNotes(s model.Session, notes string) model.Session {
	s.Notes = notes
	return s
}

// liftSet builds an expected set (Start is filled by liftSession).
func liftSet(exercise, category string, reps int, kg, dur float64) model.StrengthSet {
	return model.StrengthSet{Exercise: exercise, Category: category, Reps: reps, WeightKg: kg, DurationS: dur}
}

// liftOpen reads a testdata file.
func liftOpen(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeLiftCSV(t *testing.T) {
	london := liftLondon(t)
	utc := func(s string) time.Time {
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	miss := model.Missing
	tests := []struct {
		file     string
		want     []model.Session
		warnings []string
	}{
		{
			file: "strong.csv",
			want: []model.Session{
				withNotes(liftSession("Strong", "Pull Day", utc("2024-03-30 18:12:44"), 0, 3900,
					liftSet("Deadlift (Barbell)", "deadlift", 5, 60, miss), // warm-up: still a lift
					liftSet("Deadlift (Barbell)", "deadlift", 5, 140, miss),
					liftSet("Romanian Deadlift (Barbell)", "deadlift", 8, 100, miss), // drop set
					liftSet("Pull Up", "pull_up", 10, miss, miss),                    // failure set, bodyweight
				), "Deadlift (Barbell): Felt good, belt on\nsecond line of the note"),
				// 07:05 the morning the clocks went forward: BST, 06:05 UTC.
				withNotes(liftSession("Strong", `Legs, "heavy"`, utc("2024-03-31 06:05:00"), 3600, 2700,
					liftSet("Squat (Barbell)", "squat", 5, 100, miss),
					liftSet("Plank", "plank", model.NoReps, miss, 60),
				), "Workout\nnote with \"quotes\""),
				// The morning the clocks went back: GMT again.
				liftSession("Strong", "Evening, long", utc("2024-10-27 09:30:00"), 0, miss,
					liftSet("Good Morning", "leg_curl", 10, 40, miss),
				),
			},
			warnings: []string{"line 12: workout lasting 145.4 h (a timer left running?): duration left unknown"},
		},
		{
			file: "strong_old_lbs.csv",
			want: []model.Session{
				withNotes(liftSession("Strong", "Leg", utc("2019-01-11 12:31:54"), 0, 3720,
					liftSet("Deadlift (Barbell)", "deadlift", 5, 225*0.45359237, miss),
					liftSet("Deadlift (Barbell)", "deadlift", 5, 100, miss),
					liftSet("Good Morning", "leg_curl", 8, 95.5*0.45359237, miss), // "95,5": decimal comma
				), "Good Morning: note; with a semicolon"),
				liftSession("Strong", "Glutes", utc("2019-07-01 07:00:00"), 3600, miss,
					liftSet("Hip Thrust", "hip_raise", 10, 135*0.45359237, miss),
				),
			},
		},
		{
			file: "hevy.csv",
			want: []model.Session{
				withNotes(liftSession("Hevy", "Lower", utc("2024-07-03 06:00:00"), 3600, 55*60,
					liftSet("Hip Thrust (Barbell)", "hip_raise", 10, 100, miss),
				), "two\nlines"),
				withNotes(liftSession("Hevy", "Upper A", utc("2024-03-05 18:12:00"), 0, 68*60,
					liftSet("Bench Press (Barbell)", "bench_press", 10, 40, miss),
					liftSet("Bench Press (Barbell)", "bench_press", 5, 80.5, miss),
					liftSet("Trap Bar Deadlift", "deadlift", 3, 150, miss),
					liftSet("Trap Bar Deadlift", "deadlift", 6, 120, miss),
					liftSet("Plank", "plank", model.NoReps, miss, 45),
				), `Trap Bar Deadlift: grip, then "back"`),
			},
		},
		{
			file: "hevy_lbs.csv",
			want: []model.Session{
				liftSession("Hevy", "Pull", utc("2024-03-05 18:12:00"), 0, 48*60,
					liftSet("Romanian Deadlift (Barbell)", "deadlift", 8, 102.05828325, miss),
					liftSet("Chin Up", "pull_up", 8, miss, miss),
				),
			},
		},
		{
			file: "fitnotes.csv",
			want: func() []model.Session {
				a := withNotes(liftSession("FitNotes", "", utc("2024-03-30 18:00:00"), 0, miss,
					liftSet("Deadlift", "deadlift", 5, 120, miss),
					liftSet("Deadlift", "deadlift", 5, 120, miss),
				), "Deadlift: comment, with a comma")
				// 18:00 on the first day of summer time is 17:00 UTC.
				b := liftSession("FitNotes", "", utc("2024-03-31 17:00:00"), 3600, miss,
					liftSet("Plank", "plank", model.NoReps, miss, 90),
					liftSet("Barbell Squat", "squat", 5, 100, miss),
				)
				a.TimeAssumed, b.TimeAssumed = true, true
				return []model.Session{a, b}
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			res, err := importers.DecodeLiftCSV(bytes.NewReader(liftOpen(t, filepath.Join("liftcsv", tt.file))),
				importers.WithLocation(london))
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != model.FormatCSV || res.Status != model.StatusOK {
				t.Errorf("format %q status %q, want csv ok", res.Format, res.Status)
			}
			if diff := cmp.Diff(tt.want, res.Sessions, liftApprox); diff != "" {
				t.Errorf("sessions (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.warnings, res.Warnings, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeLiftCSVBroken(t *testing.T) {
	res, err := importers.DecodeLiftCSV(bytes.NewReader(liftOpen(t, "liftcsv/broken.csv")), importers.WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != model.StatusPartial {
		t.Errorf("status %q, want partial", res.Status)
	}
	wantDamage := `skipped 4 rows of 6 that could not be read (first: line 3: date "yesterday" is not a date the app writes); kept 2 sets`
	if res.Damage != wantDamage {
		t.Errorf("damage %q\nwant   %q", res.Damage, wantDamage)
	}
	wantWarn := []string{
		`line 3: date "yesterday" is not a date the app writes`,
		`line 4: weight "heavy" is not a number`,
		`line 5: reps "lots" is not a count`,
		`line 6: unreadable CSV row: bare " in non-quoted-field`,
	}
	if diff := cmp.Diff(wantWarn, res.Warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if len(res.Sessions) != 1 || len(res.Sessions[0].Sets) != 2 {
		t.Fatalf("got %d sessions, want 1 with 2 sets: %+v", len(res.Sessions), res.Sessions)
	}
	if got := res.Sessions[0].Sets[1].Exercise; got != "Squat (Barbell)" {
		t.Errorf("the row after the CSV syntax error: got %q, want Squat (Barbell)", got)
	}
}

func TestDecodeLiftCSVInline(t *testing.T) {
	const strongHeader = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
	tests := []struct {
		name string
		in   string
		opts []importers.Option
		// check inspects a successful result; err, when set, is the error
		// text the decoder must return instead.
		check func(t *testing.T, res *importers.Result)
		err   string
		skip  bool
	}{
		{
			name: "not a lifting CSV",
			in:   "a,b,c\n1,2,3\n",
			err:  "not a lifting-app CSV (header: a,b,c); backtrack reads the CSV exports of Strong, Hevy and FitNotes (see 'backtrack import --help')",
		},
		{
			name: "empty file",
			in:   "",
			err:  "not a lifting-app CSV (empty file)",
		},
		{
			name: "header only",
			in:   strongHeader,
			skip: true,
		},
		{
			name: "rest timers only",
			in:   strongHeader + "2024-01-01 10:00:00,A,1h,Squat,Rest Timer,0,0,0,90,,,\n",
			skip: true,
		},
		{
			name: "no row readable",
			in:   strongHeader + "x,A,1h,Squat,1,100,5,0,0,,,\n2024-01-01 10:00:00,A,1h,Squat,1,?,5,0,0,,,\n",
			err:  `Strong CSV: no row could be read (2 bad rows of 2 rows): line 2: date "x" is not a date the app writes; line 3: weight "?" is not a number`,
		},
		{
			name: "byte-order mark, CRLF, 24-hour time without seconds",
			in:   "\ufeff" + strings.ReplaceAll(strongHeader+"2024-01-01 10:00,A,50s,Deadlift,1,100,5,0,0,,,\n", "\n", "\r\n"),
			check: func(t *testing.T, res *importers.Result) {
				s := res.Sessions[0]
				if want := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC); !s.Start.Equal(want) || s.ElapsedS != 50 {
					t.Errorf("start %v elapsed %v, want %v and 50", s.Start, s.ElapsedS, want)
				}
			},
		},
		{
			name: "zero and negative weights are missing, empty reps are NoReps",
			in:   strongHeader + "2024-01-01 10:00:00,A,1h,Pull Up (Assisted),1,-20,,0,0,,,\n2024-01-01 10:00:00,A,1h,Dips,1,0,12,0,0,,,\n",
			check: func(t *testing.T, res *importers.Result) {
				sets := res.Sessions[0].Sets
				if model.Known(sets[0].WeightKg) || model.Known(sets[1].WeightKg) || sets[0].Reps != model.NoReps || sets[1].Reps != 12 {
					t.Errorf("sets %+v", sets)
				}
			},
		},
		{
			name: "lowercase pm and a no-break space",
			in:   strongHeader + "2024-06-01 6:05:00\u00a0pm,A,1h,Deadlift,1,100,5,0,0,,,\n",
			check: func(t *testing.T, res *importers.Result) {
				if want := time.Date(2024, 6, 1, 18, 5, 0, 0, time.UTC); !res.Sessions[0].Start.Equal(want) {
					t.Errorf("start %v, want %v", res.Sessions[0].Start, want)
				}
			},
		},
		{
			name: "unknown weight unit",
			in:   "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n2019-01-01 10:00:00;A;Deadlift;1;100;stone;5\n2019-01-01 10:00:00;A;Deadlift;2;100;kg;5\n",
			check: func(t *testing.T, res *importers.Result) {
				if len(res.Sessions[0].Sets) != 1 || res.Warnings[0] != `line 2: weight unit "stone" is neither kg nor lbs` {
					t.Errorf("sets %+v warnings %q", res.Sessions[0].Sets, res.Warnings)
				}
			},
		},
		{
			name: "FitNotes in pounds, default time of day 07:30",
			in:   "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time,Comment\n2024-07-01,Sumo Deadlift,Back,315.0,3,,,,\n",
			opts: []importers.Option{importers.WithDefaultTimeOfDay(7*time.Hour + 30*time.Minute)},
			check: func(t *testing.T, res *importers.Result) {
				s := res.Sessions[0]
				if want := time.Date(2024, 7, 1, 7, 30, 0, 0, time.UTC); !s.Start.Equal(want) || !s.TimeAssumed {
					t.Errorf("start %v assumed %v, want %v true", s.Start, s.TimeAssumed, want)
				}
				if got, want := s.Sets[0].WeightKg, 315*0.45359237; math.Abs(got-want) > 1e-9 {
					t.Errorf("weight %v kg, want %v", got, want)
				}
			},
		},
		{
			name: "Hevy with RFC 3339 times",
			in:   "title,start_time,end_time,exercise_title,set_type,weight_kg,reps\nA,2024-03-05T18:12:00+05:30,2024-03-05T19:12:00+05:30,Deadlift,normal,100,5\nB,2024-03-06T18:12:00Z,,Deadlift,normal,100,5\n",
			check: func(t *testing.T, res *importers.Result) {
				a, b := res.Sessions[0], res.Sessions[1]
				if a.OffsetS != 19800 || a.OffsetOrigin != model.OffsetDevice || a.ElapsedS != 3600 ||
					!a.Start.Equal(time.Date(2024, 3, 5, 12, 42, 0, 0, time.UTC)) {
					t.Errorf("A: %v %d %s %v", a.Start, a.OffsetS, a.OffsetOrigin, a.ElapsedS)
				}
				if b.OffsetS != 0 || b.OffsetOrigin != model.OffsetZone || model.Known(b.ElapsedS) {
					t.Errorf("B: %v %d %s %v", b.Start, b.OffsetS, b.OffsetOrigin, b.ElapsedS)
				}
			},
		},
		{
			name: "Hevy end before start",
			in:   "title,start_time,end_time,exercise_title,set_type,weight_kg,reps\nA,5 Mar 2024 18:12,5 Mar 2024 17:12,Deadlift,normal,100,5\n",
			check: func(t *testing.T, res *importers.Result) {
				if model.Known(res.Sessions[0].ElapsedS) || len(res.Warnings) != 1 ||
					res.Warnings[0] != `line 2: end_time "5 Mar 2024 17:12" is before start_time: duration left unknown` {
					t.Errorf("elapsed %v warnings %q", res.Sessions[0].ElapsedS, res.Warnings)
				}
			},
		},
		{
			name: "a year no workout has",
			in:   strongHeader + "1066-10-14 10:00:00,A,1h,Deadlift,1,100,5,0,0,,,\n2024-01-01 10:00:00,A,1h,Deadlift,1,100,5,0,0,,,\n",
			check: func(t *testing.T, res *importers.Result) {
				if len(res.Sessions) != 1 || res.Warnings[0] != `line 2: date "1066-10-14 10:00:00" is out of range` {
					t.Errorf("sessions %d warnings %q", len(res.Sessions), res.Warnings)
				}
			},
		},
		{
			name: "a line longer than any export",
			in:   strongHeader + "2024-01-01 10:00:00,A,1h,Deadlift,1,100,5,0,0,\"" + strings.Repeat("x", 2<<20) + "\",,\n",
			err:  "read lifting csv: a line longer than 1 MiB: not an app's CSV export",
		},
		{
			name: "a Strong 2018 line wrapped whole in quotes",
			in: "Date;Workout Name;Exercise Name;Set Order;lbs;Reps;mi.;Seconds;Notes;Workout Notes\n" +
				"\"2018-06-27 16:26:53;\"\"B\"\";\"\"Squat\"\";1;15;5;;0;\"\"\"\";\"\"\"\"\"\n",
			check: func(t *testing.T, res *importers.Result) {
				s := res.Sessions[0]
				if s.Name != "B" || len(s.Sets) != 1 || s.Sets[0].Exercise != "Squat" || math.Abs(s.Sets[0].WeightKg-15*0.45359237) > 1e-9 {
					t.Errorf("session %+v", s)
				}
				if res.WeightUnit != "lb" || res.WeightUnitFrom != "the export's lbs column" {
					t.Errorf("unit %q from %q", res.WeightUnit, res.WeightUnitFrom)
				}
			},
		},
		{
			name: "Strong's Note rows are notes, blank sets are nothing",
			in: `"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"` + "\n" +
				`"2";"2025-02-25 14:50:54";"Back";"763";"Lat Pulldown (Machine)";"Note";"";"";"";"";"";"Straight Arm Pulldown";""` + "\n" +
				`"2";"2025-02-25 14:50:54";"Back";"763";"Lat Pulldown (Machine)";"1";"50.0";"10";"";"";"";"";""` + "\n" +
				`"2";"2025-02-25 14:50:54";"Back";"763";"Leg Press";"4";"";"";"";"";"";"";""` + "\n",
			check: func(t *testing.T, res *importers.Result) {
				s := res.Sessions[0]
				if len(s.Sets) != 1 || s.Notes != "Lat Pulldown (Machine): Straight Arm Pulldown" || s.ElapsedS != 763 {
					t.Errorf("sets %+v notes %q elapsed %v", s.Sets, s.Notes, s.ElapsedS)
				}
			},
		},
		{
			name: "pounds tails in an export read as kg draw a warning",
			in:   strongHeader + "2024-01-01 10:00:00,A,1h,Deadlift,1,149.99999999999997,5,0,0,,,\n",
			check: func(t *testing.T, res *importers.Result) {
				if res.WeightUnit != "kg" || !strings.HasPrefix(res.WeightUnitFrom, "the default") || len(res.Warnings) != 1 ||
					!strings.Contains(res.Warnings[0], "1 weight read as kg (such as 149.99999999999997) carry the float tails") {
					t.Errorf("unit %q from %q, warnings %q", res.WeightUnit, res.WeightUnitFrom, res.Warnings)
				}
			},
		},
		{
			name: "kilograms of round pounds in an export read as lb draw a warning",
			in:   strongHeader + "2019-02-14 07:33:40,A,1h,Bent Over Row (Barbell),1,6.80388555,5,0,0,,,\n",
			opts: []importers.Option{importers.WithWeightUnit("lb", "--weight-unit")},
			check: func(t *testing.T, res *importers.Result) {
				if res.WeightUnit != "lb" || res.WeightUnitFrom != "--weight-unit" || len(res.Warnings) != 1 ||
					!strings.Contains(res.Warnings[0], "are kilograms of round pounds") {
					t.Errorf("unit %q from %q, warnings %q", res.WeightUnit, res.WeightUnitFrom, res.Warnings)
				}
			},
		},
		{
			name: "kg and lbs per row",
			in: "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n2019-01-01 10:00:00;A;Deadlift;1;35.27;lbs;5\n" +
				"2019-01-01 10:00:00;A;Deadlift;2;16;kg;5\n2019-01-01 10:00:00;A;Pull Up (Band);1;;;10\n",
			check: func(t *testing.T, res *importers.Result) {
				sets := res.Sessions[0].Sets
				if res.WeightUnit != "kg and lb" || len(sets) != 3 || math.Abs(sets[0].WeightKg-16) > 0.01 || sets[1].WeightKg != 16 || model.Known(sets[2].WeightKg) {
					t.Errorf("unit %q sets %+v", res.WeightUnit, sets)
				}
			},
		},
		{
			name: "FitNotes metres too short for their time are the long unit",
			in: "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time\n2017-10-12,Elliptical,Cardio,,,3.37,m,0:32:32\n" +
				"2017-10-12,Burpees - Easy,Cardio,0.0,15,,,\n2017-10-12,Low Plank,Abs,,,0.0,m,0:00:45\n",
			check: func(t *testing.T, res *importers.Result) {
				if len(res.Sessions) != 2 {
					t.Fatalf("%d sessions", len(res.Sessions))
				}
				lift, card := res.Sessions[1], res.Sessions[0]
				if card.Sport != model.Other || card.SubSport != "elliptical" || math.Abs(card.DistanceM-3.37*1609.344) > 1e-6 || card.ElapsedS != 1952 {
					t.Errorf("cardio %+v", card)
				}
				if len(lift.Sets) != 2 || lift.Sets[0].Reps != 15 || lift.Sets[1].DurationS != 45 {
					t.Errorf("sets %+v", lift.Sets)
				}
			},
		},
		{
			name: "FitNotes Cardio category: a name we do not know, timed, is cardio; with reps, a set",
			in: "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time\n2017-10-12,Park Loop,Cardio,,,,,0:25:00\n" +
				"2017-10-12,Battle Ropes,Cardio,,,,,0:00:30\n2017-10-12,Burpees,Cardio,,12,,,\n2017-10-12,Sled Drag,Legs,,,,,0:02:00\n",
			check: func(t *testing.T, res *importers.Result) {
				if len(res.Sessions) != 2 {
					t.Fatalf("%d sessions: %+v", len(res.Sessions), res.Sessions)
				}
				card, lift := res.Sessions[0], res.Sessions[1]
				if card.Sport != model.Other || card.ElapsedS != 1500 || len(card.Sets) != 0 {
					t.Errorf("cardio %+v, want 25 minutes of sport other", card)
				}
				if lift.Sport != model.Strength || len(lift.Sets) != 2 || lift.Sets[0].Exercise != "Burpees" || lift.Sets[0].Reps != 12 ||
					lift.Sets[1].Exercise != "Sled Drag" || lift.Sets[1].DurationS != 120 {
					t.Errorf("sets %+v, want the burpees and the sled drag outside the Cardio category", lift.Sets)
				}
				if len(res.Warnings) != 2 || !strings.Contains(res.Warnings[0], "1 cardio row (Park Loop)") ||
					!strings.Contains(res.Warnings[1], "skipped 1 row") || !strings.Contains(res.Warnings[1], "Battle Ropes ×1") {
					t.Errorf("warnings %q, want the park loop as cardio and the half minute of battle ropes skipped (cardio with neither a distance nor a minute)", res.Warnings)
				}
			},
		},
		{
			name: "Hevy: a run, the same exercise twice apart, a short warm-up",
			in: "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_lbs,reps,distance_miles,duration_seconds,rpe\n" +
				"A,\"28 May 2024, 07:32\",\"28 May 2024, 08:27\",,Running,,,0,normal,,,,240,\n" +
				"A,\"28 May 2024, 07:32\",\"28 May 2024, 08:27\",,Squat (Barbell),,,0,normal,135,5,,,\n" +
				"A,\"28 May 2024, 07:32\",\"28 May 2024, 08:27\",,Running,,,0,normal,,,2.09,1255,\n" +
				"A,\"28 May 2024, 07:32\",\"28 May 2024, 08:27\",,Warm Up,,,0,normal,,0,,300,\n" +
				"A,\"28 May 2024, 07:32\",\"28 May 2024, 08:27\",,Treadmill,,,0,normal,,,,30,\n",
			check: func(t *testing.T, res *importers.Result) {
				if len(res.Sessions) != 3 {
					t.Fatalf("%d sessions: %+v", len(res.Sessions), res.Sessions)
				}
				a, lift, b := res.Sessions[0], res.Sessions[1], res.Sessions[2]
				if a.Sport != model.Running || a.ElapsedS != 240 || model.Known(a.DistanceM) ||
					b.Sport != model.Running || math.Abs(b.DistanceM-2.09*1609.344) > 1e-6 || lift.Sport != model.Strength || len(lift.Sets) != 1 {
					t.Errorf("sessions %+v", res.Sessions)
				}
			},
		},
		{
			name: "NaN is not a weight",
			in:   strongHeader + "2024-01-01 10:00:00,A,1h,Deadlift,1,NaN,5,0,0,,,\n2024-01-01 10:00:00,A,1h,Deadlift,1,100,5,0,0,,,\n",
			check: func(t *testing.T, res *importers.Result) {
				if len(res.Sessions[0].Sets) != 1 || res.Warnings[0] != `line 2: weight "NaN" is not a number` {
					t.Errorf("sets %d warnings %q", len(res.Sessions[0].Sets), res.Warnings)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]importers.Option{importers.WithLocation(time.UTC)}, tt.opts...)
			res, err := importers.DecodeLiftCSV(strings.NewReader(tt.in), opts...)
			switch {
			case tt.skip:
				if _, ok := importers.IsSkip(err); !ok || res != nil {
					t.Fatalf("got %v, %v; want a skip", res, err)
				}
			case tt.err != "":
				if err == nil || err.Error() != tt.err || res != nil {
					t.Fatalf("got error %v\nwant %s", err, tt.err)
				}
				if _, ok := importers.IsSkip(err); ok {
					t.Errorf("%v is a skip, want a failure", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, res)
			}
		})
	}
}

// TestDecodeLiftCSVUnitOrigin checks where each layout's weight unit is
// said to come from, for the store: the file (a per-row unit column, the
// header) or an assumption (the flag, the setting, the default kg), the
// assumed unit winning over the file's when some weights took it.
func TestDecodeLiftCSVUnitOrigin(t *testing.T) {
	const plain = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n" +
		"2024-01-01 10:00:00,A,1h,Deadlift,1,100,5,0,0,,,\n"
	const perRow = "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps\n" +
		"2019-01-01 10:00:00;A;Deadlift;1;100;lbs;5\n"
	const mixed = perRow + "2019-01-01 10:00:00;A;Deadlift;2;100;;5\n"
	const header = "Date,Workout Name,Exercise Name,Set Order,kg,Reps,km,Seconds,Notes\n" +
		"2016-05-01 10:00:00,A,Deadlift,1,100,5,,,\n"
	const bodyWeight = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n" +
		"2024-01-01 10:00:00,A,1h,Pull Up,1,0,5,0,0,,,\n"
	tests := []struct {
		name         string
		in           string
		opts         []importers.Option
		unit         string
		origin       model.UnitOrigin
		assumed      string
		firstWeightK float64
	}{
		{"plain Weight, the default", plain, nil, "kg", model.UnitDefault, "kg", 100},
		{"plain Weight, the flag", plain, []importers.Option{importers.WithWeightUnit("lb", "--weight-unit lb")},
			"lb", model.UnitFlag, "lb", 45.359237},
		{"plain Weight, the setting", plain, []importers.Option{importers.WithWeightUnit("lb", "the setting"),
			importers.WithWeightUnitOrigin(model.UnitSetting)}, "lb", model.UnitSetting, "lb", 45.359237},
		{"a per-row unit column", perRow, []importers.Option{importers.WithWeightUnit("kg", "--weight-unit kg")},
			"lb", model.UnitColumn, "", 45.359237},
		{"a unit column with an empty row", mixed, []importers.Option{importers.WithWeightUnit("kg", "--weight-unit kg")},
			"kg and lb", model.UnitFlag, "kg", 45.359237},
		{"the header", header, []importers.Option{importers.WithWeightUnit("lb", "--weight-unit lb")},
			"kg", model.UnitHeader, "", 100},
		{"no weight at all", bodyWeight, nil, "", "", "", math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importers.DecodeLiftCSV(strings.NewReader(tt.in), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if res.WeightUnit != tt.unit || res.WeightUnitOrigin != tt.origin || res.AssumedWeightUnit != tt.assumed {
				t.Errorf("unit %q origin %q assumed %q, want %q %q %q", res.WeightUnit, res.WeightUnitOrigin,
					res.AssumedWeightUnit, tt.unit, tt.origin, tt.assumed)
			}
			if got := res.Sessions[0].Sets[0].WeightKg; !cmp.Equal(got, tt.firstWeightK, liftApprox) {
				t.Errorf("first weight %v kg, want %v", got, tt.firstWeightK)
			}
		})
	}
}

// TestDecodeLiftCSVDistanceUnitAssumed: a Strong export with no weights
// whose distances say no unit reads them in the assumed unit's system (km
// with kg, miles with lb), and says the unit was assumed, so that an
// import under the other unit reads it again.
func TestDecodeLiftCSVDistanceUnitAssumed(t *testing.T) {
	const in = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n" +
		"2024-01-01 10:00:00,Run,30m,Running,1,0,0,5,1800,,,\n"
	for _, tt := range []struct {
		unit   string
		origin model.UnitOrigin
		distM  float64
	}{{"", model.UnitDefault, 5000}, {"lb", model.UnitFlag, 5 * 1609.344}} {
		res, err := importers.DecodeLiftCSV(strings.NewReader(in), importers.WithWeightUnit(tt.unit, "--weight-unit"))
		if err != nil {
			t.Fatal(err)
		}
		want := tt.unit
		if want == "" {
			want = "kg"
		}
		if res.WeightUnit != "" || res.WeightUnitOrigin != tt.origin || res.AssumedWeightUnit != want ||
			len(res.Sessions) != 1 || res.Sessions[0].DistanceM != tt.distM {
			t.Errorf("in %q: unit %q origin %q assumed %q, %d sessions %+v", tt.unit, res.WeightUnit, res.WeightUnitOrigin,
				res.AssumedWeightUnit, len(res.Sessions), res.Sessions)
		}
	}
}

func TestDecodeLiftCSVWarningCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n")
	b.WriteString("2024-01-01 10:00:00,A,1h,Deadlift,1,100,5,0,0,,,\n")
	for range 500 {
		b.WriteString("2024-01-01 10:00:00,A,1h,Deadlift,1,x,5,0,0,,,\n")
	}
	res, err := importers.DecodeLiftCSV(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 51 || res.Warnings[50] != "450 more warnings not listed" {
		t.Errorf("%d warnings, last %q", len(res.Warnings), res.Warnings[len(res.Warnings)-1])
	}
}

func TestLiftDialectOf(t *testing.T) {
	tests := []struct {
		header string
		want   importers.LiftDialect
		ok     bool
	}{
		{"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE", importers.LiftStrong, true},
		{"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes", importers.LiftStrongOld, true},
		{"Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,Distance Unit,Seconds,Notes,Workout Notes,Workout Duration", importers.LiftStrongOld, true},
		{"title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe", importers.LiftHevy, true},
		{"title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_lbs,reps,distance_miles,duration_seconds,rpe", importers.LiftHevyImperial, true},
		{"Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment", importers.LiftFitNotes, true},
		{"Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time,Comment", importers.LiftFitNotes, true},
		{" DATE , workout name ,Exercise Name,Weight,Reps", importers.LiftStrong, true},
		{"Activity ID,Activity Date,Activity Name,Activity Type,Filename", 0, false},
		{"Date,Exercise,Reps", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			rec, err := csv.NewReader(strings.NewReader(tt.header + "\n")).Read()
			if err != nil && !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			got, ok := importers.LiftDialectOf(rec)
			if got != tt.want || ok != tt.ok {
				t.Errorf("LiftDialectOf = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	names := map[importers.LiftDialect]string{
		importers.LiftStrong: "strong", importers.LiftStrongOld: "strong_old", importers.LiftHevy: "hevy",
		importers.LiftHevyImperial: "hevy_imperial", importers.LiftFitNotes: "fitnotes", 0: "LiftDialect(0)",
	}
	for d, want := range names {
		if d.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(d), d.String(), want)
		}
	}
}

// TestDecodeLiftCSVLarge checks that a long history streams: 200,000 rows
// decode into 2,000 sessions in bounded time and memory.
func TestDecodeLiftCSVLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	r := &liftRows{sessions: 2000, perSession: 100}
	start := time.Now()
	res, err := importers.DecodeLiftCSV(r, importers.WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 2000 || len(res.Sessions[1999].Sets) != 100 {
		t.Fatalf("%d sessions", len(res.Sessions))
	}
	t.Logf("%d bytes in %v (%.0f MB/s)", r.n, time.Since(start), float64(r.n)/time.Since(start).Seconds()/1e6)
}

// liftRows generates a Strong export on the fly.
type liftRows struct {
	sessions, perSession int
	i                    int
	buf                  bytes.Buffer
	n                    int64
}

func (r *liftRows) Read(p []byte) (int, error) {
	for r.buf.Len() < len(p) {
		if r.i == 0 {
			r.buf.WriteString("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n")
		}
		if r.i >= r.sessions*r.perSession {
			break
		}
		day := time.Date(2015, 1, 1, 18, 0, 0, 0, time.UTC).AddDate(0, 0, r.i/r.perSession)
		fmt.Fprintf(&r.buf, "%s,\"Day %d\",1h 5m,\"Deadlift (Barbell)\",%d,%.1f,5,0,0,\"a note, with a comma\",,8\n",
			day.Format("2006-01-02 3:04:05 PM"), r.i/r.perSession, r.i%r.perSession+1, 100+float64(r.i%7)*2.5)
		r.i++
	}
	if r.buf.Len() == 0 {
		return 0, io.EOF
	}
	n, _ := r.buf.Read(p)
	r.n += int64(n)
	return n, nil
}

// FuzzDecodeLiftCSV feeds arbitrary text to the lifting-CSV decoder: it must
// never panic, and what it returns must hold together.
func FuzzDecodeLiftCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "liftcsv", "*.csv"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Date,Exercise,Category,Weight (kgs),Reps\n2024-01-01,Deadlift,Back,100,5\n"))
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		loc = time.UTC
	}
	// Every layout the apps have exported (internal/synth), in both units.
	for _, layout := range synth.LiftLayouts {
		for _, unit := range []string{"kg", "lb"} {
			var b bytes.Buffer
			if err := synth.WriteLiftCSV(&b, layout, unit, loc, synth.LiftSample(unit, loc)); err != nil {
				f.Fatal(err)
			}
			f.Add(b.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := importers.DecodeLiftCSV(bytes.NewReader(data), importers.WithLocation(loc))
		if err != nil {
			if res != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		if len(res.Sessions) == 0 {
			t.Fatal("a result without sessions")
		}
		if (res.Status == model.StatusPartial) != (res.Damage != "") {
			t.Fatalf("status %q with damage %q", res.Status, res.Damage)
		}
		for _, s := range res.Sessions {
			if s.Start.Location() != time.UTC || !s.Logged {
				t.Fatalf("session %+v", s)
			}
			if s.Sport == model.Strength && len(s.Sets) == 0 {
				t.Fatalf("a strength session without sets: %+v", s)
			}
			if s.Sport != model.Strength && (len(s.Sets) > 0 || !model.Known(s.DistanceM) && !model.Known(s.ElapsedS)) {
				t.Fatalf("a cardio session with sets, or without distance and time: %+v", s)
			}
			if y := s.Start.Year(); y < 1969 || y > 2200 {
				t.Fatalf("start %v", s.Start)
			}
			if s.OffsetS < -26*3600 || s.OffsetS > 26*3600 {
				t.Fatalf("offset %d", s.OffsetS)
			}
			if model.Known(s.ElapsedS) && (s.ElapsedS <= 0 || s.ElapsedS > 24*3600) {
				t.Fatalf("elapsed %v", s.ElapsedS)
			}
			for _, set := range s.Sets {
				if set.Exercise == "" || set.Category == "" || set.Reps < model.NoReps {
					t.Fatalf("set %+v", set)
				}
				if model.Known(set.WeightKg) && (set.WeightKg <= 0 || math.IsInf(set.WeightKg, 0)) {
					t.Fatalf("weight %v", set.WeightKg)
				}
				if model.Known(set.DurationS) && (set.DurationS <= 0 || math.IsInf(set.DurationS, 0)) {
					t.Fatalf("duration %v", set.DurationS)
				}
			}
		}
	})
}

func ExampleDecodeLiftCSV() {
	// A Strong export: a warm-up set, a rest timer, a set with a note that
	// runs over two lines, then Romanian deadlifts.
	const export = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n" +
		"2024-03-05 6:12:44\u202fPM,Pull,1h 5m,Deadlift (Barbell),W,60,5,0,0,,,\n" +
		"2024-03-05 6:12:44\u202fPM,Pull,1h 5m,Deadlift (Barbell),Rest Timer,0,0,0,180,,,\n" +
		"2024-03-05 6:12:44\u202fPM,Pull,1h 5m,Deadlift (Barbell),1,140,5,0,0,\"belt on,\nfelt it\",,8\n" +
		"2024-03-05 6:12:44\u202fPM,Pull,1h 5m,Romanian Deadlift (Barbell),1,100,8,0,0,,,\n"
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		log.Fatal(err)
	}
	res, err := importers.DecodeLiftCSV(strings.NewReader(export), importers.WithLocation(berlin))
	if err != nil {
		log.Fatal(err)
	}
	s := res.Sessions[0]
	fmt.Println(s.Device, s.Name, s.Start.Format(time.DateTime), "UTC,", s.ElapsedS/60, "min")
	for _, set := range s.Sets {
		fmt.Printf("%s [%s] %d × %.0f kg\n", set.Exercise, set.Category, set.Reps, set.WeightKg)
	}
	// Output:
	// Strong Pull 2024-03-05 17:12:44 UTC, 65 min
	// Deadlift (Barbell) [deadlift] 5 × 60 kg
	// Deadlift (Barbell) [deadlift] 5 × 140 kg
	// Romanian Deadlift (Barbell) [deadlift] 8 × 100 kg
}
