package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
)

type sessionsEditOptions struct {
	*globalOptions
	ID    int64
	Sport string
	JSON  bool
	tzSet bool
}

func newSessionsEditCmd(g *globalOptions) *cobra.Command {
	opts := &sessionsEditOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "edit ID [--sport SPORT] [--tz ZONE]",
		Short: "Correct a session's sport or, where its zone was guessed, its time zone",
		Long: `Correct one session: --sport sets its sport (running, cycling, walking, hiking,
swimming, strength, other), for a track whose file named none or named it wrong;
--tz places its times in ZONE (an IANA name such as Europe/London), for a session
whose file carried no offset. The correction is stored for the session's files, not
its ID, so it survives importing them again; the metrics follow it.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := oneID(args)
			if err != nil {
				return err
			}
			opts.ID = id
			opts.tzSet = cmd.Flags().Changed("tz")
			if opts.Sport == "" && !opts.tzSet {
				return usagef("sessions edit needs --sport or --tz")
			}
			return runSessionsEdit(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Sport, "sport", "", "the session's sport: running, cycling, walking, hiking, swimming, strength or other")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the session after the edit as sessions show --json does")
	return cmd
}

func runSessionsEdit(ctx context.Context, opts *sessionsEditOptions) error {
	var e app.SessionEdit
	var err error
	if e.Sport, err = parseSport(opts.Sport); err != nil {
		return err
	}
	if opts.tzSet {
		loc, err := opts.location()
		if err != nil {
			return err
		}
		e.Zone = loc
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := a.EditSession(ctx, opts.ID, e)
	if err != nil {
		return unknownSessionHint(err)
	}
	if opts.JSON {
		return writeJSON(opts.Out, sessionDetail(d))
	}
	s := d.Session
	if s.ID != opts.ID {
		fmt.Fprintf(opts.ErrOut, "session %d is now part of session %d (another recording of the same activity)\n", opts.ID, s.ID)
	}
	fmt.Fprintf(opts.ErrOut, "session %d: %s, %s; kept for its files, so a re-import keeps it\n", s.ID, sportLabel(&s.Session),
		s.Local().Format("2006-01-02 15:04 -07:00"))
	return nil
}
