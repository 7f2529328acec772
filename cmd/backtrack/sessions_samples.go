package main

import (
	"context"
	"encoding/csv"
	"math"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/model"
)

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
for foot sports, rpm for cycling) and power_w; then, for a session that recorded
them, the running dynamics ground_contact_ms, gct_balance_left_pct,
vertical_oscillation_mm, vertical_ratio_pct and step_length_mm, and Stryd's
stryd_power_w, stryd_form_power_w, stryd_air_power_w, stryd_lss_kn_m,
stryd_ground_time_ms, stryd_vertical_oscillation_cm and stryd_ilr_bw_s. Missing
values are empty (CSV) or null (JSON).`,
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
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	smp, err := a.Samples(ctx, opts.ID)
	if err != nil {
		return unknownSessionHint(err)
	}
	// The core columns always; an optional one when the session has it.
	var cols []int
	var names []string
	for c, name := range model.SampleColumns {
		if c < model.CoreSampleColumns || len(smp.Column(c)) > 0 {
			cols = append(cols, c)
			names = append(names, name)
		}
	}
	if opts.Format == "json" {
		rows := make([]map[string]*float64, smp.Len())
		for i := range rows {
			row := make(map[string]*float64, len(cols))
			for _, c := range cols {
				row[model.SampleColumns[c]] = num(sampleValue(smp.Value(c, i), c))
			}
			rows[i] = row
		}
		return writeJSON(opts.Out, rows)
	}
	cw := csv.NewWriter(opts.Out)
	if err := cw.Write(names); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for i := 0; i < smp.Len(); i++ {
		for k, c := range cols {
			rec[k] = csvNum(smp.Value(c, i), c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sampleValue rounds a stored sample for display: positions to 1e-7
// degrees (about 1 cm), time to the millisecond, the rest of the core
// columns to float32's shortest form, so that samples stored as float32 by
// databases before schema version 5 show 30.2, not 30.200000762939453. The
// running-form columns, never stored as float32, show exactly what is
// stored: a Stryd value decoded from a float32 is that float32 (what
// Garmin's FIT SDK gives too), 12.109999656677246 rather than 12.11.
func sampleValue(v float64, col int) float64 {
	switch {
	case col == model.ColT:
		return round(v, 3)
	case col == model.ColLat || col == model.ColLon:
		return round(v, 7)
	case col >= model.CoreSampleColumns:
		return v
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
