package importers

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/backtrack/backtrack/model"
)

// Sink receives what a batch import decoded. The store implements it; the
// importers package never sees SQL. Known may be called from several
// goroutines at once; Store and Skipped are called from one goroutine.
type Sink interface {
	// Known reports whether bytes with this SHA-256 were imported before,
	// or skipped before (then with the recorded reason).
	Known(ctx context.Context, sha256 string) (imported bool, skipReason string, err error)
	// Store writes one source file and its sessions atomically: all of it
	// is stored or, on an error, none.
	// duplicate is true when the bytes were already stored (a no-op);
	// merged counts sessions that joined an existing session from another
	// source.
	Store(ctx context.Context, src model.Source, sessions []model.Session) (added, merged int, duplicate bool, err error)
	// Skipped records that bytes with this SHA-256 are not importable, so a
	// later import skips them at the cost of the hash alone.
	Skipped(ctx context.Context, sha256, path, reason string) error
	// ArchiveKnown reports whether an archive with this SHA-256 was
	// imported in full before.
	ArchiveKnown(ctx context.Context, sha256 string) (bool, error)
	// ArchiveDone records that every member of an archive was imported,
	// was a duplicate or was skipped for a reason (none failed).
	ArchiveDone(ctx context.Context, a ArchiveInfo) error
}

// A Preparer is a Sink with work that can run before the single writer: the
// decoding workers call Prepare, in parallel, on every file they decoded,
// and the writer then calls StorePrepared with its result instead of Store.
type Preparer interface {
	// Prepare readies a file's sessions for storing (the store encodes
	// their samples). It is called from several goroutines at once. An
	// error fails the file.
	Prepare(sessions []model.Session) (prepared any, err error)
	// StorePrepared is Store for a file that Prepare readied.
	StorePrepared(ctx context.Context, src model.Source, prepared any) (added, merged int, duplicate bool, err error)
}

// A Reporter is a Sink with more to say about the file it stored last: in
// plain words, the offset the times of a file without one were placed at,
// and warnings (the machine's zone disagreeing with a watch's offsets). The
// batch asks right after each Store or StorePrepared, from the writer
// goroutine.
type Reporter interface {
	Stored() (zones, warnings []string)
}

// A DuplicateNamer is a Sink that keeps one name for bytes met under
// several: the batch tells it each duplicate's path, from the writer
// goroutine, and it keeps the smallest, so that which path a session's
// source shows does not depend on the order the files arrive in.
type DuplicateNamer interface {
	Duplicate(ctx context.Context, sha256, path string) error
}

// A Rereader is a Sink that keeps the unit each lifting export's weights
// were read in ([model.Source]'s WeightUnit and WeightUnitOrigin), so that
// the same bytes met again are read again when their unit was assumed (the
// --weight-unit flag, the lift_weight_unit setting, the default kg) and the
// import assumes another: the batch asks AssumedUnit of every known CSV
// file, decodes those whose unit differs from the one in force, and hands
// them to Reread instead of Store. The rest cost only the hash, as before.
type Rereader interface {
	// AssumedUnit returns the unit ("kg" or "lb") the weights of the
	// imported bytes with this SHA-256 were read in where the file did not
	// say, or "" when the file said every weight's unit, has none, or was
	// imported before units were kept. It may be called from several
	// goroutines at once.
	AssumedUnit(ctx context.Context, sha256 string) (string, error)
	// Reread replaces, atomically, what the bytes of src stored before
	// (their recordings and sets, and the sessions composed from them)
	// with sessions, their new reading; prepared is Prepare's result for
	// them when the Sink is a Preparer, else nil. was is the unit they
	// were read in before, or "" when nothing was replaced (the same bytes
	// read again already, under another name): a duplicate.
	Reread(ctx context.Context, src model.Source, sessions []model.Session, prepared any) (was string, err error)
}

// FileReread is a known lifting export read again because the unit its
// weights were assumed in changed.
type FileReread struct {
	Path string `json:"path"`
	// WeightUnit is the unit the weights are read in now ("kg" or "lb"),
	// Was the unit they were read in before.
	WeightUnit string `json:"weight_unit"`
	Was        string `json:"was"`
}

// FileUnit is the unit a lifting export's weights were read in.
type FileUnit struct {
	Path string `json:"path"`
	// WeightUnit is "kg", "lb" or "kg and lb"; From says why ("the
	// export's Weight (kg) column", "--weight-unit lb", …).
	WeightUnit string `json:"weight_unit"`
	From       string `json:"from"`
}

// PathReason is a file and why it was skipped or only partly imported.
type PathReason struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// PathError is a file and why it failed.
type PathError struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// Summary counts what a batch import did. Its JSON form is the `import
// --json` output; the names are stable.
type Summary struct {
	// Files is every file seen, archive members included.
	Files int `json:"files"`
	// Imported counts files whose sessions were stored (partial ones too).
	Imported int `json:"imported"`
	// Duplicates counts files whose exact bytes were imported before.
	Duplicates int `json:"duplicates"`
	// Merged counts sessions that were already present from another source.
	Merged int `json:"merged"`
	// SessionsAdded counts new sessions stored.
	SessionsAdded int `json:"sessions_added"`
	// Bytes is the total size of the files read.
	Bytes int64 `json:"bytes"`
	// Skipped lists files not imported for a reason (not an activity, unknown format).
	Skipped []PathReason `json:"skipped"`
	// Partial lists damaged files whose good records were kept.
	Partial []PathReason `json:"partial"`
	// Failed lists files that could not be imported at all.
	Failed []PathError `json:"failed"`
	// Missing lists activities that an export's own index names but whose
	// file was not in the export or was not imported: never a silently
	// lost run.
	Missing []PathReason `json:"missing"`
	// Warnings are notes that stopped nothing (an index row that could not
	// be read, a decoder's remark), each naming its file.
	Warnings []string `json:"warnings"`
	// Units says, for each lifting export, the unit its weights were read
	// in and why.
	Units []FileUnit `json:"units"`
	// Zones says, for each file whose times carry no offset, the offset
	// they were placed at and why.
	Zones []PathReason `json:"zones"`
	// Reread lists the lifting exports imported before whose weights'
	// assumed unit changed (--weight-unit, the lift_weight_unit setting):
	// they were read again and their sessions now hold the new loads.
	// They count neither as imported nor as duplicates.
	Reread []FileReread `json:"reread"`
}

// Incomplete reports whether any file failed or was only partly salvaged.
func (s *Summary) Incomplete() bool { return len(s.Failed) > 0 || len(s.Partial) > 0 }

// Unsaved moves a file that the sink reported stored, but that was then
// not saved after all (the transaction holding it failed to commit), from
// the counts to Failed, saying why: a summary counts only what is in the
// database. added and merged are the counts the sink returned for it.
func (s *Summary) Unsaved(path string, added, merged int, why string) {
	if i := slices.IndexFunc(s.Reread, func(r FileReread) bool { return r.Path == path }); i >= 0 {
		s.Reread = slices.Delete(s.Reread, i, i+1)
	} else {
		s.Imported--
	}
	s.SessionsAdded -= added
	s.Merged -= merged
	for i, p := range s.Partial {
		if p.Path == path {
			s.Partial = append(s.Partial[:i], s.Partial[i+1:]...)
			break
		}
	}
	s.Failed = append(s.Failed, PathError{Path: path, Error: "not saved: " + why})
	sortSummary(s)
}

// maxWarnings caps Summary.Warnings; a count of the rest is added.
const maxWarnings = 200

// Progress is a snapshot passed to Batch.OnProgress after each file.
type Progress struct {
	// Files done so far, and Bytes of the user's input they account for.
	Files int
	Bytes int64
	// TotalBytes is the size of everything the user named (-1 if unknown).
	TotalBytes int64
	// Path is the file just finished.
	Path string
}

// Batch imports many files: a walker feeds decoder workers, and one writer
// hands each decoded file to the Sink.
type Batch struct {
	// Sink stores the results. Required.
	Sink Sink
	// Workers is the number of decoding goroutines; 0 means runtime.NumCPU().
	Workers int
	// Options are passed to every decoder.
	Options []Option
	// OnProgress, if set, is called from the writer goroutine after each file.
	OnProgress func(Progress)
	// Limits bound what archives may cost; zero means DefaultLimits.
	Limits Limits
	// MaxMemory is the memory, in bytes, the import may use in all; 0
	// means DefaultMaxMemory. Files are read only when their estimated
	// cost fits beside the others' (so that fewer decode at once when
	// they are large), a large GPX or TCX file on disk is read as a stream
	// rather than held, and a file that alone would cost more is refused
	// with a reason (a failure). Below MinMaxMemory it is MinMaxMemory.
	MaxMemory int64

	budget *budget // the last Run's, for tests
}

// skipCacheVersion prefixes recorded skip reasons: when decoders learn a new
// format, the version changes and files skipped by an older backtrack are
// looked at again instead of staying skipped forever.
const skipCacheVersion = "v1|"

// decoded is one worker's result for one entry.
type decoded struct {
	entry     Entry
	total     int // for an ArchiveDone marker: members the walk emitted
	sha       string
	size      int64 // the content's size in bytes
	result    *Result
	prepared  any    // from the Sink's Prepare, when it is a Preparer
	skip      string // skipped for a reason
	newSkip   bool   // the skip should be recorded in the sink
	duplicate bool   // bytes already imported (seen by Known)
	reread    bool   // bytes already imported, read again in another unit
	err       error
}

// Run imports every file under paths and returns what happened. One bad
// file never stops the batch: it is named in the summary. The returned error
// is for fatal problems only (the sink failing, ctx cancelled).
func (b *Batch) Run(ctx context.Context, paths []string) (*Summary, error) {
	workers := b.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	bud := newBudget(max(cmp.Or(b.MaxMemory, DefaultMaxMemory), MinMaxMemory))
	b.budget = bud
	entries := make(chan job, workers)
	var empty []string // folders the user named that hold no file
	// Room for a few results per worker, so that decoders rarely wait for
	// the writer to take one (and the writer for them).
	results := make(chan decoded, 2*workers)
	var walkErr error
	go func() {
		defer close(entries)
		walker := &Walker{Limits: b.Limits, ArchiveSeen: func(sha string) (bool, error) {
			return b.Sink.ArchiveKnown(ctx, sha)
		}, budget: bud, stream: true}
		emitted := map[string]int{}
		for _, p := range paths {
			n := 0
			walkErr = walker.Walk(ctx, []string{p}, func(e Entry) error {
				n++
				j := job{entry: e}
				if e.ArchiveDone != nil {
					j.total = emitted[e.ArchiveDone.Path]
				} else if top, ok := archiveOf(e.Path); ok {
					emitted[top]++
				}
				select {
				case entries <- j:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if walkErr != nil {
				return
			}
			if info, err := os.Stat(p); n == 0 && err == nil && info.IsDir() {
				empty = append(empty, p)
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(b.Sink, b.Options)
			for j := range entries {
				d := w.decode(ctx, j.entry)
				d.total = j.total
				select {
				case results <- d:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	sum := &Summary{Skipped: []PathReason{}, Partial: []PathReason{}, Failed: []PathError{}, Missing: []PathReason{},
		Warnings: []string{}, Units: []FileUnit{}, Zones: []PathReason{}, Reread: []FileReread{}}
	st := &batchState{total: inputSize(paths), archives: map[string]*archiveTrack{}, exports: map[*ExportIndex]bool{}}
	var fatal error
	// Files of wall-clock times in a guessed zone (a lifting app's CSV when
	// the user named no zone) are stored after every other file of the
	// batch, so that they find the offsets the watch's files of the same
	// import recorded, whatever the order of the files (docs/storage.md,
	// "Zones").
	var deferred []decoded
	var deferredBytes int64
	write := func(d decoded) {
		if fatal != nil {
			d.entry.res.release()
			// Drain: a file decoded but never stored is named, so that
			// the summary tells what is not in the database.
			if d.entry.ArchiveDone == nil {
				sum.Files++
				sum.Failed = append(sum.Failed, PathError{Path: d.entry.Path, Error: "not imported: the import stopped before this file was stored"})
			}
			return
		}
		err := b.write(ctx, sum, st, d)
		d.entry.res.release() // stored (or refused): its memory is free
		if err != nil {
			fatal = err
			cancel()
			return
		}
		if b.OnProgress != nil && d.entry.ArchiveDone == nil {
			b.OnProgress(Progress{Files: sum.Files, Bytes: st.progress, TotalBytes: st.total, Path: d.entry.Path})
		}
	}
	// The files held back keep their memory reserved, so they may take at
	// most a quarter of the budget: the decoders go on with the rest, and
	// the writer never waits on memory it holds itself.
	deferCap := min(int64(maxDeferredBytes), bud.total/4)
	for d := range results {
		cost := max(d.entry.res.size(), int64(len(d.entry.Data)))
		if d.result != nil && wallClockGuessed(d.result) && deferredBytes+cost <= deferCap {
			deferredBytes += cost
			deferred = append(deferred, d)
			continue
		}
		write(d)
	}
	sort.SliceStable(deferred, func(i, j int) bool { return deferred[i].entry.Path < deferred[j].entry.Path })
	for _, d := range deferred {
		write(d)
	}
	if fatal == nil && walkErr == nil && ctx.Err() == nil {
		st.finishExports(sum)
		for _, p := range empty {
			addWarning(sum, p+": an empty folder, nothing to import")
		}
	}
	sortSummary(sum)
	if fatal != nil {
		return sum, fatal
	}
	if walkErr != nil && !errors.Is(walkErr, context.Canceled) {
		return sum, walkErr
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	return sum, nil
}

// maxDeferredBytes bounds the files a batch holds back to store last.
const maxDeferredBytes = 64 << 20

// wallClockGuessed reports whether a decoded file's sessions have
// wall-clock times placed in a guessed zone.
func wallClockGuessed(r *Result) bool {
	for i := range r.Sessions {
		if s := &r.Sessions[i]; s.WallClock && s.OffsetOrigin.Guessed() {
			return true
		}
	}
	return false
}

// batchState is the writer's bookkeeping across files.
type batchState struct {
	progress, total int64
	archives        map[string]*archiveTrack
	exports         map[*ExportIndex]bool
}

// archiveTrack counts an on-disk archive's members through the writer, so
// the archive is recorded as done only once all of them are stored.
type archiveTrack struct {
	done      *ArchiveInfo // set when the walk's marker arrived
	total     int          // members the walk emitted (known with the marker)
	processed int
	failed    bool
}

// job is one entry on its way to a worker, with the marker's member count.
type job struct {
	entry Entry
	total int
}

// archiveOf returns the on-disk archive an entry's path lies in: the part
// before the first separator.
func archiveOf(p string) (string, bool) {
	top, _, ok := strings.Cut(p, model.PathSep)
	return top, ok
}

// write applies one decoded file to the sink and the summary.
func (b *Batch) write(ctx context.Context, sum *Summary, st *batchState, d decoded) error {
	if a := d.entry.ArchiveDone; a != nil {
		t := st.track(a.Path)
		t.done, t.total = a, d.total
		return b.maybeArchiveDone(ctx, t)
	}
	problem, err := b.writeFile(ctx, sum, d)
	if err != nil {
		return err
	}
	st.progress += d.entry.Progress
	if x := d.entry.Export; x != nil {
		st.exports[x] = true
		x.outcome(d.entry.Rel, problem)
	}
	if top, ok := archiveOf(d.entry.Path); ok {
		t := st.track(top)
		t.processed++
		if d.err != nil || (d.result != nil && d.result.Status == model.StatusPartial) {
			t.failed = true
		}
		return b.maybeArchiveDone(ctx, t)
	}
	return nil
}

func (st *batchState) track(path string) *archiveTrack {
	t := st.archives[path]
	if t == nil {
		t = &archiveTrack{}
		st.archives[path] = t
	}
	return t
}

// maybeArchiveDone records an archive once its marker and all its members
// have been written, unless a member failed (then a rerun must look again).
func (b *Batch) maybeArchiveDone(ctx context.Context, t *archiveTrack) error {
	if t.done == nil || t.processed < t.total {
		return nil
	}
	a := *t.done
	t.done = nil
	if t.failed {
		return nil
	}
	if err := b.Sink.ArchiveDone(ctx, a); err != nil {
		return fmt.Errorf("record archive %s: %w", a.Path, err)
	}
	return nil
}

// finishExports adds the exports' index warnings and missing activities.
func (st *batchState) finishExports(sum *Summary) {
	xs := make([]*ExportIndex, 0, len(st.exports))
	for x := range st.exports {
		xs = append(xs, x)
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i].Root < xs[j].Root })
	for _, x := range xs {
		for _, w := range x.Warnings {
			addWarning(sum, x.Root+model.PathSep+w)
		}
		sum.Missing = append(sum.Missing, x.missing()...)
	}
}

func addWarning(sum *Summary, w string) {
	switch {
	case len(sum.Warnings) < maxWarnings:
		sum.Warnings = append(sum.Warnings, w)
	case len(sum.Warnings) == maxWarnings:
		sum.Warnings = append(sum.Warnings, "(more warnings not shown)")
	}
}

// writeFile applies one file to the sink and the summary and returns, for
// an export's index, "" when the file's activity is stored or why not.
func (b *Batch) writeFile(ctx context.Context, sum *Summary, d decoded) (string, error) {
	sum.Files++
	sum.Bytes += d.size
	path := d.entry.Path
	switch {
	case d.err != nil:
		sum.Failed = append(sum.Failed, PathError{Path: path, Error: d.err.Error()})
		return "failed: " + d.err.Error(), nil
	case d.skip != "":
		sum.Skipped = append(sum.Skipped, PathReason{Path: path, Reason: d.skip})
		if strings.HasPrefix(d.skip, "a pain log") {
			addWarning(sum, path+": "+d.skip)
		}
		if d.newSkip {
			if err := b.Sink.Skipped(ctx, d.sha, path, skipCacheVersion+d.skip); err != nil {
				return "", fmt.Errorf("record skipped file %s: %w", path, err)
			}
		}
		return "skipped: " + d.skip, nil
	case d.duplicate:
		sum.Duplicates++
		if n, ok := b.Sink.(DuplicateNamer); ok && d.sha != "" {
			if err := n.Duplicate(ctx, d.sha, path); err != nil {
				return "", fmt.Errorf("record duplicate %s: %w", path, err)
			}
		}
		return "", nil
	}
	r := d.result
	src := model.Source{Path: path, Format: r.Format, SHA256: d.sha, Size: d.size,
		Status: r.Status, Damage: r.Damage, WeightUnit: cmp.Or(r.AssumedWeightUnit, r.WeightUnit),
		WeightUnitOrigin: r.WeightUnitOrigin}
	if src.Status == "" {
		src.Status = model.StatusOK
	}
	var added, merged int
	var dup bool
	var was string
	var err error
	switch p, ok := b.Sink.(Preparer); {
	case d.reread:
		if !ok {
			d.prepared = nil
		}
		was, err = b.Sink.(Rereader).Reread(ctx, src, r.Sessions, d.prepared)
		dup = was == ""
	case ok && d.prepared != nil:
		added, merged, dup, err = p.StorePrepared(ctx, src, d.prepared)
	default:
		added, merged, dup, err = b.Sink.Store(ctx, src, r.Sessions)
	}
	if err != nil {
		sum.Failed = append(sum.Failed, PathError{Path: path, Error: "not saved: " + err.Error()})
		return "", fmt.Errorf("store %s: %w", path, err)
	}
	if dup {
		sum.Duplicates++
		return "", nil
	}
	if d.reread {
		sum.Reread = append(sum.Reread, FileReread{Path: path, WeightUnit: src.WeightUnit, Was: was})
	} else {
		sum.Imported++
	}
	sum.SessionsAdded += added
	sum.Merged += merged
	for _, w := range r.Warnings {
		addWarning(sum, path+": "+w)
	}
	if r.WeightUnit != "" {
		sum.Units = append(sum.Units, FileUnit{Path: path, WeightUnit: r.WeightUnit, From: r.WeightUnitFrom})
	}
	if rep, ok := b.Sink.(Reporter); ok {
		zones, warns := rep.Stored()
		for _, z := range zones {
			sum.Zones = append(sum.Zones, PathReason{Path: path, Reason: z})
		}
		for _, w := range warns {
			addWarning(sum, path+": "+w)
		}
	}
	if src.Status == model.StatusPartial {
		sum.Partial = append(sum.Partial, PathReason{Path: path, Reason: r.Damage})
	}
	return "", nil
}

// inputSize adds up the sizes of the regular files under paths (not
// following links inside folders), for the progress bar's total.
func inputSize(paths []string) int64 {
	var n int64
	for _, p := range paths {
		_ = filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					n += info.Size()
				}
			}
			return nil
		})
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			if l, err := os.Lstat(p); err == nil && l.Mode()&fs.ModeSymlink != 0 {
				n += info.Size() // a link the user named: WalkDir did not count it
			}
		}
	}
	return n
}

// isPainLog reports whether a CSV header is backtrack's pain log (date
// and severity columns, as 'backtrack pain export' writes it).
func isPainLog(header []string) bool {
	date, severity := false, false
	for _, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "date":
			date = true
		case "severity":
			severity = true
		}
	}
	return date && severity
}

// painLogReason is the skip reason of a pain log found among activities.
func painLogReason(path string) string {
	return "a pain log, not an activity: import it with 'backtrack pain import " + shellQuote(path) + "'"
}

// shellQuote quotes a path for a command line when it needs it.
func shellQuote(p string) string {
	if p != "" && !strings.ContainsAny(p, " '\"\\$`!*?[]{}()<>|&;#~\t\n") {
		return p
	}
	return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
}

func sortSummary(s *Summary) {
	sort.SliceStable(s.Skipped, func(i, j int) bool { return s.Skipped[i].Path < s.Skipped[j].Path })
	sort.SliceStable(s.Partial, func(i, j int) bool { return s.Partial[i].Path < s.Partial[j].Path })
	sort.SliceStable(s.Failed, func(i, j int) bool { return s.Failed[i].Path < s.Failed[j].Path })
	sort.SliceStable(s.Units, func(i, j int) bool { return s.Units[i].Path < s.Units[j].Path })
	sort.SliceStable(s.Zones, func(i, j int) bool { return s.Zones[i].Path < s.Zones[j].Path })
	sort.SliceStable(s.Reread, func(i, j int) bool { return s.Reread[i].Path < s.Reread[j].Path })
}

// worker owns the per-goroutine decoder state (a reused FIT decoder).
type worker struct {
	sink Sink
	opts []Option
	fit  *FITDecoder
	unit string // the unit a lifting export's weights are assumed in when it does not say
	// chosen says the user chose that unit (--weight-unit or the
	// lift_weight_unit setting) rather than it being the default.
	chosen bool
}

func newWorker(sink Sink, opts []Option) *worker {
	o := NewOptions(opts...)
	unit, origin := o.AssumedWeightUnit()
	return &worker{sink: sink, opts: opts, fit: NewFITDecoder(opts...), unit: unit, chosen: origin != model.UnitDefault}
}

// readAgain reports whether imported bytes (a known entry) must be read
// again: a CSV file whose weights were read in an assumed unit other than
// the one the user chose for this import (--weight-unit, else the
// lift_weight_unit setting). Without a choice nothing is read again: the
// default never undoes a unit the user picked before.
func (w *worker) readAgain(ctx context.Context, e Entry, sha string) (bool, error) {
	rr, ok := w.sink.(Rereader)
	if !ok || !w.chosen || e.open != nil || Detect(e.Path, e.Data[:min(len(e.Data), headSize)]) != KindCSV {
		return false, nil
	}
	was, err := rr.AssumedUnit(ctx, sha)
	return was != "" && was != w.unit, err
}

// decode hashes and decodes one entry. What it no longer needs (the bytes
// of a file that is a duplicate, skipped or failed) it drops at once, with
// its share of the memory budget; a decoded file keeps its share until it
// is stored.
func (w *worker) decode(ctx context.Context, e Entry) decoded {
	d := w.decodeEntry(ctx, e)
	if d.result == nil && d.entry.ArchiveDone == nil {
		d.entry.Data = nil
		d.entry.res.release()
	}
	return d
}

func (w *worker) decodeEntry(ctx context.Context, e Entry) decoded {
	d := decoded{entry: e, size: e.size}
	if e.ArchiveDone != nil {
		return d
	}
	if e.Duplicate {
		d.duplicate = true
		return d
	}
	if e.Export != nil {
		if what, ok := e.Export.isIndexFile(e.Rel); ok {
			d.skip = what
			return d
		}
	}
	if e.Err != nil {
		d.err = e.Err
		return d
	}
	if e.Skip != "" {
		d.skip = e.Skip
		return d
	}
	if e.open != nil {
		sha, n, err := hashStream(e.open)
		if err != nil {
			d.err = err
			return d
		}
		d.sha, d.size = sha, n
	} else {
		sum := sha256.Sum256(e.Data)
		d.sha = hex.EncodeToString(sum[:])
		d.size = int64(len(e.Data))
	}
	imported, reason, err := w.sink.Known(ctx, d.sha)
	if err != nil {
		d.err = fmt.Errorf("look up in the database: %w", err)
		return d
	}
	if imported {
		again, err := w.readAgain(ctx, e, d.sha)
		if err != nil {
			d.err = fmt.Errorf("look up in the database: %w", err)
			return d
		}
		if !again {
			d.duplicate = true
			return d
		}
		d.reread = true
	}
	if r, ok := strings.CutPrefix(reason, skipCacheVersion); ok {
		d.skip = r
		return d
	}
	var res *Result
	if e.open != nil {
		// The content's size is known now: reserve what decoding it costs.
		if err := e.res.grow(ctx, fileCost(Detect(e.Path, e.head), d.size, false)); err != nil {
			d.err = err
			return d
		}
		res, err = w.decodeStream(e, d.sha)
	} else {
		res, err = w.decodeData(e)
	}
	_, skip := IsSkip(err)
	if d.reread && (skip || err == nil && len(res.Sessions) == 0) {
		// Imported before, nothing to import now (a decoder that changed
		// its mind): what is stored stays.
		d.reread, d.duplicate = false, true
		return d
	}
	if err != nil {
		if reason, ok := IsSkip(err); ok {
			if reason == "" {
				reason = "not an activity"
			}
			d.skip, d.newSkip = reason, true
			return d
		}
		d.err = err
		return d
	}
	if len(res.Sessions) == 0 {
		d.skip, d.newSkip = "no activity in the file", true
		return d
	}
	if e.Export != nil {
		e.Export.apply(e.Rel, res.Sessions)
	}
	if p, ok := w.sink.(Preparer); ok {
		prepared, err := p.Prepare(res.Sessions)
		if err != nil {
			d.err = err
			return d
		}
		d.prepared = prepared
	}
	d.entry.Data = nil // decoded: the bytes are no longer needed
	d.result = res
	return d
}

// hashStream reads a file opened by open to its end and returns its
// SHA-256 and size.
func hashStream(open func() (io.ReadCloser, error)) (string, int64, error) {
	rc, err := open()
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(rc, MaxFileBytes+1))
	if err != nil {
		if IsLimit(err) {
			return "", 0, err
		}
		return "", 0, fmt.Errorf("read: %w", plainPathError(err))
	}
	if n > MaxFileBytes {
		return "", 0, limitError("the content is over %s", humanBytes(MaxFileBytes))
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// decodeStream decodes a GPX or TCX file read as a stream (Entry.open),
// hashing it again on the way: a file that changed since its hash (sha)
// was taken fails, so that what is stored is what the hash names.
func (w *worker) decodeStream(e Entry, sha string) (*Result, error) {
	rc, err := e.open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	h := sha256.New()
	r := io.TeeReader(rc, h)
	var res *Result
	switch Detect(e.Path, e.head) {
	case KindGPX:
		res, err = DecodeGPX(r, w.fileOpts(e.Path)...)
	case KindTCX:
		res, err = DecodeTCX(r, w.fileOpts(e.Path)...)
	default:
		return nil, fmt.Errorf("%w: read as a stream but not GPX or TCX", ErrUnknownFormat)
	}
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return nil, fmt.Errorf("read: %w", plainPathError(err))
	}
	if hex.EncodeToString(h.Sum(nil)) != sha {
		return nil, errors.New("the file changed while it was being imported: import it again")
	}
	return res, nil
}

// fileOpts are the worker's decoder options with the file's name, which
// a GPX or TCX track may take its sport from: the same whether the file is
// read whole or as a stream.
func (w *worker) fileOpts(path string) []Option {
	return append(w.opts[:len(w.opts):len(w.opts)], WithFileName(path))
}

// decodeData picks a decoder from the content and runs it.
func (w *worker) decodeData(e Entry) (*Result, error) {
	head := e.Data[:min(len(e.Data), headSize)]
	switch k := Detect(e.Path, head); k {
	case KindFIT:
		return w.fit.Decode(bytes.NewReader(e.Data))
	case KindGPX:
		return DecodeGPX(bytes.NewReader(e.Data), w.fileOpts(e.Path)...)
	case KindTCX:
		return DecodeTCX(bytes.NewReader(e.Data), w.fileOpts(e.Path)...)
	case KindCSV:
		header := CSVHeader(head)
		if _, ok := LiftDialectOf(header); ok {
			return DecodeLiftCSV(bytes.NewReader(e.Data), w.opts...)
		}
		if isPainLog(header) {
			return nil, Skip(painLogReason(e.Path))
		}
		return nil, w.unknown(e.Path, fmt.Sprintf("a CSV file that is not a lifting-app export (header: %s; %s)",
			liftShort(strings.Join(header, ","), 100), liftAccepted))
	case KindZip, KindGzip:
		return nil, w.unknown(e.Path, "a damaged archive")
	default:
		reason := UnknownReason(e.Path, head)
		if reason == "" {
			reason = "not a known format"
		}
		return nil, w.unknown(e.Path, reason)
	}
}

// unknown turns a not-a-known-format reason into a skip, or into a failure
// when the file's name promises an activity: then the content not matching
// is damage, not a skip.
func (w *worker) unknown(path, reason string) error {
	if ext := activityExt(path); ext != "" {
		return unknownFormatf("named %s but the content is not: %s", ext, reason)
	}
	return mark(Skip(reason), ErrUnknownFormat)
}

// activityExt returns the activity extension (".fit", ".gpx", ".tcx") that
// name ends with, ignoring case, or "".
func activityExt(name string) string {
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
	switch ext {
	case ".fit", ".gpx", ".tcx":
		return ext
	}
	return ""
}
