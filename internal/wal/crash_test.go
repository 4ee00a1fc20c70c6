//go:build unix

package wal

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	crashRounds = flag.Int("crash.rounds", 0, "rounds of `n` kills in TestCrash; 0 means $WAL_CRASH_ROUNDS, or 8")
	crashSeed   = flag.Uint64("crash.seed", 0, "seed of TestCrash's kill times; 0 means the time")
)

// crashDirEnv names the log directory of the child process of TestCrash;
// it is set only in the child.
const crashDirEnv = "WAL_CRASH_DIR"

// A key names a record the crash test appends: the round of the child
// that appended it, the child's goroutine and the goroutine's count. The
// record's content is derived from its key alone.
type key struct{ round, g, i uint64 }

const keySize = 24

func (k key) record() []byte {
	b := make([]byte, 0, keySize+3000)
	b = binary.LittleEndian.AppendUint64(b, k.round)
	b = binary.LittleEndian.AppendUint64(b, k.g)
	b = binary.LittleEndian.AppendUint64(b, k.i)
	return append(b, content(k.round<<40^k.g<<32^k.i, 100, 3000)...)
}

func keyOf(rec []byte) (key, error) {
	if len(rec) < keySize {
		return key{}, fmt.Errorf("record of %d bytes", len(rec))
	}
	k := key{binary.LittleEndian.Uint64(rec), binary.LittleEndian.Uint64(rec[8:]), binary.LittleEndian.Uint64(rec[16:])}
	if !bytes.Equal(rec, k.record()) {
		return k, fmt.Errorf("record %v: wrong content", k)
	}
	return k, nil
}

// crashOptions are the options of round r: durable, or SyncEvery (under
// which, too, a process crash loses no acknowledged record).
func crashOptions(round uint64) Options {
	o := Options{SegmentSize: 64 << 10}
	if round%2 == 1 {
		o.SyncEvery = 5 * time.Millisecond
	}
	return o
}

// loadState reads the log: the keys of records 1..n, from the snapshot
// (which holds the keys of the records up to its seq) and the records
// after it, whose content it checks.
func loadState(l *Log) ([]key, error) {
	var keys []key
	r, seq, err := l.OpenSnapshot()
	if err != nil {
		return nil, err
	}
	if r != nil {
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return nil, err
		}
		if uint64(len(data)) != seq*keySize {
			return nil, fmt.Errorf("snapshot as of %d holds %d bytes", seq, len(data))
		}
		for b := data; len(b) > 0; b = b[keySize:] {
			keys = append(keys, key{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint64(b[16:])})
		}
	}
	err = l.Replay(func(seq uint64, rec []byte) error {
		if seq != uint64(len(keys))+1 {
			return fmt.Errorf("record %d after %d", seq, len(keys))
		}
		k, err := keyOf(rec)
		if err != nil {
			return fmt.Errorf("record %d: %v", seq, err)
		}
		keys = append(keys, k)
		return nil
	})
	return keys, err
}

// TestCrashChild is the child process of TestCrash: it appends records
// from four goroutines, printing "ack <seq> <round> <g> <i>" for each
// acknowledged one, and snapshots every 20 ms, until it is killed.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run by TestCrash")
	}
	round, _ := strconv.ParseUint(os.Getenv("WAL_CRASH_ROUND"), 10, 64)
	var mu sync.Mutex
	say := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, format+"\n", args...)
	}
	fail := func(err error) {
		say("error %v", err)
		os.Exit(3)
	}
	opts := crashOptions(round)
	opts.Warn = func(err error) { say("warn %v", err) }
	l, err := Open(dir, opts)
	if err != nil {
		fail(err)
	}
	keys, err := loadState(l)
	if err != nil {
		fail(err)
	}
	say("open %d", len(keys))
	acked := map[uint64]key{}
	prefix := uint64(len(keys)) // keys holds records 1..prefix
	deadline := time.Now().Add(20 * time.Second)
	for g := range uint64(4) {
		go func() {
			for i := uint64(0); ; i++ {
				k := key{round, g, i}
				seq, err := l.Append(k.record())
				if err != nil {
					fail(err)
				}
				mu.Lock()
				acked[seq] = k
				fmt.Fprintf(os.Stdout, "ack %d %d %d %d\n", seq, k.round, k.g, k.i)
				mu.Unlock()
			}
		}()
	}
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		mu.Lock()
		for {
			k, ok := acked[prefix+1]
			if !ok {
				break
			}
			keys = append(keys, k)
			delete(acked, prefix+1)
			prefix++
		}
		state := make([]byte, 0, len(keys)*keySize)
		for _, k := range keys {
			state = binary.LittleEndian.AppendUint64(state, k.round)
			state = binary.LittleEndian.AppendUint64(state, k.g)
			state = binary.LittleEndian.AppendUint64(state, k.i)
		}
		seq := prefix
		mu.Unlock()
		say("snapshot %d begin", seq)
		if err := l.Snapshot(seq, func(w io.Writer) error { _, err := w.Write(state); return err }); err != nil {
			fail(err)
		}
		say("snapshot %d end", seq)
	}
	os.Exit(4)
}

// TestCrash kills a child process (TestCrashChild) with SIGKILL at random
// moments while it appends and snapshots, then reopens the log and checks
// that every acknowledged record is there with its content, that records
// run from 1 without a gap, and that nothing is there in part (every
// record and the snapshot verify). The child continues the same log in
// the next round. Rounds alternate between the default sync policy and
// SyncEvery. It prints how many kills fell at which stage. A stress run
// (the flag after the package, which go test does not know):
//
//	go test -run 'TestCrash$' -v ./internal/wal -crash.rounds=300
//
// or WAL_CRASH_ROUNDS=300 in the environment.
func TestCrash(t *testing.T) {
	rounds := *crashRounds
	if rounds == 0 {
		rounds, _ = strconv.Atoi(os.Getenv("WAL_CRASH_ROUNDS"))
	}
	if rounds == 0 {
		rounds = 8
	}
	seed := *crashSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (-crash.seed), %d rounds (-crash.rounds)", seed, rounds)
	rng := rand.New(rand.NewPCG(seed, 1))
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	acked := map[uint64]key{}
	stages := map[string]int{}
	var maxSeq int
	for round := range uint64(rounds) {
		cmd := exec.Command(exe, "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, fmt.Sprintf("WAL_CRASH_ROUND=%d", round))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		opened := make(chan struct{})
		var lines []string
		read := make(chan struct{})
		go func() {
			defer close(read)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				line := sc.Text()
				lines = append(lines, line)
				if strings.HasPrefix(line, "open ") {
					close(opened)
				}
			}
		}()
		// One kill in five falls at a random moment from the start
		// (often in Open); the others at a random moment of appending.
		early := rng.IntN(5) == 0
		if early {
			time.Sleep(time.Duration(rng.IntN(30_000)) * time.Microsecond)
		} else {
			select {
			case <-opened:
			case <-read:
			case <-time.After(30 * time.Second):
			}
			time.Sleep(time.Duration(rng.IntN(80_000)) * time.Microsecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		<-read
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child: %v\n%s\n%s", round, err, strings.Join(lines, "\n"), stderr.Bytes())
		}

		// What the child said before it died.
		var isOpen bool
		var lastAck uint64
		snapBegun, snapEnded := 0, 0
		for _, line := range lines {
			f := strings.Fields(line)
			switch {
			case len(f) == 5 && f[0] == "ack":
				var n [4]uint64
				for j := range n {
					n[j], _ = strconv.ParseUint(f[j+1], 10, 64)
				}
				acked[n[0]] = key{n[1], n[2], n[3]}
				lastAck = max(lastAck, n[0])
			case f[0] == "open":
				isOpen = true
			case f[0] == "snapshot" && f[2] == "begin":
				snapBegun++
			case f[0] == "snapshot" && f[2] == "end":
				snapEnded++
			case f[0] == "error":
				t.Fatalf("round %d: child: %s", round, line)
			}
		}

		var warns []string
		opts := crashOptions(round)
		opts.Warn = func(err error) { warns = append(warns, err.Error()) }
		l, err := Open(dir, opts)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		keys, err := loadState(l)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		for seq, k := range acked {
			if seq > uint64(len(keys)) {
				t.Fatalf("round %d: record %d was acknowledged; the log ends at %d", round, seq, len(keys))
			}
			if keys[seq-1] != k {
				t.Fatalf("round %d: record %d is %v, acknowledged as %v", round, seq, keys[seq-1], k)
			}
		}
		maxSeq = len(keys)

		stage := "appending, between writes"
		switch {
		case !isOpen:
			stage = "starting or opening"
		case slicesContain(warns, "torn write"):
			stage = "appending, mid-write (torn tail dropped)"
		case uint64(len(keys)) > lastAck:
			stage = "appending, written but not acknowledged"
		}
		if snapBegun > snapEnded {
			stage += "; mid-snapshot"
			if slicesContain(warns, "incomplete snapshot") {
				stage += " (temporary file removed)"
			}
		}
		stages[stage]++
	}
	t.Logf("%d kills, %d records at the end, %d acknowledged", rounds, maxSeq, len(acked))
	for stage, n := range stages {
		t.Logf("%4d kills %s", n, stage)
	}
}

func slicesContain(s []string, sub string) bool {
	for _, x := range s {
		if strings.Contains(x, sub) {
			return true
		}
	}
	return false
}
