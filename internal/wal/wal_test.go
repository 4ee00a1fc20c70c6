package wal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// content returns the record that tests append as record seq: between
// min and max bytes, derived from seq alone.
func content(seq uint64, min, max int) []byte {
	r := rand.New(rand.NewPCG(seq, 0x5eed))
	b := make([]byte, min+r.IntN(max-min+1))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func record(seq uint64) []byte { return content(seq, 0, 300) }

// openT opens a log in dir and closes it at the end of the test.
func openT(t testing.TB, dir string, opts Options) *Log {
	t.Helper()
	l, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func appendN(t testing.TB, l *Log, from, to uint64) {
	t.Helper()
	for seq := from; seq <= to; seq++ {
		got, err := l.Append(record(seq))
		if err != nil {
			t.Fatal(err)
		}
		if got != seq {
			t.Fatalf("Append returned seq %d, want %d", got, seq)
		}
	}
}

// replayAll returns the sequence numbers that Replay yields, checking
// each record's content.
func replayAll(t testing.TB, l *Log) ([]uint64, error) {
	t.Helper()
	var seqs []uint64
	err := l.Replay(func(seq uint64, rec []byte) error {
		if !bytes.Equal(rec, record(seq)) {
			t.Fatalf("record %d: wrong content (%d bytes)", seq, len(rec))
		}
		seqs = append(seqs, seq)
		return nil
	})
	return seqs, err
}

func seqRange(from, to uint64) []uint64 {
	var s []uint64
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

func wantReplay(t testing.TB, l *Log, from, to uint64) {
	t.Helper()
	got, err := replayAll(t, l)
	if err != nil {
		t.Fatal(err)
	}
	if want := seqRange(from, to); !slices.Equal(got, want) {
		t.Fatalf("replayed %v, want %d..%d", short(got), from, to)
	}
}

func short(s []uint64) string {
	if len(s) <= 10 {
		return fmt.Sprint(s)
	}
	return fmt.Sprintf("%v ... %v (%d)", s[:5], s[len(s)-5:], len(s))
}

func logFiles(t testing.TB, dir, suffix string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*"+suffix))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAppendReplay(t *testing.T) {
	for _, opts := range []Options{{}, {SyncEvery: time.Millisecond}, {NoSync: true}} {
		t.Run(fmt.Sprintf("SyncEvery=%v,NoSync=%v", opts.SyncEvery, opts.NoSync), func(t *testing.T) {
			dir := t.TempDir()
			l := openT(t, dir, opts)
			wantReplay(t, l, 1, 0)
			appendN(t, l, 1, 100)
			wantReplay(t, l, 1, 100)
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			l = openT(t, dir, opts)
			if got := l.LastSeq(); got != 100 {
				t.Fatalf("LastSeq = %d after reopening, want 100", got)
			}
			appendN(t, l, 101, 150)
			wantReplay(t, l, 1, 150)
		})
	}
}

func TestEmptyRecord(t *testing.T) {
	l := openT(t, t.TempDir(), Options{NoSync: true})
	for range 3 {
		if _, err := l.Append(nil); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	if err := l.Replay(func(seq uint64, rec []byte) error {
		if len(rec) != 0 {
			t.Errorf("record %d has %d bytes, want 0", seq, len(rec))
		}
		n++
		return nil
	}); err != nil || n != 3 {
		t.Fatalf("Replay: %d records, %v; want 3, nil", n, err)
	}
}

func TestRotation(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{SegmentSize: 2000})
	appendN(t, l, 1, 200)
	segs := logFiles(t, dir, segSuffix)
	if len(segs) < 10 {
		t.Fatalf("%d segments, want at least 10", len(segs))
	}
	for _, s := range segs {
		fi, err := os.Stat(s)
		if err != nil {
			t.Fatal(err)
		}
		// A segment goes past SegmentSize by at most one record.
		if fi.Size() > 2000+frameSize+300 {
			t.Errorf("%s: %d bytes", s, fi.Size())
		}
	}
	wantReplay(t, l, 1, 200)
	l.Close()
	l = openT(t, dir, Options{SegmentSize: 2000})
	appendN(t, l, 201, 300)
	wantReplay(t, l, 1, 300)
	if got, want := l.Size(), dirSize(t, dir); got != want {
		t.Errorf("Size() = %d, files hold %d", got, want)
	}
}

// A record larger than SegmentSize has a segment to itself.
func TestLargeRecord(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{SegmentSize: 100, NoSync: true})
	big := bytes.Repeat([]byte("x"), 1000)
	for range 3 {
		if _, err := l.Append(big); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(logFiles(t, dir, segSuffix)); n != 3 {
		t.Errorf("%d segments, want 3", n)
	}
	n := 0
	l.Replay(func(seq uint64, rec []byte) error {
		if !bytes.Equal(rec, big) {
			t.Errorf("record %d: wrong content", seq)
		}
		n++
		return nil
	})
	if n != 3 {
		t.Errorf("replayed %d records, want 3", n)
	}
}

func dirSize(t testing.TB, dir string) int64 {
	t.Helper()
	var n int64
	for _, f := range append(logFiles(t, dir, segSuffix), logFiles(t, dir, snapSuffix)...) {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	return n
}

func TestTooLarge(t *testing.T) {
	l := openT(t, t.TempDir(), Options{NoSync: true})
	_, err := l.Append(make([]byte, MaxRecordSize+1))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "64 MiB") {
		t.Fatalf("Append of MaxRecordSize+1 bytes: %v, want ErrTooLarge naming 64 MiB", err)
	}
	if seq, err := l.Append([]byte("next")); err != nil || seq != 1 {
		t.Fatalf("Append after a refused record: %d, %v; want 1, nil", seq, err)
	}
}

func TestClosed(t *testing.T) {
	l, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Append(nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close: %v, want ErrClosed", err)
	}
	if err := l.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v, want ErrClosed", err)
	}
	if err := l.Replay(func(uint64, []byte) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Replay after Close: %v, want ErrClosed", err)
	}
	if err := l.Snapshot(0, func(io.Writer) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("Snapshot after Close: %v, want ErrClosed", err)
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	openT(t, dir, Options{})
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
}

func TestReplayStops(t *testing.T) {
	l := openT(t, t.TempDir(), Options{NoSync: true})
	appendN(t, l, 1, 10)
	stop := errors.New("stop")
	n := 0
	err := l.Replay(func(seq uint64, rec []byte) error {
		n++
		if seq == 4 {
			return stop
		}
		return nil
	})
	if err != stop || n != 4 {
		t.Fatalf("Replay: %d calls, %v; want 4, stop", n, err)
	}
}

func TestSnapshot(t *testing.T) {
	dir := t.TempDir()
	opts := Options{SegmentSize: 1000}
	l := openT(t, dir, opts)
	if r, seq, err := l.OpenSnapshot(); r != nil || seq != 0 || err != nil {
		t.Fatalf("OpenSnapshot of a new log: %v, %d, %v; want nil, 0, nil", r, seq, err)
	}
	appendN(t, l, 1, 100)
	before := len(logFiles(t, dir, segSuffix))
	state := []byte("the state as of record 60")
	if err := l.Snapshot(60, func(w io.Writer) error { _, err := w.Write(state); return err }); err != nil {
		t.Fatal(err)
	}
	after := len(logFiles(t, dir, segSuffix))
	if after >= before {
		t.Errorf("%d segments before the snapshot, %d after; want fewer", before, after)
	}
	if err := l.Snapshot(101, func(io.Writer) error { return nil }); err == nil {
		t.Error("Snapshot as of a record not appended: no error")
	}
	if err := l.Snapshot(50, func(io.Writer) error { return nil }); err == nil {
		t.Error("Snapshot older than the current one: no error")
	}
	wantReplay(t, l, 61, 100)
	appendN(t, l, 101, 120)
	l.Close()

	l = openT(t, dir, opts)
	r, seq, err := l.OpenSnapshot()
	if err != nil || seq != 60 {
		t.Fatalf("OpenSnapshot: %d, %v; want 60, nil", seq, err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(got, state) {
		t.Fatalf("snapshot reads %q, %v; want %q", got, err, state)
	}
	wantReplay(t, l, 61, 120)
	if got, want := l.Size(), dirSize(t, dir); got != want {
		t.Errorf("Size() = %d, files hold %d", got, want)
	}

	// A second snapshot replaces the first.
	if err := l.Snapshot(120, func(w io.Writer) error { _, err := w.Write([]byte("120")); return err }); err != nil {
		t.Fatal(err)
	}
	if snaps := logFiles(t, dir, snapSuffix); len(snaps) != 1 || filepath.Base(snaps[0]) != snapName(120) {
		t.Errorf("snapshot files %v, want only %s", snaps, snapName(120))
	}
	wantReplay(t, l, 121, 120)
	l.Close()
	l = openT(t, dir, opts)
	wantReplay(t, l, 121, 120)
	appendN(t, l, 121, 125)
	wantReplay(t, l, 121, 125)
}

func TestSnapshotWriteError(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{})
	appendN(t, l, 1, 5)
	bad := errors.New("bad")
	if err := l.Snapshot(3, func(w io.Writer) error { w.Write([]byte("part")); return bad }); err != bad {
		t.Fatalf("Snapshot: %v, want the write function's error", err)
	}
	if m := append(logFiles(t, dir, snapSuffix), logFiles(t, dir, tmpSuffix)...); len(m) != 0 {
		t.Fatalf("files left by a failed snapshot: %v", m)
	}
	wantReplay(t, l, 1, 5)
}

func TestSnapshotCorrupt(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{})
	appendN(t, l, 1, 5)
	if err := l.Snapshot(5, func(w io.Writer) error { _, err := w.Write(bytes.Repeat([]byte("s"), 5000)); return err }); err != nil {
		t.Fatal(err)
	}
	l.Close()
	path := filepath.Join(dir, snapName(5))
	data, _ := os.ReadFile(path)
	data[headerSize+2500] ^= 1
	os.WriteFile(path, data, 0o644)
	l = openT(t, dir, Options{})
	r, _, err := l.OpenSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := io.ReadAll(r); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("reading a damaged snapshot: %v, want ErrCorrupt", err)
	}
}

// A leftover temporary snapshot is removed with a warning; an older
// snapshot left next to a newer one is removed.
func TestSnapshotLeftovers(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{})
	appendN(t, l, 1, 5)
	if err := l.Snapshot(2, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(filepath.Join(dir, snapName(2)))
	if err := l.Snapshot(4, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	l.Close()
	os.WriteFile(filepath.Join(dir, snapName(2)), old, 0o644)
	os.WriteFile(filepath.Join(dir, snapName(5)[:nameDigits]+tmpSuffix), []byte("half"), 0o644)
	var warns []error
	l = openT(t, dir, Options{Warn: func(err error) { warns = append(warns, err) }})
	if len(warns) != 1 || !strings.Contains(warns[0].Error(), "incomplete snapshot") {
		t.Errorf("warnings %v, want one about an incomplete snapshot", warns)
	}
	if snaps := logFiles(t, dir, snapSuffix); len(snaps) != 1 || filepath.Base(snaps[0]) != snapName(4) {
		t.Errorf("snapshot files %v, want only %s", snaps, snapName(4))
	}
	wantReplay(t, l, 5, 5)
}

// A snapshot as of records that a machine crash lost from the log (under
// SyncEvery) still holds them: the log continues after the snapshot.
func TestSnapshotAheadOfLog(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{})
	appendN(t, l, 1, 10)
	if err := l.Snapshot(10, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	l.Close()
	// Cut the log back to record 7, as a lost page cache would.
	seg := logFiles(t, dir, segSuffix)
	cutAfter(t, seg[len(seg)-1], 7)
	l = openT(t, dir, Options{})
	if got := l.LastSeq(); got != 10 {
		t.Fatalf("LastSeq = %d, want 10", got)
	}
	appendN(t, l, 11, 12)
	wantReplay(t, l, 11, 12)
	l.Close()
	l = openT(t, dir, Options{})
	wantReplay(t, l, 11, 12)
}

// cutAfter truncates a segment after the record seq.
func cutAfter(t testing.TB, path string, seq uint64) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := parseName(filepath.Base(path), segSuffix)
	off := int64(headerSize)
	for s := first; s <= seq; s++ {
		_, n, ferr := readFrame(data, off, s)
		if ferr != nil {
			t.Fatalf("%s: record %d: %s", path, s, ferr.reason)
		}
		off += n
	}
	if err := os.Truncate(path, off); err != nil {
		t.Fatal(err)
	}
}

func TestForeignDirectory(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       error
	}{
		{"other file", "notes.txt", []byte("hello"), ErrNotLog},
		{"wrong magic", segName(1), append([]byte("PK\x03\x04 not a log"), make([]byte, 40)...), ErrNotLog},
		{"newer segment", segName(1), headerVersion(segMagic, 1, 7), ErrVersion},
		{"newer snapshot", snapName(0), append(headerVersion(snapMagic, 0, 3), make([]byte, 12)...), ErrVersion},
		{"snapshot magic", snapName(0), make([]byte, 40), ErrNotLog},
		{"name and header", segName(5), appendHeader(nil, segMagic, 4), ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tc.file), tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(dir, Options{})
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Fatalf("Open: %v; want %v naming %s", err, tc.want, tc.file)
			}
			if tc.want == ErrVersion && !strings.Contains(err.Error(), "version") {
				t.Errorf("error %q does not name the version", err)
			}
		})
	}
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrNotLog) {
		t.Fatalf("Open of a directory with a subdirectory: %v, want ErrNotLog", err)
	}
}

// headerVersion returns a header with the given version and a valid
// checksum.
func headerVersion(magic string, seq uint64, v uint32) []byte {
	h := []byte(magic)
	h = binary.LittleEndian.AppendUint32(h, v)
	h = binary.LittleEndian.AppendUint64(h, seq)
	return binary.LittleEndian.AppendUint32(h, crc32.Checksum(h, castagnoli))
}

// Records missing between the snapshot and the first segment, or between
// two segments, are reported.
func TestMissingRecords(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{SegmentSize: 500})
	appendN(t, l, 1, 50)
	l.Close()
	segs := logFiles(t, dir, segSuffix)
	os.Remove(segs[1])
	l = openT(t, dir, Options{})
	if _, err := replayAll(t, l); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Replay with a segment missing: %v, want ErrCorrupt", err)
	}
	l.Close()
	os.Remove(segs[0])
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("Open without the first segment: %v, want ErrCorrupt about missing records", err)
	}
}

// Many goroutines append at once, with rotations and snapshots: every
// acknowledged record replays once, in order, with its content.
func TestConcurrentAppend(t *testing.T) {
	for _, opts := range []Options{{SegmentSize: 20000}, {SegmentSize: 20000, SyncEvery: time.Millisecond}} {
		t.Run(fmt.Sprintf("SyncEvery=%v", opts.SyncEvery), func(t *testing.T) {
			dir := t.TempDir()
			l := openT(t, dir, opts)
			const goroutines, each = 16, 100
			var wg sync.WaitGroup
			var mu sync.Mutex
			var acked []uint64
			errc := make(chan error, goroutines)
			for range goroutines {
				wg.Go(func() {
					for range each {
						// The content depends on the seq, which the
						// Append returns, so write it after the fact:
						// append a record that names its writer and
						// count; check seqs are unique.
						seq, err := l.Append(record(0))
						if err != nil {
							errc <- err
							return
						}
						mu.Lock()
						acked = append(acked, seq)
						mu.Unlock()
					}
				})
			}
			// Snapshots at whatever has been acknowledged.
			stop := make(chan struct{})
			var snaps sync.WaitGroup
			snaps.Go(func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
					mu.Lock()
					var s uint64
					if len(acked) > 0 {
						s = slices.Max(acked)
					}
					mu.Unlock()
					if s == 0 {
						continue
					}
					if err := l.Snapshot(s, func(w io.Writer) error { _, err := fmt.Fprint(w, s); return err }); err != nil {
						errc <- err
						return
					}
					// Replay while appends go on: records after the
					// snapshot, in order, without a gap.
					next := s + 1
					if err := l.Replay(func(seq uint64, rec []byte) error {
						if seq != next {
							return fmt.Errorf("Replay yields %d, want %d", seq, next)
						}
						next++
						return nil
					}); err != nil {
						errc <- err
						return
					}
				}
			})
			wg.Wait()
			close(stop)
			snaps.Wait()
			close(errc)
			for err := range errc {
				t.Fatal(err)
			}
			slices.Sort(acked)
			if want := seqRange(1, goroutines*each); !slices.Equal(acked, want) {
				t.Fatalf("acknowledged %v, want 1..%d once each", short(acked), goroutines*each)
			}
			for _, l2 := range []bool{false, true} {
				if l2 {
					l.Close()
					l = openT(t, dir, opts)
				}
				r, snap, err := l.OpenSnapshot()
				if err != nil {
					t.Fatal(err)
				}
				if r != nil {
					b, err := io.ReadAll(r)
					r.Close()
					if err != nil || string(b) != fmt.Sprint(snap) {
						t.Fatalf("snapshot %d reads %q, %v", snap, b, err)
					}
				}
				var got []uint64
				if err := l.Replay(func(seq uint64, rec []byte) error {
					if !bytes.Equal(rec, record(0)) {
						t.Fatalf("record %d: wrong content", seq)
					}
					got = append(got, seq)
					return nil
				}); err != nil {
					t.Fatal(err)
				}
				if want := seqRange(snap+1, goroutines*each); !slices.Equal(got, want) {
					t.Fatalf("replayed %v, want %d..%d", short(got), snap+1, goroutines*each)
				}
			}
		})
	}
}

// Appends with distinct content from many goroutines: each seq replays
// the content its Append was given.
func TestConcurrentContent(t *testing.T) {
	l := openT(t, t.TempDir(), Options{SegmentSize: 10000})
	const goroutines, each = 8, 100
	var mu sync.Mutex
	given := map[uint64]string{}
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				rec := fmt.Sprintf("goroutine %d record %d", g, i)
				seq, err := l.Append([]byte(rec))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				given[seq] = rec
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	n := 0
	if err := l.Replay(func(seq uint64, rec []byte) error {
		if want, ok := given[seq]; !ok || string(rec) != want {
			t.Fatalf("record %d is %q, want %q", seq, rec, want)
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != goroutines*each {
		t.Fatalf("replayed %d records, want %d", n, goroutines*each)
	}
}

// Close waits for the Appends under way, and they succeed or report
// ErrClosed.
func TestCloseDuringAppends(t *testing.T) {
	dir := t.TempDir()
	l, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var acked []uint64
	for range 8 {
		wg.Go(func() {
			for {
				seq, err := l.Append([]byte("x"))
				if errors.Is(err, ErrClosed) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, seq)
				mu.Unlock()
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	l = openT(t, dir, Options{})
	n := uint64(0)
	l.Replay(func(seq uint64, rec []byte) error { n = seq; return nil })
	if m := slices.Max(acked); n < m {
		t.Fatalf("log ends at %d, an Append acknowledged %d", n, m)
	}
}

// Under SyncEvery, the background goroutine syncs what Appends wrote.
func TestSyncEvery(t *testing.T) {
	l := openT(t, t.TempDir(), Options{SyncEvery: time.Millisecond})
	appendN(t, l, 1, 10)
	deadline := time.Now().Add(5 * time.Second)
	for {
		l.mu.Lock()
		synced, written := l.synced, l.written
		l.mu.Unlock()
		if synced == 10 && written == 10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("synced %d, written %d after 5 s; want 10, 10", synced, written)
		}
		time.Sleep(time.Millisecond)
	}
}

// Records enqueued under a caller's lock take its order; Waits outside
// the lock share writes.
func TestEnqueueWait(t *testing.T) {
	dir := t.TempDir()
	l := openT(t, dir, Options{})
	var mu sync.Mutex
	var order []uint64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				mu.Lock()
				seq, err := l.Enqueue([]byte(fmt.Sprintf("%d/%d", g, i)))
				if err != nil {
					mu.Unlock()
					t.Error(err)
					return
				}
				order = append(order, seq)
				mu.Unlock()
				if err := l.Wait(seq); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if !slices.Equal(order, seqRange(1, 400)) {
		t.Fatalf("sequence numbers %v, want 1..400 in the lock's order", short(order))
	}
	if err := l.Wait(401); err == nil {
		t.Error("Wait for a record not appended: no error")
	}
	// A record only enqueued is written by Close.
	seq, err := l.Enqueue([]byte("last"))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(seq); err != nil {
		t.Errorf("Wait after Close for a record Close wrote: %v", err)
	}
	l = openT(t, dir, Options{})
	var last []byte
	l.Replay(func(s uint64, rec []byte) error {
		if s == seq {
			last = slices.Clone(rec)
		}
		return nil
	})
	if string(last) != "last" {
		t.Fatalf("record %d is %q after reopening, want %q", seq, last, "last")
	}
}

// TestCut: a Cut after the last record lets a snapshot as of that record
// remove every segment holding a record, whether records follow the Cut
// before the snapshot or not; the log reopens with the records after the
// snapshot.
func TestCut(t *testing.T) {
	for _, more := range []bool{false, true} {
		dir := t.TempDir()
		l := openT(t, dir, Options{})
		appendN(t, l, 1, 10)
		l.Cut()
		l.Cut() // a second Cut before any record does nothing
		if more {
			appendN(t, l, 11, 12)
		}
		if err := l.Snapshot(10, func(w io.Writer) error { _, err := w.Write([]byte("10")); return err }); err != nil {
			t.Fatal(err)
		}
		segs := logFiles(t, dir, segSuffix)
		if len(segs) != 1 || filepath.Base(segs[0]) != segName(11) {
			t.Fatalf("more=%v: segments %v after the snapshot, want only %s", more, segs, segName(11))
		}
		last := uint64(10)
		if more {
			last = 12
		}
		wantReplay(t, l, 11, last)
		appendN(t, l, last+1, last+3)
		l.Close()
		l = openT(t, dir, Options{})
		wantReplay(t, l, 11, last+3)
		if got, want := l.Size(), dirSize(t, dir); got != want {
			t.Errorf("Size() = %d, files hold %d", got, want)
		}
		l.Close()
	}
}
