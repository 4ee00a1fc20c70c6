package wal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// Snapshot stores the caller's state as of record seq: write is called
// once with a writer, and what it writes is what [Log.OpenSnapshot]
// returns after a reopen, followed, in [Log.Replay], by the records after
// seq only. When Snapshot returns nil the snapshot is durable (unless
// NoSync), the previous one is removed, and so are the segments that hold
// only records up to seq.
//
// seq must not be below the seq of the current snapshot, nor above the
// last record appended; the caller's state must hold exactly the records
// up to seq. The snapshot is written to a temporary file, synced, renamed
// into place and the directory synced, so a crash leaves the old snapshot
// or the new one, never a part. If write returns an error, Snapshot
// removes the temporary file and returns that error, and the log is as
// before. Appends may run while write does; Snapshots are serialized.
// After a Cut made when record seq was the last, every segment goes.
func (l *Log) Snapshot(seq uint64, write func(w io.Writer) error) error {
	l.snapMu.Lock()
	defer l.snapMu.Unlock()
	l.mu.Lock()
	closed, last, cur, had := l.closed, l.next-1, l.snapSeq, l.snapSize > 0
	l.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if seq > last {
		return fmt.Errorf("wal: snapshot as of record %d, but the last record is %d", seq, last)
	}
	if seq < cur {
		return fmt.Errorf("wal: snapshot as of record %d, older than the current snapshot's %d", seq, cur)
	}

	path := filepath.Join(l.dir, snapName(seq))
	tmp := path[:len(path)-len(snapSuffix)] + tmpSuffix
	size, err := l.writeSnapshot(tmp, seq, write)
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("wal: %w", err)
	}
	if err := l.syncDir(); err != nil {
		return err
	}

	l.gc.Lock()
	defer l.gc.Unlock()
	l.mu.Lock()
	// A segment Cut asked for is created now if no write has made it
	// yet, so that the segments before it can go.
	for l.flushing {
		l.cond.Wait()
	}
	if len(l.cuts) > 0 && l.err == nil && !l.closed {
		l.flush(l.durable())
	}
	l.snapSeq, l.snapSize = seq, size
	n := l.coveredSegments()
	l.mu.Unlock()
	if had && cur != seq {
		if err := os.Remove(filepath.Join(l.dir, snapName(cur))); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("wal: %w", err)
		}
	}
	return l.removeSegments(n)
}

// writeSnapshot writes a snapshot file and returns its size.
func (l *Log) writeSnapshot(path string, seq uint64, write func(w io.Writer) error) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, fmt.Errorf("wal: %w", err)
	}
	defer f.Close()
	var out io.Writer = f
	if !l.opts.NoSync {
		out = &syncWriter{f: f}
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	bw.Write(appendHeader(nil, snapMagic, seq))
	cw := &crcWriter{w: bw}
	if err := write(cw); err != nil {
		return 0, err
	}
	trailer := binary.LittleEndian.AppendUint64(nil, uint64(cw.n))
	trailer = binary.LittleEndian.AppendUint32(trailer, cw.sum)
	bw.Write(trailer)
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("wal: snapshot: %w", err)
	}
	if !l.opts.NoSync {
		if err := f.Sync(); err != nil {
			return 0, fmt.Errorf("wal: snapshot: sync: %w", err)
		}
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("wal: snapshot: %w", err)
	}
	return headerSize + cw.n + trailerSize, nil
}

// A crcWriter counts and checksums what it passes on.
type crcWriter struct {
	w   io.Writer
	n   int64
	sum uint32
}

func (c *crcWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.sum = crc32.Update(c.sum, castagnoli, p[:n])
	return n, err
}

// checkSnapshot checks a snapshot's header and trailer length and
// returns its size.
func checkSnapshot(path string, seq uint64) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("wal: %w", err)
	}
	defer f.Close()
	_, size, err := openSnapshot(f, path, seq)
	return size, err
}

// openSnapshot checks the header and trailer length of the snapshot in f
// and returns the trailer and the file's size.
func openSnapshot(f *os.File, path string, seq uint64) ([]byte, int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("wal: %w", err)
	}
	size := fi.Size()
	h := make([]byte, headerSize)
	n, err := io.ReadFull(f, h)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, 0, fmt.Errorf("wal: %w", err)
	}
	if err := parseHeader(path, h[:n], snapMagic, "snapshot", seq); err != nil {
		return nil, 0, err
	}
	if size < headerSize+trailerSize {
		return nil, 0, fmt.Errorf("wal: %s: snapshot of %d bytes has no trailer: %w", path, size, ErrCorrupt)
	}
	t := make([]byte, trailerSize)
	if _, err := f.ReadAt(t, size-trailerSize); err != nil {
		return nil, 0, fmt.Errorf("wal: %w", err)
	}
	if n := binary.LittleEndian.Uint64(t); n != uint64(size-headerSize-trailerSize) {
		return nil, 0, fmt.Errorf("wal: %s: trailer says %d bytes of data, the file holds %d: %w", path, n, size-headerSize-trailerSize, ErrCorrupt)
	}
	return t, size, nil
}

// OpenSnapshot returns a reader of the newest snapshot's data and the
// sequence number it is as of, or a nil reader and 0 if there is none.
// The reader checks the data's checksum when it reaches the end and then
// returns an ErrCorrupt error instead of io.EOF if it does not match, so
// a caller must read to io.EOF before trusting what it read. The caller
// closes the reader. The reader stays valid if a later Snapshot removes
// the file.
func (l *Log) OpenSnapshot() (io.ReadCloser, uint64, error) {
	l.gc.RLock()
	defer l.gc.RUnlock()
	l.mu.Lock()
	closed, seq, size := l.closed, l.snapSeq, l.snapSize
	l.mu.Unlock()
	if closed {
		return nil, 0, ErrClosed
	}
	if size == 0 {
		return nil, 0, nil
	}
	path := filepath.Join(l.dir, snapName(seq))
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("wal: %w", err)
	}
	t, size, err := openSnapshot(f, path, seq)
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	r := &snapReader{
		f:    f,
		path: path,
		r:    bufio.NewReaderSize(io.NewSectionReader(f, headerSize, size-headerSize-trailerSize), 1<<20),
		want: binary.LittleEndian.Uint32(t[8:]),
	}
	return r, seq, nil
}

// A snapReader reads a snapshot's data and checks its checksum at the end.
type snapReader struct {
	f    *os.File
	path string
	r    io.Reader
	sum  uint32
	want uint32
}

func (s *snapReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.sum = crc32.Update(s.sum, castagnoli, p[:n])
	if err == io.EOF && s.sum != s.want {
		return n, fmt.Errorf("wal: %s: snapshot checksum mismatch: %w", s.path, ErrCorrupt)
	}
	return n, err
}

func (s *snapReader) Close() error { return s.f.Close() }

// snapshotSyncBytes is how much of a snapshot is written between two
// syncs of its file. A snapshot synced only at its end leaves all of it
// to the disk at once, and the log's own syncs, which acknowledge
// documents, wait behind it: compacting a million documents (1.9 GB) with
// one sync at the end, an Add beside it waited up to 249-378 ms, and
// with a sync every 32 MiB up to 38-51 ms (bench/cmd/compactindex).
const snapshotSyncBytes = 32 << 20

// A syncWriter writes to f and syncs it after each snapshotSyncBytes.
type syncWriter struct {
	f *os.File
	n int64 // bytes since the last sync
}

func (w *syncWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if w.n += int64(n); err == nil && w.n >= snapshotSyncBytes {
		w.n = 0
		err = w.f.Sync()
	}
	return n, err
}
