package importers

import (
	"strings"

	"github.com/backtrack/backtrack/model"
)

// liftKind says what a lifting app's row of one exercise is.
type liftKind int

const (
	// liftLift: strength work, whatever it holds (the default).
	liftLift liftKind = iota
	// liftHold: a timed hold (plank, dead hang, wall sit): strength work
	// with a duration and often no load or reps.
	liftHold
	// liftCardio: a run, ride, row, walk, hike, swim or a cardio machine:
	// never a strength set; a session of its sport when it has a distance
	// or a duration.
	liftCardio
	// liftSkip: neither strength nor a sport backtrack counts (yoga,
	// stretching, a warm-up, aerobics): skipped with a reason when it has
	// no load and no reps.
	liftSkip
)

// liftActivity is what liftActivityOf returns: the kind of an exercise
// and, for a cardio exercise, its sport and sub-sport.
type liftActivity struct {
	kind     liftKind
	sport    model.Sport
	subSport string
}

// liftStrengthWords are words that make an exercise strength work even
// when a cardio word stands beside them ("Walking Lunge", "Farmers Walk",
// "Sled Push", "Bear Crawl").
var liftStrengthWords = []string{
	"lunge", "carry", "farmer", "suitcase", "yoke", "sled", "prowler", "crawl", "press", "curl",
	"squat", "deadlift", "snatch", "clean", "jerk", "thruster", "swing", "dumbbell", "kettlebell",
	"barbell", "weighted", "plank", "handstand", "overhead", "burpee", "burpees", "lunges", "pushup", "crunch", "situp", "twist", "kick", "raise",
}

// liftActivityOf classifies a lifting app's exercise name (and, for
// FitNotes, its category) as strength work (liftLift), a timed hold
// (liftHold: plank, dead hang, wall sit; strength work too), cardio
// (liftCardio: a run, ride, row, walk, hike, swim or cardio machine, which
// is never a strength set, with its sport and a snake_case sub-sport,
// "treadmill", "indoor_cycling", "rowing", "elliptical"; rowing,
// elliptical, stair and ski machines and jump rope are [model.Other] with
// their own sub-sport) or neither (liftSkip: yoga, stretching, a warm-up,
// aerobics). The rule is written out in docs/definitions.md ("Lifting
// apps: cardio rows and holds").
func liftActivityOf(name, category string) liftActivity {
	w := liftExerciseWords(name)
	strength := w.has(liftStrengthWords...)
	indoor := w.has("indoor", "treadmill", "stationary", "machine", "spin", "spinning", "assault", "air bike", "echo bike", "trainer", "virtual")
	cardio := func(sp model.Sport, sub string) liftActivity {
		return liftActivity{kind: liftCardio, sport: sp, subSport: sub}
	}
	switch {
	case strength:
	case w.has("elliptical", "cross trainer", "crosstrainer", "arc trainer"):
		return cardio(model.Other, "elliptical")
	case w.has("stair", "stairs", "stairmaster", "stair climber", "stepmill", "stair machine"):
		return cardio(model.Other, "stair_climbing")
	case w.has("ski erg", "skierg", "ski ergometer"):
		return cardio(model.Other, "ski_erg")
	case w.has("rowing", "rower", "erg", "ergometer", "concept2"):
		return cardio(model.Other, "rowing")
	case w.has("jump rope", "skipping", "jumping rope", "skip rope"):
		return cardio(model.Other, "jump_rope")
	case w.has("swimming", "swim"):
		return cardio(model.Swimming, "")
	case w.has("hiking", "hike", "backpacking", "rucking", "ruck"):
		return cardio(model.Hiking, "")
	case w.has("walking", "walk", "stroll"):
		if w.has("treadmill", "indoor") {
			return cardio(model.Walking, "indoor_walking")
		}
		return cardio(model.Walking, "")
	case w.has("cycling", "cycle", "bike", "biking", "bicycle", "spinning", "spin", "ride", "peloton"):
		if indoor {
			return cardio(model.Cycling, "indoor_cycling")
		}
		return cardio(model.Cycling, "")
	case w.has("running", "run", "jog", "jogging", "treadmill", "sprint", "sprints", "5k", "10k"):
		switch {
		case w.has("treadmill", "indoor"):
			return cardio(model.Running, "treadmill")
		case w.has("trail"):
			return cardio(model.Running, "trail")
		case w.has("track"):
			return cardio(model.Running, "track")
		}
		return cardio(model.Running, "")
	case w.has("yoga", "stretching", "stretch", "stretches", "warm up", "warmup", "cool down", "cooldown",
		"mobility", "foam roll", "foam rolling", "foam roller", "meditation", "aerobics", "breathing", "massage"):
		return liftActivity{kind: liftSkip}
	}
	if w.has("plank", "hang", "hold", "holds", "wall sit", "l sit", "lsit", "hollow", "isometric", "superman",
		"bridge hold", "static") {
		return liftActivity{kind: liftHold}
	}
	if !strength && strings.EqualFold(strings.TrimSpace(category), "cardio") {
		// FitNotes' Cardio category without a name we know: cardio of no
		// sport backtrack knows (the caller asks only for a row with
		// neither load nor reps: burpees, in the same category, have
		// reps).
		return cardio(model.Other, "")
	}
	return liftActivity{kind: liftLift}
}
