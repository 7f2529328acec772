package importers

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
)

// unitSink is a memSink that keeps units and reads files again as the
// store does: only a unit that was assumed, only into another unit.
type unitSink struct {
	*memSink
	unitCalls, rereads int
}

func (u *unitSink) AssumedUnit(_ context.Context, sha string) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.unitCalls++
	if src := u.sources[sha]; src.WeightUnitOrigin.Assumed() {
		return src.WeightUnit, nil
	}
	return "", nil
}

func (u *unitSink) Reread(_ context.Context, src model.Source, ss []model.Session, _ any) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.rereads++
	old := u.sources[src.SHA256]
	if !old.WeightUnitOrigin.Assumed() || old.WeightUnit == src.WeightUnit {
		return "", nil
	}
	u.sources[src.SHA256], u.sessions[src.SHA256] = src, ss
	return old.WeightUnit, nil
}

// TestBatchReread: a Strong export whose unit was assumed kg is read again
// when the import assumes lb, and only then; a FIT file and an export that
// names its unit cost only the hash; importing again in lb is a no-op.
func TestBatchReread(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("strong.csv", "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"+
		"2024-03-09 07:30:00,Legs,45m,Squat (Barbell),1,100.0,5,0,0,,,\n")
	write("quoted.csv", `"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps"`+"\n"+
		`"2";"2025-02-25 14:50:54";"Back";"2134";"Lat Pulldown (Machine)";"1";"50.0";"10"`+"\n")
	if err := os.WriteFile(filepath.Join(dir, "run.fit"), arFIT(t, 0), 0o600); err != nil {
		t.Fatal(err)
	}
	sink := &unitSink{memSink: newMemSink()}
	run := func(opts ...Option) *Summary {
		t.Helper()
		sink.unitCalls, sink.rereads = 0, 0
		sum, err := (&Batch{Sink: sink, Workers: 2, Options: append([]Option{WithLocation(time.UTC)}, opts...)}).Run(context.Background(), []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	load := func() float64 { return sink.session(t, filepath.Join(dir, "strong.csv")).Sets[0].WeightKg }

	sum := run()
	if sum.Imported != 3 || len(sum.Reread) != 0 || load() != 100 {
		t.Fatalf("first import: %+v, load %v", sum, load())
	}
	if src, _ := sink.byPath(filepath.Join(dir, "strong.csv")); src.WeightUnit != "kg" || src.WeightUnitOrigin != model.UnitDefault {
		t.Errorf("source unit %q from %q, want kg by default", src.WeightUnit, src.WeightUnitOrigin)
	}
	if src, _ := sink.byPath(filepath.Join(dir, "quoted.csv")); src.WeightUnit != "kg" || src.WeightUnitOrigin != model.UnitHeader {
		t.Errorf("quoted source unit %q from %q, want kg from its header", src.WeightUnit, src.WeightUnitOrigin)
	}

	sum = run(WithWeightUnit("lb", "--weight-unit lb"))
	want := []FileReread{{Path: filepath.Join(dir, "strong.csv"), WeightUnit: "lb", Was: "kg"}}
	if d := cmp.Diff(want, sum.Reread); d != "" || sum.Imported != 0 || sum.Duplicates != 2 || sum.Files != 3 {
		t.Errorf("in lb: %+v; reread (-want +got):\n%s", sum, d)
	}
	if len(sum.Units) != 1 || sum.Units[0].WeightUnit != "lb" || sum.Units[0].From != "--weight-unit lb" {
		t.Errorf("units %+v, want the file read again in lb", sum.Units)
	}
	if sink.unitCalls != 2 || sink.rereads != 1 {
		t.Errorf("%d unit look-ups and %d readings again, want 2 (the CSV files) and 1", sink.unitCalls, sink.rereads)
	}
	if got := load(); got != 100*0.45359237 {
		t.Errorf("load %v kg, want 100 lb", got)
	}

	sum = run(WithWeightUnit("lb", "the lift_weight_unit setting (lb)"), WithWeightUnitOrigin(model.UnitSetting))
	if sum.Duplicates != 3 || len(sum.Reread) != 0 || sink.rereads != 0 {
		t.Errorf("in lb again: %+v, %d readings again; want three duplicates", sum, sink.rereads)
	}

	// A sink that keeps no units: the same bytes are a duplicate, as
	// before.
	plain := newMemSink()
	runBatch(t, plain, dir)
	sum, err := (&Batch{Sink: plain, Options: []Option{WithWeightUnit("lb", "--weight-unit lb")}}).Run(context.Background(), []string{dir})
	if err != nil || sum.Duplicates != 3 || len(sum.Reread) != 0 {
		t.Errorf("without a Rereader: %+v (%v), want three duplicates", sum, err)
	}
}

// TestSummaryUnsavedReread: a file read again whose commit then failed
// leaves the re-read list, not the imported count.
func TestSummaryUnsavedReread(t *testing.T) {
	s := &Summary{Imported: 1, Reread: []FileReread{{Path: "a.csv", WeightUnit: "lb", Was: "kg"}}}
	s.Unsaved("a.csv", 0, 0, "disk full")
	if s.Imported != 1 || len(s.Reread) != 0 || len(s.Failed) != 1 || s.Failed[0].Error != "not saved: disk full" {
		t.Errorf("summary %+v", s)
	}
}
