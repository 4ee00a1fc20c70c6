package wal

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// appendHeader appends a segment or snapshot header to b.
func appendHeader(b []byte, magic string, seq uint64) []byte {
	start := len(b)
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, version)
	b = binary.LittleEndian.AppendUint64(b, seq)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[start:], castagnoli))
}

// parseHeader checks a segment or snapshot header against its magic and
// the sequence number in the file's name.
func parseHeader(path string, h []byte, magic, kind string, seq uint64) error {
	if len(h) < headerSize {
		return fmt.Errorf("wal: %s: %s header of %d bytes, want %d: %w", path, kind, len(h), headerSize, ErrCorrupt)
	}
	if string(h[:8]) != magic {
		return fmt.Errorf("wal: %s: magic %q, want %q: %w", path, h[:8], magic, ErrNotLog)
	}
	if v := binary.LittleEndian.Uint32(h[8:]); v != version {
		if v > version {
			return fmt.Errorf("wal: %s: %s format version %d, this package reads version %d: %w", path, kind, v, version, ErrVersion)
		}
		return fmt.Errorf("wal: %s: %s format version %d: %w", path, kind, v, ErrCorrupt)
	}
	if crc32.Checksum(h[:20], castagnoli) != binary.LittleEndian.Uint32(h[20:]) {
		return fmt.Errorf("wal: %s: %s header checksum mismatch: %w", path, kind, ErrCorrupt)
	}
	if got := binary.LittleEndian.Uint64(h[12:]); got != seq {
		return fmt.Errorf("wal: %s: header says sequence number %d, the name %d: %w", path, got, seq, ErrCorrupt)
	}
	return nil
}

func parseSegmentHeader(path string, h []byte, first uint64) error {
	return parseHeader(path, h, segMagic, "segment", first)
}

// checkSegmentHeader reads and checks the header of a segment.
func checkSegmentHeader(path string, first uint64) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("wal: %w", err)
	}
	defer f.Close()
	h := make([]byte, headerSize)
	n, err := io.ReadFull(f, h)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fmt.Errorf("wal: %w", err)
	}
	return parseSegmentHeader(path, h[:n], first)
}

// appendFrame appends the frame of a record to b; sum is the CRC-32C of
// rec alone.
func appendFrame(b []byte, seq uint64, rec []byte, sum uint32) []byte {
	start := len(b)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(rec)))
	b = append(b, 0, 0, 0, 0, typeRecord)
	b = binary.LittleEndian.AppendUint64(b, seq)
	h := b[start:]
	binary.LittleEndian.PutUint32(h[4:], frameSum(sum, h))
	return append(b, rec...)
}

// frameSum extends sum, the CRC-32C of a payload, over the length, type
// and sequence number of the frame header h.
func frameSum(sum uint32, h []byte) uint32 {
	sum = crc32.Update(sum, castagnoli, h[0:4])
	return crc32.Update(sum, castagnoli, h[8:frameSize])
}

// A frameError is a frame that does not verify.
type frameError struct {
	off    int64
	reason string
	seqErr bool // the frame verifies but its sequence number is wrong
}

// readFrame decodes the frame at data[off:] and checks that it is record
// want. It returns the payload (a subslice of data) and the frame's
// length.
func readFrame(data []byte, off int64, want uint64) ([]byte, int64, *frameError) {
	rest := data[off:]
	if len(rest) < frameSize {
		return nil, 0, &frameError{off: off, reason: fmt.Sprintf("incomplete frame header (%d bytes)", len(rest))}
	}
	n := binary.LittleEndian.Uint32(rest)
	if n > MaxRecordSize {
		return nil, 0, &frameError{off: off, reason: fmt.Sprintf("record length %d over the limit", n)}
	}
	if int64(n) > int64(len(rest)-frameSize) {
		return nil, 0, &frameError{off: off, reason: fmt.Sprintf("record of %d bytes runs past the end", n)}
	}
	if t := rest[8]; t != typeRecord {
		return nil, 0, &frameError{off: off, reason: fmt.Sprintf("unknown record type %d", t)}
	}
	payload := rest[frameSize : frameSize+int64(n)]
	if frameSum(crc32.Checksum(payload, castagnoli), rest) != binary.LittleEndian.Uint32(rest[4:]) {
		return nil, 0, &frameError{off: off, reason: "checksum mismatch"}
	}
	if seq := binary.LittleEndian.Uint64(rest[9:]); seq != want {
		return nil, 0, &frameError{off: off, reason: fmt.Sprintf("sequence number %d, want %d", seq, want), seqErr: true}
	}
	return payload, frameSize + int64(n), nil
}

// scanFrames checks the frames of a segment from off, the first being
// record first. It returns the offset after the last good frame, the
// sequence number of the last good record (first-1 if none), and the
// frame that does not verify, if any.
func scanFrames(data []byte, off int64, first uint64) (int64, uint64, *frameError) {
	seq := first
	for off < int64(len(data)) {
		_, n, err := readFrame(data, off, seq)
		if err != nil {
			return off, seq - 1, err
		}
		off += n
		seq++
	}
	return off, seq - 1, nil
}

// validFrameAfter reports whether a frame that verifies, of a record after
// last, starts anywhere in data[from:]. Frames are first filtered by type
// and a plausible sequence number, so the cost is about linear.
func validFrameAfter(data []byte, from int64, last uint64) bool {
	for off := from; off+frameSize <= int64(len(data)); off++ {
		h := data[off:]
		if h[8] != typeRecord {
			continue
		}
		seq := binary.LittleEndian.Uint64(h[9:])
		if seq <= last || seq-last > uint64(len(data))/frameSize+1 {
			continue
		}
		if _, _, err := readFrame(data, off, seq); err == nil {
			return true
		}
	}
	return false
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// Replay calls fn for each record after the snapshot (all records if there
// is none), in order, with its sequence number. rec is valid only during
// the call. Replay checks every frame and that sequence numbers continue
// without a gap across segments, and returns an ErrCorrupt error naming
// the file and offset where they do not, after calling fn for the records
// before it. It stops at and returns the first error fn returns.
//
// Replay reads the log as written when it starts, one segment into memory
// at a time, into one buffer: O(bytes) time and the largest segment's
// size in memory (a buffer a segment made a million documents' Open
// allocate, and fault in, 1.5 GB). It
// may run concurrently with Append and Snapshot, but fn must not call
// Snapshot, which waits for Replay to finish before it removes files.
func (l *Log) Replay(fn func(seq uint64, rec []byte) error) error {
	l.gc.RLock()
	defer l.gc.RUnlock()
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	segs := slices.Clone(l.segs)
	from := l.snapSeq + 1
	l.mu.Unlock()

	var data []byte
	for i, s := range segs {
		path := filepath.Join(l.dir, segName(s.first))
		var err error
		data, err = readPrefix(data, path, s.size)
		if err != nil {
			return err
		}
		if err := parseSegmentHeader(path, data, s.first); err != nil {
			return err
		}
		off, seq := int64(headerSize), s.first
		for off < int64(len(data)) {
			rec, n, ferr := readFrame(data, off, seq)
			if ferr != nil {
				return fmt.Errorf("wal: %s: offset %d: %s: %w", path, off, ferr.reason, ErrCorrupt)
			}
			if seq >= from {
				if err := fn(seq, rec); err != nil {
					return err
				}
			}
			off += n
			seq++
		}
		if i+1 < len(segs) && segs[i+1].first != seq {
			return fmt.Errorf("wal: %s: ends before record %d, the next segment starts at %d: %w",
				path, seq, segs[i+1].first, ErrCorrupt)
		}
	}
	return nil
}

// readPrefix reads the first size bytes of a file into buf, grown as
// needed, and returns them.
func readPrefix(buf []byte, path string, size int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	} else if fi.Size() < size {
		return nil, fmt.Errorf("wal: %s: %d bytes, want at least %d: %w", path, fi.Size(), size, ErrCorrupt)
	}
	data := slices.Grow(buf[:0], int(size))[:size]
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, fmt.Errorf("wal: %w", err)
	}
	return data, nil
}
