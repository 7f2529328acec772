package app

import (
	"context"
	"fmt"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// storeSink adapts the store to importers.Sink and importers.Preparer: the
// decoding workers pack each file's samples, and the writer stores the
// files through one store.Importer (each file whole, many to a commit).
// Close it when the batch is done, before using db for other writes.
type storeSink struct {
	db   *store.DB
	im   *store.Importer
	last store.ImportOutcome // what the last file stored did
}

func newStoreSink(db *store.DB) *storeSink {
	return &storeSink{db: db, im: db.NewImporter()}
}

// Close commits what the batch stored.
func (s *storeSink) Close() error {
	return s.im.Close()
}

// Known implements importers.Sink.
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

// Store implements importers.Sink.
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

// Prepare implements importers.Preparer: it packs the samples.
func (s *storeSink) Prepare(sessions []model.Session) (any, error) {
	return store.Pack(sessions)
}

// StorePrepared implements importers.Preparer.
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
	s.last = out
	return len(out.SessionIDs), len(out.MergedIDs), out.Duplicate, nil
}

// Duplicate implements importers.DuplicateNamer.
func (s *storeSink) Duplicate(ctx context.Context, sha, path string) error {
	return s.im.KeepSmallestPath(ctx, sha, path)
}

// Stored implements importers.Reporter: the zones of the file just stored.
func (s *storeSink) Stored() (zones, warnings []string) {
	return s.last.Zones, s.last.ZoneWarnings
}

// AssumedUnit implements importers.Rereader: the unit a known lifting
// export's weights were read in where the file did not say.
func (s *storeSink) AssumedUnit(ctx context.Context, sha string) (string, error) {
	unit, origin, err := s.db.SourceUnit(ctx, sha)
	if err != nil || !origin.Assumed() {
		return "", err
	}
	return unit, nil
}

// Reread implements importers.Rereader.
func (s *storeSink) Reread(ctx context.Context, src model.Source, sessions []model.Session, prepared any) (string, error) {
	p, ok := prepared.(*store.Packed)
	if !ok {
		var err error
		if p, err = store.Pack(sessions); err != nil {
			return "", err
		}
	}
	out, err := s.im.Reread(ctx, src, p)
	p.Release()
	if err != nil {
		return "", err
	}
	s.last = out
	return out.WasUnit, nil
}

// Skipped implements importers.Sink.
func (s *storeSink) Skipped(ctx context.Context, sha, path, reason string) error {
	return s.im.RecordSkip(ctx, sha, path, reason)
}

// archiveMark is the reason recorded (in skipped_sources: an archive is not
// itself a source) for an archive whose every member was imported.
const archiveMark = "archive|imported in full"

// ArchiveKnown implements importers.Sink.
func (s *storeSink) ArchiveKnown(ctx context.Context, sha string) (bool, error) {
	known, reason, err := s.db.SourceKnown(ctx, sha)
	return known && reason == archiveMark, err
}

// ArchiveDone implements importers.Sink.
func (s *storeSink) ArchiveDone(ctx context.Context, a importers.ArchiveInfo) error {
	return s.im.RecordSkip(ctx, a.SHA256, a.Path, archiveMark)
}

// metricsSink stores each file as storeSink does and computes the metrics
// of the file's new sessions from the decoded values already in memory (in
// the decoding workers, beside the packing), so that an import need not read
// the samples back. The metrics are kept (small values) until the import
// stores them: a later file of the same import may merge into a session (a
// richer recording replacing it), and those sessions are dropped and left to
// the pass over stale sessions that follows, as are the sessions of a file
// some of whose sessions merged.
type metricsSink struct {
	*storeSink
	set     analysis.Settings
	ok      bool // the configured settings could be read
	pending map[int64]model.Metrics
}

// newMetricsSink returns a sink over a's database computing metrics under
// the configured settings (when they cannot be read, it computes none and
// the update after the import says why). Close it after the batch.
func newMetricsSink(ctx context.Context, a *App) *metricsSink {
	set, err := a.Settings(ctx)
	return &metricsSink{storeSink: newStoreSink(a.DB), set: set, ok: err == nil, pending: map[int64]model.Metrics{}}
}

// metricsPrepared is a file made ready by metricsSink.Prepare.
type metricsPrepared struct {
	packed  *store.Packed
	metrics []model.Metrics // one per session, without its ID; nil when !ok
}

// Store implements importers.Sink.
func (s *metricsSink) Store(ctx context.Context, src model.Source, sessions []model.Session) (int, int, bool, error) {
	return prepareAndStore(ctx, s, src, sessions)
}

// Prepare implements importers.Preparer: it packs the samples and computes
// the metrics, in a decoding worker.
func (s *metricsSink) Prepare(sessions []model.Session) (any, error) {
	p, err := store.Pack(sessions)
	if err != nil {
		return nil, err
	}
	mp := &metricsPrepared{packed: p}
	if s.ok {
		mp.metrics = make([]model.Metrics, len(sessions))
		for i := range sessions {
			mp.metrics[i] = analysis.SessionMetrics(&sessions[i], s.set)
		}
	}
	return mp, nil
}

// StorePrepared implements importers.Preparer: storeSink stores the file,
// and the metrics of its new sessions are kept for the end of the import.
func (s *metricsSink) StorePrepared(ctx context.Context, src model.Source, prepared any) (int, int, bool, error) {
	mp, ok := prepared.(*metricsPrepared)
	if !ok {
		return 0, 0, false, fmt.Errorf("store %s: prepared as %T, not by this sink", src.Path, prepared)
	}
	n, merged, dup, err := s.storeSink.StorePrepared(ctx, src, mp.packed)
	if err != nil {
		return 0, 0, false, err
	}
	out := s.last
	for _, id := range out.MergedIDs {
		delete(s.pending, id)
	}
	for _, id := range out.RemovedIDs {
		delete(s.pending, id)
	}
	if mp.metrics != nil && !out.Duplicate && len(out.SessionIDs) == len(mp.metrics) {
		for i, id := range out.SessionIDs {
			m := mp.metrics[i]
			m.SessionID = id
			s.pending[id] = m
		}
	}
	return n, merged, dup, nil
}

// Reread implements importers.Rereader: the sessions composed again are
// left to the pass over stale sessions after the import (their metrics
// were dropped), as are those of a merge.
func (s *metricsSink) Reread(ctx context.Context, src model.Source, sessions []model.Session, prepared any) (string, error) {
	var p any
	if mp, ok := prepared.(*metricsPrepared); ok {
		p = mp.packed
	}
	was, err := s.storeSink.Reread(ctx, src, sessions, p)
	if err != nil {
		return "", err
	}
	for _, ids := range [][]int64{s.last.SessionIDs, s.last.MergedIDs, s.last.RemovedIDs} {
		for _, id := range ids {
			delete(s.pending, id)
		}
	}
	return was, nil
}

// unsaved corrects sum (when not nil) for the files the store reported
// stored but whose group commit then failed (store.Importer.Lost): they are
// listed as failed with the reason, their sessions are not counted, and
// their metrics are dropped (their IDs are not in the database).
func (s *metricsSink) unsaved(sum *importers.Summary) {
	for _, f := range s.im.Lost() {
		for _, id := range f.SessionIDs {
			delete(s.pending, id)
		}
		if sum != nil {
			sum.Unsaved(f.Path, len(f.SessionIDs), len(f.MergedIDs), f.Err.Error())
		}
	}
}

// computed returns the metrics computed during the import, of the sessions
// still in the database.
func (s *metricsSink) computed() []model.Metrics {
	ms := make([]model.Metrics, 0, len(s.pending))
	for _, m := range s.pending {
		ms = append(ms, m)
	}
	return ms
}
