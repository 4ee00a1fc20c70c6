// Package wal is an append-only log of records with per-record checksums,
// group commit and snapshots: the storage under a persistent Detector.
//
// A [Log] hands out consecutive sequence numbers, starting at 1, to the
// records it is given, and makes each record durable before [Log.Append]
// returns. Concurrent Appends share one write and one fsync; [Log.Enqueue]
// and [Log.Wait] split an Append for callers that order records under a
// lock of their own. A snapshot
// ([Log.Snapshot]) stores the caller's whole state as of a sequence number,
// after which the segments holding only older records are removed. On
// reopening, [Log.OpenSnapshot] gives the snapshot and [Log.Replay] the
// records after it, in order.
//
// # Directory
//
// A log is a directory holding only these files:
//
//	LOCK                       held (flock) by the process that has the log open
//	<20-digit first seq>.log   segments, e.g. 00000000000000000001.log
//	<20-digit seq>.snap        the snapshot of the state as of seq
//	<20-digit seq>.snap.tmp    a snapshot being written (removed by Open)
//
// A segment is named after the sequence number of its first record, and
// its records continue, without a gap, those of the segment before. Only
// the last segment is appended to. The LOCK file keeps a second Log, in
// this process or another, from opening the directory ([ErrLocked]).
//
// # Segment format (version 1)
//
// All integers are little-endian. A segment starts with a 24-byte header:
//
//	magic    [8]byte  "dedupWAL"
//	version  uint32   1
//	first    uint64   sequence number of the segment's first record
//	crc      uint32   CRC-32C (Castagnoli) of the 20 bytes before it
//
// and continues with records, each a 17-byte frame header and its payload:
//
//	length   uint32   payload length, at most MaxRecordSize (64 MiB)
//	crc      uint32   CRC-32C of payload, then the length, type and seq fields
//	type     uint8    1 = a whole record; other values are reserved
//	seq      uint64   the record's sequence number
//	payload  [length]byte
//
// A segment is rotated (a new one started) before a record that would take
// it past [Options.SegmentSize]; a record larger than that has a segment to
// itself. The checksum covers the sequence number, so a record copied to
// another place does not verify.
//
// # Snapshot format (version 1)
//
// A 24-byte header, the caller's bytes, and a 12-byte trailer:
//
//	magic    [8]byte  "dedupSNP"
//	version  uint32   1
//	seq      uint64   the last record whose effect the snapshot holds
//	crc      uint32   CRC-32C of the 20 bytes before it
//	data     [n]byte  what the caller wrote
//	n        uint64   length of data
//	crc      uint32   CRC-32C of data
//
// A snapshot is written to a .tmp file, synced, renamed into place and the
// directory synced, so a snapshot file is complete or absent. The reader
// returned by [Log.OpenSnapshot] checks the trailer when it reaches the
// end and returns [ErrCorrupt] instead of [io.EOF] if it does not match.
//
// # Recovery
//
// [Open] reads every segment's header and every frame of the last segment.
// A frame at the end of the last segment that is incomplete or does not
// verify, when no valid frame follows it, is what a crash in the middle of
// a write leaves: Open truncates the segment before it and reports the
// bytes dropped, as a [*TornTail], to [Options.Warn]. Such a record was
// never acknowledged, under any sync policy, because an Append returns only
// after its write. A last segment whose header is incomplete (a crash while
// rotating) is removed the same way. A frame that does not verify anywhere
// else, or one followed by a valid frame, is an [ErrCorrupt] error naming
// the file and offset: Open fails for the last segment, and Replay for the
// others, which it reads in full. A damaged last record cannot be told
// from a torn one and is dropped with the warning.
//
// A file of a newer format gives [ErrVersion]; a file that is not a
// segment or snapshot, or a segment without the magic, gives [ErrNotLog].
// No input makes Open or Replay panic or deliver a record whose checksum
// does not match.
//
// A file system that, in a crash, keeps a later page of an unsynced write
// and loses an earlier one (leaving zeros before valid frames) makes
// Open report ErrCorrupt at the hole; the records after the hole were
// never acknowledged, and truncating the segment at the reported offset
// repairs the log. ext4 in its default data=ordered mode does not do this.
package wal

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxRecordSize is the largest record payload, in bytes, that Append
// accepts: 64 MiB.
const MaxRecordSize = 64 << 20

// DefaultSegmentSize is the size at which a segment is rotated when
// [Options.SegmentSize] is 0: 64 MiB.
const DefaultSegmentSize = 64 << 20

const (
	segMagic      = "dedupWAL"
	snapMagic     = "dedupSNP"
	version       = 1
	headerSize    = 24 // segment and snapshot headers
	frameSize     = 17 // frame header before each payload
	trailerSize   = 12 // snapshot trailer
	typeRecord    = 1
	lockName      = "LOCK"
	segSuffix     = ".log"
	snapSuffix    = ".snap"
	tmpSuffix     = ".snap.tmp"
	nameDigits    = 20
	maxSpareBytes = 4 << 20 // largest write buffer kept for reuse
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Errors returned by the package, wrapped with the file, offset or value
// they concern; test for them with [errors.Is].
var (
	// ErrCorrupt reports a record, header or snapshot whose checksum,
	// length or sequence number is wrong, or records missing between
	// segments.
	ErrCorrupt = errors.New("wal: corrupt log")
	// ErrVersion reports a segment or snapshot written by a newer format.
	ErrVersion = errors.New("wal: unsupported format version")
	// ErrNotLog reports a directory holding files other than a log's, or a
	// segment or snapshot without its magic number.
	ErrNotLog = errors.New("wal: not a log")
	// ErrTooLarge reports a record longer than MaxRecordSize.
	ErrTooLarge = errors.New("wal: record too large")
	// ErrClosed reports a call on a closed Log.
	ErrClosed = errors.New("wal: log closed")
	// ErrLocked reports a log directory that another Log, in this
	// process or another, has open.
	ErrLocked = errors.New("wal: log in use")
)

// A TornTail reports the end of the last segment that Open found torn (a
// write cut by a crash) and removed. It is passed to [Options.Warn].
type TornTail struct {
	File    string // the segment's path
	Offset  int64  // where the segment now ends
	Dropped int64  // bytes removed after Offset
	Reason  string // what was wrong with the first dropped frame
}

func (t *TornTail) Error() string {
	return fmt.Sprintf("wal: %s: dropped %d bytes of a torn write at offset %d (%s)", t.File, t.Dropped, t.Offset, t.Reason)
}

// Options configures a Log. The zero Options is usable: every Append is
// durable on return, segments rotate at 64 MiB, and warnings are dropped.
type Options struct {
	// SyncEvery, when positive, relaxes durability: Append returns once
	// its record is written to the operating system, and a background
	// goroutine syncs the log at most every SyncEvery (when there is
	// something to sync). A crash of the process loses no acknowledged
	// record; a crash of the machine or a power loss may lose the
	// records acknowledged in the last SyncEvery plus the time of one
	// fsync. 0 means sync before every Append returns, with concurrent
	// Appends sharing one fsync (group commit).
	SyncEvery time.Duration

	// NoSync skips every fsync, of records, segments, snapshots and the
	// directory. It is unsafe: a machine crash may lose or tear any part
	// of the log (a process crash loses nothing acknowledged). It is
	// meant for tests and bulk loads that can be redone.
	NoSync bool

	// SegmentSize is the size in bytes past which a segment is rotated;
	// 0 means DefaultSegmentSize (64 MiB).
	SegmentSize int64

	// Warn, if not nil, is called during Open with what recovery
	// repaired: a [*TornTail] for a torn write it truncated or a
	// segment it removed, and an error for an incomplete snapshot it
	// removed. None of them held an acknowledged record. nil drops the
	// warnings; a caller should log them.
	Warn func(error)
}

func (o Options) withDefaults() Options {
	if o.SegmentSize <= 0 {
		o.SegmentSize = DefaultSegmentSize
	}
	if o.Warn == nil {
		o.Warn = func(error) {}
	}
	return o
}

// A segment is one .log file.
type segment struct {
	first uint64 // sequence number of its first record
	size  int64  // bytes written (of the last segment: written to the OS)
	last  uint64 // sequence number of its last record, first-1 if none; known for the last segment and after Replay
}

// A Log is an append-only log of records in a directory. Its methods are
// safe for concurrent use. Open one with [Open] and close it with
// [Log.Close].
type Log struct {
	dir  string
	opts Options
	lock *os.File

	mu       sync.Mutex
	cond     sync.Cond // signals flushes, syncs and Close
	next     uint64    // sequence number of the next Append
	buf      []byte    // frames not yet written
	spare    []byte    // a written buffer kept for reuse
	cuts     []cut     // where in buf new segments start
	size     int64     // bytes of the current segment, buf included
	flushing bool      // an Append (the leader) is writing buf
	flushes  int64     // writes of buf, for the benchmarks
	syncing  bool      // the background syncer is in fsync
	written  uint64    // last sequence number written to the OS
	synced   uint64    // last sequence number synced
	err      error     // sticky: a failed write or sync
	closed   bool
	segs     []segment // oldest first; the last is being appended to
	f        *os.File  // the last segment, written by the leader only
	fileSize int64     // bytes in f, written by the leader only
	snapSeq  uint64    // sequence number the newest snapshot covers
	snapSize int64     // its size in bytes, 0 if none

	snapMu sync.Mutex   // one Snapshot at a time
	gc     sync.RWMutex // Replay (read) against removing files (write)

	stop chan struct{} // closes the syncer
	done chan struct{} // closed by the syncer when it exits
}

// A cut is a segment rotation before the frame at buf[off:].
type cut struct {
	off   int
	first uint64
}

func segName(first uint64) string { return fmt.Sprintf("%020d%s", first, segSuffix) }
func snapName(seq uint64) string  { return fmt.Sprintf("%020d%s", seq, snapSuffix) }

// parseName returns the sequence number in a file name of the form
// <20 digits><suffix>.
func parseName(name, suffix string) (uint64, bool) {
	num, ok := strings.CutSuffix(name, suffix)
	if !ok || len(num) != nameDigits {
		return 0, false
	}
	n, err := strconv.ParseUint(num, 10, 64)
	return n, err == nil
}

// Open opens the log in dir, creating dir and an empty log if dir does
// not exist or is empty, and recovers it as the package documentation
// describes. It returns ErrNotLog if dir holds a file a log does not,
// ErrVersion for a file of a newer format, ErrCorrupt for a damaged last
// segment, segment header or snapshot header, and ErrLocked if the log
// is open elsewhere. Open reads the headers of all files and the whole last
// segment (at most about SegmentSize bytes); Replay reads the rest.
func Open(dir string, opts Options) (*Log, error) {
	opts = opts.withDefaults()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	lock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	l := &Log{dir: dir, opts: opts, lock: lock}
	l.cond.L = &l.mu
	if err := l.recover(); err != nil {
		if l.f != nil {
			l.f.Close()
		}
		unlockDir(lock)
		return nil, err
	}
	if opts.SyncEvery > 0 && !opts.NoSync {
		l.stop = make(chan struct{})
		l.done = make(chan struct{})
		go l.syncLoop()
	}
	return l, nil
}

// recover lists dir, checks every header, repairs the tail of the last
// segment, removes what an interrupted Snapshot or rotation left, and
// opens the last segment for appending.
func (l *Log) recover() error {
	entries, err := os.ReadDir(l.dir)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	var firsts, snaps []uint64
	for _, e := range entries {
		name := e.Name()
		if name == lockName && e.Type().IsRegular() {
			continue
		}
		if !e.Type().IsRegular() {
			return fmt.Errorf("wal: %s: unexpected %s in a log directory: %w", filepath.Join(l.dir, name), e.Type(), ErrNotLog)
		}
		if n, ok := parseName(name, segSuffix); ok {
			firsts = append(firsts, n)
		} else if n, ok := parseName(name, snapSuffix); ok {
			snaps = append(snaps, n)
		} else if _, ok := parseName(name, tmpSuffix); ok {
			path := filepath.Join(l.dir, name)
			if err := os.Remove(path); err != nil {
				return fmt.Errorf("wal: %w", err)
			}
			l.opts.Warn(fmt.Errorf("wal: %s: removed an incomplete snapshot", path))
		} else {
			return fmt.Errorf("wal: %s: not a file of a log: %w", filepath.Join(l.dir, name), ErrNotLog)
		}
	}
	slices.Sort(firsts)
	slices.Sort(snaps)

	// The newest snapshot counts; older ones are left over from a
	// Snapshot interrupted before it removed them.
	if len(snaps) > 0 {
		seq := snaps[len(snaps)-1]
		path := filepath.Join(l.dir, snapName(seq))
		size, err := checkSnapshot(path, seq)
		if err != nil {
			return err
		}
		l.snapSeq, l.snapSize = seq, size
		for _, old := range snaps[:len(snaps)-1] {
			if err := os.Remove(filepath.Join(l.dir, snapName(old))); err != nil {
				return fmt.Errorf("wal: %w", err)
			}
		}
	}

	for _, first := range firsts {
		path := filepath.Join(l.dir, segName(first))
		fi, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("wal: %w", err)
		}
		l.segs = append(l.segs, segment{first: first, size: fi.Size(), last: first - 1})
	}
	for _, s := range l.segs[:max(len(l.segs)-1, 0)] {
		if err := checkSegmentHeader(filepath.Join(l.dir, segName(s.first)), s.first); err != nil {
			return err
		}
	}
	if len(l.segs) > 0 {
		if err := l.recoverLast(); err != nil {
			return err
		}
	}

	// Find the last sequence number and check that the segments and the
	// snapshot leave no gap.
	last := l.snapSeq
	if n := len(l.segs); n > 0 {
		if l.segs[0].first > l.snapSeq+1 {
			return fmt.Errorf("wal: %s: records %d to %d are missing (no snapshot holds them): %w",
				l.dir, l.snapSeq+1, l.segs[0].first-1, ErrCorrupt)
		}
		last = max(last, l.segs[n-1].last)
	}
	l.next = last + 1
	l.written, l.synced = last, last

	// Segments whose records the snapshot holds are left over from a
	// Snapshot interrupted before it removed them, as is a log that ends
	// before the snapshot (a machine crash under SyncEvery).
	if n := len(l.segs); n > 0 && l.segs[n-1].last < l.snapSeq {
		if err := l.removeSegments(n); err != nil {
			return err
		}
	} else if err := l.removeSegments(l.coveredSegments()); err != nil {
		return err
	}
	if len(l.segs) == 0 {
		if err := l.createSegment(l.next); err != nil {
			return err
		}
		l.size = headerSize
		return nil
	}
	s := &l.segs[len(l.segs)-1]
	f, err := os.OpenFile(filepath.Join(l.dir, segName(s.first)), os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	if _, err := f.Seek(s.size, io.SeekStart); err != nil {
		f.Close()
		return fmt.Errorf("wal: %w", err)
	}
	l.f, l.size, l.fileSize = f, s.size, s.size
	return nil
}

// recoverLast reads the whole last segment, truncating a torn tail or
// removing the segment if its header is incomplete.
func (l *Log) recoverLast() error {
	s := &l.segs[len(l.segs)-1]
	path := filepath.Join(l.dir, segName(s.first))
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	s.size = int64(len(data))
	if len(data) < headerSize || isZero(data[:headerSize]) {
		// A crash while rotating: the segment was created but its header
		// not synced, so no record in it was acknowledged.
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("wal: %w", err)
		}
		if err := l.syncDir(); err != nil {
			return err
		}
		l.opts.Warn(&TornTail{File: path, Dropped: int64(len(data)), Reason: "incomplete segment header; segment removed"})
		l.segs = l.segs[:len(l.segs)-1]
		if len(l.segs) == 0 {
			return nil
		}
		// The segment before was synced when this one was created.
		return l.recoverLast()
	}
	if err := parseSegmentHeader(path, data, s.first); err != nil {
		return err
	}
	off, last, ferr := scanFrames(data, headerSize, s.first)
	s.last = last
	if ferr == nil {
		return nil
	}
	if ferr.seqErr || validFrameAfter(data, ferr.off+1, last) {
		return fmt.Errorf("wal: %s: offset %d: %s: %w", path, ferr.off, ferr.reason, ErrCorrupt)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	err = f.Truncate(off)
	if err == nil && !l.opts.NoSync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	l.opts.Warn(&TornTail{File: path, Offset: off, Dropped: int64(len(data)) - off, Reason: ferr.reason})
	s.size = off
	return nil
}

// coveredSegments returns how many segments from the oldest hold only
// records that the snapshot holds; the last segment never counts.
func (l *Log) coveredSegments() int {
	n := 0
	for n+1 < len(l.segs) && l.segs[n+1].first-1 <= l.snapSeq {
		n++
	}
	return n
}

// removeSegments removes the n oldest segments, which are not the last.
// The caller holds l.gc or has the Log to itself.
func (l *Log) removeSegments(n int) error {
	if n == 0 {
		return nil
	}
	l.mu.Lock()
	gone := slices.Clone(l.segs[:n])
	l.segs = slices.Delete(l.segs, 0, n)
	l.mu.Unlock()
	for _, s := range gone {
		if err := os.Remove(filepath.Join(l.dir, segName(s.first))); err != nil {
			return fmt.Errorf("wal: %w", err)
		}
	}
	return l.syncDir()
}

// createSegment creates, and makes the current segment, an empty segment
// whose first record will be first. The caller is the leader or has the
// Log to itself; it updates l.segs under l.mu.
func (l *Log) createSegment(first uint64) error {
	path := filepath.Join(l.dir, segName(first))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	if _, err := f.Write(appendHeader(nil, segMagic, first)); err != nil {
		f.Close()
		return fmt.Errorf("wal: %w", err)
	}
	if !l.opts.NoSync {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("wal: %w", err)
		}
		if err := l.syncDir(); err != nil {
			f.Close()
			return err
		}
	}
	l.mu.Lock()
	l.f, l.fileSize = f, headerSize
	l.segs = append(l.segs, segment{first: first, size: headerSize, last: first - 1})
	l.mu.Unlock()
	return nil
}

// syncDir syncs the directory, so that created, renamed and removed files
// stay so after a crash.
func (l *Log) syncDir() error {
	if l.opts.NoSync {
		return nil
	}
	d, err := os.Open(l.dir)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("wal: sync %s: %w", l.dir, err)
	}
	return nil
}

// Size returns the bytes on disk of the log's segments (including
// records an Append is writing) and snapshot.
func (l *Log) Size() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.snapSize
	for _, s := range l.segs[:len(l.segs)-1] {
		n += s.size
	}
	return n + l.size
}

// LastSeq returns the sequence number of the last record appended (or
// being appended), 0 if none ever was.
func (l *Log) LastSeq() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.next - 1
}

// Close writes and syncs what concurrent Appends left, waits for them,
// and closes the log. Appends after Close return ErrClosed. Close returns
// the first write or sync error the log met, if any.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	l.closed = true
	for l.flushing {
		l.cond.Wait()
	}
	if len(l.buf) > 0 && l.err == nil {
		l.flush(!l.opts.NoSync)
	}
	l.mu.Unlock()
	if l.stop != nil {
		close(l.stop)
		<-l.done
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	err := l.err
	if err == nil && !l.opts.NoSync && l.synced < l.written {
		if serr := l.f.Sync(); serr != nil {
			err = fmt.Errorf("wal: sync: %w", serr)
		}
	}
	if cerr := l.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("wal: %w", cerr)
	}
	unlockDir(l.lock)
	l.cond.Broadcast()
	return err
}
