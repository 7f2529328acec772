package importers

import (
	"context"
	"fmt"
	"sync"
)

// DefaultMaxMemory is the memory a batch import may use when Batch's
// MaxMemory is 0, in bytes: well under a gigabyte, and above what any real
// watch file needs (docs/storage.md, "Memory").
const DefaultMaxMemory = 512 << 20

// MinMaxMemory is the smallest memory budget a batch import accepts.
const MinMaxMemory = 128 << 20

// budgetOverhead is the part of a memory budget that is not the files':
// the Go runtime and the program, SQLite's caches, the writer's open
// transaction and the garbage the collector has not yet returned. The
// files' decoded bytes share the rest.
const budgetOverhead = 96 << 20

// The cost of decoding a file, in bytes of memory per byte of input, on
// top of the input when it is held in memory: measured as the live heap of
// decoding, packing the samples and computing the metrics (FIT about 5.2,
// a streamed GPX 0.8 to 1.5 for the densest points; the factors leave a
// margin).
const (
	costFIT = 6.0
	costXML = 1.75
	costCSV = 3.0
)

// fileCost estimates the memory a file of size bytes and kind costs from
// reading to storing. held says the input itself is in memory; an XML file
// read as a stream (not held) costs its decoded points alone, of which the
// decoders keep at most xmlMaxBytes' worth.
func fileCost(kind Kind, size int64, held bool) int64 {
	var c float64
	switch kind {
	case KindFIT:
		c = costFIT * float64(size)
	case KindGPX, KindTCX:
		c = costXML * float64(min(size, xmlMaxBytes))
	case KindCSV:
		c = costCSV * float64(size)
	}
	if held {
		c += float64(size)
	}
	return int64(c) + 64<<10
}

// budget shares a number of bytes between the files being imported: a
// file is read only when its estimated cost fits beside the others', so
// that the import's memory stays within the budget whatever the mix of
// files. It is safe for concurrent use.
type budget struct {
	mu      sync.Mutex
	total   int64
	used    int64
	peak    int64         // the most used at once, for tests and benchmarks
	changed chan struct{} // closed (and replaced) when bytes are freed
}

// newBudget returns a budget for a process that may use max bytes in all.
func newBudget(max int64) *budget {
	return &budget{total: max - budgetOverhead, changed: make(chan struct{})}
}

// overBudget says that one file alone would cost more than the budget.
func (b *budget) overBudget(need int64) error {
	return limitError("importing it would take about %s of memory, more than the %s that the import's budget of %s "+
		"leaves for files: raise it with import --max-memory", humanBytes(need), humanBytes(b.total), humanBytes(b.total+budgetOverhead))
}

// reserveFor is reserve on a budget that may be nil (no budget): then it
// reserves nothing.
func (b *budget) reserveFor(ctx context.Context, n int64) (*reservation, error) {
	if b == nil {
		return nil, nil
	}
	return b.reserve(ctx, n)
}

// reserve waits until n bytes fit in the budget and takes them. A file
// that could never fit is an error (a limit) at once.
func (b *budget) reserve(ctx context.Context, n int64) (*reservation, error) {
	r := &reservation{b: b}
	if err := r.grow(ctx, n); err != nil {
		return nil, err
	}
	return r, nil
}

// reservation is the bytes of the budget one file holds.
type reservation struct {
	b    *budget
	n    int64
	done []func() // run once, by the first release
}

// onRelease has release run fn (when not nil).
func (r *reservation) onRelease(fn func()) {
	if r != nil && fn != nil {
		r.done = append(r.done, fn)
	}
}

// grow raises the reservation to n bytes (no change when it holds as many
// already), waiting until they fit.
func (r *reservation) grow(ctx context.Context, n int64) error {
	if r == nil || n <= r.n {
		return nil
	}
	b := r.b
	if n > b.total {
		return b.overBudget(n)
	}
	extra := n - r.n
	for {
		b.mu.Lock()
		if b.used+extra <= b.total {
			b.used += extra
			b.peak = max(b.peak, b.used)
			r.n = n
			b.mu.Unlock()
			return nil
		}
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// set makes the reservation n bytes: more (waiting, as grow) or fewer.
func (r *reservation) set(ctx context.Context, n int64) error {
	if r == nil {
		return nil
	}
	if n >= r.n {
		return r.grow(ctx, n)
	}
	r.shrink(n)
	return nil
}

// shrink lowers the reservation to n bytes (no more than it holds) and
// wakes whoever waits for bytes to be freed.
func (r *reservation) shrink(n int64) {
	b := r.b
	b.mu.Lock()
	b.used -= r.n - n
	r.n = n
	close(b.changed)
	b.changed = make(chan struct{})
	b.mu.Unlock()
}

// size returns the bytes the reservation holds (0 for nil).
func (r *reservation) size() int64 {
	if r == nil {
		return 0
	}
	return r.n
}

// release gives the reservation's bytes back. It may be called more than
// once, and on nil.
func (r *reservation) release() {
	if r == nil {
		return
	}
	done := r.done
	r.done = nil
	for _, fn := range done {
		fn()
	}
	if r.n == 0 {
		return
	}
	r.shrink(0)
}

// String says how much is reserved, for messages.
func (r *reservation) String() string {
	if r == nil {
		return "none"
	}
	return fmt.Sprintf("%s of %s", humanBytes(r.n), humanBytes(r.b.total))
}
