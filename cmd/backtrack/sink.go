package main

import (
	"context"
	"fmt"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// storeSink adapts the store to importers.Sink and importers.Preparer: the
// decoding workers pack each file's samples, and the writer stores the
// files through one store.Importer (each file whole, many to a commit).
// Close it when the batch is done, before using db for other writes.
type storeSink struct {
	db *store.DB
	im *store.Importer
}

func newStoreSink(db *store.DB) *storeSink {
	return &storeSink{db: db, im: db.NewImporter()}
}

// Close commits what the batch stored.
func (s *storeSink) Close() error {
	return s.im.Close()
}

func (s *storeSink) Known(ctx context.Context, sha string) (bool, string, error) {
	known, reason, err := s.db.SourceKnown(ctx, sha)
	if err != nil || !known {
		return false, "", err
	}
	if reason != "" {
		return false, reason, nil
	}
	return true, "", nil
}

func (s *storeSink) Store(ctx context.Context, src model.Source, sessions []model.Session) (int, int, bool, error) {
	return prepareAndStore(ctx, s, src, sessions)
}

// prepareAndStore is importers.Sink's Store for a Preparer: Prepare, then
// StorePrepared, in the calling goroutine.
func prepareAndStore(ctx context.Context, p importers.Preparer, src model.Source, sessions []model.Session) (int, int, bool, error) {
	x, err := p.Prepare(sessions)
	if err != nil {
		return 0, 0, false, err
	}
	return p.StorePrepared(ctx, src, x)
}

func (s *storeSink) Prepare(sessions []model.Session) (any, error) {
	return store.Pack(sessions)
}

func (s *storeSink) StorePrepared(ctx context.Context, src model.Source, prepared any) (int, int, bool, error) {
	p, ok := prepared.(*store.Packed)
	if !ok {
		return 0, 0, false, fmt.Errorf("store %s: prepared as %T, not by this sink", src.Path, prepared)
	}
	out, err := s.im.Import(ctx, src, p)
	p.Release()
	if err != nil {
		return 0, 0, false, err
	}
	return len(out.SessionIDs), len(out.MergedIDs), out.Duplicate, nil
}

func (s *storeSink) Skipped(ctx context.Context, sha, path, reason string) error {
	return s.im.RecordSkip(ctx, sha, path, reason)
}

// archiveMark is the reason recorded (in skipped_sources: an archive is not
// itself a source) for an archive whose every member was imported.
const archiveMark = "archive|imported in full"

func (s *storeSink) ArchiveKnown(ctx context.Context, sha string) (bool, error) {
	known, reason, err := s.db.SourceKnown(ctx, sha)
	return known && reason == archiveMark, err
}

func (s *storeSink) ArchiveDone(ctx context.Context, a importers.ArchiveInfo) error {
	return s.im.RecordSkip(ctx, a.SHA256, a.Path, archiveMark)
}
