package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Start-up: no package of ours does work at init time (a table, a template
// or a font built before main runs costs every command, --help included).
// A sentinel error costs one allocation at init and a lazy holder
// (sync.OnceValue) two; a table built at init costs hundreds, so these
// bounds leave room for the first and catch the second.
const (
	// maxInitAllocs bounds the allocations of one of our packages' init.
	maxInitAllocs = 32
	// maxInitBytes bounds the bytes one of our packages' init allocates.
	maxInitBytes = 4 << 10
	// modulePrefix names our packages in the init trace; the command's own
	// package shows there as "main".
	modulePrefix = "github.com/backtrack/backtrack/"
)

// initExempt names packages allowed over the bounds for now, with why
// (none today).
var initExempt = map[string]string{}

// buildBinary builds backtrack into a temporary folder and returns its
// path. The command's tests run in its package folder.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skipf("no go command to build backtrack with: %v", err)
	}
	bin := filepath.Join(tb.TempDir(), "backtrack")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute) // a watchdog, not a bound
	defer cancel()
	out, err := exec.CommandContext(ctx, goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// initLine is one line of GODEBUG=inittrace=1 output:
// "init github.com/x/y @1.2 ms, 0.05 ms clock, 2024 bytes, 21 allocs".
var initLine = regexp.MustCompile(`^init (\S+) @\S+ ms, (\S+) ms clock, (\d+) bytes, (\d+) allocs$`)

// initStat is what the init trace says of one package.
type initStat struct {
	pkg           string
	clockMS       float64
	bytes, allocs int
}

// initTrace runs bin --help with GODEBUG=inittrace=1 and returns the trace.
func initTrace(t *testing.T, bin string) []initStat {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a watchdog, not a bound
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--help")
	cmd.Env = append(cmd.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("backtrack --help: %v\n%s", err, stderr.Bytes())
	}
	var stats []initStat
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		m := initLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		clock, _ := strconv.ParseFloat(m[2], 64)
		b, _ := strconv.Atoi(m[3])
		a, _ := strconv.Atoi(m[4])
		stats = append(stats, initStat{pkg: m[1], clockMS: clock, bytes: b, allocs: a})
	}
	if len(stats) == 0 {
		t.Fatalf("no init trace in backtrack --help's stderr:\n%s", stderr.Bytes())
	}
	return stats
}

// TestNoInitWork checks that none of our packages allocates more than a
// little at init: start-up work belongs in a sync.OnceValue (or a
// constant). It counts allocations, never time, so a busy machine cannot
// fail it; BenchmarkStartup measures the time.
func TestNoInitWork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary: skipped under -short")
	}
	bin := buildBinary(t)
	ours := 0
	for _, s := range initTrace(t, bin) {
		if s.pkg != "main" && !strings.HasPrefix(s.pkg, modulePrefix) {
			continue
		}
		ours++
		over := s.allocs > maxInitAllocs || s.bytes > maxInitBytes
		why, exempt := initExempt[s.pkg]
		switch {
		case over && exempt:
			t.Logf("%s: %d allocations, %d bytes at init (exempt: %s)", s.pkg, s.allocs, s.bytes, why)
		case over:
			t.Errorf("%s: %d allocations, %d bytes at init; want at most %d and %d: build it on first use (sync.OnceValue)",
				s.pkg, s.allocs, s.bytes, maxInitAllocs, maxInitBytes)
		case exempt:
			t.Logf("%s: %d allocations, %d bytes at init: its exemption (%s) can go", s.pkg, s.allocs, s.bytes, why)
		default:
			t.Logf("%s: %d allocations, %d bytes, %.3f ms at init", s.pkg, s.allocs, s.bytes, s.clockMS)
		}
	}
	if ours == 0 {
		t.Errorf("the init trace names none of our packages (%s…, main)", modulePrefix)
	}
}

// BenchmarkStartup runs the built binary with --help: the whole cost of
// starting backtrack (exec, runtime, every package's init, cobra). The
// target is under 10 ms a start.
func BenchmarkStartup(b *testing.B) {
	bin := buildBinary(b)
	for b.Loop() {
		cmd := exec.Command(bin, "--help")
		cmd.Stdout = io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
}
