package wal

import (
	"fmt"
	"hash/crc32"
	"time"
)

// Append adds rec to the log and returns its sequence number, one more
// than the last record's. Under the default Options it returns once the
// record is synced to disk; under SyncEvery or NoSync, once it is written
// to the operating system (see [Options]). The Log keeps no reference to
// rec.
//
// Concurrent Appends are batched (group commit): while one Append writes
// and syncs, the others add their records to a buffer, and one of them
// then writes and syncs the whole buffer at once, so n concurrent Appends
// cost about one fsync rather than n.
//
// A record larger than MaxRecordSize gives an ErrTooLarge error and is
// not appended. After a write or sync fails, every later Append returns
// that error: the log must be closed and reopened, which recovers what
// reached the disk.
func (l *Log) Append(rec []byte) (uint64, error) {
	seq, err := l.Enqueue(rec)
	if err != nil {
		return 0, err
	}
	return seq, l.Wait(seq)
}

// Enqueue adds rec to the log's buffer and returns its sequence number
// without waiting for it to be written; [Log.Wait] waits. Append is
// Enqueue and Wait. A caller that orders its own updates under a lock
// calls Enqueue under that lock, so that sequence numbers follow its
// order, and Wait after releasing it, so that concurrent callers share
// one fsync. The record reaches the disk when some Wait, Close or Append
// writes the buffer. It returns ErrTooLarge, ErrClosed or the log's
// write error as Append does.
func (l *Log) Enqueue(rec []byte) (uint64, error) {
	if len(rec) > MaxRecordSize {
		return 0, fmt.Errorf("wal: record of %d bytes over the limit of %d bytes (64 MiB): %w", len(rec), MaxRecordSize, ErrTooLarge)
	}
	sum := crc32.Checksum(rec, castagnoli)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, ErrClosed
	}
	if l.err != nil {
		return 0, l.err
	}
	seq := l.next
	l.next++
	n := int64(frameSize + len(rec))
	if l.size > headerSize && l.size+n > l.opts.SegmentSize {
		l.cuts = append(l.cuts, cut{off: len(l.buf), first: seq})
		l.size = headerSize
	}
	l.size += n
	l.buf = appendFrame(l.buf, seq, rec, sum)
	return seq, nil
}

// Cut starts a new segment before the next record appended, so that a
// snapshot as of the last record appended so far can remove every segment
// that holds a record (Snapshot keeps the last segment). It writes
// nothing itself: the new segment is created with the next write of the
// buffer, which a Wait, Append, Close or Snapshot makes. A caller that
// orders its records under a lock of its own calls Cut under that lock,
// after the last record the snapshot will hold. It does nothing when the
// current segment holds no record.
func (l *Log) Cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || l.size <= headerSize {
		return
	}
	l.cuts = append(l.cuts, cut{off: len(l.buf), first: l.next})
	l.size = headerSize
}

// Wait waits until record seq is acknowledged as Append's are (synced,
// or under SyncEvery or NoSync written), writing the buffer itself if no
// other call is, and returns nil, or the error that kept the record from
// the disk. seq must come from Enqueue or Append.
func (l *Log) Wait(seq uint64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if seq >= l.next {
		return fmt.Errorf("wal: Wait for record %d, which was not appended", seq)
	}
	for !l.acked(seq) {
		if l.err != nil {
			return l.err
		}
		if !l.flushing {
			l.flush(l.durable())
			continue
		}
		l.cond.Wait()
	}
	return nil
}

// durable reports whether Appends wait for a sync.
func (l *Log) durable() bool { return l.opts.SyncEvery <= 0 && !l.opts.NoSync }

// acked reports whether an Append of record seq may return.
func (l *Log) acked(seq uint64) bool {
	if l.durable() {
		return l.synced >= seq
	}
	return l.written >= seq
}

// flush makes the caller the leader: it writes the buffered frames, syncs
// them if sync is set, and wakes the Appends waiting for them. It is
// called with l.mu held and l.flushing false, and releases l.mu while it
// writes.
func (l *Log) flush(sync bool) {
	l.flushing = true
	l.flushes++
	buf, cuts, upto := l.buf, l.cuts, l.next-1
	l.buf, l.cuts = l.spare[:0], nil
	l.spare = nil
	l.mu.Unlock()

	err := l.write(buf, cuts, sync)

	l.mu.Lock()
	l.flushing = false
	if err != nil {
		l.err = err
	} else {
		l.written = upto
		if sync {
			l.synced = upto
		}
		s := &l.segs[len(l.segs)-1]
		s.size = l.fileSize
		s.last = upto
	}
	if cap(buf) <= maxSpareBytes {
		l.spare = buf[:0]
	}
	l.cond.Broadcast()
}

// write writes buf to the current segment, starting new segments at cuts,
// and syncs if sync is set. Only the leader calls it.
func (l *Log) write(buf []byte, cuts []cut, sync bool) error {
	prev := 0
	for _, c := range cuts {
		if err := l.writeFile(buf[prev:c.off]); err != nil {
			return err
		}
		if err := l.rotate(c.first); err != nil {
			return err
		}
		prev = c.off
	}
	if err := l.writeFile(buf[prev:]); err != nil {
		return err
	}
	if sync {
		if err := l.f.Sync(); err != nil {
			return fmt.Errorf("wal: sync: %w", err)
		}
	}
	return nil
}

func (l *Log) writeFile(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	n, err := l.f.Write(b)
	l.fileSize += int64(n)
	if err != nil {
		return fmt.Errorf("wal: write: %w", err)
	}
	return nil
}

// rotate syncs and closes the current segment (unless NoSync) and starts
// a new one whose first record is first. It holds the syncer off (by
// taking l.syncing) until the new segment is current.
func (l *Log) rotate(first uint64) error {
	l.mu.Lock()
	for l.syncing {
		l.cond.Wait()
	}
	l.syncing = true
	s := &l.segs[len(l.segs)-1]
	s.size, s.last = l.fileSize, first-1
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.syncing = false
		l.cond.Broadcast()
		l.mu.Unlock()
	}()
	if !l.opts.NoSync {
		if err := l.f.Sync(); err != nil {
			return fmt.Errorf("wal: sync: %w", err)
		}
	}
	if err := l.f.Close(); err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	return l.createSegment(first)
}

// syncLoop syncs the current segment every SyncEvery while records are
// written and not synced, until l.stop is closed.
func (l *Log) syncLoop() {
	defer close(l.done)
	t := time.NewTicker(l.opts.SyncEvery)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		l.mu.Lock()
		if l.synced < l.written && l.err == nil && !l.syncing {
			// Records up to written are in f or in segments synced when
			// they were rotated; rotate waits for this sync to finish
			// before it closes f.
			f, upto := l.f, l.written
			l.syncing = true
			l.mu.Unlock()
			err := f.Sync()
			l.mu.Lock()
			l.syncing = false
			if err != nil {
				l.err = fmt.Errorf("wal: sync: %w", err)
			} else if upto > l.synced {
				l.synced = upto
			}
			l.cond.Broadcast()
		}
		l.mu.Unlock()
	}
}
