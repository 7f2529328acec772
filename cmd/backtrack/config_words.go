package main

import (
	"context"
	"fmt"

	"github.com/backtrack/backtrack/app"
)

// runConfigSetWord sets an import setting (a word, not a number).
func runConfigSetWord(ctx context.Context, opts *configKeyOptions) error {
	if _, err := app.ParseImportSetting(opts.Key, opts.Value); err != nil {
		return settingError(err)
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := a.SetImportSetting(ctx, opts.Key, opts.Value)
	if err != nil {
		return settingError(err)
	}
	fmt.Fprintf(opts.ErrOut, "%s = %s; the next import uses it for files that do not say\n", opts.Key, v)
	return nil
}

// orDash returns s, or "-" when it is empty.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
