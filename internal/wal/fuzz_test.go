package wal

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen opens a log whose only segment (and, if snap is not empty,
// snapshot) holds arbitrary bytes, replays it and reads the snapshot.
// Nothing may panic; every error must be one of the package's; and the
// records replayed must be, frame for frame, a prefix of the segment as
// written by appendFrame, so no record with a wrong checksum, length or
// sequence number is ever delivered. Recovery may only shorten the
// segment to a frame boundary.
func FuzzOpen(f *testing.F) {
	seed := func(n uint64, cut int) []byte {
		b := appendHeader(nil, segMagic, 1)
		for seq := uint64(1); seq <= n; seq++ {
			rec := content(seq, 0, 40)
			b = appendFrame(b, seq, rec, crcOf(rec))
		}
		return b[:len(b)-cut]
	}
	snap := appendHeader(nil, snapMagic, 2)
	snap = append(snap, "state"...)
	snap = append(snap, 5, 0, 0, 0, 0, 0, 0, 0)
	snap = append(snap, 0, 0, 0, 0)
	f.Add(seed(0, 0), []byte(nil))
	f.Add(seed(3, 0), []byte(nil))
	f.Add(seed(3, 5), []byte(nil))
	f.Add(seed(5, 0), snap)
	f.Add([]byte("dedupWAL"), []byte(nil))
	f.Fuzz(func(t *testing.T, seg, snap []byte) {
		dir := t.TempDir()
		segPath := filepath.Join(dir, segName(1))
		if err := os.WriteFile(segPath, seg, 0o644); err != nil {
			t.Fatal(err)
		}
		if len(snap) > 0 {
			if err := os.WriteFile(filepath.Join(dir, snapName(2)), snap, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		l, err := Open(dir, Options{NoSync: true})
		if err != nil {
			checkErr(t, err)
			return
		}
		defer l.Close()
		// What Replay yields, re-encoded, must match the segment.
		want := appendHeader(nil, segMagic, 1)
		if err := l.Replay(func(uint64, []byte) error { return nil }); err != nil {
			checkErr(t, err)
		}
		now, rerr := os.ReadFile(segPath)
		if rerr != nil {
			// The snapshot covered the whole segment, which was removed.
			return
		}
		if len(seg) < headerSize || isZero(seg[:headerSize]) {
			// A segment torn while it was created is replaced.
			seg = appendHeader(nil, segMagic, 1)
		}
		if !bytes.HasPrefix(seg, now) {
			t.Fatalf("recovery rewrote the segment instead of shortening it")
		}
		seq := uint64(1)
		err = l.Replay(func(s uint64, rec []byte) error {
			for ; seq < s; seq++ {
				// Records before the snapshot's seq are skipped; rebuild
				// their frames from the file.
				_, n, ferr := readFrame(now, int64(len(want)), seq)
				if ferr != nil {
					t.Fatalf("record %d skipped by Replay does not verify: %s", seq, ferr.reason)
				}
				want = append(want, now[len(want):int64(len(want))+n]...)
			}
			if s != seq {
				t.Fatalf("Replay yields %d, want %d", s, seq)
			}
			want = appendFrame(want, s, rec, crcOf(rec))
			seq++
			return nil
		})
		if err != nil {
			checkErr(t, err)
		}
		if !bytes.HasPrefix(now, want) {
			t.Fatalf("the replayed records are not the segment's frames")
		}
		if r, _, err := l.OpenSnapshot(); err != nil {
			checkErr(t, err)
		} else if r != nil {
			_, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				checkErr(t, err)
			}
		}
		// The log takes appends after recovery.
		if _, err := l.Append([]byte("after")); err != nil {
			t.Fatalf("Append after recovery: %v", err)
		}
	})
}

func checkErr(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrNotLog) && !errors.Is(err, ErrVersion) {
		t.Fatalf("error %v is not ErrCorrupt, ErrNotLog or ErrVersion", err)
	}
}
