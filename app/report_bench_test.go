package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/report"
	"github.com/backtrack/backtrack/store"
)

// The report's scale target (docs/README.md, "Performance targets": a report
// over 10 years of data, 4,000 sessions, in under 0.5 s).
const (
	// report4000Sessions is how many sessions the database holds.
	report4000Sessions = 4000
	// report4000ChunkMonths is the length of each synthetic athlete the
	// record is built from: five of them, one after the other, make about
	// 12 years (the athlete trains about six times a week), and each is
	// generated, stored and dropped before the next, so that setup never
	// holds more than one chunk's samples.
	report4000ChunkMonths = 30
	// report4000DirPrefix names the fixture's folder under os.TempDir;
	// the process ID follows it, so that a later process can remove the
	// folders of processes that have ended (the fixture is shared by tests
	// and benchmarks, and nothing runs after the last of them).
	report4000DirPrefix = "backtrack-report4000-"
)

// reportFixture is an imported, analysed database of report4000Sessions
// sessions with their pain log, and what went into it.
type reportFixture struct {
	// Path is the database file.
	Path string
	// Sessions, Runs and Strength count the sessions stored, the runs
	// and the strength sessions among them; Pain the pain events.
	Sessions, Runs, Strength, Pain int
	// Samples counts the runs' 1 Hz samples.
	Samples int
	// FirstDate and LastDate are the first and last sessions' local dates.
	FirstDate, LastDate string
	// Setup is how long building the database took.
	Setup time.Duration
}

// report4000 builds the fixture once per test binary; tests and
// benchmarks share it.
var report4000 = sync.OnceValues(buildReportFixture)

// needReport4000 returns the fixture or fails tb.
func needReport4000(tb testing.TB) *reportFixture {
	tb.Helper()
	fx, err := report4000()
	if err != nil {
		tb.Fatalf("report fixture: %v", err)
	}
	return fx
}

// buildReportFixture generates the athlete in chunks and stores each
// session as its own source (as a folder of FIT files would be, without
// writing and decoding them), computes every session's metrics and every
// run's exposures as `backtrack analyze --all` does, and imports the pain
// log.
func buildReportFixture() (*reportFixture, error) {
	start := time.Now()
	removeDeadReportDirs()
	dir, err := os.MkdirTemp("", report4000DirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	fx := &reportFixture{Path: filepath.Join(dir, "backtrack.db")}
	ctx := context.Background()
	db, err := store.Open(ctx, fx.Path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		return nil, err
	}
	first := time.Date(2014, 1, 6, 0, 0, 0, 0, time.UTC)
	var pain []model.PainEvent
	for k := 0; fx.Sessions < report4000Sessions; k++ {
		a := synth.Generate(synth.Config{Seed: 40 + int64(k), Zone: zone, Months: report4000ChunkMonths,
			Start: first.AddDate(0, k*report4000ChunkMonths, 0)})
		sessions := a.Sessions
		if n := report4000Sessions - fx.Sessions; len(sessions) > n {
			sessions = sessions[:n]
		}
		for i := range sessions {
			s := &sessions[i]
			src := model.Source{Path: fmt.Sprintf("bench/%05d.fit", fx.Sessions+1), Format: model.FormatFIT,
				SHA256: fmt.Sprintf("%064x", fx.Sessions+1), Status: model.StatusOK}
			out, err := db.ImportSource(ctx, src, sessions[i:i+1])
			if err != nil {
				return nil, err
			}
			if len(out.SessionIDs) != 1 {
				return nil, fmt.Errorf("session %d (%s at %s): stored %d, merged %d", fx.Sessions+1, s.Sport, s.Start, len(out.SessionIDs), len(out.MergedIDs))
			}
			fx.Sessions++
			switch s.Sport {
			case model.Running:
				fx.Runs++
				fx.Samples += s.Samples.Len()
			case model.Strength:
				fx.Strength++
			}
			date := s.LocalDate()
			if fx.FirstDate == "" {
				fx.FirstDate = date
			}
			fx.LastDate = date
		}
		// A chunk cut short keeps the pain of the runs it kept: a pain
		// event is at most a day after its run.
		for _, e := range a.Pain {
			if e.LocalDate <= fx.LastDate {
				pain = append(pain, e)
			}
		}
	}
	a := &App{DB: db}
	set, err := a.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.UpdateMetrics(ctx, true); err != nil {
		return nil, err
	}
	added, existing, err := db.ImportPain(ctx, pain)
	if err != nil {
		return nil, err
	}
	if existing != 0 {
		return nil, fmt.Errorf("pain log: %d of %d events identical to others", existing, len(pain))
	}
	fx.Pain = added
	st, err := db.MetricsStatus(ctx, analysis.MetricsVersion, set.SampleParams(), set.Fingerprint())
	if err != nil {
		return nil, err
	}
	if !st.Current() {
		return nil, fmt.Errorf("metrics not current after analysing: %+v", st)
	}
	fx.Setup = time.Since(start)
	return fx, db.Close()
}

// removeDeadReportDirs removes the fixture folders of processes that have
// ended. A folder whose process may still run is left alone.
func removeDeadReportDirs() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), report4000DirPrefix+"*"))
	for _, d := range dirs {
		pid, _, ok := strings.Cut(strings.TrimPrefix(filepath.Base(d), report4000DirPrefix), "-")
		n, err := strconv.Atoi(pid)
		if !ok || err != nil || n <= 0 || n == os.Getpid() {
			continue
		}
		if err := syscall.Kill(n, 0); err == syscall.ESRCH {
			os.RemoveAll(d)
		}
	}
}

// reportOnce does what `backtrack report --format format` does over the
// fixture's database: open it, build the report (metrics are current, so
// UpdateMetrics only checks), render it.
func reportOnce(ctx context.Context, fx *reportFixture, render func(io.Writer, *analysis.Report) error, out *bytes.Buffer) (*analysis.Report, error) {
	db, err := store.Open(ctx, fx.Path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var warnings []string
	a := &App{DB: db, Now: func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) },
		Warn: func(msg string) { warnings = append(warnings, msg) }}
	rep, err := a.Report(ctx, ReportQuery{})
	if err != nil {
		return nil, err
	}
	if len(warnings) > 0 {
		return nil, fmt.Errorf("report warned: %q", warnings)
	}
	out.Reset()
	if err := render(out, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// BenchmarkReport4000 measures `backtrack report` over about 12 years of
// one athlete (4,000 sessions, runs with 1 Hz samples, strength sessions
// with sets, a few hundred pain events, many during runs), from an
// imported and analysed database: open it, build the report, render. Budget
// (docs/README.md): under 0.5 s per op, wall time (cpu-ms/op is the CPU it
// takes on every core). The database is built once per test binary (about
// half a minute).
//
//	go test ./app -run '^$' -bench Report4000 -benchtime 3x
func BenchmarkReport4000(b *testing.B) {
	fx := needReport4000(b)
	b.Logf("fixture: %d sessions (%d runs, %d samples; %d strength), %d pain events, %s to %s; built in %v",
		fx.Sessions, fx.Runs, fx.Samples, fx.Strength, fx.Pain, fx.FirstDate, fx.LastDate, fx.Setup.Round(time.Millisecond))
	for _, format := range []string{"md", "json", "html"} {
		b.Run(format, func(b *testing.B) {
			render, ok := report.Renderer(format)
			if !ok {
				b.Skipf("no %s renderer", format)
			}
			ctx := context.Background()
			var out bytes.Buffer
			// Collect the garbage of the fixture or of the last
			// sub-benchmark now, and return the memory, not during the loop.
			debug.FreeOSMemory()
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := reportOnce(ctx, fx, render, &out); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time, garbage collection and SQLite included: the wall
			// time on a busy machine says more about the other processes.
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(fx.Sessions), "sessions")
			b.ReportMetric(float64(out.Len()), "bytes/report")
		})
	}
}

// BenchmarkBuildReport4000 measures the analysis alone over the same
// fixture: analysis.BuildReport on the gathered input (the samples it
// reads for pain during runs and the cadence curves included), without
// opening the database, gathering the input or rendering.
//
//	go test ./app -run '^$' -bench BuildReport4000 -benchtime 5x
func BenchmarkBuildReport4000(b *testing.B) {
	fx := needReport4000(b)
	ctx := context.Background()
	db, err := store.Open(ctx, fx.Path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	a := &App{DB: db, Now: func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }, Warn: func(string) {}}
	in, err := a.ReportInput(ctx, ReportQuery{})
	if err != nil {
		b.Fatal(err)
	}
	debug.FreeOSMemory()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := analysis.BuildReport(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// cpuTime returns the CPU time the process has used, user and system,
// every thread.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestReport4000Budget checks the report at the scale of the performance
// target: it builds, counts what went in, and its JSON holds no NaN or
// infinity. Its speed is BenchmarkReport4000's to measure (timed tests are
// flaky). It runs only with BACKTRACK_HEAVY=1: building the database takes
// about half a minute.
func TestReport4000Budget(t *testing.T) {
	testutil.NeedHeavy(t)
	fx := needReport4000(t)
	t.Logf("fixture: %d sessions (%d runs, %d strength), %d pain events; built in %v",
		fx.Sessions, fx.Runs, fx.Strength, fx.Pain, fx.Setup.Round(time.Millisecond))
	if fx.Sessions != report4000Sessions {
		t.Fatalf("fixture has %d sessions, want %d", fx.Sessions, report4000Sessions)
	}
	if fx.Pain < 100 {
		t.Errorf("fixture has %d pain events, want 100 or more", fx.Pain)
	}
	ctx := context.Background()
	var out bytes.Buffer
	rep, err := reportOnce(ctx, fx, report.JSON, &out)
	if err != nil {
		t.Fatal(err)
	}
	d := rep.Data
	t.Logf("report: %d runs with pain, %d pain events during runs; cadence curves over %d + %d runs",
		d.RunsWithPain, d.PainEventsDuringRuns, rep.Charts.CurveRunsPain, rep.Charts.CurveRunsRest)
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"sessions", d.Sessions, fx.Sessions},
		{"runs", d.Runs, fx.Runs},
		{"strength sessions", d.StrengthSessions, fx.Strength},
		{"pain events", d.PainEvents, fx.Pain},
	} {
		if c.got != c.want {
			t.Errorf("report counts %d %s, want %d", c.got, c.name, c.want)
		}
	}
	if d.From != fx.FirstDate || d.To != fx.LastDate {
		t.Errorf("report covers %s to %s, want %s to %s", d.From, d.To, fx.FirstDate, fx.LastDate)
	}
	if d.PainEventsDuringRuns == 0 || d.PainEventsDuringRuns > d.PainEventsWithRun || d.PainEventsWithRun > d.PainEvents {
		t.Errorf("pain events: %d during runs, %d with a run, of %d", d.PainEventsDuringRuns, d.PainEventsWithRun, d.PainEvents)
	}
	if n := len(rep.PainDuringRuns.Events); n != d.PainEventsDuringRuns {
		t.Errorf("%d onset events, want one per pain event during a run (%d)", n, d.PainEventsDuringRuns)
	}
	if len(rep.Suspects) != len(analysis.SuspectIDs()) {
		t.Errorf("%d suspects, want %d", len(rep.Suspects), len(analysis.SuspectIDs()))
	}
	if !rep.Tested() {
		t.Errorf("only %d pain episodes began: nothing tested", rep.Data.EpisodeOnsets)
	}
	if !json.Valid(out.Bytes()) {
		t.Fatalf("report JSON does not parse:\n%.2000s", out.String())
	}
	checkNoNaN(t, "json", out.Bytes())
	var back analysis.Report
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Errorf("report JSON does not decode into analysis.Report: %v", err)
	}
	for _, format := range []string{"md", "html"} {
		render, ok := report.Renderer(format)
		if !ok {
			t.Errorf("no %s renderer", format)
			continue
		}
		if _, err := reportOnce(ctx, fx, render, &out); err != nil {
			t.Errorf("%s: %v", format, err)
		} else if out.Len() == 0 {
			t.Errorf("%s: empty report", format)
		} else {
			checkNoNaN(t, format, out.Bytes())
		}
	}
}

// notANumber matches what fmt prints for NaN and the infinities.
var notANumber = regexp.MustCompile(`NaN|[+-]Inf\b`)

// checkNoNaN fails t where the report text holds a printed NaN or infinity.
func checkNoNaN(t *testing.T, format string, text []byte) {
	t.Helper()
	for _, loc := range notANumber.FindAllIndex(text, 3) {
		t.Errorf("%s report prints %s: …%s…", format, text[loc[0]:loc[1]], text[max(0, loc[0]-200):min(len(text), loc[1]+50)])
	}
}

// TestReport4000Pages writes the 4,000-session report (about 12 years) as
// HTML and Markdown into the folder BACKTRACK_HTML_OUT names, to look at
// in a browser at phone and desktop widths; without it the test is
// skipped (building the database takes about half a minute):
//
//	BACKTRACK_HTML_OUT=/tmp/r go test ./app -run Report4000Pages
func TestReport4000Pages(t *testing.T) {
	dir := os.Getenv("BACKTRACK_HTML_OUT")
	if dir == "" {
		t.Skip("BACKTRACK_HTML_OUT is not set")
	}
	fx := needReport4000(t)
	ctx := context.Background()
	var out bytes.Buffer
	for _, f := range []struct{ format, name string }{{"html", "report4000.html"}, {"md", "report4000.md"}} {
		render, _ := report.Renderer(f.format)
		if _, err := reportOnce(ctx, fx, render, &out); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
