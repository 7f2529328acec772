package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"
)

// Exit codes, the same for every command.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	exitPartial = 3
)

func main() { os.Exit(main1()) }

// main1 runs the root command with the process's arguments and streams and
// maps its error to an exit code.
func main1() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts := &globalOptions{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		Now:    time.Now,
		Getenv: os.Getenv,
		StderrIsTerminal: func() bool {
			return term.IsTerminal(int(os.Stderr.Fd()))
		},
		StdoutIsTerminal: func() bool {
			return term.IsTerminal(int(os.Stdout.Fd()))
		},
		Invocation: invocation(os.Args[0]),
	}
	return run(ctx, opts, os.Args[1:])
}

// run executes args against a fresh command tree and returns the exit code.
func run(ctx context.Context, opts *globalOptions, args []string) int {
	root := newRootCmd(opts)
	root.SetArgs(args)
	root.SetIn(opts.In)
	root.SetOut(opts.Out)
	root.SetErr(opts.ErrOut)
	err := root.ExecuteContext(ctx)
	return reportError(opts.ErrOut, err)
}

// reportError prints err (if any) in plain words and returns its exit code.
// The message may name files and quote their content: it passes through
// termSafeText (line breaks kept, for errors that list lines).
func reportError(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	msg := termSafeText(err.Error())
	var pe *partialError
	if errors.As(err, &pe) {
		fmt.Fprintf(w, "backtrack: %s\n", msg)
		return exitPartial
	}
	if isUsageError(err) {
		fmt.Fprintf(w, "backtrack: %s\nRun 'backtrack --help' for usage.\n", msg)
		return exitUsage
	}
	fmt.Fprintf(w, "backtrack: %s\n", msg)
	return exitFailed
}

// usageError marks a bad flag or argument (exit 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usage error (exit 2) with a formatted message.
func usagef(format string, a ...any) error {
	return &usageError{err: fmt.Errorf(format, a...)}
}

func isUsageError(err error) bool {
	var ue *usageError
	if errors.As(err, &ue) {
		return true
	}
	// cobra's own argument and command errors are usage errors too.
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.HasPrefix(msg, p) || strings.Contains(msg, " "+p) {
			return true
		}
	}
	return false
}

// partialError says a batch finished but some items failed or were only
// salvaged (exit 3). Everything good was still kept.
type partialError struct{ msg string }

func (e *partialError) Error() string { return e.msg }
