package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

func newSessionsCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sessions",
		Short: "List and inspect imported sessions",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSessionsListCmd(g), newSessionsShowCmd(g), newSessionsSamplesCmd(g), newSessionsEditCmd(g))
	return cmd
}

// noArgs rejects positional arguments as a usage error.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

// parseSport parses a --sport flag value; "" gives "" (any sport).
func parseSport(v string) (model.Sport, error) {
	if v == "" {
		return "", nil
	}
	sp, ok := model.ParseSport(v)
	if !ok {
		return "", usagef("unknown --sport %q (use running, cycling, walking, hiking, swimming, strength or other)", v)
	}
	return sp, nil
}

// oneID parses the single session ID argument.
func oneID(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("expected one session ID, got %d arguments", len(args))
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not a session ID (a positive number from 'backtrack sessions list')", args[0])
	}
	return id, nil
}

// unknownSessionHint points an error for a session ID the database does
// not hold at the list of sessions; other errors pass as they are.
func unknownSessionHint(err error) error {
	if errors.Is(err, app.ErrUnknownSession) {
		return fmt.Errorf("%w (see 'backtrack sessions list')", err)
	}
	return err
}

type sessionsListOptions struct {
	*globalOptions
	Since, Until, Sport string
	JSON                bool
}

func newSessionsListCmd(g *globalOptions) *cobra.Command {
	opts := &sessionsListOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every session (filter with --since, --until, --sport)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSessionsList(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Since, "since", "", "only sessions on or after this local date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&opts.Until, "until", "", "only sessions on or before this local date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&opts.Sport, "sport", "", "only this sport: running, cycling, walking, hiking, swimming, strength, other")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array")
	return cmd
}

func runSessionsList(ctx context.Context, opts *sessionsListOptions) error {
	f := store.SessionFilter{}
	var err error
	if f.Since, err = parseDate("since", opts.Since); err != nil {
		return err
	}
	if f.Until, err = parseDate("until", opts.Until); err != nil {
		return err
	}
	if f.Sport, err = parseSport(opts.Sport); err != nil {
		return err
	}
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := a.Sessions(ctx, f)
	if err != nil {
		return err
	}
	if opts.JSON {
		ms, _ := a.Metrics(ctx, f)
		out := make([]sessionJSON, 0, len(list))
		for i := range list {
			j := toSessionJSON(&list[i])
			m, ok := ms[list[i].ID]
			j.RunMetricsJSON, j.StrengthMetricsJSON = metricsJSON(&list[i], m, ok)
			out = append(out, j)
		}
		return writeJSON(opts.Out, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.ErrOut, "no sessions (import some with 'backtrack import PATH')")
		return nil
	}
	tw := tabwriter.NewWriter(opts.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTART (LOCAL)\tSPORT\tDURATION\tDISTANCE\tASCENT\tAVG HR\tCADENCE\tSETS\tSTATUS")
	for i := range list {
		s := &list[i]
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID,
			s.Local().Format("2006-01-02 15:04"), sportLabel(&s.Session),
			duration(firstKnown(s.TimerS, s.ElapsedS)), km(s.DistanceM), metres(s.AscentM),
			intOrDash(s.AvgHR), intOrDash(s.AvgCadenceSPM), setsOrDash(s), s.Status)
	}
	return tw.Flush()
}

// sessionJSON is one element of `sessions list --json`. The names are
// stable: users' scripts read them.
type sessionJSON struct {
	ID            int64    `json:"id"`
	Sport         string   `json:"sport"`
	SubSport      string   `json:"sub_sport"`
	Start         string   `json:"start"`
	LocalDate     string   `json:"local_date"`
	TimeAssumed   bool     `json:"time_assumed"`
	TimerS        *float64 `json:"timer_s"`
	ElapsedS      *float64 `json:"elapsed_s"`
	DistanceM     *float64 `json:"distance_m"`
	AscentM       *float64 `json:"ascent_m"`
	DescentM      *float64 `json:"descent_m"`
	AvgHR         *float64 `json:"avg_hr"`
	AvgCadenceSPM *float64 `json:"avg_cadence_spm"`
	Sets          int      `json:"sets"`
	Name          string   `json:"name"`
	Device        string   `json:"device"`
	SourceFormat  string   `json:"source_format"`
	SourcePath    string   `json:"source_path"`
	Status        string   `json:"status"`
	// What the user wrote and felt, and how sure the sport is.
	Notes       string   `json:"notes"`
	RPE         *float64 `json:"rpe"`
	Feel        *float64 `json:"feel"`
	SportOrigin string   `json:"sport_origin"`
	Recordings  int      `json:"recordings"`
	// The analysis's metrics (analyze.go): run fields for runs, strength
	// fields for strength sessions, absent for other sessions.
	*RunMetricsJSON
	*StrengthMetricsJSON
}

func toSessionJSON(s *store.StoredSession) sessionJSON {
	return sessionJSON{
		ID: s.ID, Sport: string(s.Sport), SubSport: s.SubSport,
		Start: s.Local().Format(time.RFC3339), LocalDate: s.LocalDate(), TimeAssumed: s.TimeAssumed,
		TimerS: num(round(s.TimerS, 3)), ElapsedS: num(round(s.ElapsedS, 3)),
		DistanceM: num(round(s.DistanceM, 2)), AscentM: num(round(s.AscentM, 1)), DescentM: num(round(s.DescentM, 1)),
		AvgHR: num(round(s.AvgHR, 1)), AvgCadenceSPM: num(round(s.AvgCadenceSPM, 1)),
		Sets: s.NSets, Name: s.Name, Device: s.Device,
		SourceFormat: string(s.SourceFormat), SourcePath: s.SourcePath, Status: string(s.Status),
		Notes: s.Notes, RPE: num(round(s.RPE, 1)), Feel: num(round(s.Feel, 1)), SportOrigin: sportOrigin(s.SportOrigin),
		Recordings: max(s.NRecordings, 1),
	}
}

// sportOrigin names where a sport came from: "file", "inferred" or "user".
func sportOrigin(o model.SportOrigin) string {
	if o == model.SportFromSource {
		return "file"
	}
	return string(o)
}
