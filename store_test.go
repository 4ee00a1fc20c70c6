package dedupe

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsreuse/dedupe/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storeDocs returns a generated news stream for the store's tests:
// reprints, edits, embeds, templates and chrome, with times.
func storeDocs(stories int) []Document {
	c := synth.Generate(synth.Options{Seed: 7, Stories: stories})
	docs := make([]Document, len(c.Docs))
	for i, d := range c.Docs {
		docs[i] = Document{ID: d.ID, Text: []byte(d.Text), Time: d.Time}
	}
	return docs
}

// oracle adds docs to an in-memory Detector: the uninterrupted run.
func oracle(t testing.TB, docs []Document) (*Detector, []Result) {
	t.Helper()
	d := New(Options{})
	var res []Result
	for _, doc := range docs {
		r, err := d.Add(doc)
		require.NoError(t, err)
		res = append(res, r)
	}
	return d, res
}

// addAllTo adds docs to d with AddAll and returns the results.
func addAllTo(t testing.TB, d *Detector, docs []Document) []Result {
	t.Helper()
	var res []Result
	d.AddAll(slices.Values(docs), 2, func(r Result, err error) bool {
		require.NoError(t, err)
		res = append(res, r)
		return true
	})
	return res
}

// sameResults checks got against the uninterrupted run's want, an empty
// list as good as none.
func sameResults(t *testing.T, want, got []Result, msg string) {
	t.Helper()
	if len(want) == 0 && len(got) == 0 {
		return
	}
	require.Equal(t, want, got, msg)
}

// sameState checks that d holds what the oracle holds.
func sameState(t *testing.T, want, d *Detector) {
	t.Helper()
	require.Equal(t, want.Len(), d.Len())
	wp, gp := want.Pairs(), d.Pairs()
	require.Equal(t, len(wp), len(gp))
	for i := range wp {
		require.Equal(t, wp[i].A, gp[i].A, "pair %d", i)
		require.Equal(t, wp[i].B, gp[i].B, "pair %d", i)
		require.Equal(t, wp[i].Match, gp[i].Match, "pair %d", i)
	}
	assert.Equal(t, want.Clusters(), d.Clusters())
	ws, gs := want.Stats(), d.Stats()
	assert.Positive(t, gs.DiskBytes, "the store's size")
	ws.MemoryBytes, gs.MemoryBytes, gs.DiskBytes, gs.Compactions = 0, 0, 0, 0
	assert.Equal(t, ws, gs)
}

// TestStoreReopen: a stream added to a persistent Detector, closed and
// reopened at several points (one Add at a time, and by AddAll), gives the
// results, pairs, clusters and cluster names of the uninterrupted run.
func TestStoreReopen(t *testing.T) {
	docs := storeDocs(120)
	want, wantRes := oracle(t, docs)
	dir := filepath.Join(t.TempDir(), "index")
	cuts := []int{0, 1, len(docs) / 3, len(docs) / 3, 2 * len(docs) / 3, len(docs), len(docs)}
	for i := 1; i < len(cuts); i++ {
		d, err := Open(dir, Options{}, StoreOptions{})
		require.NoError(t, err)
		require.Equal(t, cuts[i-1], d.Len(), "documents after reopening")
		part := docs[cuts[i-1]:cuts[i]]
		var got []Result
		if i%2 == 0 {
			got = addAllTo(t, d, part)
		} else {
			for _, doc := range part {
				r, err := d.Add(doc)
				require.NoError(t, err)
				got = append(got, r)
			}
		}
		sameResults(t, wantRes[cuts[i-1]:cuts[i]], got, fmt.Sprintf("results of documents %d to %d", cuts[i-1], cuts[i]))
		require.NoError(t, d.Close())
		_, err = d.Add(Document{ID: "late", Text: []byte("words")})
		require.ErrorIs(t, err, ErrClosed)
	}
	d, err := Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err)
	defer d.Close()
	sameState(t, want, d)
	for _, doc := range docs[:5] {
		_, err := d.Add(doc)
		require.ErrorIs(t, err, ErrDuplicateID, "a stored ID")
	}
}

// TestStoreStoppedBatch: AddAll stopped in the middle of a batch still
// adds the documents in flight, durably; a stream continued from what the
// index holds gives the uninterrupted run's results.
func TestStoreStoppedBatch(t *testing.T) {
	docs := storeDocs(60)
	want, wantRes := oracle(t, docs)
	dir := t.TempDir()
	d, err := Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err)
	n := 0
	d.AddAll(slices.Values(docs), 2, func(r Result, err error) bool {
		require.NoError(t, err)
		n++
		return n < 100
	})
	require.NoError(t, d.Close())
	d, err = Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err)
	defer d.Close()
	held := d.Len()
	require.GreaterOrEqual(t, held, 100)
	sameResults(t, wantRes[held:], addAllTo(t, d, docs[held:]), "the rest of the stream")
	sameState(t, want, d)
}

// TestStoreOptions: an index opened with options that change
// fingerprints, a directory of something else, and an index of a newer
// format are refused, each with an error naming what is wrong.
func TestStoreOptions(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir, Options{Shingle: 6}, StoreOptions{})
	require.NoError(t, err)
	require.NoError(t, d.Close())
	_, err = Open(dir, Options{}, StoreOptions{})
	require.ErrorIs(t, err, ErrStore)
	assert.Contains(t, err.Error(), "Options.Shingle 6, not 5")
	_, err = Open(dir, Options{Shingle: 6, Threshold: 0.9}, StoreOptions{})
	assert.ErrorContains(t, err, "Options.Threshold 0.8, not 0.9")
	d, err = Open(dir, Options{Shingle: 6, MaxDF: 20}, StoreOptions{})
	require.NoError(t, err, "MaxDF shapes no fingerprint")
	require.NoError(t, d.Close())

	other := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(other, "notes.txt"), []byte("x"), 0o644))
	_, err = Open(other, Options{}, StoreOptions{})
	assert.ErrorContains(t, err, "holds files but no index.json")

	// A crash while index.json was being written leaves its temporary
	// file alone: the directory is still a new index (TestStoreCrash's
	// kills before the first acknowledgement land there too).
	cut := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(cut, "index.json.tmp"), []byte(`{"form`), 0o644))
	d, err = Open(cut, Options{}, StoreOptions{})
	require.NoError(t, err, "a directory left by a crash in index.json's writing")
	require.NoError(t, d.Close())

	newer := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(newer, "index.json"), []byte(`{"format": 99}`), 0o644))
	_, err = Open(newer, Options{}, StoreOptions{})
	assert.ErrorContains(t, err, "format 99, newer than")

	// An index made before words were normalized as they are now
	// (shingle.Version; index.json without "words") has other token
	// hashes.
	older := t.TempDir()
	d, err = Open(older, Options{}, StoreOptions{})
	require.NoError(t, err)
	require.NoError(t, d.Close())
	meta, err := os.ReadFile(filepath.Join(older, "index.json"))
	require.NoError(t, err)
	require.Contains(t, string(meta), `"words": 2,`)
	meta = bytes.Replace(meta, []byte(`"words": 2,`), nil, 1)
	require.NoError(t, os.WriteFile(filepath.Join(older, "index.json"), meta, 0o644))
	_, err = Open(older, Options{}, StoreOptions{})
	assert.ErrorContains(t, err, "the word normalization's version 1, not 2")

	_, err = Open(t.TempDir(), Options{Threshold: 2}, StoreOptions{})
	assert.ErrorContains(t, err, "Options.Threshold 2 out of range")
}

// TestStoreCorruptRecord: a record damaged in the middle of the log is an
// error on Open, never a partial index; one torn at the end is dropped
// with a warning.
func TestStoreCorruptRecord(t *testing.T) {
	docs := storeDocs(20)
	dir := t.TempDir()
	d, err := Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err)
	addAllTo(t, d, docs)
	require.NoError(t, d.Close())
	segs, err := filepath.Glob(filepath.Join(dir, "log", "*.log"))
	require.NoError(t, err)
	require.Len(t, segs, 1)
	b, err := os.ReadFile(segs[0])
	require.NoError(t, err)

	// Torn at the end: the last record's last bytes missing.
	require.NoError(t, os.WriteFile(segs[0], b[:len(b)-3], 0o644))
	var warned []error
	d, err = Open(dir, Options{}, StoreOptions{Warn: func(err error) { warned = append(warned, err) }})
	require.NoError(t, err)
	assert.Equal(t, len(docs)-1, d.Len())
	assert.Len(t, warned, 1)
	require.NoError(t, d.Close())

	// A flipped bit in the middle.
	b, err = os.ReadFile(segs[0])
	require.NoError(t, err)
	b[len(b)/2] ^= 0x10
	require.NoError(t, os.WriteFile(segs[0], b, 0o644))
	_, err = Open(dir, Options{}, StoreOptions{})
	require.Error(t, err)
}

// FuzzRecord: decoding arbitrary bytes as a document record never panics,
// and restoring what decodes never panics either; a record that encodes a
// real document decodes to it.
func FuzzRecord(f *testing.F) {
	d := New(Options{})
	seeds := readSeeds(f)
	var recs [][]byte
	for _, doc := range seeds {
		p := d.Prepare(doc)
		recs = append(recs, appendRecord(nil, p.e, p, nil, nil, 0))
		p.release()
	}
	for _, r := range recs {
		f.Add(r)
	}
	f.Add([]byte{recordDocument})
	f.Add([]byte{})
	f.Add(appendDelete(nil, 0, seeds[0].ID))
	f.Fuzz(func(t *testing.T, b []byte) {
		if x, id, err := decodeDelete(b); err == nil {
			x2, id2, err := decodeDelete(appendDelete(nil, x, id))
			require.NoError(t, err)
			require.Equal(t, x, x2)
			require.Equal(t, id, id2)
		}
		r, err := decodeRecord(b, nil, nil)
		if err != nil {
			return
		}
		again := appendRecord(nil, r.e, &Prepared{keys: r.keys, sim: r.sim, text: r.text, fps: r.fps}, r.matches, r.links, r.unverified)
		r2, err := decodeRecord(again, nil, nil)
		require.NoError(t, err)
		require.Equal(t, r, r2)
		fresh := New(Options{})
		_, _ = fresh.restore(1, b, nil, func(uint32, laterIndexes) {})
	})
}

// The crash test: a child process adds documents to a persistent
// Detector and writes the ID of each one acknowledged to its stdout; the
// parent kills it at a random moment, reopens the index and checks it
// against the uninterrupted run.

const crashEnv = "DEDUPE_CRASH_CHILD"

// crashStories makes the crash test's stream: about 1,000 documents,
// which a child adds in about a second.
const crashStories = 400

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		os.Exit(crashChild(dir))
	}
	os.Exit(m.Run())
}

// A crashOp is a step of the crash test's stream: adding docs[doc], or,
// with del set, deleting it.
type crashOp struct {
	doc int
	del bool
}

// crashOps makes the crash test's stream of n documents: each added in
// order, and after every ninth from the 27th on, the one added 13 before
// it deleted.
func crashOps(n int) []crashOp {
	var ops []crashOp
	for i := range n {
		ops = append(ops, crashOp{doc: i})
		if i%9 == 8 && i >= 26 {
			ops = append(ops, crashOp{doc: i - 13, del: true})
		}
	}
	return ops
}

// crashAt returns how many steps of ops the index d holds: its log is a
// prefix of the stream, so its additions and deletions counted tell.
func crashAt(ops []crashOp, d *Detector) int {
	s := d.Stats()
	adds, dels := s.Documents+s.Deletes, s.Deletes
	for p, op := range ops {
		n := &adds
		if op.del {
			n = &dels
		}
		if *n == 0 {
			return p
		}
		*n--
	}
	return len(ops)
}

// crashOracle runs ops on an in-memory Detector, the uninterrupted run,
// and returns it with the result of each document's Add.
func crashOracle(t testing.TB, docs []Document, ops []crashOp) (*Detector, []Result) {
	t.Helper()
	d := New(Options{})
	res := make([]Result, len(docs))
	for _, op := range ops {
		var err error
		if op.del {
			err = d.Delete(docs[op.doc].ID)
		} else {
			res[op.doc], err = d.Add(docs[op.doc])
		}
		require.NoError(t, err)
	}
	return d, res
}

// crashRun runs ops[from:] on d, additions by AddAll between deletions,
// and calls acked with each step's number once it is acknowledged.
func crashRun(d *Detector, docs []Document, ops []crashOp, from int, acked func(step int, r Result)) error {
	for p := from; p < len(ops); {
		if ops[p].del {
			if err := d.Delete(docs[ops[p].doc].ID); err != nil {
				return err
			}
			acked(p, Result{})
			p++
			continue
		}
		q := p
		for q < len(ops) && !ops[q].del {
			q++
		}
		var failed error
		next := p
		d.AddAll(func(yield func(Document) bool) {
			for _, op := range ops[p:q] {
				if !yield(docs[op.doc]) {
					return
				}
			}
		}, 2, func(r Result, err error) bool {
			if err != nil {
				failed = err
				return false
			}
			acked(next, r)
			next++
			return true
		})
		if failed != nil {
			return failed
		}
		p = q
	}
	return nil
}

// crashChild runs the crash test's stream on the index in dir, from where
// it stands, and prints the number of each step acknowledged.
func crashChild(dir string) int {
	docs := storeDocs(crashStories)
	ops := crashOps(len(docs))
	d, err := Open(dir, Options{}, StoreOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	say := func(s string) {
		mu.Lock()
		fmt.Fprintln(out, s)
		out.Flush()
		mu.Unlock()
	}
	// Compactions run beside the stream, every 10 to 30 ms, so that
	// kills land in them too; each is announced and its end reported.
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(10+rand.IntN(20)) * time.Millisecond):
			}
			say("compacting")
			if err := d.Compact(); err != nil {
				return
			}
			say("compacted")
		}
	}()
	err = crashRun(d, docs, ops, crashAt(ops, d), func(step int, _ Result) {
		say(strconv.Itoa(step))
	})
	close(stop)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	d.Close()
	return 0
}

// TestStoreCrash kills a child running a stream of additions and
// deletions at random moments, then checks: every step acknowledged before
// a kill is in the index, no document is there in part (the index reopens
// and holds a whole prefix of the stream: the documents added and not
// deleted, none of those deleted), and finishing the stream gives the
// uninterrupted run's results, pairs, clusters and cluster names. Once a
// child finishes the stream, the next starts a new index. Kills
// are counted by the step in flight: before the first acknowledgement, an
// addition, a deletion, or a compaction (Compact runs every 10 to 30 ms
// beside the stream). DEDUPE_CRASH_ROUNDS sets the number of kills
// (default 6): `DEDUPE_CRASH_ROUNDS=300 go test -run TestStoreCrash -v .`
// is the stress run.
func TestStoreCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: not in -short")
	}
	kills := 6
	if n, err := strconv.Atoi(os.Getenv("DEDUPE_CRASH_ROUNDS")); err == nil {
		kills = n
	}
	docs := storeDocs(crashStories)
	ops := crashOps(len(docs))
	want, wantRes := crashOracle(t, docs, ops)
	exe, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked := 0 // steps acknowledged
	stages := map[string]int{}
	killed := 0
	for round := 0; killed < kills && round < 4*kills; round++ {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		require.NoError(t, cmd.Start())
		timer := time.AfterFunc(time.Duration(rng.IntN(250))*time.Millisecond, func() { cmd.Process.Signal(syscall.SIGKILL) })
		sc := bufio.NewScanner(stdout)
		before := acked
		compacting := false
		for sc.Scan() {
			if l := sc.Text(); l == "compacting" || l == "compacted" {
				compacting = l == "compacting"
				continue
			}
			step, err := strconv.Atoi(sc.Text())
			require.NoError(t, err)
			acked = max(acked, step+1)
		}
		err = cmd.Wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
			timer.Stop()
		case errors.As(err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signaled():
			killed++
			switch {
			case compacting:
				stages["a compaction in flight"]++
			case acked == before:
				stages["before its first acknowledgement"]++
			case acked < len(ops) && ops[acked].del:
				stages["a deletion in flight"]++
			default:
				stages["an addition in flight"]++
			}
		default:
			t.Fatalf("round %d: child failed: %v\n%s", round, err, stderr.String())
		}
		d, err := Open(dir, Options{}, StoreOptions{})
		require.NoError(t, err, "round %d: reopening after the kill", round)
		at := crashAt(ops, d)
		require.GreaterOrEqual(t, at, acked, "round %d: acknowledged steps lost", round)
		held := map[int]bool{}
		for _, op := range ops[:at] {
			held[op.doc] = !op.del
		}
		for i, ok := range held { // a prefix of the stream, each document whole
			info, found := d.Document(docs[i].ID)
			require.Equal(t, ok, found, "round %d: %s held", round, docs[i].ID)
			if ok {
				require.Equal(t, wantRes[i].Words, info.Words)
			}
		}
		require.Equal(t, len(held), d.Stats().Documents+d.Stats().Deletes, "round %d: documents added", round)
		if at == len(ops) { // the stream is done: check it, and start again
			sameState(t, want, d)
			dir, acked = t.TempDir(), 0
		}
		require.NoError(t, d.Close())
	}
	t.Logf("%d kills: %v", killed, stages)
	require.Equal(t, kills, killed, "kills")
	d, err := Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err)
	defer d.Close()
	var got []Result
	var rest []Result
	at := crashAt(ops, d)
	require.NoError(t, crashRun(d, docs, ops, at, func(step int, r Result) {
		if !ops[step].del {
			got = append(got, r)
			rest = append(rest, wantRes[ops[step].doc])
		}
	}))
	sameResults(t, rest, got, "the rest of the stream")
	sameState(t, want, d)
}
