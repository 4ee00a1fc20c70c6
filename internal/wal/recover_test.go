package wal

import (
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// buildLog writes records 1..n to a new log in dir with the given
// segment size and returns the segment files and, for each record, the
// segment and offset where its frame ends.
func buildLog(t testing.TB, dir string, n uint64, segSize int64) (segs []string, ends map[uint64]int64) {
	t.Helper()
	l, err := Open(dir, Options{NoSync: true, SegmentSize: segSize})
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, l, 1, n)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	segs = logFiles(t, dir, segSuffix)
	ends = map[uint64]int64{}
	for _, path := range segs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := parseName(filepath.Base(path), segSuffix)
		off := int64(headerSize)
		for seq := first; off < int64(len(data)); seq++ {
			_, m, ferr := readFrame(data, off, seq)
			if ferr != nil {
				t.Fatalf("%s: %s", path, ferr.reason)
			}
			off += m
			ends[seq] = off
		}
	}
	return segs, ends
}

// copyDir replaces the files of the log directory to with those of from.
func copyDir(t testing.TB, from, to string) {
	t.Helper()
	if err := os.RemoveAll(to); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range append(logFiles(t, from, segSuffix), logFiles(t, from, snapSuffix)...) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(path)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Cutting the last segment at every byte of its last records leaves the
// whole records before the cut, reports the rest as dropped, and lets
// appends continue.
func TestTornTailEveryOffset(t *testing.T) {
	src := t.TempDir()
	segs, ends := buildLog(t, src, 30, 1500)
	last := segs[len(segs)-1]
	first, _ := parseName(filepath.Base(last), segSuffix)
	data, err := os.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	// Cut in the segment's header and first frame header (a crash while
	// rotating), and at every byte of its last four records.
	if uint64(len(ends))-4 < first {
		t.Fatalf("the last segment starts at record %d of %d, want 4 records or more in it", first, len(ends))
	}
	lastFour := ends[uint64(len(ends))-4]
	dir := filepath.Join(t.TempDir(), "log")
	for cut := int64(0); cut < int64(len(data)); cut++ {
		if cut == headerSize+frameSize {
			cut = lastFour
		}
		copyDir(t, src, dir)
		path := filepath.Join(dir, filepath.Base(last))
		if err := os.Truncate(path, cut); err != nil {
			t.Fatal(err)
		}
		// The last whole record before the cut.
		keep := first - 1
		boundary := int64(headerSize)
		for seq := first; ends[seq] != 0 && ends[seq] <= cut; seq++ {
			keep, boundary = seq, ends[seq]
		}
		var warns []error
		l, err := Open(dir, Options{NoSync: true, Warn: func(err error) { warns = append(warns, err) }})
		if err != nil {
			t.Fatalf("cut at %d: Open: %v", cut, err)
		}
		switch {
		case cut < headerSize:
			// The segment, torn while it was created, is removed.
			var tt *TornTail
			if len(warns) != 1 || !errors.As(warns[0], &tt) || tt.Dropped != cut {
				t.Fatalf("cut at %d: warnings %v, want the segment removed", cut, warns)
			}
		case cut == boundary:
			if len(warns) != 0 {
				t.Fatalf("cut at %d (a record boundary): warnings %v", cut, warns)
			}
		default:
			var tt *TornTail
			if len(warns) != 1 || !errors.As(warns[0], &tt) || tt.Offset != boundary || tt.Dropped != cut-boundary {
				t.Fatalf("cut at %d: warnings %v, want %d bytes dropped at %d", cut, warns, cut-boundary, boundary)
			}
		}
		wantReplay(t, l, 1, keep)
		appendN(t, l, keep+1, keep+2)
		wantReplay(t, l, 1, keep+2)
		l.Close()
	}
}

// A bit flipped anywhere gives an error or, in the last record of the
// last segment, a dropped tail; never a panic and never a wrong record.
// A flip in a record followed by another is always an error.
func TestBitFlips(t *testing.T) {
	src := t.TempDir()
	segs, ends := buildLog(t, src, 10, 800)
	if len(segs) < 2 {
		t.Fatalf("%d segments, want 2 or more", len(segs))
	}
	lastSeq := uint64(len(ends))
	lastSeg := segs[len(segs)-1]
	for _, seg := range segs {
		data, err := os.ReadFile(seg)
		if err != nil {
			t.Fatal(err)
		}
		first, _ := parseName(filepath.Base(seg), segSuffix)
		dir := filepath.Join(t.TempDir(), "log")
		for off := range int64(len(data)) {
			copyDir(t, src, dir)
			path := filepath.Join(dir, filepath.Base(seg))
			flipped := slices.Clone(data)
			flipped[off] ^= 1 << (off % 8)
			if err := os.WriteFile(path, flipped, 0o644); err != nil {
				t.Fatal(err)
			}
			// The record whose frame holds off (0 for the header).
			var in uint64
			if off >= headerSize {
				for seq := first; ; seq++ {
					if ends[seq] > off {
						in = seq
						break
					}
				}
			}
			var warns []error
			var replayed []uint64
			l, err := Open(dir, Options{NoSync: true, Warn: func(err error) { warns = append(warns, err) }})
			if err == nil {
				replayed, err = replayAll(t, l)
				l.Close()
			}
			if len(replayed) > 0 && !slices.Equal(replayed, seqRange(1, replayed[len(replayed)-1])) {
				t.Fatalf("%s byte %d flipped: replayed %v", filepath.Base(seg), off, replayed)
			}
			if err != nil {
				if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotLog) && !errors.Is(err, ErrVersion) {
					t.Fatalf("%s byte %d flipped: %v, want ErrCorrupt", filepath.Base(seg), off, err)
				}
				if in != 0 && !errors.Is(err, ErrCorrupt) {
					t.Fatalf("%s byte %d flipped (record %d): %v, want ErrCorrupt", filepath.Base(seg), off, in, err)
				}
				continue
			}
			// Opened and replayed without error: only a flip in the last
			// record of the last segment may do that, dropping it.
			if seg != lastSeg || in != lastSeq || len(warns) != 1 || len(replayed) != int(lastSeq-1) {
				t.Fatalf("%s byte %d flipped (record %d): no error; warnings %v, replayed %s",
					filepath.Base(seg), off, in, warns, short(replayed))
			}
		}
	}
}

func crcOf(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }
