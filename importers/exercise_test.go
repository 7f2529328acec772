package importers

import (
	"strings"
	"testing"

	"github.com/muktihari/fit/profile/typedef"

	"github.com/backtrack/backtrack/model"
)

func TestClassifyExercise(t *testing.T) {
	tests := []struct {
		name, category, exercise string
	}{
		// The deadlift family, as Strong, Hevy and FitNotes users type it.
		{"Deadlift (Barbell)", "deadlift", "barbell_deadlift"},
		{"Deadlift", "deadlift", "barbell_deadlift"},
		{"deadlifts", "deadlift", "barbell_deadlift"},
		{"Conventional Deadlift", "deadlift", "barbell_deadlift"},
		{"DEADLIFT (BARBELL)", "deadlift", "barbell_deadlift"},
		{"Dead Lift", "deadlift", "barbell_deadlift"},
		{"Deficit Deadlift", "deadlift", "barbell_deadlift"},
		{"Paused Deadlift (Barbell)", "deadlift", "barbell_deadlift"},
		{"Romanian Deadlift", "deadlift", "romanian_deadlift"},
		{"Romanian Deadlift (Barbell)", "deadlift", "romanian_deadlift"},
		{"Romanian Deadlift (Dumbbell)", "deadlift", "romanian_deadlift"},
		{"RDL", "deadlift", "romanian_deadlift"},
		{"rdls", "deadlift", "romanian_deadlift"},
		{"Single Leg Romanian Deadlift (Dumbbell)", "deadlift", "single_leg_romanian_deadlift_with_dumbbell"},
		{"Single-Leg RDL", "deadlift", "single_leg_romanian_deadlift_with_dumbbell"},
		{"SL RDL (Barbell)", "deadlift", "single_leg_barbell_deadlift"},
		{"Stiff Leg Deadlift", "deadlift", "barbell_straight_leg_deadlift"},
		{"Stiff-Legged Deadlift (Barbell)", "deadlift", "barbell_straight_leg_deadlift"},
		{"Straight Leg Deadlift (Dumbbell)", "deadlift", "dumbbell_straight_leg_deadlift"},
		{"SLDL", "deadlift", "barbell_straight_leg_deadlift"},
		{"Sumo Deadlift", "deadlift", "sumo_deadlift"},
		{"Sumo Deadlift (Barbell)", "deadlift", "sumo_deadlift"},
		{"Sumo Deadlift High Pull", "deadlift", "sumo_deadlift_high_pull"},
		{"Kettlebell Sumo Deadlift", "deadlift", "kettlebell_sumo_deadlift"},
		{"Trap Bar Deadlift", "deadlift", "trap_bar_deadlift"},
		{"Deadlift (Trap bar)", "deadlift", "trap_bar_deadlift"},
		{"Hex Bar Deadlift", "deadlift", "trap_bar_deadlift"},
		{"Rack Pull", "deadlift", "rack_pull"},
		{"Rack Pulls (Barbell)", "deadlift", "rack_pull"},
		{"Block Pull", "deadlift", "rack_pull"},
		{"Snatch Grip Deadlift", "deadlift", "wide_grip_barbell_deadlift"},
		{"Deadlift (Dumbbell)", "deadlift", "dumbbell_deadlift"},
		{"Kettlebell Deadlift", "deadlift", "kettlebell_deadlift"},
		{"Deadlift (Smith Machine)", "deadlift", "barbell_deadlift"},
		{"  romanian   deadlift  ", "deadlift", "romanian_deadlift"},

		// Hinges that are not deadlifts.
		{"Good Morning", "leg_curl", "good_morning"},
		{"Good Morning (Barbell)", "leg_curl", "good_morning"},
		{"Seated Good Morning", "leg_curl", "seated_barbell_good_morning"},
		{"Hip Thrust", "hip_raise", "barbell_hip_thrust_with_bench"},
		{"Hip Thrust (Barbell)", "hip_raise", "barbell_hip_thrust_with_bench"},
		{"Hip Thrust (Machine)", "hip_raise", "Hip Thrust (Machine)"},
		{"Glute Bridge", "hip_raise", "hip_raise"},
		{"Glute Bridge (Barbell)", "hip_raise", "barbell_hip_thrust_on_floor"},
		{"Back Extension", "hyperextension", "Back Extension"},
		{"Hyperextension", "hyperextension", "Hyperextension"},
		{"Hyper Extensions", "hyperextension", "Hyper Extensions"},
		{"Reverse Hyperextension", "hyperextension", "Reverse Hyperextension"},
		{"Kettlebell Swing", "hip_swing", "Kettlebell Swing"},
		{"Single Arm Kettlebell Swing", "hip_swing", "single_arm_kettlebell_swing"},
		{"Cable Pull Through", "chop", "cable_pull_through"},
		{"Jefferson Curl", model.CategoryUnknown, "Jefferson Curl"},
		{"Leg Curl (Machine)", "leg_curl", "leg_curl"},
		{"Lying Leg Curl (Machine)", "leg_curl", "leg_curl"},
		{"Nordic Hamstring Curl", "leg_curl", "leg_curl"},

		// Squats and lunges.
		{"Squat (Barbell)", "squat", "barbell_back_squat"},
		{"Back Squat", "squat", "barbell_back_squat"},
		{"Front Squat (Barbell)", "squat", "barbell_front_squat"},
		{"Goblet Squat (Kettlebell)", "squat", "goblet_squat"},
		{"Squat (Dumbbell)", "squat", "dumbbell_squat"},
		{"Box Squat (Barbell)", "squat", "barbell_box_squat"},
		{"Hack Squat", "squat", "Hack Squat"},
		{"Jump Squat", "squat", "Jump Squat"},
		{"Leg Press", "squat", "leg_press"},
		{"Step Up (Dumbbell)", "squat", "dumbbell_step_up"},
		{"Sumo Squat", "squat", "sumo_squat"},
		{"Bulgarian Split Squat (Dumbbell)", "lunge", "dumbbell_bulgarian_split_squat"},
		{"Walking Lunge (Dumbbell)", "lunge", "walking_dumbbell_lunge"},
		{"Lunge (Barbell)", "lunge", "barbell_lunge"},
		{"Lunges", "lunge", "lunge"},

		// Presses, pulls and the rest of the gym.
		{"Bench Press (Barbell)", "bench_press", "barbell_bench_press"},
		{"Bench Press (Dumbbell)", "bench_press", "dumbbell_bench_press"},
		{"Incline Bench Press (Dumbbell)", "bench_press", "incline_dumbbell_bench_press"},
		{"Close Grip Bench Press", "bench_press", "close_grip_barbell_bench_press"},
		{"Chest Press (Machine)", "bench_press", "Chest Press (Machine)"},
		{"Overhead Press (Barbell)", "shoulder_press", "overhead_barbell_press"},
		{"OHP", "shoulder_press", "overhead_barbell_press"},
		{"Shoulder Press (Dumbbell)", "shoulder_press", "dumbbell_shoulder_press"},
		{"Seated Shoulder Press (Dumbbell)", "shoulder_press", "seated_dumbbell_shoulder_press"},
		{"Arnold Press (Dumbbell)", "shoulder_press", "arnold_press"},
		{"Push Press", "shoulder_press", "barbell_push_press"},
		{"Bent Over Row (Barbell)", "row", "bent_over_row_with_barbell"},
		{"Bent Over Row (Dumbbell)", "row", "dumbbell_row"},
		{"Pendlay Row (Barbell)", "row", "barbell_row"},
		{"Seated Cable Row", "row", "seated_cable_row"},
		{"Seated Row (Machine)", "row", "Seated Row (Machine)"},
		{"T Bar Row", "row", "t_bar_row"},
		{"Face Pull (Cable)", "row", "face_pull"},
		{"Upright Row (Barbell)", "shrug", "barbell_upright_row"},
		{"Shrug (Dumbbell)", "shrug", "dumbbell_shrug"},
		{"Rowing (Machine)", "indoor_row", "rowing_machine"},
		{"Pull Up", "pull_up", "pull_up"},
		{"Pull-ups", "pull_up", "pull_up"},
		{"Pullup (Assisted)", "pull_up", "Pullup (Assisted)"},
		{"Chin Up", "pull_up", "chin_up"},
		{"Lat Pulldown (Cable)", "pull_up", "lat_pulldown"},
		{"Lat Pull Down", "pull_up", "lat_pulldown"},
		{"Bicep Curl (Barbell)", "curl", "barbell_biceps_curl"},
		{"Hammer Curl (Dumbbell)", "curl", "dumbbell_hammer_curl"},
		{"Triceps Pushdown (Cable - Straight Bar)", "triceps_extension", "triceps_pressdown"},
		{"Skullcrusher (Barbell)", "triceps_extension", "lying_ez_bar_triceps_extension"},
		{"Skull Crusher (Barbell)", "triceps_extension", "lying_ez_bar_triceps_extension"},
		{"Dips", "triceps_extension", "body_weight_dip"},
		{"Lateral Raise (Dumbbell)", "lateral_raise", "dumbbell_lateral_raise"},
		{"Chest Fly (Dumbbell)", "flye", "dumbbell_flye"},
		{"Push Up", "push_up", "push_up"},
		{"Plank", "plank", "plank"},
		{"Side Plank", "plank", "side_plank"},
		{"Hanging Leg Raise", "leg_raise", "hanging_leg_raise"},
		{"Lying Straight Leg Raise", "leg_raise", "lying_straight_leg_raise"},
		{"Crunch", "crunch", "crunch"},
		{"Cable Crunch", "crunch", "cable_crunch"},
		{"Sit Up", "sit_up", "sit_up"},
		{"Russian Twist", "core", "russian_twist"},
		{"Ab Wheel", "core", "kneeling_ab_wheel"},
		{"Dead Bug", "hip_stability", "dead_bug"},
		{"Calf Raise (Standing)", "calf_raise", "standing_calf_raise"},
		{"Seated Calf Raise (Machine)", "calf_raise", "seated_calf_raise"},
		{"Power Clean", "olympic_lift", "barbell_power_clean"},
		{"Clean and Jerk (Barbell)", "olympic_lift", "clean_and_jerk"},
		{"Farmer's Walk", "carry", "farmers_walk"},
		{"Sled Push", "sled", "push"},

		// Nothing to go on.
		{"Leg Extension (Machine)", model.CategoryUnknown, "Leg Extension (Machine)"},
		{"Running (Treadmill)", model.CategoryUnknown, "Running (Treadmill)"},
		{"Stretching", model.CategoryUnknown, "Stretching"},
		{"Hurdle Hops", model.CategoryUnknown, "Hurdle Hops"},
		{"", model.CategoryUnknown, ""},
		{"  ", model.CategoryUnknown, ""},
		{"(Barbell)", model.CategoryUnknown, "(Barbell)"},
		{"Übung 3", model.CategoryUnknown, "Übung 3"},
	}
	valid := liftFITExerciseWords(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, ex := ClassifyExercise(tt.name)
			if cat != tt.category || ex != tt.exercise {
				t.Errorf("ClassifyExercise(%q) = (%q, %q), want (%q, %q)", tt.name, cat, ex, tt.category, tt.exercise)
			}
			liftCheckFITWords(t, valid, tt.name, cat, ex)
		})
	}
}

// TestClassifyExerciseFITWords runs every name of the FIT profile's deadlift
// and hinge categories, spelt as words, through the classifier: every
// deadlift word must come back as a deadlift (the family must be caught
// whatever the variant), and no word of another category may be filed
// under deadlift.
func TestClassifyExerciseFITWords(t *testing.T) {
	valid := liftFITExerciseWords(t)
	for cat, words := range valid {
		for w := range words {
			name := strings.ReplaceAll(w, "_", " ")
			got, ex := ClassifyExercise(name)
			liftCheckFITWords(t, valid, name, got, ex)
			switch {
			case cat == "deadlift" && got != "deadlift":
				// kettlebell_floor_to_shelf names no lift; every other
				// deadlift word does.
				if w != "kettlebell_floor_to_shelf" {
					t.Errorf("FIT deadlift word %q classified as %q", w, got)
				}
			case cat != "deadlift" && got == "deadlift" && !strings.Contains(w, "deadlift") && !strings.Contains(w, "rdl"):
				t.Errorf("FIT %s word %q classified as deadlift", cat, w)
			}
		}
	}
}

// liftCheckFITWords fails when a category is not a FIT exercise_category
// word, or when an exercise word that is not the name as typed is not one of
// the category's FIT exercise names.
func liftCheckFITWords(t *testing.T, valid map[string]map[string]bool, name, cat, ex string) {
	t.Helper()
	if cat == model.CategoryUnknown {
		if ex != strings.TrimSpace(name) {
			t.Errorf("%q: unknown category with exercise %q, want the name as typed", name, ex)
		}
		return
	}
	if _, ok := valid[cat]; !ok {
		t.Errorf("%q: category %q is not a FIT exercise_category word", name, cat)
		return
	}
	if ex != strings.TrimSpace(name) && !valid[cat][ex] {
		t.Errorf("%q: exercise %q is not a FIT %s_exercise_name word", name, ex, cat)
	}
}

// liftFITExerciseWords lists every exercise-name word of every FIT exercise
// category, from the profile (typedef) through the FIT decoder's table.
func liftFITExerciseWords(t *testing.T) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	for c, name := range exerciseNames() {
		words := map[string]bool{}
		for v := range uint16(2000) {
			if w := name(v); !strings.Contains(w, "Invalid(") {
				words[w] = true
			}
		}
		cat := c.String()
		if typedef.ExerciseCategoryFromString(cat) != c {
			t.Fatalf("category %v does not round-trip", c)
		}
		out[cat] = words
	}
	if len(out["deadlift"]) < 20 {
		t.Fatalf("only %d FIT deadlift words", len(out["deadlift"]))
	}
	return out
}
