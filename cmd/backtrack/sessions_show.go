package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

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

func runSessionsShow(ctx context.Context, opts *sessionsShowOptions) error {
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := a.Session(ctx, opts.ID)
	if err != nil {
		return unknownSessionHint(err)
	}
	if opts.JSON {
		return writeJSON(opts.Out, sessionDetail(d))
	}
	printSession(opts.Out, d)
	return nil
}

// printSession writes `sessions show`: the session, its laps and sets,
// then its metrics. Text that comes from the file (names, paths, exercise
// names) passes through termSafe (the name through %q).
func printSession(w io.Writer, d *app.SessionDetail) {
	s := d.Session
	zone := time.FixedZone("", s.OffsetS)
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
		fmt.Fprintf(w, "  device:    %s\n", termSafe(s.Device))
	}
	printRecorder(w, s.Recorder)
	switch s.SportOrigin {
	case model.SportInferred:
		fmt.Fprintf(w, "  sport:     %s, inferred: the file named none (correct it with 'backtrack sessions edit %d --sport SPORT')\n", s.Sport, s.ID)
	case model.SportUser:
		fmt.Fprintf(w, "  sport:     %s, as you set it\n", s.Sport)
	}
	if s.OffsetOrigin.Guessed() || s.OffsetOrigin == model.OffsetUser {
		fmt.Fprintf(w, "  zone:      %s\n", zoneWords(s.OffsetOrigin))
	}
	fmt.Fprintf(w, "  source:    %s (%s, %s)\n", termSafe(s.SourcePath), s.SourceFormat, s.Status)
	for _, l := range d.Links {
		fmt.Fprintf(w, "  also in:   %s (%s)", termSafe(l.Path), l.Format)
		if _, gave, ok := strings.Cut(l.Note, "; gave "); ok {
			fmt.Fprintf(w, ": gave %s", termSafe(gave))
		}
		fmt.Fprintln(w)
	}
	if model.Known(s.RPE) || model.Known(s.Feel) {
		var parts []string
		if model.Known(s.RPE) {
			parts = append(parts, fmt.Sprintf("perceived effort %s/10", strconv.FormatFloat(round(s.RPE, 1), 'f', -1, 64)))
		}
		if model.Known(s.Feel) {
			parts = append(parts, fmt.Sprintf("feel %s/100", strconv.FormatFloat(round(s.Feel, 1), 'f', -1, 64)))
		}
		fmt.Fprintf(w, "  effort:    %s\n", strings.Join(parts, ", "))
	}
	if s.Notes != "" {
		fmt.Fprintf(w, "  notes:     %s\n", strings.ReplaceAll(termSafeText(s.Notes), "\n", "\n             "))
	}
	if d.SamplesErr != nil {
		why := d.SamplesErr
		var se *store.SampleError
		if errors.As(why, &se) {
			why = se.Err
		}
		fmt.Fprintf(w, "  samples:   %d recorded, but damaged: %s (see 'backtrack doctor')\n", s.NSamples, termSafe(why.Error()))
	} else {
		fmt.Fprintf(w, "  samples:   %d\n", s.Samples.Len())
	}
	printFormValues(w, d.Form)
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
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%s\t%s\n", i+1, st.Start.In(zone).Format("15:04:05"), termSafe(st.Category), termSafe(st.Exercise), reps, weight)
		}
		tw.Flush()
		fmt.Fprintf(w, "  volume: %.0f kg (reps × weight)\n", vol)
	}
	printSessionMetrics(w, d)
}

// printSessionMetrics writes the metrics part of `sessions show`.
func printSessionMetrics(w io.Writer, d *app.SessionDetail) {
	s, m, ok, set := d.Session, d.Metrics, d.Analysed, d.Settings
	f := analysis.FormatSetting
	if s.Sport == model.Running {
		fmt.Fprintf(w, "\nMetrics (definitions v%d)\n", analysis.MetricsVersion)
		if !ok {
			fmt.Fprintln(w, "  not analysed yet (run 'backtrack analyze')")
			return
		}
		h, dr := &m.Hills, &m.Drift
		switch {
		case model.Known(h.ClimbPerKm):
			fmt.Fprintf(w, "  hills:     climb %.1f m/km%s, ascent %.0f m, descent %.0f m (altitude: %s, smoothed)\n",
				h.ClimbPerKm, flagWord(d.Hilly, " (hilly: ≥ "+f(set.HillyClimbMPerKm)+" m/km)", ""),
				h.AscentM, h.DescentM, h.AltitudeSource)
			fmt.Fprintf(w, "             grade ≥ 5%%: %.0f%% of the distance uphill, %.0f%% downhill\n",
				100*h.Grade5UpShare, 100*h.Grade5DownShare)
		case analysis.IsIndoor(s.SubSport):
			fmt.Fprintln(w, "  hills:     - (indoors)")
		default:
			fmt.Fprintln(w, "  hills:     - (no usable altitude)")
		}
		if model.Known(dr.CadenceDriftPct) {
			fmt.Fprintf(w, "  cadence:   %.1f → %.1f steps/min late in the run (%+.1f%%%s)",
				dr.CadenceEarlySPM, dr.CadenceLateSPM, dr.CadenceDriftPct, flagWord(d.CadenceDrift, ": cadence drift", ""))
			if model.Known(dr.SpeedChangePct) {
				fmt.Fprintf(w, ", speed %+.1f%%", dr.SpeedChangePct)
			}
			fmt.Fprintln(w)
		} else {
			fmt.Fprintf(w, "  cadence:   - (drift needs %d+ minutes of moving time with cadence; moving %s)\n",
				analysis.MinDriftMovingS/60, duration(dr.MovingS))
		}
		printFormDrift(w, m, set)
		if e := m.Exposure; e != nil {
			fmt.Fprintf(w, "  before:    strength %s, deadlifts %s\n", hoursAgo(e.HoursSinceStrength), hoursAgo(e.HoursSinceDeadlift))
			fmt.Fprintf(w, "             deadlift_48h %s, strength_48h %s (≤ %s h), deadlift_14d %s (≤ %s days)\n",
				yesNo(e.Deadlift48h), yesNo(e.Strength48h), f(set.StrengthWindowH), yesNo(e.Deadlift14d), f(set.DeadliftWindowD))
			fmt.Fprintf(w, "             deadlift volume %.0f kg in 72 h, %.0f kg in 7 days\n", e.DeadliftVolume72hKg, e.DeadliftVolume7dKg)
		}
		return
	}
	if ok && m.Strength != nil {
		st := m.Strength
		fmt.Fprintf(w, "\nStrength: %d sets, %d reps, volume %s, %d deadlift sets (%s)\n", st.Sets, st.Reps,
			kgOrDash(st.VolumeKg), st.DeadliftSets, kgOrDash(st.DeadliftVolumeKg))
		for _, c := range d.Categories {
			fmt.Fprintf(w, "  %-16s %2d sets %4d reps  %s\n", termSafe(c.Category), c.Sets, c.Reps, kgOrDash(c.VolumeKg))
		}
	}
}
