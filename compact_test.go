package dedupe

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lowCompactFloor makes the Detectors of a test compact on their own
// once 16 records are dead, restoring compactFloor after.
func lowCompactFloor(t *testing.T) {
	old := compactFloor
	compactFloor = 16
	t.Cleanup(func() { compactFloor = old })
}

// TestCompactReopen: a stream of additions and deletions under
// Options.Retention, run on a persistent Detector that is compacted at
// random points (and on its own, with a low floor), and closed and
// reopened at others, gives at each step the results of the same stream
// on an in-memory Detector, the uninterrupted run, and holds its pairs,
// passages, clusters, cluster names and counts; the disk holds about
// what is held.
func TestCompactReopen(t *testing.T) {
	smallTrim(t)
	lowCompactFloor(t)
	docs := retained(t)
	ops := crashOps(len(docs))
	for _, opts := range []Options{{Retention: 2 * time.Hour}, {}} {
		t.Run(fmt.Sprintf("Retention=%v", opts.Retention), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 8))
			want := New(opts)
			dir := filepath.Join(t.TempDir(), "index")
			d, err := Open(dir, opts, StoreOptions{})
			require.NoError(t, err)
			compactions, reopens := 0, 0
			for p, op := range ops {
				x := docs[op.doc]
				if op.del {
					werr := want.Delete(x.ID)
					require.Equal(t, werr, d.Delete(x.ID), "step %d: deleting %s", p, x.ID)
				} else {
					w, werr := want.Add(x)
					g, err := d.Add(x)
					require.Equal(t, werr, err, "step %d", p)
					sameResults(t, []Result{w}, []Result{g}, fmt.Sprintf("step %d: %s", p, x.ID))
				}
				switch rng.IntN(40) {
				case 0, 1:
					require.NoError(t, d.Compact(), "step %d", p)
					compactions++
					sameState(t, want, d)
				case 2:
					if rng.IntN(2) == 0 {
						require.NoError(t, d.Compact(), "step %d", p)
						compactions++
					}
					require.NoError(t, d.Close())
					d, err = Open(dir, opts, StoreOptions{})
					require.NoError(t, err, "step %d: reopening", p)
					reopens++
					sameState(t, want, d)
				}
			}
			sameState(t, want, d)
			require.NoError(t, d.Compact())
			require.NoError(t, d.Close())
			d, err = Open(dir, opts, StoreOptions{})
			require.NoError(t, err)
			defer d.Close()
			sameState(t, want, d)
			s := d.Stats()
			assert.Equal(t, dirBytes(t, filepath.Join(dir, "log")), s.DiskBytes, "Stats.DiskBytes")
			t.Logf("%d compactions, %d reopenings; %d documents held, %d deleted, %d evicted; %d bytes on disk",
				compactions, reopens, s.Documents, s.Deletes, s.Evictions, s.DiskBytes)
			// The rest of a stream: the same results.
			more := storeDocs(140)[len(docs):]
			sameResults(t, addEach(t, want, more), addEach(t, d, more), "more documents")
			sameState(t, want, d)
		})
	}
}

// dirBytes returns the bytes of the files in dir.
func dirBytes(t *testing.T, dir string) int64 {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var n int64
	for _, e := range es {
		fi, err := e.Info()
		require.NoError(t, err)
		if e.Name() != "LOCK" {
			n += fi.Size()
		}
	}
	return n
}

// dirHolds reports whether a file under dir holds b.
func dirHolds(t *testing.T, dir string, b []byte) bool {
	t.Helper()
	found := false
	require.NoError(t, filepath.WalkDir(dir, func(path string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if bytes.Contains(data, b) {
			found = true
		}
		return err
	}))
	return found
}

// TestCompactForgets: once compacted, a persistent Detector's directory
// holds neither the ID nor the word codes of a document deleted, nor of
// one evicted, though both were there before; the documents held are
// still there.
func TestCompactForgets(t *testing.T) {
	docs := retained(t)
	dir := filepath.Join(t.TempDir(), "index")
	d, err := Open(dir, Options{Retention: 2 * time.Hour}, StoreOptions{})
	require.NoError(t, err)
	defer d.Close()
	// Documents of their own words, whose codes no other document has.
	secret := func(id string, tm time.Time) Document {
		var w []string
		for i := range 60 {
			w = append(w, fmt.Sprintf("%sword%d", strings.ToLower(id), i))
		}
		return Document{ID: id, Text: []byte(strings.Join(w, " ")), Time: tm}
	}
	gone := secret("Retracted-7f3a", time.Time{}) // of the newest time seen
	old := secret("Stale-91c2", docs[0].Time.Add(-time.Hour))
	kept := secret("Kept-44d0", time.Time{})
	codes := map[string][]byte{}
	note := func(doc Document) { // the first 8 word codes, as a record holds them
		d.mu.RLock()
		defer d.mu.RUnlock()
		x, ok := d.lookup(hashID(d, doc.ID), doc.ID)
		if ok {
			for _, c := range (*d.docs.at(x)).words[:8] {
				codes[doc.ID] = binary.LittleEndian.AppendUint16(codes[doc.ID], c)
			}
		}
	}
	addEach(t, d, []Document{old})
	note(old)
	addEach(t, d, docs)
	addEach(t, d, []Document{gone, kept})
	note(gone)
	note(kept)
	require.Len(t, codes, 3)
	require.NoError(t, d.Delete(gone.ID))
	_, held := d.Document(old.ID)
	require.False(t, held, "the old document evicted")
	for _, doc := range []Document{gone, old, kept} {
		require.True(t, dirHolds(t, dir, []byte(doc.ID)), "%s on disk before compaction", doc.ID)
		require.True(t, dirHolds(t, dir, codes[doc.ID]), "%s's words on disk before compaction", doc.ID)
	}
	before := d.Stats().Compactions
	require.NoError(t, d.Compact())
	assert.Equal(t, before+1, d.Stats().Compactions, "Stats.Compactions")
	for _, doc := range []Document{gone, old} {
		assert.False(t, dirHolds(t, dir, []byte(doc.ID)), "%s on disk after compaction", doc.ID)
		assert.False(t, dirHolds(t, dir, codes[doc.ID]), "%s's words on disk after compaction", doc.ID)
	}
	assert.True(t, dirHolds(t, dir, []byte(kept.ID)), "%s on disk", kept.ID)
	assert.True(t, dirHolds(t, dir, codes[kept.ID]), "%s's words on disk", kept.ID)
}

// FuzzSnapshot: loading arbitrary bytes as a snapshot never panics and
// gives an error naming the snapshot; a Detector loaded from bytes that
// load takes documents, deletions and reads without panicking.
func FuzzSnapshot(f *testing.F) {
	docs := storeDocs(8)
	dir := f.TempDir()
	d, err := Open(dir, Options{}, StoreOptions{})
	require.NoError(f, err)
	for _, doc := range docs[:len(docs)-1] {
		_, err := d.Add(doc)
		require.NoError(f, err)
	}
	require.NoError(f, d.Delete(docs[1].ID))
	seed := snapshotBytes(f, d)
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	last := docs[len(docs)-1]
	f.Fuzz(func(t *testing.T, b []byte) {
		d := New(Options{})
		err := d.loadSnapshot(bytes.NewReader(b))
		if err != nil {
			if !strings.Contains(err.Error(), "dedupe: ") || !strings.Contains(err.Error(), "snapshot") {
				t.Fatalf("error not naming the snapshot: %v", err)
			}
			return
		}
		d.Add(last)
		d.Pairs()
		d.Clusters()
		d.Stats()
		for _, doc := range docs {
			d.Delete(doc.ID)
		}
		d.Add(docs[0])
	})
}

// TestSnapshotErrors: a snapshot cut short, or with bytes after it, or of
// another format, is refused with an error saying so.
func TestSnapshotErrors(t *testing.T) {
	docs := storeDocs(8)
	d, err := Open(t.TempDir(), Options{}, StoreOptions{})
	require.NoError(t, err)
	addEach(t, d, docs)
	b := snapshotBytes(t, d)
	require.NoError(t, New(Options{}).loadSnapshot(bytes.NewReader(b)))
	for _, c := range []struct {
		b    []byte
		want string
	}{
		{b[:len(b)-1], "truncated"},
		{append(b[:len(b):len(b)], 0), "bytes after the documents"},
		{append([]byte{2}, b[1:]...), "format 2, not 1"},
	} {
		assert.ErrorContains(t, New(Options{}).loadSnapshot(bytes.NewReader(c.b)), c.want)
	}
}

// hashID returns the hash d looks id up by.
func hashID(d *Detector, id string) uint64 { return maphash.String(d.idSeed, id) }

// snapshotBytes compacts the persistent Detector d, closes it and returns
// its snapshot's bytes.
func snapshotBytes(t testing.TB, d *Detector) []byte {
	t.Helper()
	require.NoError(t, d.Compact())
	r, _, err := d.log.OpenSnapshot()
	require.NoError(t, err)
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	r.Close()
	require.NoError(t, d.Close())
	return b
}
