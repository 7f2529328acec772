package main

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/web"
)

type serveOptions struct {
	*globalOptions
	Addr string
	Open bool
}

func newServeCmd(g *globalOptions) *cobra.Command {
	opts := &serveOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "serve [--addr HOST:PORT] [--open]",
		Short: "Open the local web app: timeline, runs, pain log, report",
		Long: `Start the local web app on this machine and print its link as the first line:
backtrack is at http://127.0.0.1:PORT/?token=...

Open that link in a browser (--open does it for you). The token in it is the key:
the server swaps it for a cookie and answers nothing without one. It listens on
127.0.0.1 on a free port unless --addr says otherwise; an address other than
loopback lets other machines reach it, and it warns. Ctrl-C stops it.

Pages: a timeline of runs, strength sessions and pain (by year, month or week), a
page per run with its charts and the pain matched to it, the pain log with a form
to add, edit and delete events, and the report. Every change goes through the same
checks as 'backtrack pain add', 'edit' and 'rm'.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("addr") && opts.Addr == "" {
				return usagef("--addr needs HOST:PORT, e.g. 127.0.0.1:8080")
			}
			return runServe(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:0", "the address to listen on (port 0: a free port)")
	cmd.Flags().BoolVar(&opts.Open, "open", false, "open the link in your browser")
	return cmd
}

func runServe(ctx context.Context, opts *serveOptions) error {
	loc, err := opts.painLocation()
	if err != nil {
		return err
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	srv, err := web.Listen(opts.Addr, web.Config{App: a, Zone: loc})
	if err != nil {
		return usagef("cannot listen on %s: %v", opts.Addr, err)
	}
	fmt.Fprintf(opts.Out, "backtrack is at %s\n", srv.URL())
	if !web.IsLoopback(srv.Addr()) {
		opts.warn(fmt.Sprintf("listening on %s, which other machines may reach: anyone with the link can read and change your pain log", srv.Addr()))
	}
	fmt.Fprintln(opts.ErrOut, "backtrack: serving until Ctrl-C")
	if opts.Open {
		if err := openBrowser(srv.URL()); err != nil {
			opts.warn("cannot open a browser: " + err.Error())
		}
	}
	if err := srv.Serve(ctx); err != nil {
		return err
	}
	fmt.Fprintln(opts.ErrOut, "backtrack: stopped")
	return nil
}

// openBrowser opens url with the system's opener (open on macOS, xdg-open
// elsewhere), without waiting for it.
func openBrowser(url string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	cmd := exec.Command(name, url)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
