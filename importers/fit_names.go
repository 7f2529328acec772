package importers

import (
	"sync"

	"github.com/muktihari/fit/profile/typedef"
)

// exerciseNames maps a FIT exercise_category to the String of its
// <category>_exercise_name type in the profile (snake_case words such as
// "romanian_deadlift"). Generated from muktihari/fit v0.28.3 profile/typedef.
// The map is built on first use, not at start-up.
var exerciseNames = sync.OnceValue(func() map[typedef.ExerciseCategory]func(uint16) string {
	return map[typedef.ExerciseCategory]func(uint16) string{
		typedef.ExerciseCategoryBandedExercises:   func(v uint16) string { return typedef.BandedExercisesExerciseName(v).String() },
		typedef.ExerciseCategoryBattleRope:        func(v uint16) string { return typedef.BattleRopeExerciseName(v).String() },
		typedef.ExerciseCategoryBenchPress:        func(v uint16) string { return typedef.BenchPressExerciseName(v).String() },
		typedef.ExerciseCategoryBike:              func(v uint16) string { return typedef.BikeExerciseName(v).String() },
		typedef.ExerciseCategoryBikeOutdoor:       func(v uint16) string { return typedef.BikeOutdoorExerciseName(v).String() },
		typedef.ExerciseCategoryCalfRaise:         func(v uint16) string { return typedef.CalfRaiseExerciseName(v).String() },
		typedef.ExerciseCategoryCardio:            func(v uint16) string { return typedef.CardioExerciseName(v).String() },
		typedef.ExerciseCategoryCarry:             func(v uint16) string { return typedef.CarryExerciseName(v).String() },
		typedef.ExerciseCategoryChop:              func(v uint16) string { return typedef.ChopExerciseName(v).String() },
		typedef.ExerciseCategoryCore:              func(v uint16) string { return typedef.CoreExerciseName(v).String() },
		typedef.ExerciseCategoryCrunch:            func(v uint16) string { return typedef.CrunchExerciseName(v).String() },
		typedef.ExerciseCategoryCurl:              func(v uint16) string { return typedef.CurlExerciseName(v).String() },
		typedef.ExerciseCategoryDeadlift:          func(v uint16) string { return typedef.DeadliftExerciseName(v).String() },
		typedef.ExerciseCategoryElliptical:        func(v uint16) string { return typedef.EllipticalExerciseName(v).String() },
		typedef.ExerciseCategoryFloorClimb:        func(v uint16) string { return typedef.FloorClimbExerciseName(v).String() },
		typedef.ExerciseCategoryFlye:              func(v uint16) string { return typedef.FlyeExerciseName(v).String() },
		typedef.ExerciseCategoryHipRaise:          func(v uint16) string { return typedef.HipRaiseExerciseName(v).String() },
		typedef.ExerciseCategoryHipStability:      func(v uint16) string { return typedef.HipStabilityExerciseName(v).String() },
		typedef.ExerciseCategoryHipSwing:          func(v uint16) string { return typedef.HipSwingExerciseName(v).String() },
		typedef.ExerciseCategoryHyperextension:    func(v uint16) string { return typedef.HyperextensionExerciseName(v).String() },
		typedef.ExerciseCategoryIndoorBike:        func(v uint16) string { return typedef.IndoorBikeExerciseName(v).String() },
		typedef.ExerciseCategoryIndoorRow:         func(v uint16) string { return typedef.IndoorRowExerciseName(v).String() },
		typedef.ExerciseCategoryLadder:            func(v uint16) string { return typedef.LadderExerciseName(v).String() },
		typedef.ExerciseCategoryLateralRaise:      func(v uint16) string { return typedef.LateralRaiseExerciseName(v).String() },
		typedef.ExerciseCategoryLegCurl:           func(v uint16) string { return typedef.LegCurlExerciseName(v).String() },
		typedef.ExerciseCategoryLegRaise:          func(v uint16) string { return typedef.LegRaiseExerciseName(v).String() },
		typedef.ExerciseCategoryLunge:             func(v uint16) string { return typedef.LungeExerciseName(v).String() },
		typedef.ExerciseCategoryMove:              func(v uint16) string { return typedef.MoveExerciseName(v).String() },
		typedef.ExerciseCategoryOlympicLift:       func(v uint16) string { return typedef.OlympicLiftExerciseName(v).String() },
		typedef.ExerciseCategoryPlank:             func(v uint16) string { return typedef.PlankExerciseName(v).String() },
		typedef.ExerciseCategoryPlyo:              func(v uint16) string { return typedef.PlyoExerciseName(v).String() },
		typedef.ExerciseCategoryPose:              func(v uint16) string { return typedef.PoseExerciseName(v).String() },
		typedef.ExerciseCategoryPullUp:            func(v uint16) string { return typedef.PullUpExerciseName(v).String() },
		typedef.ExerciseCategoryPushUp:            func(v uint16) string { return typedef.PushUpExerciseName(v).String() },
		typedef.ExerciseCategoryRow:               func(v uint16) string { return typedef.RowExerciseName(v).String() },
		typedef.ExerciseCategoryRun:               func(v uint16) string { return typedef.RunExerciseName(v).String() },
		typedef.ExerciseCategoryRunIndoor:         func(v uint16) string { return typedef.RunIndoorExerciseName(v).String() },
		typedef.ExerciseCategorySandbag:           func(v uint16) string { return typedef.SandbagExerciseName(v).String() },
		typedef.ExerciseCategoryShoulderPress:     func(v uint16) string { return typedef.ShoulderPressExerciseName(v).String() },
		typedef.ExerciseCategoryShoulderStability: func(v uint16) string { return typedef.ShoulderStabilityExerciseName(v).String() },
		typedef.ExerciseCategoryShrug:             func(v uint16) string { return typedef.ShrugExerciseName(v).String() },
		typedef.ExerciseCategorySitUp:             func(v uint16) string { return typedef.SitUpExerciseName(v).String() },
		typedef.ExerciseCategorySled:              func(v uint16) string { return typedef.SledExerciseName(v).String() },
		typedef.ExerciseCategorySledgeHammer:      func(v uint16) string { return typedef.SledgeHammerExerciseName(v).String() },
		typedef.ExerciseCategorySquat:             func(v uint16) string { return typedef.SquatExerciseName(v).String() },
		typedef.ExerciseCategoryStairStepper:      func(v uint16) string { return typedef.StairStepperExerciseName(v).String() },
		typedef.ExerciseCategorySuspension:        func(v uint16) string { return typedef.SuspensionExerciseName(v).String() },
		typedef.ExerciseCategoryTire:              func(v uint16) string { return typedef.TireExerciseName(v).String() },
		typedef.ExerciseCategoryTotalBody:         func(v uint16) string { return typedef.TotalBodyExerciseName(v).String() },
		typedef.ExerciseCategoryTricepsExtension:  func(v uint16) string { return typedef.TricepsExtensionExerciseName(v).String() },
		typedef.ExerciseCategoryWarmUp:            func(v uint16) string { return typedef.WarmUpExerciseName(v).String() },
	}
})
