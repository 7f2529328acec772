package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/testutil"
)

// mcOutcome is what one simulated athlete's report said.
type mcOutcome struct {
	verdicts        map[string]string
	events, onsets  int
	repoNowFindings bool // the old method (issue 6) would have shown a finding
}

// mcSeed fixes the Monte Carlo's athletes; chosen once (issue 13) and kept.
const mcSeed = 13

// mcHash spreads a scenario's name over the seed space.
func mcHash(s string) uint64 {
	h := uint64(1469598103934665603)
	for _, c := range []byte(s) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h << 20
}

// mcAthletes builds n athletes of sc (athlete i from its own seeded stream) and
// their reports, in parallel, through analysis.BuildReport.
func mcAthletes(t *testing.T, sc mcScenario, n int) []mcOutcome {
	t.Helper()
	out := make([]mcOutcome, n)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rng := rand.New(rand.NewPCG(mcSeed, mcHash(sc.name)+uint64(i)))
				in := mcInput(sc.make(rng))
				r, err := analysis.BuildReport(in)
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					continue
				}
				o := mcOutcome{verdicts: map[string]string{}, events: r.Data.PainEvents, onsets: r.Data.EpisodeOnsets,
					repoNowFindings: repoNow(in)}
				for _, s := range r.Suspects {
					o.verdicts[s.Exposure] = s.Verdict
				}
				out[i] = o
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		t.Fatal(firstErr)
	}
	return out
}

// repoNow is the method the report used before issue 13 (the run
// comparison of its first version): every run followed by pain against
// every other run, Fisher's exact test per exposure, Benjamini–Hochberg
// over the seven; it reports whether any q was below 0.05. The Monte Carlo
// checks that it still fails on flare-ups, so that a change that quietly
// brings back that counting shows up.
func repoNow(in analysis.ReportInput) bool {
	runs := in.Runs
	links := analysis.LinkPain(runs, in.Pain)
	painRun := make([]bool, len(runs))
	events := 0
	for i, l := range links {
		if in.Pain[i].Severity >= 1 {
			events++
			if l.Run >= 0 {
				painRun[l.Run] = true
			}
		}
	}
	if events < 5 {
		return false
	}
	cols := []func(k int) (bool, bool){
		func(k int) (bool, bool) { return true, runs[k].Exposure.Deadlift48h },
		func(k int) (bool, bool) { return true, runs[k].Exposure.Strength48h },
		func(k int) (bool, bool) { return true, runs[k].Exposure.Deadlift14d },
		func(k int) (bool, bool) { return runs[k].Exposure.Hilly.Known(), runs[k].Exposure.Hilly.Yes() },
		func(k int) (bool, bool) {
			return runs[k].Exposure.CadenceDrift.Known(), runs[k].Exposure.CadenceDrift.Yes()
		},
	}
	var ps []float64
	for _, col := range cols {
		var a, b, c, d int
		for k := range runs {
			in, x := col(k)
			switch {
			case !in:
			case x && painRun[k]:
				a++
			case x:
				b++
			case painRun[k]:
				c++
			default:
				d++
			}
		}
		if a+b > 0 && c+d > 0 {
			ps = append(ps, analysis.FisherExact(a, b, c, d))
		}
	}
	for _, q := range analysis.BenjaminiHochberg(ps) {
		if q < 0.05 {
			return true
		}
	}
	return false
}

// mcCounts tallies the outcomes of one scenario.
type mcCounts struct {
	n, anyLikely, anyPossible, planted, deadlift, nested, repoNow, fewOnsets int
	events, onsets                                                           float64
}

func tally(sc mcScenario, out []mcOutcome) mcCounts {
	c := mcCounts{n: len(out)}
	for _, o := range out {
		c.events += float64(o.events)
		c.onsets += float64(o.onsets)
		if o.onsets < analysis.MinOnsets {
			c.fewOnsets++
		}
		if o.repoNowFindings {
			c.repoNow++
		}
		for _, v := range o.verdicts {
			if v == analysis.VerdictLikely {
				c.anyLikely++
				break
			}
		}
		for _, v := range o.verdicts {
			if v == analysis.VerdictPossible {
				c.anyPossible++
				break
			}
		}
		if sc.planted != "" && o.verdicts[sc.planted] == analysis.VerdictLikely {
			c.planted++
		}
		if o.verdicts[analysis.ExpDeadlift48h] == analysis.VerdictLikely {
			c.deadlift++
		}
		if o.verdicts[analysis.ExpStrength48h] == analysis.VerdictLikely || o.verdicts[analysis.ExpDeadlift14d] == analysis.VerdictLikely {
			c.nested++
		}
	}
	c.events /= float64(c.n)
	c.onsets /= float64(c.n)
	return c
}

func pctOf(k, n int) string { return fmt.Sprintf("%d of %d (%.1f%%)", k, n, 100*float64(k)/float64(n)) }

// The acceptance targets (issue 13): rates of athletes.
const (
	// targetNull: at most 5% of no-trigger athletes with a likely suspect.
	targetNull = 0.05
	// targetPlanted: a planted trigger likely in at least 90%.
	targetPlanted = 0.90
	// targetBystanderDeadlift: the bystander's deadlift_48h likely in at
	// most 10%; targetBystanderHills: its hills in at least 80%.
	targetBystanderDeadlift = 0.10
	targetBystanderHills    = 0.80
	// targetNested: a nested suspect (strength_48h, deadlift_14d) likely
	// in at most 5% of deadlift-trigger athletes.
	targetNested = 0.05
	// mcLevel is the one-sided level at which a count is taken to miss its
	// target: the margin that n athletes allow.
	mcLevel = 0.05
)

// tooMany reports whether k of n athletes is more than a rate of at most
// p0 would give, beyond chance: P(X ≥ k) < mcLevel for X ~ Binomial(n, p0).
func tooMany(k, n int, p0 float64) bool {
	return k > 0 && distuv.Binomial{N: float64(n), P: p0}.Survival(float64(k-1)) < mcLevel
}

// tooFew reports whether k of n is fewer than a rate of at least p0 would
// give, beyond chance: P(X ≤ k) < mcLevel.
func tooFew(k, n int, p0 float64) bool {
	return distuv.Binomial{N: float64(n), P: p0}.CDF(float64(k)) < mcLevel
}

// mcCheck runs every scenario with n athletes and checks the acceptance
// targets with the margin n athletes allow: a count fails when it is
// beyond its target by more than chance explains at the one-sided 5%
// level (with 200 athletes: 16 or more nulls with a likely suspect, 172 or
// fewer finding a planted trigger). The table it logs says whether each
// rate itself meets its target.
func mcCheck(t *testing.T, n int) {
	var table strings.Builder
	meets := func(ok bool) string {
		if ok {
			return "meets"
		}
		return "MISSES"
	}
	fmt.Fprintf(&table, "%-18s %7s %7s %-22s %-22s %-22s\n", "scenario", "events", "onsets", "any likely", "planted likely", "old method: any q<.05")
	for _, sc := range mcScenarios {
		c := tally(sc, mcAthletes(t, sc, n))
		planted := "–"
		if sc.planted != "" {
			planted = pctOf(c.planted, n)
		}
		fmt.Fprintf(&table, "%-18s %7.1f %7.1f %-22s %-22s %-22s\n", sc.name, c.events, c.onsets, pctOf(c.anyLikely, n), planted, pctOf(c.repoNow, n))
		rate := func(k int) float64 { return float64(k) / float64(n) }
		switch {
		case sc.planted == "":
			fmt.Fprintf(&table, "%-18s target any likely ≤ %.0f%%: %s; any possible %s\n", "", 100*targetNull, meets(rate(c.anyLikely) <= targetNull), pctOf(c.anyPossible, n))
			if tooMany(c.anyLikely, n, targetNull) {
				t.Errorf("%s: %s athletes got a likely suspect: beyond the %.0f%% target", sc.name, pctOf(c.anyLikely, n), 100*targetNull)
			}
		case sc.name == "bystander":
			fmt.Fprintf(&table, "%-18s deadlift_48h likely in %s; targets deadlift ≤ %.0f%%: %s, hills ≥ %.0f%%: %s\n", "", pctOf(c.deadlift, n),
				100*targetBystanderDeadlift, meets(rate(c.deadlift) <= targetBystanderDeadlift),
				100*targetBystanderHills, meets(rate(c.planted) >= targetBystanderHills))
			if tooMany(c.deadlift, n, targetBystanderDeadlift) {
				t.Errorf("bystander: deadlift_48h likely in %s: beyond the %.0f%% target", pctOf(c.deadlift, n), 100*targetBystanderDeadlift)
			}
			if tooFew(c.planted, n, targetBystanderHills) {
				t.Errorf("bystander: hilly_run likely in %s: short of the %.0f%% target", pctOf(c.planted, n), 100*targetBystanderHills)
			}
		default:
			fmt.Fprintf(&table, "%-18s target %s likely ≥ %.0f%%: %s\n", "", sc.planted, 100*targetPlanted, meets(rate(c.planted) >= targetPlanted))
			if tooFew(c.planted, n, targetPlanted) {
				t.Errorf("%s: %s likely in %s: short of the %.0f%% target", sc.name, sc.planted, pctOf(c.planted, n), 100*targetPlanted)
			}
		}
		// The nested suspects (strength without deadlifts, deadlifts 2–14
		// days before) are judged beside their parent, so a deadlift
		// trigger is not split into them.
		if sc.planted == analysis.ExpDeadlift48h {
			fmt.Fprintf(&table, "%-18s strength_48h or deadlift_14d likely in %s\n", "", pctOf(c.nested, n))
			if tooMany(c.nested, n, targetNested) {
				t.Errorf("%s: a nested suspect likely in %s: beyond %.0f%%", sc.name, pctOf(c.nested, n), 100*targetNested)
			}
		}
		// The flare-ups must still fool the old method, or the scenario no
		// longer shows the problem it is for (and a change that quietly
		// brings back the old counting would not show).
		if sc.name == "null_flare" && n >= 100 && !tooMany(c.repoNow, n, targetNull) {
			t.Errorf("null_flare: the old run comparison found something in only %s", pctOf(c.repoNow, n))
		}
	}
	t.Logf("Monte Carlo, %d athletes per scenario (seed %d):\n%s", n, mcSeed, table.String())
}

// TestMonteCarlo is issue 13's acceptance (docs/statistics.md, "Monte
// Carlo"), with 200 athletes per scenario: flare-up and new-habit nulls get
// a likely suspect in at most 5%; planted triggers (deadlift 48 h, hills,
// cadence drift, next-day pain after lifting on rest days, the dose) are
// likely in at least 90%; with hills run after deadlifts, deadlift_48h is
// likely in at most 10% while hilly_run is in at least 80%. Each target is
// asserted with the margin 200 athletes allow (mcCheck); the log says
// whether each rate meets it. It runs with BACKTRACK_HEAVY=1 (about half a
// minute on two cores); TestMonteCarloSmall runs the same with 20
// athletes on every go test.
//
// BACKTRACK_MC_ATHLETES=1000 runs more athletes per scenario (the limits
// scale with them).
func TestMonteCarlo(t *testing.T) {
	testutil.NeedHeavy(t)
	n := 200
	if v, err := strconv.Atoi(os.Getenv("BACKTRACK_MC_ATHLETES")); err == nil && v >= 200 {
		n = v
	}
	mcCheck(t, n)
}

// TestMonteCarloSmall is TestMonteCarlo with 20 athletes per scenario
// (fixed seeds: the same athletes every run), whose margins are wide.
func TestMonteCarloSmall(t *testing.T) {
	mcCheck(t, 20)
}

// TestRidesAlong: with hills run the day after deadlifts and only the
// hills to blame, a deadlift_48h that the time test flags but the adjusted
// model clears is "possible", never likely, and its reason names the
// hills.
func TestRidesAlong(t *testing.T) {
	var sc mcScenario
	for _, s := range mcScenarios {
		if s.name == "bystander" {
			sc = s
		}
	}
	rides := 0
	for i := range 12 {
		rng := rand.New(rand.NewPCG(mcSeed, mcHash(sc.name)+uint64(i)))
		r, err := analysis.BuildReport(mcInput(sc.make(rng)))
		if err != nil {
			t.Fatal(err)
		}
		d := suspect(t, r, analysis.ExpDeadlift48h)
		if d.Findings.RidesAlongWith == "" {
			continue
		}
		rides++
		if d.Verdict != analysis.VerdictPossible || d.Findings.RidesAlongWith != analysis.ExpHillyRun ||
			!strings.Contains(d.Reason, "mostly came together with hilly runs") || !strings.Contains(d.Reason, "ride along") {
			t.Errorf("athlete %d: deadlift_48h %s, rides along with %q: %q", i, d.Verdict, d.Findings.RidesAlongWith, d.Reason)
		}
		if h := suspect(t, r, analysis.ExpHillyRun); h.Verdict != analysis.VerdictLikely {
			t.Errorf("athlete %d: deadlift_48h rides along with hilly_run, which is %s", i, h.Verdict)
		}
	}
	if rides < 3 {
		t.Errorf("deadlift_48h rode along in %d of 12 bystander athletes; the scenario should show it more often", rides)
	}
}

// TestProtective: when hilly runs make pain less likely (a quarter of the
// risk), hilly_run is never likely nor possible: its verdict is no sign,
// with direction "lowers" when that is beyond chance, and its reason says
// so.
func TestProtective(t *testing.T) {
	lowers := 0
	const n = 12
	for i := range n {
		rng := rand.New(rand.NewPCG(mcSeed, 777+uint64(i)))
		// Unlike a trigger, every run but the hilly ones has the higher
		// risk: times4 on the flat runs.
		a := runTrigger(mcSched{}, times4(func(e mcExposure) bool { return e.hilly == mcNo }))(rng)
		r, err := analysis.BuildReport(mcInput(a))
		if err != nil {
			t.Fatal(err)
		}
		h := suspect(t, r, analysis.ExpHillyRun)
		if h.Verdict != analysis.VerdictNoSign || h.Direction == analysis.DirectionRaises {
			t.Errorf("athlete %d: protective hills are %s (%s): %s", i, h.Verdict, h.Direction, h.Reason)
		}
		if h.Direction == analysis.DirectionLowers {
			lowers++
			if !strings.Contains(h.Reason, "less often") || !strings.Contains(h.Reason, "no sign of a trigger") {
				t.Errorf("athlete %d: reason %q", i, h.Reason)
			}
		}
	}
	if lowers < n/2 {
		t.Errorf("protective hills shown as lowering the risk in %d of %d athletes", lowers, n)
	}
}
