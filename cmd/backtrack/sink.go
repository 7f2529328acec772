package main

import (
	"context"

	"github.com/backtrack/backtrack/importers"
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
	return len(out.SessionIDs), len(out.MergedIDs), out.Duplicate, nil
}

func (s storeSink) Skipped(ctx context.Context, sha, path, reason string) error {
	return s.db.RecordSkip(ctx, sha, path, reason)
}

// archiveMark is the reason recorded (in skipped_sources: an archive is not
// itself a source) for an archive whose every member was imported.
const archiveMark = "archive|imported in full"

func (s storeSink) ArchiveKnown(ctx context.Context, sha string) (bool, error) {
	known, reason, err := s.db.SourceKnown(ctx, sha)
	return known && reason == archiveMark, err
}

func (s storeSink) ArchiveDone(ctx context.Context, a importers.ArchiveInfo) error {
	return s.db.RecordSkip(ctx, a.SHA256, a.Path, archiveMark)
}
