package dedupe

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"time"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/internal/postings"
	"github.com/newsreuse/dedupe/internal/wal"
)

// Compaction: a persistent Detector's log (store.go) holds a record of
// every document ever added and of every Delete. Compact writes a snapshot
// of what the Detector holds (wal.Log.Snapshot), after which the log's
// older segments, and the previous snapshot, are removed: the disk then
// holds the documents held, not everything ever added, and a deleted or
// evicted document's ID and word codes leave it. Open reads the snapshot
// and replays the records after it only.
//
// The snapshot is as of the last record written (seq) and so of the
// documents committed: a document admitted and not yet committed, whose
// record is not written, is left to the log. What the snapshot holds is
// what replaying the log up to seq would rebuild, which is what Open
// rebuilds from it:
//
//   - each document held, by its number, with its age (Options.Retention)
//     and its record (record.go), whose matches are those to documents
//     still held: its pairs, in order;
//   - the two Groupers (cluster.Grouper.AppendBinary): cluster numbers
//     after splits cannot be had again by replaying the links that remain;
//   - the counts of Stats that the documents held do not give (deletes,
//     evictions, unverified), the numbering (the first number kept and the
//     number after the last: forgotten documents leave holes, and later
//     records' numbers stay valid), and for Options.Retention the newest
//     time, from which the cutoff follows.
//
// Documents keep their numbers: the deletion records after the snapshot
// name documents by number, the Groupers and pairs hold numbers, and the
// holes cost what they cost in memory before (forget.go's trimForgotten
// lets them go by base). Renumbering would rewrite all of these for no
// gain on disk, where a hole costs nothing.
//
// Cost. Under the Detector's locks, Compact copies the pointers of the
// entries held (8 bytes a document) and encodes the Groupers (3.5-3.9
// bytes a document numbered, both, on BenchmarkRetention's stream),
// O(documents numbered from the first held), during which Adds wait:
// with a million documents held, an Add made during Compact waited
// 38-51 ms at most (bench/cmd/compactindex). The rest runs beside Adds:
// the document records are not encoded again from memory (the Detector
// keeps no signatures, and computing them again costs what preparing the
// documents cost) but copied from the old snapshot and the log, each
// decoded and written again with the matches to forgotten documents left
// out: O(bytes on disk) reading, O(bytes held) writing, synced every
// 32 MiB.
//
// Snapshot format (the data of a wal snapshot, which adds a header with
// seq and a checksum). All integers are unsigned varints unless said:
//
//	format       snapshotFormat (1)
//	base         the first document number kept, a multiple of 64
//	end          the number after the last document committed
//	deletes      Stats.Deletes
//	evictions    Stats.Evictions
//	unverified   Stats.Unverified
//	newest       1 byte: 0 none, 1 a time, then a varint of Unix seconds
//	             and nanoseconds (Options.Retention's clock)
//	groups       length, bytes (cluster.Grouper.AppendBinary)
//	strong       length, bytes (the Grouper of long links)
//	count        the documents held, then each, by increasing number:
//	  doc        its number, base <= doc < end
//	  age        a varint of Unix seconds, nanoseconds (entry.age)
//	  record     length, a document record (record.go) with unverified 0
//
// A document of 400 words takes about what its record takes, 1.6 KB.

// snapshotFormat is the version of the snapshot's data.
const snapshotFormat = 1

// errSnapshot is wrapped by the errors of a snapshot that does not decode.
var errSnapshot = errors.New("bad snapshot")

// compactFloor is how many records of forgotten documents (and deletion
// records) the log holds at least before a commit starts a compaction on
// its own; see wantCompact. Tests lower it.
var compactFloor = 4096

// wantCompact reports whether the log holds enough that is no longer held
// to compact it: at least as many records of forgotten documents as of
// documents held, and compactFloor. The log then takes at most about
// twice the bytes the documents held take, plus compactFloor records
// (6.5 MB of 1.6 KB records); each compaction rewrites the documents held
// once, as many as the records the log had gained since the compaction
// before, so that compacting costs, for each document added, about one
// record's decoding and writing. On BenchmarkRetentionDisk (a window of
// about 2,200 documents) the disk stays between 4.1 and 9.9 MB over its
// 12 windows, where the log alone reaches 39 MB. The caller holds gmu.
func (d *Detector) wantCompact() bool {
	held := int(d.committed) - d.deletes - d.evictions
	dead := d.onDisk() - held
	return dead >= held && dead >= compactFloor
}

// onDisk returns how many records the disk holds: the documents of the
// snapshot, and the log's records after it (one a document or a Delete).
// The caller holds gmu.
func (d *Detector) onDisk() int {
	return d.diskHeld + int(d.lastSeq-d.diskSeq)
}

// compactLater starts a compaction on a goroutine of its own, unless one
// is running. The caller holds gmu.
func (d *Detector) compactLater() {
	if d.compacting.Load() || !d.compacting.CompareAndSwap(false, true) {
		return
	}
	d.background.Add(1)
	go func() {
		defer d.background.Done()
		defer d.compacting.Store(false)
		if err := d.Compact(); err != nil && !errors.Is(err, ErrClosed) && d.warn != nil {
			d.warn(err)
		}
	}()
}

// Compact writes a snapshot of what a persistent Detector holds and
// removes from disk the log records and the snapshot it replaces (see
// Options.Retention and Delete: the records of forgotten documents, and
// deletion records, go). Open then reads the snapshot and replays only
// the records written after it. A crash during Compact leaves the old
// snapshot and log or the new snapshot, and loses nothing acknowledged.
//
// A persistent Detector compacts on its own, on a goroutine of its own,
// once its log holds at least as many records of forgotten documents as
// of documents held (and 4,096 at least); Compact is for a caller that
// wants the disk freed now, such as after deleting documents whose text
// must leave the disk. Compactions run one at a time.
//
// Cost: Adds and Deletes wait while Compact copies the entries' pointers
// and the clusters' state, O(documents held); the rest, reading the log
// and writing the snapshot, O(bytes on disk), runs beside them: 18-42 ms
// in all for 1,548 documents held (BenchmarkRetentionDisk), 6.0-7.1 s
// for a million (1.9 GB), with Adds going on (bench/cmd/compactindex:
// p50 0.6 ms, p99 6-9 ms, the longest 38-51 ms). It does nothing for a
// Detector made by New, and returns ErrClosed after Close.
func (d *Detector) Compact() error {
	if d.log == nil {
		return nil
	}
	d.compactMu.Lock()
	defer d.compactMu.Unlock()
	c, err := d.capture()
	if err != nil || c == nil {
		return err
	}
	if err := d.wait(c.seq); err != nil {
		return err
	}
	err = d.log.Snapshot(c.seq, c.write)
	switch {
	case errors.Is(err, wal.ErrClosed):
		return ErrClosed
	case err != nil:
		return fmt.Errorf("dedupe: compacting: %w", err)
	}
	d.gmu.Lock()
	d.diskHeld, d.diskSeq = c.held, c.seq
	d.compactions++
	d.gmu.Unlock()
	return nil
}

// A snapshot is what Compact copies of a Detector's state under its locks.
type snapshot struct {
	d          *Detector
	seq        uint64 // the last record it holds
	base, end  uint32
	entries    []*entry // [base, end): nil for a document forgotten
	held       int
	counts     [3]int
	newest     time.Time
	groups     []byte
	strong     []byte
	written    int // documents written
	rec, out   []byte
	keys, fpsB []uint64
}

// capture copies the state to be snapshot, and has the log start a new
// segment after its last record; it returns nil if the log holds nothing
// since the last snapshot.
func (d *Detector) capture() (*snapshot, error) {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.stopped != nil {
		return nil, d.stopped
	}
	if d.lastSeq == d.diskSeq { // compactions are serialized (compactMu)
		return nil, nil
	}
	c := &snapshot{
		d: d, seq: d.lastSeq, base: d.docs.base, end: d.committed,
		counts: [3]int{d.deletes, d.evictions, d.unverified},
		newest: d.newestCommitted,
	}
	c.entries = make([]*entry, c.end-c.base)
	copy(c.entries, d.docs.s)
	for _, e := range c.entries {
		if e != nil {
			c.held++
		}
	}
	c.groups, _ = d.groups.AppendBinary(nil)
	c.strong, _ = d.strong.AppendBinary(nil)
	d.log.Cut()
	return c, nil
}

// entry returns the entry of document x if the snapshot holds it.
func (c *snapshot) entry(x uint32) *entry {
	if x < c.base || x >= c.end {
		return nil
	}
	return c.entries[x-c.base]
}

// errStop ends a replay early.
var errStop = errors.New("stop")

// write writes the snapshot's data to w (wal.Log.Snapshot's callback):
// its header, then the records of the documents it holds, read from the
// log's snapshot and records.
func (c *snapshot) write(w io.Writer) error {
	u := binary.AppendUvarint
	b := u(nil, snapshotFormat)
	b = u(b, uint64(c.base))
	b = u(b, uint64(c.end))
	for _, n := range c.counts {
		b = u(b, uint64(n))
	}
	b = appendTime(b, c.newest)
	b = u(b, uint64(len(c.groups)))
	b = append(b, c.groups...)
	b = u(b, uint64(len(c.strong)))
	b = append(b, c.strong...)
	b = u(b, uint64(c.held))
	if _, err := w.Write(b); err != nil {
		return err
	}
	next := uint32(0) // the number of the next document record in the log
	r, _, err := c.d.log.OpenSnapshot()
	if err != nil {
		return err
	}
	if r != nil {
		err := readSnapshot(r, func(h *snapHeader) error {
			next = h.end
			return nil
		}, func(x uint32, _ stamp, rec []byte) error {
			return c.copyRecord(w, x, rec)
		})
		r.Close()
		if err != nil {
			return err
		}
	}
	err = c.d.log.Replay(func(seq uint64, rec []byte) error {
		if seq > c.seq {
			return errStop
		}
		if len(rec) == 0 || rec[0] != recordDocument {
			return nil
		}
		next++
		return c.copyRecord(w, next-1, rec)
	})
	if err != nil && err != errStop {
		return err
	}
	if c.written != c.held {
		return fmt.Errorf("dedupe: compacting: %d of the %d documents held found on disk", c.written, c.held)
	}
	return nil
}

// copyRecord writes the snapshot's entry of document x, of record rec,
// if the snapshot holds x: its record with the matches to documents held.
func (c *snapshot) copyRecord(w io.Writer, x uint32, rec []byte) error {
	e := c.entry(x)
	if e == nil {
		return nil
	}
	r, err := decodeRecord(rec, c.keys[:0], c.fpsB[:0])
	if err != nil {
		return fmt.Errorf("dedupe: compacting: document %d: %w", x, err)
	}
	if r.e.id != e.id {
		return fmt.Errorf("dedupe: compacting: the record of document %d is of %q, not %q", x, r.e.id, e.id)
	}
	c.keys, c.fpsB = r.keys[:0], r.fpsBuf[:0]
	k := 0
	for i, l := range r.links {
		if c.entry(l.Doc) != nil {
			r.links[k], r.matches[k] = l, r.matches[i]
			k++
		}
	}
	c.rec = appendDocRecord(c.rec[:0], e, r.keys, r.sim, r.text, r.fps, r.matches[:k], r.links[:k], 0)
	b := binary.AppendUvarint(c.out[:0], uint64(x))
	b = binary.AppendVarint(b, e.age.sec)
	b = binary.AppendUvarint(b, uint64(e.age.nsec))
	b = binary.AppendUvarint(b, uint64(len(c.rec)))
	b = append(b, c.rec...)
	c.out = b
	c.written++
	_, err = w.Write(b)
	return err
}

// appendTime appends t as a document record does.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

// A snapHeader is a snapshot's data up to its documents.
type snapHeader struct {
	base, end                      uint32
	deletes, evictions, unverified int
	newest                         time.Time
	groups, strong                 []byte
	count                          int
}

// A snapDecoder reads a snapshot's data, keeping the first error.
type snapDecoder struct {
	r   *bufio.Reader
	err error
}

func (s *snapDecoder) fail(what string, err error) {
	if s.err != nil {
		return
	}
	switch {
	case err == nil:
		s.err = fmt.Errorf("dedupe: %w: %s", errSnapshot, what)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		s.err = fmt.Errorf("dedupe: %w: %s: truncated", errSnapshot, what)
	default:
		s.err = fmt.Errorf("dedupe: %w: %s: %w", errSnapshot, what, err)
	}
}

func (s *snapDecoder) uvarint(what string, limit uint64) uint64 {
	if s.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(s.r)
	if err != nil {
		s.fail(what, err)
		return 0
	}
	if v > limit {
		s.fail(fmt.Sprintf("%s %d out of range", what, v), nil)
		return 0
	}
	return v
}

func (s *snapDecoder) varint(what string) int64 {
	if s.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(s.r)
	if err != nil {
		s.fail(what, err)
	}
	return v
}

// bytes reads a length and that many bytes, at most limit, into buf.
func (s *snapDecoder) bytes(what string, buf []byte, limit uint64) []byte {
	n := int(s.uvarint(what+" length", limit))
	buf = buf[:0]
	for s.err == nil && len(buf) < n {
		// A megabyte at a time: a length the data does not hold fails
		// before it is all allocated.
		k := len(buf)
		buf = slices.Grow(buf, min(n-k, 1<<20))[:k+min(n-k, 1<<20)]
		if _, err := io.ReadFull(s.r, buf[k:]); err != nil {
			s.fail(what, err)
		}
	}
	if s.err != nil {
		return nil
	}
	return buf
}

// readSnapshot reads a snapshot's data from r: it calls header with its
// header, then doc with each document's number, age and record (valid
// during the call only), and checks that nothing follows and the data's
// checksum (wal.Log.OpenSnapshot's reader checks it at the end). It checks
// the numbers (within the header's range, increasing) and lengths, not
// the records or the Groupers' state.
func readSnapshot(r io.Reader, header func(*snapHeader) error, doc func(x uint32, age stamp, rec []byte) error) error {
	s := &snapDecoder{r: bufio.NewReaderSize(r, 1<<16)}
	const maxInt = math.MaxInt32
	if f := s.uvarint("format", math.MaxUint32); s.err == nil && f != snapshotFormat {
		return fmt.Errorf("dedupe: %w: format %d, not %d", errSnapshot, f, snapshotFormat)
	}
	h := &snapHeader{}
	h.base = uint32(s.uvarint("base", postings.MaxID))
	h.end = uint32(s.uvarint("end", postings.MaxID))
	h.deletes = int(s.uvarint("deletes", maxInt))
	h.evictions = int(s.uvarint("evictions", maxInt))
	h.unverified = int(s.uvarint("unverified", math.MaxInt64))
	switch t := s.uvarint("newest", 1); {
	case s.err != nil:
	case t == 1:
		sec := s.varint("newest")
		ns := s.uvarint("newest", 1e9-1)
		h.newest = time.Unix(sec, int64(ns)).UTC()
	}
	h.groups = s.bytes("clusters", nil, 16<<30)
	h.strong = s.bytes("clusters of long links", nil, 16<<30)
	h.count = int(s.uvarint("documents", maxInt))
	if s.err != nil {
		return s.err
	}
	if h.base%64 != 0 || h.base > h.end || uint64(h.count) > uint64(h.end-h.base) {
		return fmt.Errorf("dedupe: %w: %d documents numbered from %d to %d", errSnapshot, h.count, h.base, h.end)
	}
	if err := header(h); err != nil {
		return err
	}
	var rec []byte
	prev := int64(h.base) - 1
	for i := range h.count {
		x := s.uvarint("document", postings.MaxID)
		age := stamp{sec: s.varint("age")}
		age.nsec = int32(s.uvarint("age", 1e9-1))
		rec = s.bytes("record", rec, wal.MaxRecordSize)
		if s.err != nil {
			return fmt.Errorf("%w (document %d of %d)", s.err, i+1, h.count)
		}
		if int64(x) <= prev || x >= uint64(h.end) {
			return fmt.Errorf("dedupe: %w: document %d after %d, or not below %d", errSnapshot, x, prev, h.end)
		}
		prev = int64(x)
		if err := doc(uint32(x), age, rec); err != nil {
			return err
		}
	}
	switch _, err := s.r.ReadByte(); {
	case err == nil:
		return fmt.Errorf("dedupe: %w: bytes after the documents", errSnapshot)
	case err != io.EOF:
		return fmt.Errorf("dedupe: %w: %w", errSnapshot, err)
	}
	return nil
}

// loadSnapshot rebuilds the state a snapshot holds in d, a Detector made
// by New: what Open does before it replays the records after the
// snapshot. It checks what it reads against what it has rebuilt (a match
// with a document not held before, an ID twice, clusters of documents not
// held), so that no bytes make a Detector that fails later.
func (d *Detector) loadSnapshot(r io.Reader) error {
	rp := replayer{d: d}
	err := rp.snapshot(r)
	rp.wait()
	return err
}

// snapshot is loadSnapshot for Open, which replays the log after it:
// the passage index is filled when rp waits.
func (rp *replayer) snapshot(r io.Reader) error {
	d := rp.d
	var h *snapHeader
	var groups [2]cluster.Grouper
	names := [2]string{"clusters", "clusters of long links"}
	held := 0
	// Nothing is evicted or deleted while a snapshot loads.
	err := readSnapshot(r, func(sh *snapHeader) error {
		h = sh
		// The Groupers number every document from base to end, a byte
		// each at least: the numbers below are as many as the snapshot's
		// bytes allow.
		for i, b := range [2][]byte{h.groups, h.strong} {
			if err := groups[i].UnmarshalBinary(b); err != nil {
				return fmt.Errorf("dedupe: %w: %s: %w", errSnapshot, names[i], err)
			}
			if base, end := groups[i].Range(); base != h.base || end != h.end {
				return fmt.Errorf("dedupe: %w: %s of documents %d to %d, not %d to %d", errSnapshot, names[i], base, end, h.base, h.end)
			}
		}
		d.docs.base, d.shared.base, d.gone.base, d.forgotten.base, d.low = h.base, h.base, h.base, h.base, h.base
		rp.reserve(int(h.end - h.base))
		return nil
	}, func(x uint32, age stamp, rec []byte) error {
		for d.docs.end() < x {
			d.hole()
		}
		held++
		arena, err := d.restoreHeld(x, age, rec, rp.fps[rp.cur], rp.later)
		rp.fps[rp.cur] = arena
		rp.flushFull()
		return err
	})
	if err != nil {
		return err
	}
	for d.docs.end() < h.end {
		d.hole()
	}
	for i := range groups {
		_, members := groups[i].Clusters()
		for _, ms := range members {
			for _, m := range ms {
				if *d.docs.at(m) == nil {
					return fmt.Errorf("dedupe: %w: %s: document %d, not held", errSnapshot, names[i], m)
				}
			}
		}
	}
	d.groups, d.strong = groups[0], groups[1]
	d.committed = h.end
	d.ngone = int(h.end) - held
	d.deletes, d.evictions, d.unverified = h.deletes, h.evictions, h.unverified
	d.diskHeld = held
	if d.forgetting() {
		d.newest, d.newestCommitted = h.newest, h.newest
		if h.end > 0 {
			d.cutoff = stampOf(d.newest.Add(-d.opts.Retention))
		}
	}
	return nil
}

// hole numbers a document forgotten before a snapshot.
func (d *Detector) hole() {
	x := d.docs.end()
	d.docs.push(nil)
	d.gone.add(x)
	d.forgotten.add(x)
}

// restoreHeld restores document x of a snapshot, of age age and record
// rec: as restore does a document record, with its number given, no
// evictions, and no clusters (the snapshot has the Groupers' state). Its
// fingerprints go to later, decoded into arena, which it returns (see
// restore).
func (d *Detector) restoreHeld(x uint32, age stamp, rec []byte, arena []uint64, later func(id uint32, ix laterIndexes)) ([]uint64, error) {
	r, err := decodeRecord(rec, d.keysScratch[:0], arena)
	if err != nil {
		return arena, fmt.Errorf("dedupe: snapshot: document %d: %w", x, err)
	}
	e := r.e
	e.age = age
	idHash := maphash.String(d.idSeed, e.id)
	if _, ok := d.lookup(idHash, e.id); ok {
		return arena, fmt.Errorf("dedupe: %w: document %d: %q again", errSnapshot, x, e.id)
	}
	// The documents before x are restored or holes (gone).
	if err := d.enterRecord(x, &r, idHash, later); err != nil {
		return arena, fmt.Errorf("dedupe: %w: document %d: %w", errSnapshot, x, err)
	}
	d.noteWeak(x, r.links)
	d.pairUp(x, e.id, r.matches, r.links)
	d.keysScratch = r.keys[:0]
	return r.fpsBuf, nil
}
