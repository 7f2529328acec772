package main

import (
	"context"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// storeSink adapts the store to importers.Sink.
type storeSink struct{ db *store.DB }

func (s storeSink) Known(ctx context.Context, sha string) (bool, string, error) {
	known, reason, err := s.db.SourceKnown(ctx, sha)
	if err != nil || !known {
		return false, "", err
	}
	if reason != "" {
		return false, reason, nil
	}
	return true, "", nil
}

func (s storeSink) Store(ctx context.Context, src model.Source, sessions []model.Session) (int, int, bool, error) {
	out, err := s.db.ImportSource(ctx, src, sessions)
	if err != nil {
		return 0, 0, false, err
	}
	return len(out.SessionIDs), 0, out.Duplicate, nil
}

func (s storeSink) Skipped(ctx context.Context, sha, path, reason string) error {
	return s.db.RecordSkip(ctx, sha, path, reason)
}
