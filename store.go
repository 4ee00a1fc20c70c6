package dedupe

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/internal/wal"
	"github.com/newsreuse/dedupe/shingle"
)

// The persistent store
//
// A persistent Detector (Open) keeps its state in a directory:
//
//	DIR/index.json   what made the index: the format version, the Unicode
//	                 versions of the normalization, the version of the
//	                 words' normalization, and the options that shape
//	                 entries and index keys (storeMeta)
//	DIR/log/         an append-only log of records (package
//	                 internal/wal: segments of CRC-32C-checked frames,
//	                 group commit, torn-tail recovery): one a document in
//	                 commit order, and one a Delete (record.go), after
//	                 the snapshot of the state as of a record (compact.go:
//	                 Compact, and on its own once the log holds as many
//	                 records of forgotten documents as of documents held)
//
// A document's record is written when it commits, and Add returns (AddAll
// hands over its result) only once the record is durable, under the
// default StoreOptions: concurrent adds, and the documents of one AddAll
// batch, share one fsync. Open replays the records through the same code
// that admission and commit end with (enter and join), without verifying
// anything again, so a reopened Detector holds the indexes, pairs and
// clusters it had, and gives the answers an uninterrupted one would.
// Replaying costs about what admitting costs: a few microseconds a
// document; Open reads the snapshot first, whose documents cost about the
// same each, and replays only the records after it.

// storeFormat is the version of the store's layout and records: 2 has
// deletion records, 3 snapshots (compact.go). An index of format 1 or 2
// is read as it is, and index.json rewritten as of format 3 when it is
// opened, so that an older dedupe, which cannot read deletion records or
// snapshots, refuses it by its format.
const storeFormat = 3

// StoreOptions configure how a persistent Detector writes to disk. The
// zero StoreOptions is durable: a document's record is synced before its
// Add returns.
type StoreOptions struct {
	// SyncEvery, when positive, relaxes durability: records are written
	// to the operating system before Add returns and synced at most
	// SyncEvery later. A process crash loses nothing; a machine crash or
	// power cut may lose the documents acknowledged in the last SyncEvery.
	SyncEvery time.Duration
	// Warn, if not nil, is called by Open with what recovery repaired: a
	// record torn by a crash in the middle of its write (never
	// acknowledged) is dropped with a warning. It is also called, from
	// another goroutine, with the error of a compaction started on its
	// own (Compact), which leaves the index as it was.
	Warn func(error)
}

// storeMeta is DIR/index.json.
type storeMeta struct {
	Format       int     `json:"format"`
	Unicode      string  `json:"unicode"`         // package unicode's tables
	Normalize    string  `json:"normalization"`   // golang.org/x/text/unicode/norm's
	Words        int     `json:"words,omitempty"` // shingle.Version; absent is 1
	Shingle      int     `json:"shingle"`
	Seed         uint32  `json:"seed"`
	Permutations int     `json:"permutations"`
	Threshold    float64 `json:"threshold"`
	Window       int     `json:"window"`
	Hamming      int     `json:"hamming"`
	NearOnly     bool    `json:"near_only"`
	Reworded     bool    `json:"reworded"`
	// Retention decides which documents Open evicts as it replays.
	Retention time.Duration `json:"retention,omitempty"`
}

// ErrStore reports a directory that holds no index of this version, or
// one made with options that would change its fingerprints; its message
// names the file or the option.
var ErrStore = errors.New("dedupe: index")

func metaOf(o Options) storeMeta {
	return storeMeta{
		Format: storeFormat, Unicode: unicode.Version, Normalize: norm.Version, Words: shingle.Version,
		Shingle: o.Shingle, Seed: o.Seed, Permutations: o.Permutations, Threshold: o.Threshold,
		Window: o.Window, Hamming: o.Hamming, NearOnly: o.NearOnly, Reworded: o.Reworded,
		Retention: o.Retention,
	}
}

// check returns an error naming the first field of m that differs from
// want, the index's own.
func (m storeMeta) check(path string, want storeMeta) error {
	switch {
	case m.Format > storeFormat:
		return fmt.Errorf("%w: %s is of format %d, newer than this dedupe's %d", ErrStore, path, m.Format, storeFormat)
	case m.Format < 1:
		return fmt.Errorf("%w: %s is of format %d, not %d", ErrStore, path, m.Format, storeFormat)
	}
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"the Unicode version", m.Unicode, want.Unicode},
		{"the normalization's Unicode version", m.Normalize, want.Normalize},
		{"the word normalization's version", max(m.Words, 1), want.Words},
		{"Options.Shingle", m.Shingle, want.Shingle},
		{"Options.Seed", m.Seed, want.Seed},
		{"Options.Permutations", m.Permutations, want.Permutations},
		{"Options.Threshold", m.Threshold, want.Threshold},
		{"Options.Window", m.Window, want.Window},
		{"Options.Hamming", m.Hamming, want.Hamming},
		{"Options.NearOnly", m.NearOnly, want.NearOnly},
		{"Options.Reworded", m.Reworded, want.Reworded},
		{"Options.Retention", m.Retention, want.Retention},
	} {
		if f.got != f.want {
			return fmt.Errorf("%w: %s was made with %s %v, not %v", ErrStore, filepath.Dir(path), f.name, f.got, f.want)
		}
	}
	return nil
}

// Open returns a persistent Detector keeping its documents in the
// directory dir: it creates the index there if dir is empty or does not
// exist, and otherwise reopens it, replaying what it holds. Options that
// shape fingerprints (Shingle, Seed, Permutations, Threshold, Window,
// Hamming, NearOnly, Reworded), and Retention, which decides what Open
// evicts as it replays, must be those the index was made with: an error
// names the first that differs. A Retention of 0 reopens an index with
// the Retention it was made with. A directory holding something else
// gives an error naming it; a record damaged anywhere but at the end
// (where a crash leaves a torn write, dropped with a warning) gives an
// error, never a partial index. Close the Detector when done.
func Open(dir string, opts Options, so StoreOptions) (*Detector, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	d := New(opts)
	metaPath := filepath.Join(dir, "index.json")
	want := metaOf(d.opts)
	switch b, err := os.ReadFile(metaPath); {
	case err == nil:
		var m storeMeta
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrStore, metaPath, err)
		}
		if opts.Retention == 0 && m.Retention > 0 { // the index's own
			opts.Retention = m.Retention
			d = New(opts)
			want = metaOf(d.opts)
		}
		if err := m.check(metaPath, want); err != nil {
			return nil, err
		}
		if m.Format < storeFormat {
			if err := writeMeta(dir, metaPath, want); err != nil {
				return nil, err
			}
		}
	case errors.Is(err, os.ErrNotExist):
		if err := createIndex(dir, metaPath, want); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("dedupe: %w", err)
	}
	log, err := wal.Open(filepath.Join(dir, "log"), wal.Options{SyncEvery: so.SyncEvery, Warn: so.Warn})
	if err != nil {
		return nil, fmt.Errorf("dedupe: %w", err)
	}
	rp := &replayer{d: d}
	r, seq, err := log.OpenSnapshot()
	rp.records = int(log.LastSeq() - seq)
	if err == nil && r != nil {
		err = rp.snapshot(r)
		r.Close()
	}
	if err != nil {
		log.Close()
		return nil, fmt.Errorf("dedupe: opening %s: %w", dir, err)
	}
	d.diskSeq = seq
	rp.n = seq
	rp.reserve(0)
	rp.start()
	err = log.Replay(rp.add)
	rp.wait()
	if err != nil {
		log.Close()
		return nil, fmt.Errorf("dedupe: opening %s: %w", dir, err)
	}
	d.log, d.lastSeq, d.warn = log, log.LastSeq(), so.Warn
	return d, nil
}

// createIndex makes the index directory dir and its index.json, refusing
// a directory that holds anything but the temporary file of an
// index.json whose writing a crash cut short (writeMeta): nothing was
// acknowledged in it, since Open had not returned.
func createIndex(dir, metaPath string, m storeMeta) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dedupe: %w", err)
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("dedupe: %w", err)
	}
	for _, e := range es {
		if e.Name() != filepath.Base(metaPath)+".tmp" {
			return fmt.Errorf("%w: %s holds files but no index.json: not an index", ErrStore, dir)
		}
	}
	return writeMeta(dir, metaPath, m)
}

// writeMeta writes m to metaPath, in dir, atomically.
func writeMeta(dir, metaPath string, m storeMeta) error {
	b, _ := json.MarshalIndent(m, "", "  ")
	tmp := metaPath + ".tmp"
	if err := writeSynced(tmp, append(b, '\n')); err != nil {
		return fmt.Errorf("dedupe: %w", err)
	}
	if err := os.Rename(tmp, metaPath); err != nil {
		return fmt.Errorf("dedupe: %w", err)
	}
	return syncDir(dir)
}

func writeSynced(path string, b []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	return errors.Join(err, f.Sync(), f.Close())
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("dedupe: %w", err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("dedupe: %w", err)
	}
	return nil
}

// restore replays record rec, number seq in the log: it enters a
// document as admission and commit did when it was added, evicting the
// documents its admission evicted, or deletes one as Delete did.
//
// A document's band keys, SimHash and fingerprints go to later instead of
// the LSH, SimHash and passage indexes (see replayer), the fingerprints
// appended to arena, which restore returns.
func (d *Detector) restore(seq uint64, rec []byte, arena []uint64, later func(id uint32, ix laterIndexes)) ([]uint64, error) {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(rec) > 0 && rec[0] == recordDelete {
		x, id, err := decodeDelete(rec)
		if err != nil {
			return arena, fmt.Errorf("record %d: %w", seq, err)
		}
		if x >= d.docs.end() || d.gone.has(x) || (*d.docs.at(x)).id != id {
			return arena, fmt.Errorf("record %d: %w: deletes %q, not a document held", seq, errRecord, id)
		}
		d.unindex(x)
		d.drop(x)
		d.deletes++
		return arena, nil
	}
	r, err := decodeRecord(rec, d.keysScratch[:0], arena)
	if err != nil {
		return arena, fmt.Errorf("record %d: %w", seq, err)
	}
	id := d.docs.end()
	e := r.e
	idHash := maphash.String(d.idSeed, e.id)
	if _, ok := d.lookup(idHash, e.id); ok {
		return arena, fmt.Errorf("record %d: %w: %q again", seq, errRecord, e.id)
	}
	if d.forgetting() {
		d.age(e)
		d.evict(id, false)
	}
	if err := d.enterRecord(id, &r, idHash, later); err != nil {
		return arena, fmt.Errorf("record %d: %w: %w", seq, errRecord, err)
	}
	d.join(id, e.id, r.matches, r.links, r.unverified)
	d.committed++
	if d.forgetting() && e.time.After(d.newestCommitted) {
		d.newestCommitted = e.time
	}
	d.keysScratch = r.keys[:0]
	return r.fpsBuf, nil
}

// enterRecord enters document x of record r, whose ID, of hash idHash, is
// not held, in the indexes as admission did, its band keys, SimHash and
// fingerprints (none with Options.NearOnly) going to later, and resolves
// its matches' IDs: what restore and restoreHeld share before joining it
// to the pairs. Its errors are to be wrapped with what was read.
func (d *Detector) enterRecord(x uint32, r *docRecord, idHash uint64, later func(id uint32, ix laterIndexes)) error {
	for i, l := range r.links {
		if l.Doc >= x || d.gone.has(l.Doc) {
			return fmt.Errorf("a match with document %d, not an earlier one held", l.Doc)
		}
		r.matches[i].ID = (*d.docs.at(l.Doc)).id
	}
	words := r.e.nset > 0
	if words {
		if len(r.keys) != d.lsh.Bands() {
			return fmt.Errorf("%d band keys, not %d", len(r.keys), d.lsh.Bands())
		}
		d.copies.Add(r.text, x, false)
	}
	d.enter(x, r.e, idHash, r.sim, false) // the SimHash goes to later
	if words {
		fps := r.fps
		if d.opts.NearOnly {
			fps = nil
		}
		later(x, laterIndexes{keys: r.keys, sim: r.sim, fps: fps})
		d.fingerprints += len(fps)
	}
	return nil
}

// A replayer restores a persistent Detector's snapshot and the records of
// its log, in order. Three indexes took half of the work of reopening
// one document at a time, for cache misses (a million generated news
// documents, `openindex -cpuprofile`: the passage index 10.0, the LSH 2.1
// and the SimHash index 1.6 of 22.9 s of CPU), and nothing reads them
// meanwhile: the passage index is filled at once at the end
// (cluster.Loader), in a fraction of the time, and documents go to it and
// to the others on a goroutine of its own, a batch of documents behind
// the rest. Deletions and evictions, which take documents out of those
// indexes, are queued in the same batches (Detector.unindexLater).
type replayer struct {
	d        *Detector
	n        uint64 // records restored
	records  int    // records in the log after the snapshot
	reserved bool
	load     cluster.Loader
	batch    []laterDoc
	indexing []laterDoc    // the batch before, with the indexes until done
	done     chan struct{} // closed when the batch before is in
	sink     uint32        // keeps the LSH's reads ahead from being optimized away
	// The batch's fingerprints are decoded into fps[cur], and its band
	// keys copied into keys[cur]; the others hold the batch before's,
	// until done.
	fps, keys [2][]uint64
	cur       int
}

// laterIndexes is what a document adds to the indexes the replayer fills
// later, or removes from them: its band keys, SimHash and passage
// fingerprints (none to remove: the loader drops the document).
type laterIndexes struct {
	keys []uint64
	sim  uint64
	fps  []uint64
}

// A laterDoc is a document waiting for the indexes: to be added, or
// removed.
type laterDoc struct {
	id     uint32
	ix     laterIndexes
	remove bool
}

// replayBatch is how many documents go to the indexes at a time.
const replayBatch = 1024

// reserve prepares the LSH for the documents a snapshot of held documents
// and the log's records would add, once, before the first is restored:
// the LSH then fills without its tables growing. Under a Retention, which
// keeps a fraction of what the log holds, it does nothing.
func (r *replayer) reserve(held int) {
	if r.reserved || r.d.forgetting() {
		return
	}
	r.reserved = true
	r.d.lsh.Reserve(held + r.records)
}

// start has the Detector queue its removals from the LSH, SimHash and
// passage indexes in r's batches until wait.
func (r *replayer) start() {
	r.d.unindexLater = func(id uint32, keys []uint64, sim uint64) {
		r.batch = append(r.batch, laterDoc{id: id, ix: laterIndexes{keys: r.keep(keys), sim: sim}, remove: true})
	}
}

// keep copies keys into the batch's arena.
func (r *replayer) keep(keys []uint64) []uint64 {
	start := len(r.keys[r.cur])
	r.keys[r.cur] = append(r.keys[r.cur], keys...)
	return r.keys[r.cur][start:]
}

// add restores record rec, number seq (wal.Log.Replay's callback).
func (r *replayer) add(seq uint64, rec []byte) error {
	if r.n++; seq != r.n {
		return fmt.Errorf("record %d: %w: record %d expected", seq, errRecord, r.n)
	}
	arena, err := r.d.restore(seq, rec, r.fps[r.cur], r.later)
	r.fps[r.cur] = arena
	r.flushFull()
	return err
}

// later queues document id's additions to the indexes, its band keys
// copied into the batch's arena (its fingerprints are in it).
func (r *replayer) later(id uint32, ix laterIndexes) {
	ix.keys = r.keep(ix.keys)
	r.batch = append(r.batch, laterDoc{id: id, ix: ix})
}

// flushFull flushes the batch once it holds replayBatch documents.
func (r *replayer) flushFull() {
	if len(r.batch) >= replayBatch {
		r.flush()
	}
}

// flush hands the batch to the indexes once the one before is in.
func (r *replayer) flush() {
	spare := r.indexing[:0] // the batch before's array, free once done
	if r.done != nil {
		<-r.done
	}
	batch, done := r.batch, make(chan struct{})
	r.batch, r.indexing, r.done = spare, batch, done
	r.cur = 1 - r.cur // the batch before's arenas, free now
	r.fps[r.cur], r.keys[r.cur] = r.fps[r.cur][:0], r.keys[r.cur][:0]
	lsh, sims := r.d.lsh, r.d.sims
	go func() {
		defer close(done)
		for _, p := range batch {
			if p.remove {
				lsh.RemoveKeys(p.id, p.ix.keys)
				sims.Remove(p.id, p.ix.sim)
				r.load.Remove(p.id)
				continue
			}
			r.sink += lsh.Touch(p.ix.keys) // the bands' misses overlap
			lsh.AddKeys(p.id, p.ix.keys)
			sims.Add(p.id, p.ix.sim)
			r.load.Add(p.id, p.ix.fps)
		}
	}()
}

// wait fills the passage index with every document restored and not
// removed since; the Detector removes from the passage index itself
// again.
func (r *replayer) wait() {
	if len(r.batch) > 0 {
		r.flush()
	}
	if r.done != nil {
		<-r.done
		r.done = nil
	}
	r.load.Load(&r.d.passage)
	r.d.unindexLater = nil
}

// wait waits until the record seq of a persistent Detector's log is
// durable (under StoreOptions.SyncEvery: written).
func (d *Detector) wait(seq uint64) error {
	if err := d.log.Wait(seq); err != nil {
		err = fmt.Errorf("dedupe: storing a document: %w", err)
		d.stop(err)
		return err
	}
	return nil
}

// sync waits until every record handed to a persistent Detector's log is
// durable; it does nothing for a Detector made by New.
func (d *Detector) sync() error {
	if d.log == nil {
		return nil
	}
	d.gmu.Lock()
	seq := d.lastSeq
	d.gmu.Unlock()
	if seq == 0 {
		return nil
	}
	return d.wait(seq)
}

// stop makes every later Add return err, unless an error came first.
func (d *Detector) stop(err error) {
	d.mu.Lock()
	if d.stopped == nil {
		d.stopped = err
	}
	d.mu.Unlock()
}

// Close makes every document added durable and closes a persistent
// Detector's store; Add then returns ErrClosed. Close does nothing for a
// Detector made by New.
func (d *Detector) Close() error {
	if d.log == nil {
		return nil
	}
	d.stop(ErrClosed)
	d.background.Wait() // a compaction started on its own
	err := d.sync()
	if cerr := d.log.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("dedupe: %w", cerr)
	}
	return err
}

// ErrClosed is returned by Add on a persistent Detector after Close.
var ErrClosed = errors.New("dedupe: Detector closed")
