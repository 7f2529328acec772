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
	n, anyLikely, planted, deadlift, repoNow, fewOnsets int
	events, onsets                                      float64
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
		if sc.planted != "" && o.verdicts[sc.planted] == analysis.VerdictLikely {
			c.planted++
		}
		if o.verdicts[analysis.ExpDeadlift48h] == analysis.VerdictLikely {
			c.deadlift++
		}
	}
	c.events /= float64(c.n)
	c.onsets /= float64(c.n)
	return c
}

func pctOf(k, n int) string { return fmt.Sprintf("%d of %d (%.1f%%)", k, n, 100*float64(k)/float64(n)) }

// mcCheck runs every scenario with n athletes and checks the acceptance
// targets, scaled: limits are per 200 athletes (nulls at most nullMax any
// likely, planted triggers at least plantedMin likely, the bystander's
// deadlifts at most bystanderMax likely).
func mcCheck(t *testing.T, n int, nullMax, plantedMin, bystanderMax, hillsMin int) {
	scale := func(k int) int { return k * n / 200 }
	var table strings.Builder
	fmt.Fprintf(&table, "%-18s %7s %7s %-22s %-22s %-22s\n", "scenario", "events", "onsets", "any likely", "planted likely", "old method: any q<.05")
	for _, sc := range mcScenarios {
		c := tally(sc, mcAthletes(t, sc, n))
		planted := "–"
		if sc.planted != "" {
			planted = pctOf(c.planted, n)
		}
		fmt.Fprintf(&table, "%-18s %7.1f %7.1f %-22s %-22s %-22s\n", sc.name, c.events, c.onsets, pctOf(c.anyLikely, n), planted, pctOf(c.repoNow, n))
		switch {
		case sc.planted == "":
			if c.anyLikely > scale(nullMax) {
				t.Errorf("%s: %s athletes got a likely suspect, want at most %d", sc.name, pctOf(c.anyLikely, n), scale(nullMax))
			}
		case sc.name == "bystander":
			if c.deadlift > scale(bystanderMax) {
				t.Errorf("bystander: deadlift_48h likely in %s, want at most %d", pctOf(c.deadlift, n), scale(bystanderMax))
			}
			if c.planted < scale(hillsMin) {
				t.Errorf("bystander: hilly_run likely in %s, want at least %d", pctOf(c.planted, n), scale(hillsMin))
			}
			fmt.Fprintf(&table, "%-18s deadlift_48h likely in %s\n", "", pctOf(c.deadlift, n))
		default:
			if c.planted < scale(plantedMin) {
				t.Errorf("%s: %s likely in %s, want at least %d", sc.name, sc.planted, pctOf(c.planted, n), scale(plantedMin))
			}
		}
		if sc.name == "null_flare" && n >= 100 && c.repoNow <= n*5/100 {
			t.Errorf("null_flare: the old run comparison found something in only %s: the scenario no longer shows the problem it is for", pctOf(c.repoNow, n))
		}
	}
	t.Logf("Monte Carlo, %d athletes per scenario (seed %d):\n%s", n, mcSeed, table.String())
}

// TestMonteCarlo is issue 13's acceptance (docs/statistics.md, "Monte
// Carlo"), with 200 athletes per scenario: flare-up and new-habit nulls get
// a likely suspect in at most 5% (10 of 200); planted triggers (deadlift
// 48 h, hills, cadence drift, next-day pain after lifting on rest days, the
// dose) are likely in at least 90% (180); with hills run after deadlifts,
// deadlift_48h is likely in at most 10% (20) while hilly_run is in at least
// 80% (160). A fixed seed passes with room: at the rates of the design's
// 1,000-athlete runs, 200 draws of a 3% rate exceed 10 with probability
// about 3%, and a 94% power falls below 180 with about 1.5%. It runs with
// BACKTRACK_HEAVY=1 (about a minute on two cores); TestMonteCarloSmall runs
// the same with 20 athletes on every go test.
//
// BACKTRACK_MC_ATHLETES=1000 runs more athletes per scenario (the limits
// scale with them).
func TestMonteCarlo(t *testing.T) {
	testutil.NeedHeavy(t)
	n := 200
	if v, err := strconv.Atoi(os.Getenv("BACKTRACK_MC_ATHLETES")); err == nil && v >= 200 {
		n = v
	}
	mcCheck(t, n, 10, 180, 20, 160)
}

// TestMonteCarloSmall is TestMonteCarlo with 20 athletes per scenario and
// loose bounds (fixed seeds: the same athletes every run).
func TestMonteCarloSmall(t *testing.T) {
	mcCheck(t, 20, 30, 150, 40, 140)
}
