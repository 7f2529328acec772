package importers

import (
	"strings"
	"sync"
	"unicode"

	"github.com/backtrack/backtrack/model"
)

// ClassifyExercise maps a free-text exercise name from a lifting app
// ("Deadlift (Barbell)", "Romanian Deadlift", "RDL", "Trap Bar Deadlift",
// "Good Morning", "Hip Thrust", "Bent Over Row (Barbell)") to a FIT
// exercise_category word ("deadlift", "squat", "bench_press", "row",
// "hip_raise", "leg_curl", …: the words of the FIT profile's
// ExerciseCategory) and, where one fits, a FIT exercise-name word of that
// category ("romanian_deadlift", "sumo_deadlift", "trap_bar_deadlift",
// "rack_pull", "barbell_straight_leg_deadlift", "barbell_deadlift").
//
// Matching ignores case, punctuation, plurals and the apps' equipment
// suffixes ("(Barbell)", "(Dumbbell)"), which only refine the exercise word.
// The whole deadlift family lands in [model.CategoryDeadlift]: conventional,
// sumo, Romanian/RDL, stiff-leg/straight-leg/SLDL, trap bar/hex bar, rack and
// block pulls, deficit, snatch-grip and single-leg variants. Hip hinges that
// are not deadlifts keep the category FIT gives them: a good morning is
// "leg_curl", a hip thrust or glute bridge "hip_raise", a back extension
// "hyperextension", a kettlebell swing "hip_swing".
//
// When the category is known but no FIT exercise word fits (a deficit
// deadlift has none of its own, so it is "barbell_deadlift"; a machine hip
// thrust has none at all) the exercise is the name as typed, trimmed. An
// unrecognised name returns ([model.CategoryUnknown], the name as typed).
func ClassifyExercise(name string) (category, exercise string) {
	typed := strings.TrimSpace(name)
	w := liftExerciseWords(typed)
	if w.s == " " {
		return model.CategoryUnknown, typed
	}
	for _, r := range liftExerciseRules {
		if !r.match(w) {
			continue
		}
		word := ""
		if r.word != nil {
			word = r.word(w)
		}
		if word == "" {
			word = typed
		}
		return r.category, word
	}
	return model.CategoryUnknown, typed
}

// liftWords is a normalised exercise name: lower-case words separated by
// single spaces, with a space at each end so that has can match whole words.
type liftWords struct{ s string }

// has reports whether any of the phrases (whole words) occurs in the name.
func (w liftWords) has(phrases ...string) bool {
	for _, p := range phrases {
		if strings.Contains(w.s, " "+p+" ") {
			return true
		}
	}
	return false
}

// Equipment words, as the apps write them in names and suffixes.
func (w liftWords) barbell() bool {
	return w.has("barbell", "bb", "ez bar", "ezbar", "smith machine", "smith", "olympic bar")
}
func (w liftWords) dumbbell() bool   { return w.has("dumbbell", "db") }
func (w liftWords) kettlebell() bool { return w.has("kettlebell", "kb") }
func (w liftWords) cable() bool      { return w.has("cable") }
func (w liftWords) machine() bool    { return w.has("machine") && !w.has("smith machine") }
func (w liftWords) singleLeg() bool  { return w.has("single leg", "one leg", "1 leg", "sl") }
func (w liftWords) singleArm() bool  { return w.has("single arm", "one arm", "1 arm") }
func (w liftWords) noEquipment() bool {
	return !w.barbell() && !w.dumbbell() && !w.kettlebell() && !w.cable() && !w.machine() && !w.has("band")
}

// liftCompounds joins words the apps spell both apart and together, so that
// "Dead Lift", "Deadlift" and "Dead-lift" all read "deadlift".
var liftCompounds = strings.NewReplacer(
	" dead lift ", " deadlift ",
	" pull up ", " pullup ", " pull ups ", " pullup ",
	" chin up ", " chinup ", " chin ups ", " chinup ",
	" push up ", " pushup ", " push ups ", " pushup ",
	" press up ", " pushup ", " press ups ", " pushup ",
	" sit up ", " situp ", " sit ups ", " situp ",
	" pull down ", " pulldown ", " pull downs ", " pulldown ",
	" hyper extension ", " hyperextension ",
	" step up ", " stepup ", " step ups ", " stepup ",
	" dumb bell ", " dumbbell ", " kettle bell ", " kettlebell ",
	" bar bell ", " barbell ", " trapbar ", " trap bar ", " hexbar ", " hex bar ",
	" wood chop ", " woodchop ", " t bar ", " tbar ",
	" stiff legged ", " stiff leg ", " straight legged ", " straight leg ",
	" single legged ", " single leg ",
)

// liftSingular maps plural words to the singular the rules use.
var liftSingular = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"deadlifts": "deadlift", "rdls": "rdl", "sldls": "sldl", "pulls": "pull",
		"squats": "squat", "lunges": "lunge", "rows": "row", "curls": "curl",
		"raises": "raise", "thrusts": "thrust", "thrusters": "thruster", "extensions": "extension",
		"pullups": "pullup", "chinups": "chinup", "pushups": "pushup", "situps": "situp",
		"dips": "dip", "swings": "swing", "crunches": "crunch", "presses": "press",
		"mornings": "morning", "bridges": "bridge", "planks": "plank", "flyes": "flye",
		"flys": "flye", "fly": "flye", "flies": "flye", "shrugs": "shrug", "dumbbells": "dumbbell",
		"kettlebells": "kettlebell", "hyperextensions": "hyperextension", "hypers": "hyper",
		"kickbacks": "kickback", "pulldowns": "pulldown", "pushdowns": "pushdown",
		"pressdowns": "pressdown", "cleans": "clean", "snatches": "snatch", "stepups": "stepup",
		"carries": "carry", "walks": "walk", "twists": "twist", "rollouts": "rollout",
		"crushers": "crusher", "pullovers": "pullover", "woodchops": "woodchop", "chops": "chop",
		"farmers": "farmer", "calves": "calf", "legs": "leg", "arms": "arm",
		"triceps": "tricep", "biceps": "bicep", "bugs": "bug", "thighs": "thigh",
	}
})

// liftExerciseWords normalises a name for matching: lower case, every run of
// non-letters and non-digits a single space, plurals singular, compounds
// joined.
func liftExerciseWords(name string) liftWords {
	var b strings.Builder
	b.Grow(len(name) + 2)
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(name) {
		if r == '\'' || r == '’' { // "farmer's" reads "farmers"
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	words := strings.Fields(b.String())
	for i, x := range words {
		if s, ok := liftSingular()[x]; ok {
			words[i] = s
		}
	}
	s := " " + strings.Join(words, " ") + " "
	if s == "  " {
		s = " "
	}
	// Twice: a replacement can create the context for another one.
	return liftWords{liftCompounds.Replace(liftCompounds.Replace(s))}
}

// liftRule is one line of the name-to-category table: the first rule whose
// match holds decides the category; word picks the FIT exercise word ("" for
// none).
type liftRule struct {
	category string
	match    func(liftWords) bool
	word     func(liftWords) string
}

// liftIsDeadlift reports whether a name belongs to the deadlift family.
func liftIsDeadlift(w liftWords) bool {
	return w.has("deadlift", "rdl", "sldl", "rack pull", "block pull", "romanian")
}

// liftExerciseRules is the ordered classification table. Order matters: the
// deadlift family first (so that "Snatch Grip Deadlift" is not an Olympic
// lift and "Deadlift to Row" not a row), lunges before squats ("Bulgarian
// Split Squat"), leg curls before biceps curls, shrugs before rows ("Upright
// Row").
var liftExerciseRules = []liftRule{
	{model.CategoryDeadlift, liftIsDeadlift, func(w liftWords) string {
		straight := w.has("stiff leg", "straight leg", "sldl")
		switch {
		case w.has("rack pull", "block pull"):
			return "rack_pull"
		case w.has("trap bar", "hex bar"):
			return "trap_bar_deadlift"
		case w.has("sumo"):
			if w.has("high pull") {
				return "sumo_deadlift_high_pull"
			}
			if w.kettlebell() {
				return "kettlebell_sumo_deadlift"
			}
			return "sumo_deadlift"
		case w.singleLeg():
			if w.barbell() {
				if straight {
					return "single_leg_barbell_straight_leg_deadlift"
				}
				return "single_leg_barbell_deadlift"
			}
			if w.dumbbell() || w.noEquipment() {
				return "single_leg_romanian_deadlift_with_dumbbell"
			}
			return ""
		case w.has("romanian", "rdl"):
			return "romanian_deadlift"
		case straight:
			if w.dumbbell() {
				return "dumbbell_straight_leg_deadlift"
			}
			return "barbell_straight_leg_deadlift"
		case w.has("snatch grip", "wide grip"):
			return "wide_grip_barbell_deadlift"
		case w.singleArm():
			return "single_arm_deadlift"
		case w.dumbbell():
			return "dumbbell_deadlift"
		case w.kettlebell():
			return "kettlebell_deadlift"
		}
		return "barbell_deadlift" // conventional, deficit, paused, smith machine
	}},
	{"leg_curl", func(w liftWords) bool { return w.has("good morning") }, func(w liftWords) string {
		switch {
		case w.has("seated"):
			return "seated_barbell_good_morning"
		case w.has("zercher"):
			return "zercher_good_morning"
		case w.singleLeg():
			return "single_leg_barbell_good_morning"
		case w.has("band", "banded"):
			return "band_good_morning"
		}
		return "good_morning"
	}},
	{"hip_swing", func(w liftWords) bool {
		return w.has("kettlebell swing", "kb swing", "russian swing", "american swing") ||
			(w.has("swing") && (w.kettlebell() || w.dumbbell()))
	}, func(w liftWords) string {
		if w.singleArm() {
			if w.dumbbell() {
				return "single_arm_dumbbell_swing"
			}
			return "single_arm_kettlebell_swing"
		}
		return ""
	}},
	{"hip_raise", func(w liftWords) bool {
		return w.has("hip thrust", "glute bridge", "hip bridge", "hip raise", "frog pump", "bridge")
	}, func(w liftWords) string {
		switch {
		case w.has("hip thrust") && (w.barbell() || w.noEquipment()):
			if w.has("floor") {
				return "barbell_hip_thrust_on_floor"
			}
			return "barbell_hip_thrust_with_bench"
		case w.has("hip thrust"):
			return ""
		case w.singleLeg():
			return "single_leg_hip_raise"
		case w.barbell():
			return "barbell_hip_thrust_on_floor"
		case w.has("glute bridge", "hip bridge", "hip raise") && w.noEquipment():
			return "hip_raise"
		}
		return ""
	}},
	{"hyperextension", func(w liftWords) bool {
		return w.has("back extension", "hyperextension", "hyper", "reverse hyper", "superman", "back raise")
	}, func(w liftWords) string {
		switch {
		case w.has("superman"):
			return "superman_from_floor"
		case w.has("reverse hyper", "reverse hyperextension") && w.has("bent knee"):
			return "bent_knee_reverse_hyperextension"
		case w.has("ball", "swiss ball") && w.has("hyperextension"):
			return "swiss_ball_hyperextension"
		case w.has("ball", "swiss ball"):
			return "swiss_ball_back_extension"
		case w.singleLeg():
			return "single_leg_back_extension"
		}
		return ""
	}},
	{"leg_curl", func(w liftWords) bool {
		return w.has("leg curl", "hamstring curl", "nordic", "nordic curl", "glute ham raise", "ghr")
	}, func(w liftWords) string {
		if w.has("sliding") {
			return "sliding_leg_curl"
		}
		if w.has("leg curl", "hamstring curl") {
			return "leg_curl"
		}
		return ""
	}},
	// A Jefferson curl loads the spine in flexion: neither a deadlift nor a
	// biceps curl. Left unknown on purpose.
	{model.CategoryUnknown, func(w liftWords) bool { return w.has("jefferson") }, nil},
	{"lunge", func(w liftWords) bool {
		return w.has("lunge", "split squat", "bulgarian")
	}, func(w liftWords) string {
		switch {
		case w.has("bulgarian"):
			if w.dumbbell() {
				return "dumbbell_bulgarian_split_squat"
			}
			if w.barbell() {
				return "barbell_bulgarian_split_squat"
			}
			return ""
		case w.has("split squat"):
			if w.barbell() {
				return "barbell_split_squat"
			}
			return ""
		case w.has("walking"):
			if w.dumbbell() {
				return "walking_dumbbell_lunge"
			}
			if w.barbell() {
				return "walking_barbell_lunge"
			}
			return "walking_lunge"
		case w.has("reverse"):
			if w.dumbbell() {
				return "dumbbell_reverse_lunge"
			}
			if w.barbell() {
				return "barbell_reverse_lunge"
			}
			return ""
		case w.has("side", "lateral"):
			if w.dumbbell() {
				return "dumbbell_side_lunge"
			}
			if w.barbell() {
				return "barbell_side_lunge"
			}
			return "side_lunge"
		case w.has("curtsy"):
			return "curtsy_lunge"
		case w.dumbbell():
			return "dumbbell_lunge"
		case w.barbell():
			return "barbell_lunge"
		case w.noEquipment():
			return "lunge"
		}
		return ""
	}},
	{"squat", func(w liftWords) bool {
		return w.has("squat", "leg press", "stepup", "thruster", "wall ball")
	}, func(w liftWords) string {
		switch {
		case w.has("leg press"):
			return "leg_press"
		case w.has("stepup"):
			if w.dumbbell() {
				return "dumbbell_step_up"
			}
			if w.barbell() {
				return "barbell_step_up"
			}
			return "step_up"
		case w.has("thruster"):
			if w.dumbbell() {
				return "dumbbell_thrusters"
			}
			return "thrusters"
		case w.has("wall ball"):
			return "wall_ball"
		case w.has("hack"):
			if w.barbell() {
				return "barbell_hack_squat"
			}
			return ""
		case w.has("jump", "belt", "pendulum", "sissy", "cossack"):
			return ""
		case w.has("goblet"):
			return "goblet_squat"
		case w.has("front"):
			if w.dumbbell() {
				return "dumbbell_front_squat"
			}
			return "barbell_front_squat"
		case w.has("overhead"):
			if w.dumbbell() {
				return "overhead_dumbbell_squat"
			}
			return "overhead_squat"
		case w.has("box"):
			return "barbell_box_squat"
		case w.has("zercher"):
			return "zercher_squat"
		case w.has("pistol"):
			return "pistol_squat"
		case w.has("sumo"):
			return "sumo_squat"
		case w.has("air", "bodyweight", "body weight"):
			return "air_squat"
		case w.kettlebell():
			return "kettlebell_squat"
		case w.dumbbell():
			return "dumbbell_squat"
		case w.barbell() || w.noEquipment() && w.has("squat", "back squat"):
			return "barbell_back_squat"
		}
		return ""
	}},
	{"bench_press", func(w liftWords) bool {
		return w.has("bench press", "floor press", "chest press", "incline press", "decline press")
	}, func(w liftWords) string {
		incline, decline := w.has("incline"), w.has("decline")
		switch {
		case w.has("chest press"):
			if w.kettlebell() {
				return "kettlebell_chest_press"
			}
			return ""
		case w.has("floor press"):
			if w.dumbbell() {
				return "dumbbell_floor_press"
			}
			return "barbell_floor_press"
		case w.has("smith", "smith machine"):
			if incline {
				return "incline_smith_machine_bench_press"
			}
			return "smith_machine_bench_press"
		case w.has("close grip"):
			return "close_grip_barbell_bench_press"
		case w.has("wide grip"):
			return "wide_grip_barbell_bench_press"
		case w.has("reverse grip"):
			return "reverse_grip_barbell_bench_press"
		case incline:
			if w.dumbbell() {
				return "incline_dumbbell_bench_press"
			}
			if w.barbell() || w.noEquipment() {
				return "incline_barbell_bench_press"
			}
			return ""
		case decline:
			if w.dumbbell() {
				return "decline_dumbbell_bench_press"
			}
			return ""
		case w.dumbbell():
			if w.singleArm() {
				return "single_arm_dumbbell_bench_press"
			}
			return "dumbbell_bench_press"
		case w.barbell() || w.noEquipment():
			return "barbell_bench_press"
		}
		return ""
	}},
	{"shoulder_press", func(w liftWords) bool {
		return w.has("overhead press", "ohp", "shoulder press", "military press", "arnold press",
			"push press", "strict press", "seated press")
	}, func(w liftWords) string {
		switch {
		case w.has("arnold"):
			return "arnold_press"
		case w.has("push press"):
			if w.dumbbell() {
				return "dumbbell_push_press"
			}
			return "barbell_push_press"
		case w.has("military"):
			return "military_press"
		case w.has("strict"):
			return "strict_press"
		case w.has("smith", "smith machine"):
			return "smith_machine_overhead_press"
		case w.has("shoulder press", "seated press"):
			seated := w.has("seated")
			switch {
			case w.dumbbell() && seated:
				return "seated_dumbbell_shoulder_press"
			case w.barbell() && seated:
				return "seated_barbell_shoulder_press"
			case w.dumbbell():
				return "dumbbell_shoulder_press"
			case w.barbell():
				return "barbell_shoulder_press"
			}
			return ""
		case w.dumbbell():
			return "overhead_dumbbell_press"
		case w.barbell() || w.noEquipment():
			return "overhead_barbell_press"
		}
		return ""
	}},
	{"pull_up", func(w liftWords) bool {
		return w.has("pullup", "chinup", "pulldown", "lat pull", "pullover")
	}, func(w liftWords) string {
		switch {
		case w.has("straight arm"):
			return "straight_arm_pulldown"
		case w.has("pulldown", "lat pull"):
			if w.has("close grip") {
				return "close_grip_lat_pulldown"
			}
			if w.has("wide grip") {
				return "wide_grip_lat_pulldown"
			}
			if w.has("reverse grip", "underhand") {
				return "reverse_grip_pulldown"
			}
			return "lat_pulldown"
		case w.has("pullover"):
			return ""
		case w.has("chinup"):
			switch {
			case w.has("band", "banded"):
				return "band_assisted_chin_up"
			case w.has("close grip"):
				return "close_grip_chin_up"
			case w.has("neutral grip", "neutral"):
				return "neutral_grip_chin_up"
			case w.has("assisted", "machine"):
				return ""
			}
			return "chin_up"
		}
		switch {
		case w.has("band", "banded"):
			return "band_assisted_pull_up"
		case w.has("wide grip"):
			return "wide_grip_pull_up"
		case w.has("neutral grip", "neutral"):
			return "neutral_grip_pull_up"
		case w.has("kipping"):
			return "kipping_pull_up"
		case w.has("assisted", "machine"):
			return ""
		}
		return "pull_up"
	}},
	{"shrug", func(w liftWords) bool { return w.has("shrug", "upright row") }, func(w liftWords) string {
		if w.has("upright row") {
			switch {
			case w.barbell():
				return "barbell_upright_row"
			case w.dumbbell():
				return "dumbbell_upright_row"
			}
			return "upright_row"
		}
		switch {
		case w.barbell():
			return "barbell_shrug"
		case w.dumbbell():
			return "dumbbell_shrug"
		}
		return ""
	}},
	{"indoor_row", func(w liftWords) bool {
		return w.has("rowing", "rower", "ergometer", "erg", "indoor row", "concept2", "concept 2")
	}, func(liftWords) string { return "rowing_machine" }},
	{"row", func(w liftWords) bool { return w.has("row", "face pull") }, func(w liftWords) string {
		switch {
		case w.has("face pull"):
			return "face_pull"
		case w.has("tbar"):
			return "t_bar_row"
		case w.has("inverted"):
			return "inverted_row"
		case w.has("renegade"):
			return "renegade_row"
		case w.has("ring"):
			return "ring_row"
		case w.has("chest supported") && w.dumbbell():
			return "chest_supported_dumbbell_row"
		case w.cable() || w.has("seated") && !w.dumbbell() && !w.machine():
			if w.singleArm() {
				return "single_arm_cable_row"
			}
			if w.has("seated") {
				return "seated_cable_row"
			}
			return ""
		case w.has("pendlay"):
			return "barbell_row"
		case w.barbell():
			if w.has("bent over") {
				return "bent_over_row_with_barbell"
			}
			return "barbell_row"
		case w.dumbbell():
			if w.singleArm() && w.has("bent over") {
				return "one_arm_bent_over_row"
			}
			return "dumbbell_row"
		case w.kettlebell():
			return "kettlebell_row"
		}
		return ""
	}},
	{"calf_raise", func(w liftWords) bool { return w.has("calf") }, func(w liftWords) string {
		switch {
		case w.has("seated"):
			return "seated_calf_raise"
		case w.has("donkey"):
			return "donkey_calf_raise"
		case w.singleLeg():
			return "single_leg_standing_calf_raise"
		case w.barbell():
			return "standing_barbell_calf_raise"
		case w.dumbbell():
			return "standing_dumbbell_calf_raise"
		case w.has("standing"):
			return "standing_calf_raise"
		}
		return ""
	}},
	{"plank", func(w liftWords) bool { return w.has("plank", "mountain climber") }, func(w liftWords) string {
		switch {
		case w.has("mountain climber"):
			return "mountain_climber"
		case w.has("side"):
			return "side_plank"
		}
		return "plank"
	}},
	{"leg_raise", func(w liftWords) bool { return w.has("leg raise", "knee raise") }, func(w liftWords) string {
		switch {
		case w.has("hanging") && w.has("knee raise"):
			return "hanging_knee_raise"
		case w.has("hanging"):
			return "hanging_leg_raise"
		case w.has("lying"):
			return "lying_straight_leg_raise"
		}
		return ""
	}},
	{"crunch", func(w liftWords) bool { return w.has("crunch", "toes to bar", "hollow rock") }, func(w liftWords) string {
		switch {
		case w.has("toes to bar"):
			return "toes_to_bar"
		case w.has("hollow rock"):
			return "hollow_rock"
		case w.cable():
			return "cable_crunch"
		case w.has("reverse"):
			return "reverse_crunch"
		case w.has("bicycle"):
			return "bicycle_crunch"
		}
		return "crunch"
	}},
	{"sit_up", func(w liftWords) bool { return w.has("situp", "v up") }, func(w liftWords) string {
		switch {
		case w.has("v up"):
			return "v_up"
		case w.has("ghd"):
			return "ghd_sit_ups"
		}
		return "sit_up"
	}},
	{"hip_stability", func(w liftWords) bool {
		return w.has("dead bug", "abduction", "adduction", "clamshell", "fire hydrant", "monster walk", "lateral band walk")
	}, func(w liftWords) string {
		if w.has("dead bug") {
			return "dead_bug"
		}
		return ""
	}},
	{"core", func(w liftWords) bool {
		return w.has("ab wheel", "rollout", "russian twist", "side bend", "pallof", "l sit",
			"turkish get up", "windmill", "landmine twist")
	}, func(w liftWords) string {
		switch {
		case w.has("ab wheel"):
			return "kneeling_ab_wheel"
		case w.has("rollout") && w.barbell():
			return "barbell_rollout"
		case w.has("russian twist"):
			return "russian_twist"
		case w.has("side bend"):
			return "side_bend"
		case w.has("turkish get up"):
			return "turkish_get_up"
		case w.has("l sit"):
			return "l_sit"
		}
		return ""
	}},
	{"curl", func(w liftWords) bool { return w.has("curl") }, func(w liftWords) string {
		switch {
		case w.has("hammer"):
			if w.cable() {
				return "cable_hammer_curl"
			}
			return "dumbbell_hammer_curl"
		case w.has("preacher"):
			if w.has("ez bar", "ezbar") {
				return "ez_bar_preacher_curl"
			}
			if w.cable() {
				return "preacher_curl_with_cable"
			}
			return ""
		case w.has("concentration"):
			return "one_arm_concentration_curl"
		case w.has("wrist"):
			if w.barbell() {
				return "barbell_wrist_curl"
			}
			if w.dumbbell() {
				return "dumbbell_wrist_curl"
			}
			return ""
		case w.has("reverse"):
			if w.has("ez bar", "ezbar") {
				return "reverse_ez_bar_curl"
			}
			return ""
		case w.has("ez bar", "ezbar"):
			return "standing_ez_bar_biceps_curl"
		case w.barbell():
			return "barbell_biceps_curl"
		case w.dumbbell():
			return "dumbbell_biceps_curl"
		case w.cable():
			return "cable_biceps_curl"
		case w.kettlebell():
			return "kettlebell_biceps_curl"
		}
		return ""
	}},
	{"triceps_extension", func(w liftWords) bool {
		return w.has("tricep", "skull crusher", "skullcrusher", "pushdown", "pressdown", "dip", "kickback")
	}, func(w liftWords) string {
		switch {
		case w.has("dip"):
			if w.has("bench") {
				return "bench_dip"
			}
			return "body_weight_dip"
		case w.has("pushdown", "pressdown"):
			if w.has("rope") {
				return "rope_pressdown"
			}
			return "triceps_pressdown"
		case w.has("skull crusher", "skullcrusher"):
			return "lying_ez_bar_triceps_extension"
		case w.has("kickback"):
			if w.cable() {
				return "cable_kickback"
			}
			return "dumbbell_kickback"
		case w.has("overhead"):
			if w.cable() {
				return "cable_overhead_triceps_extension"
			}
			if w.dumbbell() {
				return "overhead_dumbbell_triceps_extension"
			}
			return ""
		}
		return ""
	}},
	{"lateral_raise", func(w liftWords) bool {
		return w.has("lateral raise", "side raise", "front raise", "rear delt raise", "muscle up")
	}, func(w liftWords) string {
		switch {
		case w.has("muscle up"):
			return "muscle_up"
		case w.has("front raise"):
			return "front_raise"
		case w.has("rear delt raise"):
			return "bent_over_lateral_raise"
		case w.dumbbell():
			return "dumbbell_lateral_raise"
		case w.has("seated"):
			return "seated_lateral_raise"
		}
		return ""
	}},
	{"flye", func(w liftWords) bool {
		return w.has("flye", "crossover", "pec deck", "reverse flye")
	}, func(w liftWords) string {
		switch {
		case w.has("crossover") && w.cable():
			return "cable_crossover"
		case w.has("reverse"):
			return ""
		case w.dumbbell() && w.has("incline"):
			return "incline_dumbbell_flye"
		case w.dumbbell() && w.has("decline"):
			return "decline_dumbbell_flye"
		case w.dumbbell():
			return "dumbbell_flye"
		}
		return ""
	}},
	{"push_up", func(w liftWords) bool { return w.has("pushup") }, func(w liftWords) string {
		switch {
		case w.has("diamond"):
			return "diamond_push_up"
		case w.has("incline"):
			return "incline_push_up"
		case w.has("decline"):
			return "decline_push_up"
		case w.has("handstand"):
			return "handstand_push_up"
		}
		return "push_up"
	}},
	{"olympic_lift", func(w liftWords) bool {
		return w.has("clean", "snatch", "jerk", "high pull")
	}, func(w liftWords) string {
		switch {
		case w.has("clean and jerk", "clean jerk"):
			return "clean_and_jerk"
		case w.has("clean and press", "clean press"):
			return "clean_and_press"
		case w.has("power clean"):
			if w.has("hang") {
				return "barbell_hang_power_clean"
			}
			if w.dumbbell() {
				return ""
			}
			return "barbell_power_clean"
		case w.has("squat clean"):
			return "barbell_squat_clean"
		case w.has("power snatch"):
			if w.has("hang") {
				return "barbell_hang_power_snatch"
			}
			return "barbell_power_snatch"
		case w.has("snatch"):
			if w.dumbbell() {
				return "dumbbell_snatch"
			}
			if w.kettlebell() && w.singleArm() {
				return "single_arm_kettlebell_snatch"
			}
			return "barbell_snatch"
		case w.has("split jerk"):
			return "split_jerk"
		case w.has("push jerk"):
			return "push_jerk"
		case w.has("high pull"):
			if w.dumbbell() {
				return "dumbbell_hang_pull"
			}
			return "barbell_high_pull"
		case w.has("clean"):
			if w.dumbbell() {
				return "dumbbell_clean"
			}
			return "clean"
		}
		return ""
	}},
	{"carry", func(w liftWords) bool { return w.has("farmer", "carry", "farmers walk") }, func(w liftWords) string {
		switch {
		case w.has("overhead"):
			return "overhead_carry"
		case w.has("farmer"):
			return "farmers_walk"
		}
		return ""
	}},
	{"chop", func(w liftWords) bool { return w.has("woodchop", "chop", "pull through") }, func(w liftWords) string {
		switch {
		case w.has("pull through") && w.cable():
			return "cable_pull_through"
		case w.has("woodchop") && w.cable():
			return "cable_woodchop"
		case w.has("woodchop", "chop") && w.dumbbell():
			return "dumbbell_chop"
		}
		return ""
	}},
	{"sled", func(w liftWords) bool { return w.has("sled", "prowler") }, func(w liftWords) string {
		switch {
		case w.has("push"):
			return "push"
		case w.has("drag", "pull"):
			if w.has("backward", "backwards") {
				return "backward_drag"
			}
			return "forward_drag"
		}
		return ""
	}},
}
