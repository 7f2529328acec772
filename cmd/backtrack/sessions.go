package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

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
	cmd.AddCommand(newSessionsListCmd(g), newSessionsShowCmd(g), newSessionsSamplesCmd(g))
	return cmd
}

// noArgs rejects positional arguments as a usage error.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
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
	if opts.Sport != "" {
		sp, ok := model.ParseSport(opts.Sport)
		if !ok {
			return usagef("unknown --sport %q (use running, cycling, walking, hiking, swimming, strength or other)", opts.Sport)
		}
		f.Sport = sp
	}
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.ListSessions(ctx, f)
	if err != nil {
		return err
	}
	if opts.JSON {
		ms, _ := readMetrics(ctx, db, f, opts.ErrOut)
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
	}
}

type sessionsShowOptions struct {
	*globalOptions
	ID   int64
	JSON bool
}

func newSessionsShowCmd(g *globalOptions) *cobra.Command {
	opts := &sessionsShowOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one session with its laps and strength sets",
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := oneID(args)
			if err != nil {
				return err
			}
			opts.ID = id
			return runSessionsShow(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON object")
	return cmd
}

// sessionDetailJSON is `sessions show --json`: the list fields plus laps and sets.
type sessionDetailJSON struct {
	sessionJSON
	OffsetOrigin string    `json:"offset_origin"`
	Samples      int       `json:"samples"`
	Laps         []lapJSON `json:"laps"`
	SetList      []setJSON `json:"set_list"`
}

type lapJSON struct {
	Start         string   `json:"start"`
	TimerS        *float64 `json:"timer_s"`
	ElapsedS      *float64 `json:"elapsed_s"`
	DistanceM     *float64 `json:"distance_m"`
	AscentM       *float64 `json:"ascent_m"`
	AvgHR         *float64 `json:"avg_hr"`
	AvgCadenceSPM *float64 `json:"avg_cadence_spm"`
}

type setJSON struct {
	Start     string   `json:"start"`
	DurationS *float64 `json:"duration_s"`
	Category  string   `json:"category"`
	Exercise  string   `json:"exercise"`
	Reps      *int     `json:"reps"`
	WeightKg  *float64 `json:"weight_kg"`
}

func runSessionsShow(ctx context.Context, opts *sessionsShowOptions) error {
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.GetSession(ctx, opts.ID, true)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no session with ID %d (see 'backtrack sessions list')", opts.ID)
	}
	if err != nil {
		return err
	}
	zone := time.FixedZone("", s.OffsetS)
	ms, set := readMetrics(ctx, db, store.SessionFilter{}, opts.ErrOut)
	m, analysed := ms[s.ID]
	if opts.JSON {
		d := sessionDetailJSON{sessionJSON: toSessionJSON(s), OffsetOrigin: string(s.OffsetOrigin),
			Samples: s.Samples.Len(), Laps: []lapJSON{}, SetList: []setJSON{}}
		d.RunMetricsJSON, d.StrengthMetricsJSON = metricsJSON(s, m, analysed)
		if d.StrengthMetricsJSON != nil {
			d.Categories = categoriesJSON(&s.Session)
		}
		for _, l := range s.Laps {
			d.Laps = append(d.Laps, lapJSON{Start: l.Start.In(zone).Format(time.RFC3339),
				TimerS: num(round(l.TimerS, 3)), ElapsedS: num(round(l.ElapsedS, 3)), DistanceM: num(round(l.DistanceM, 2)),
				AscentM: num(round(l.AscentM, 1)), AvgHR: num(round(l.AvgHR, 1)), AvgCadenceSPM: num(round(l.AvgCadenceSPM, 1))})
		}
		for _, st := range s.Sets {
			j := setJSON{Start: st.Start.In(zone).Format(time.RFC3339), DurationS: num(round(st.DurationS, 3)),
				Category: st.Category, Exercise: st.Exercise, WeightKg: num(round(st.WeightKg, 3))}
			if st.Reps != model.NoReps {
				r := st.Reps
				j.Reps = &r
			}
			d.SetList = append(d.SetList, j)
		}
		return writeJSON(opts.Out, d)
	}
	w := opts.Out
	fmt.Fprintf(w, "Session %d: %s", s.ID, sportLabel(&s.Session))
	if s.Name != "" {
		fmt.Fprintf(w, " %q", s.Name)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  start:     %s", s.Local().Format("Mon 2006-01-02 15:04:05 -07:00"))
	if s.TimeAssumed {
		fmt.Fprint(w, " (time of day assumed: the source gave only the date)")
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  duration:  %s moving, %s elapsed\n", duration(s.TimerS), duration(s.ElapsedS))
	fmt.Fprintf(w, "  distance:  %s   ascent: %s   descent: %s\n", km(s.DistanceM), metres(s.AscentM), metres(s.DescentM))
	fmt.Fprintf(w, "  heart rate: %s bpm   cadence: %s\n", intOrDash(s.AvgHR), cadence(&s.Session))
	if s.Device != "" {
		fmt.Fprintf(w, "  device:    %s\n", s.Device)
	}
	fmt.Fprintf(w, "  source:    %s (%s, %s)\n", s.SourcePath, s.SourceFormat, s.Status)
	links, err := db.LinkedSources(ctx, s.ID)
	if err != nil {
		return err
	}
	for _, l := range links {
		fmt.Fprintf(w, "  also in:   %s (%s)\n", l.Path, l.Format)
	}
	fmt.Fprintf(w, "  samples:   %d\n", s.Samples.Len())
	if len(s.Laps) > 0 {
		fmt.Fprintf(w, "\nLaps\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  #\tSTART\tTIME\tDISTANCE\tASCENT\tAVG HR\tCADENCE")
		for i, l := range s.Laps {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, l.Start.In(zone).Format("15:04:05"),
				duration(firstKnown(l.TimerS, l.ElapsedS)), km(l.DistanceM), metres(l.AscentM), intOrDash(l.AvgHR), intOrDash(l.AvgCadenceSPM))
		}
		tw.Flush()
	}
	if len(s.Sets) > 0 {
		fmt.Fprintf(w, "\nSets (active)\n")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  #\tSTART\tCATEGORY\tEXERCISE\tREPS\tWEIGHT")
		var vol float64
		for i, st := range s.Sets {
			reps := "-"
			if st.Reps != model.NoReps {
				reps = strconv.Itoa(st.Reps)
			}
			weight := "-"
			if model.Known(st.WeightKg) {
				weight = strconv.FormatFloat(round(st.WeightKg, 1), 'f', -1, 64) + " kg"
			}
			vol += st.VolumeKg()
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", i+1, st.Start.In(zone).Format("15:04:05"), st.Category, st.Exercise, reps, weight)
		}
		tw.Flush()
		fmt.Fprintf(w, "  volume: %.0f kg (reps × weight)\n", vol)
	}
	printSessionMetrics(w, s, m, analysed, set)
	return nil
}

type sessionsSamplesOptions struct {
	*globalOptions
	ID     int64
	Format string
}

func newSessionsSamplesCmd(g *globalOptions) *cobra.Command {
	opts := &sessionsSamplesOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "samples ID",
		Short: "Export one session's samples (time series) as CSV or JSON",
		Long: `Export one session's samples: one row per record with t_s (seconds since the
start), lat_deg, lon_deg, alt_m, dist_m, speed_mps, hr_bpm, cadence_spm (steps/min
for foot sports, rpm for cycling) and power_w. Missing values are empty (CSV) or
null (JSON).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := oneID(args)
			if err != nil {
				return err
			}
			opts.ID = id
			if opts.Format != "csv" && opts.Format != "json" {
				return usagef("--format must be csv or json, not %q", opts.Format)
			}
			return runSessionsSamples(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "csv", "csv or json")
	return cmd
}

func runSessionsSamples(ctx context.Context, opts *sessionsSamplesOptions) error {
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.GetSession(ctx, opts.ID, false); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no session with ID %d (see 'backtrack sessions list')", opts.ID)
	} else if err != nil {
		return err
	}
	smp, err := db.Samples(ctx, opts.ID)
	if err != nil {
		return err
	}
	cols := smp.Columns()
	if opts.Format == "json" {
		rows := make([]map[string]*float64, smp.Len())
		for i := range rows {
			row := make(map[string]*float64, len(cols))
			for c, name := range model.SampleColumns {
				row[name] = num(sampleValue((*cols[c])[i], c))
			}
			rows[i] = row
		}
		return writeJSON(opts.Out, rows)
	}
	cw := csv.NewWriter(opts.Out)
	if err := cw.Write(model.SampleColumns); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for i := 0; i < smp.Len(); i++ {
		for c := range cols {
			rec[c] = csvNum((*cols[c])[i], c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sampleValue rounds a stored sample for display: positions to 1e-7
// degrees (about 1 cm), time to the millisecond, the rest to float32's
// shortest form, so that samples stored as float32 by databases before
// schema version 5 show 30.2, not 30.200000762939453.
func sampleValue(v float64, col int) float64 {
	switch model.SampleColumns[col] {
	case "t_s":
		return round(v, 3)
	case "lat_deg", "lon_deg":
		return round(v, 7)
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', -1, 32), 64)
	return f
}

func csvNum(v float64, col int) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(sampleValue(v, col), 'f', -1, 64)
}

// Text formatting helpers: "-" stands for a missing value.

func sportLabel(s *model.Session) string {
	if s.SubSport != "" && s.SubSport != "generic" {
		return string(s.Sport) + "/" + s.SubSport
	}
	return string(s.Sport)
}

func firstKnown(vs ...float64) float64 {
	for _, v := range vs {
		if model.Known(v) {
			return v
		}
	}
	return model.Missing
}

func duration(sec float64) string {
	if !model.Known(sec) {
		return "-"
	}
	d := time.Duration(math.Round(sec)) * time.Second
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

func km(m float64) string {
	if !model.Known(m) {
		return "-"
	}
	return fmt.Sprintf("%.2f km", m/1000)
}

func metres(m float64) string {
	if !model.Known(m) {
		return "-"
	}
	return fmt.Sprintf("%.0f m", m)
}

func intOrDash(v float64) string {
	if !model.Known(v) {
		return "-"
	}
	return strconv.Itoa(int(math.Round(v)))
}

func cadence(s *model.Session) string {
	if !model.Known(s.AvgCadenceSPM) {
		return "-"
	}
	if s.Sport == model.Cycling {
		return fmt.Sprintf("%.0f rpm", s.AvgCadenceSPM)
	}
	return fmt.Sprintf("%.0f steps/min", s.AvgCadenceSPM)
}

func setsOrDash(s *store.StoredSession) string {
	if s.Sport != model.Strength && s.NSets == 0 {
		return "-"
	}
	return strconv.Itoa(s.NSets)
}
