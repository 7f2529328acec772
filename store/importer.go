package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/backtrack/backtrack/model"
)

// commitEvery is how long an Importer keeps a transaction open: the files
// it writes meanwhile share one commit. Each file is a savepoint inside it,
// so a file is stored whole or not at all; a killed import loses at most
// the files of the last commitEvery (the next import stores them again).
// After each commit the background checkpointer copies the committed pages
// into the database file while the next files decode.
const commitEvery = 100 * time.Millisecond

// yieldGap is how long an Importer leaves the write lock free after each
// commit, once every yieldEvery (2.5% of its time).
const yieldGap = 5 * time.Millisecond

// yieldEvery is how often an Importer leaves the write lock free: another
// process that wants to write (beginWrite) waits about this long.
const yieldEvery = 200 * time.Millisecond

// An Importer writes many source files through the writer connection, each
// file in a savepoint of a transaction committed at least every
// commitEvery and by Close. One file's data (its sources row, sessions,
// laps, sets and samples) is stored whole or not at all, as with
// ImportSource; committing many files at once is what lets one writer keep
// pace with parallel decoders: each commit rewrites every B-tree page it
// touched, and a file's commit alone touched a dozen pages for a few of
// data.
//
// An Importer's methods are safe for concurrent use, but while it is open
// its transaction holds the writer connection: the goroutine using it must
// not call the DB's other writing methods until Close.
type Importer struct {
	db *DB

	mu        sync.Mutex
	tx        *sql.Tx
	st        *importStmts
	began     time.Time
	files     int        // files in the open transaction
	committed time.Time  // when the last transaction ended
	yielded   time.Time  // when the Importer last left the lock free
	err       error      // a commit that failed: nothing more is written
	pending   []LostFile // files written in the open transaction
	lost      []LostFile // files whose Import succeeded but whose commit failed

	stop, done chan struct{}
}

// LostFile is a file an Importer stored (its Import returned no error) in
// a transaction whose commit then failed: nothing of it was saved. A batch
// lists it as failed, with Err, and counts none of its sessions.
type LostFile struct {
	// Path is the source's path as given to Import.
	Path string
	// SessionIDs and MergedIDs are the IDs Import returned, which the
	// database does not hold after all.
	SessionIDs, MergedIDs []int64
	// Err is why the commit failed.
	Err error
}

// NewImporter returns an Importer writing to db. Close it.
func (db *DB) NewImporter() *Importer {
	im := &Importer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go im.flushLoop()
	return im
}

// flushLoop commits an open transaction once it is commitEvery old, so
// that files stored before a pause (a large file decoding) do not wait.
func (im *Importer) flushLoop() {
	defer close(im.done)
	t := time.NewTicker(max(commitEvery/4, time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-im.stop:
			return
		case <-t.C:
			im.mu.Lock()
			if im.tx != nil && time.Since(im.began) >= commitEvery {
				im.commitLocked()
			}
			im.mu.Unlock()
		}
	}
}

// Import stores src and its packed sessions as ImportSource does, in a
// savepoint of the open transaction; the caller may Release p after. A
// cancelled ctx stops Import before it starts a file, never halfway
// through one.
func (im *Importer) Import(ctx context.Context, src model.Source, p *Packed) (ImportOutcome, error) {
	return im.storeSource(ctx, "import "+src.Path, src, p, im.db.importInTx)
}

// storeSource checks src and runs store on it and p in a savepoint of the
// open transaction (Import, Reread); a file it stored (not a duplicate) is
// kept for Lost until the commit. Errors start with what ("import a.fit").
func (im *Importer) storeSource(ctx context.Context, what string, src model.Source, p *Packed, store inTx) (ImportOutcome, error) {
	if err := checkSource(src); err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: %w", what, err)
	}
	var out ImportOutcome
	err := im.inSavepoint(ctx, func(ctx context.Context) (*LostFile, error) {
		var err error
		out, err = store(ctx, im.st, src, p)
		if err != nil || out.Duplicate {
			return nil, err
		}
		return &LostFile{Path: src.Path, SessionIDs: out.SessionIDs, MergedIDs: out.MergedIDs}, nil
	})
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// RecordSkip is DB.RecordSkip in the open transaction.
func (im *Importer) RecordSkip(ctx context.Context, sha256, path, reason string) error {
	if err := checkSHA256(sha256); err != nil {
		return fmt.Errorf("record skip %s: %w", path, err)
	}
	err := im.inSavepoint(ctx, func(ctx context.Context) (*LostFile, error) {
		return nil, insertSkip(ctx, im.st.tx, sha256, path, reason, im.db.Now())
	})
	if err != nil {
		return fmt.Errorf("record skip %s: %w", path, err)
	}
	return nil
}

// KeepSmallestPath gives the source with this sha256 the path path when
// it sorts before the one it has: bytes met under several names keep the
// smallest, whatever the order they arrive in.
func (im *Importer) KeepSmallestPath(ctx context.Context, sha256, path string) error {
	err := im.inSavepoint(ctx, func(ctx context.Context) (*LostFile, error) {
		stmt, err := im.st.get(ctx, "UPDATE sources SET path = ?1 WHERE sha256 = ?2 AND path > ?1")
		if err != nil {
			return nil, err
		}
		_, err = stmt.ExecContext(ctx, path, sha256)
		return nil, err
	})
	if err != nil {
		return fmt.Errorf("keep the smallest path of %s: %w", path, err)
	}
	return nil
}

// inSavepoint runs write in a savepoint of the open transaction (begun if
// none is), releasing it on success and rolling it back on error, then
// commits if the transaction is commitEvery old. Writes run to the end
// even if ctx is cancelled meanwhile: an interrupted SQLite statement
// would roll back the whole transaction, every file in it. write returns
// the file it stored (nil for none), kept until the commit: if the commit
// fails, Lost lists it.
func (im *Importer) inSavepoint(ctx context.Context, write func(context.Context) (*LostFile, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	im.mu.Lock()
	defer im.mu.Unlock()
	if im.err != nil {
		return im.err
	}
	if im.tx == nil {
		// Leave the write lock free a moment after a commit, so that a
		// writer in another process (looking every millisecond, see
		// beginWrite) gets its turn between two of ours.
		if time.Since(im.yielded) >= yieldEvery {
			if wait := yieldGap - time.Since(im.committed); wait > 0 {
				time.Sleep(wait)
			}
			im.yielded = time.Now()
		}
		tx, err := im.db.beginWrite(ctx, im.db.w.BeginTx)
		if err != nil {
			return err
		}
		im.tx, im.st, im.began, im.files = tx, &importStmts{tx: tx}, time.Now(), 0
	}
	if err := im.exec(ctx, "SAVEPOINT file"); err != nil {
		return im.fail(err)
	}
	stored, err := write(ctx)
	if err != nil {
		rerr := im.exec(ctx, "ROLLBACK TO file")
		if rerr == nil {
			rerr = im.exec(ctx, "RELEASE file")
		}
		if rerr != nil {
			return im.fail(errors.Join(err, rerr))
		}
		return err
	}
	if err := im.exec(ctx, "RELEASE file"); err != nil {
		return im.fail(err)
	}
	im.files++
	if stored != nil {
		im.pending = append(im.pending, *stored)
	}
	if time.Since(im.began) >= commitEvery {
		if err := im.commitLocked(); err != nil {
			// This file's caller gets the error: it is not lost
			// silently, and is not listed twice.
			if stored != nil && len(im.lost) > 0 {
				im.lost = im.lost[:len(im.lost)-1]
			}
			return err
		}
		return nil
	}
	return nil
}

// exec runs a statement (prepared once per transaction) in the open
// transaction.
func (im *Importer) exec(ctx context.Context, query string) error {
	stmt, err := im.st.get(ctx, query)
	if err == nil {
		_, err = stmt.ExecContext(ctx)
	}
	return err
}

// fail gives up the open transaction after an error that left it unusable:
// the files written in it since the last commit are lost (a later import
// stores them), and the Importer writes nothing more.
func (im *Importer) fail(err error) error {
	im.st.close()
	_ = im.tx.Rollback()
	im.tx, im.st = nil, nil
	im.err = im.notSaved(im.db.classify(err))
	im.losePending()
	return im.err
}

// losePending moves the files of the failed transaction to lost.
func (im *Importer) losePending() {
	for _, f := range im.pending {
		f.Err = im.err
		im.lost = append(im.lost, f)
	}
	im.pending = nil
}

// Lost returns the files whose Import succeeded but whose transaction then
// failed to commit: none of them is in the database. Call it after Close.
func (im *Importer) Lost() []LostFile {
	im.mu.Lock()
	defer im.mu.Unlock()
	return append([]LostFile(nil), im.lost...)
}

// notSaved wraps the error that lost the open transaction's files.
func (im *Importer) notSaved(err error) error {
	return fmt.Errorf("%w (the %d files stored since the last commit were not saved: import again)", err, im.files)
}

// commitLocked commits the open transaction, if any. im.mu is held.
func (im *Importer) commitLocked() error {
	if im.tx == nil {
		return im.err
	}
	im.st.close()
	err := im.db.hook(context.Background(), "group-commit")
	if err == nil {
		err = im.tx.Commit()
	} else {
		_ = im.tx.Rollback()
	}
	im.tx, im.st, im.committed = nil, nil, time.Now()
	if err != nil {
		im.err = im.notSaved(fmt.Errorf("commit: %w", im.db.classify(err)))
		im.losePending()
	} else {
		im.pending = nil
		im.db.kickCheckpoint()
	}
	return im.err
}

// Flush commits the files written so far.
func (im *Importer) Flush() error {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.commitLocked()
}

// Close commits the files written so far and stops the Importer. It
// returns the first commit error, if any; the files it names were not
// saved.
func (im *Importer) Close() error {
	if im.stop != nil {
		close(im.stop)
		<-im.done
		im.stop = nil
	}
	return im.Flush()
}
