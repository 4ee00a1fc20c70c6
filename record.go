package dedupe

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/newsreuse/dedupe/cluster"
)

// Document records
//
// A persistent Detector (store.go) writes one record for each document
// once it has committed, in the order documents commit. A record holds
// what the Detector keeps of the document (its entry, state.go), the
// signatures its indexes are built from, and what it was found to share
// with earlier documents, so that reopening rebuilds every index, pair and
// cluster without verifying anything again. All integers are unsigned
// varints unless a size is given; fixed-size fields are little-endian.
//
//	kind         1 byte: recordDocument
//	id           length, bytes
//	time         1 byte: 0 no time, 1 a time, then varint Unix seconds
//	             and nanoseconds
//	nset         distinct shingles
//	words        count, 2 bytes each (word codes)
//	offs         length, bytes (word positions, appendPos)
//	terms        count, 2 bytes each; breaks: length, bytes (Reworded)
//	keys         count, 8 bytes each (the MinHash LSH band keys)
//	sim, text    8 bytes each (SimHash fingerprint, textHash)
//	fps          count, then the sorted winnowed fingerprints as deltas
//	unverified   Result.Unverified
//	matches      count, each:
//	               doc                 the earlier document's number
//	               start, end, words   its cluster.Link
//	               jaccard, containment  8 bytes each (float64 bits)
//	               near                1 byte
//	               passages            count, each start, end,
//	                                   other start, other end, words
//
// A record of a document with the default options and 400 words takes
// about 1.6 KB: 3 bytes a word, 128 bytes of band keys, and 8 bytes or
// fewer a fingerprint.
//
// Delete writes a deletion record, in the order of the log with the
// document records (format 2):
//
//	kind         1 byte: recordDelete
//	doc          the document's number: the count of document records
//	             before its own
//	id           length, bytes (checked against the document's)
//
// Evictions (Options.Retention) are not recorded: Open replays them, as
// it replays each document record, from the documents' times.
//
// A snapshot (compact.go, format 3) holds the document records of the
// documents held, in this format, each with its number and age, after the
// Groupers' state and the counts.

// The kind bytes of records.
const (
	recordDocument = 1
	recordDelete   = 2
)

// appendDelete appends the deletion record of document x, of ID id.
func appendDelete(b []byte, x uint32, id string) []byte {
	b = append(b, recordDelete)
	b = binary.AppendUvarint(b, uint64(x))
	b = binary.AppendUvarint(b, uint64(len(id)))
	return append(b, id...)
}

// decodeDelete decodes a deletion record.
func decodeDelete(b []byte) (uint32, string, error) {
	r := recordReader{b: b}
	if k := r.bytes(1, "kind"); k == nil || k[0] != recordDelete {
		return 0, "", fmt.Errorf("dedupe: %w: not a deletion record", errRecord)
	}
	x := r.int("document")
	id := string(r.bytes(r.count("id", 1), "id"))
	if r.err == nil && len(r.b) != 0 {
		r.fail("bytes after the record")
	}
	return uint32(x), id, r.err
}

// errRecord is wrapped by the errors of decodeRecord and decodeDelete.
var errRecord = errors.New("bad record")

// A docRecord is a decoded document record.
type docRecord struct {
	e          *entry
	keys, fps  []uint64
	sim, text  uint64
	fpsBuf     []uint64 // the buffer given to decodeRecord, fps appended
	unverified int
	links      []cluster.Link
	matches    []Match // without IDs: the document numbers are in links
}

// appendRecord appends the record of document e, prepared as p, with its
// matches, their links (one each), and its unverified count.
func appendRecord(b []byte, e *entry, p *Prepared, matches []Match, links []cluster.Link, unverified int) []byte {
	return appendDocRecord(b, e, p.keys, p.sim, p.text, p.fps, matches, links, unverified)
}

// appendDocRecord appends the record of document e, of band keys keys,
// SimHash sim, text hash text and fingerprints fps, with its matches, their
// links (one each), and its unverified count.
func appendDocRecord(b []byte, e *entry, keys []uint64, sim, text uint64, fps []uint64, matches []Match, links []cluster.Link, unverified int) []byte {
	u := binary.AppendUvarint
	b = append(b, recordDocument)
	b = u(b, uint64(len(e.id)))
	b = append(b, e.id...)
	if e.time.IsZero() {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.AppendVarint(b, e.time.Unix())
		b = u(b, uint64(e.time.Nanosecond()))
	}
	b = u(b, uint64(e.nset))
	b = appendCodes(b, e.words)
	b = u(b, uint64(len(e.offs)))
	b = append(b, e.offs...)
	b = appendCodes(b, e.terms)
	b = u(b, uint64(len(e.breaks)))
	b = append(b, e.breaks...)
	b = u(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
	}
	b = binary.LittleEndian.AppendUint64(b, sim)
	b = binary.LittleEndian.AppendUint64(b, text)
	b = u(b, uint64(len(fps)))
	prev := uint64(0)
	for _, f := range fps {
		b = u(b, f-prev)
		prev = f
	}
	b = u(b, uint64(unverified))
	b = u(b, uint64(len(matches)))
	for i, m := range matches {
		l := links[i]
		b = u(b, uint64(l.Doc))
		b = u(b, uint64(l.Start))
		b = u(b, uint64(l.End))
		b = u(b, uint64(l.Words))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Jaccard))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(m.Containment))
		near := byte(0)
		if m.NearDuplicate {
			near = 1
		}
		b = append(b, near)
		b = u(b, uint64(len(m.Passages)))
		for _, ps := range m.Passages {
			b = u(b, uint64(ps.Start))
			b = u(b, uint64(ps.End))
			b = u(b, uint64(ps.OtherStart))
			b = u(b, uint64(ps.OtherEnd))
			b = u(b, uint64(ps.Words))
		}
	}
	return b
}

func appendCodes(b []byte, cs []uint16) []byte {
	b = binary.AppendUvarint(b, uint64(len(cs)))
	for _, c := range cs {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

// A recordReader decodes a record, keeping the first error.
type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("dedupe: %w: %s", errRecord, what)
	}
	r.b = nil
}

func (r *recordReader) uvarint(what string) uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(what)
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a count of items of size bytes each at least, refusing one
// the rest of the record cannot hold.
func (r *recordReader) count(what string, size int) int {
	v := r.uvarint(what)
	if v > uint64(len(r.b)/size) {
		r.fail(what + ": count beyond the record")
		return 0
	}
	return int(v)
}

// int reads a varint that must fit an int32, as offsets and counts do.
func (r *recordReader) int(what string) int {
	v := r.uvarint(what)
	if v > math.MaxInt32 {
		r.fail(what + " out of range")
		return 0
	}
	return int(v)
}

func (r *recordReader) bytes(n int, what string) []byte {
	if n > len(r.b) {
		r.fail(what)
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *recordReader) u64(what string) uint64 {
	b := r.bytes(8, what)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

func (r *recordReader) codes(what string) []uint16 {
	n := r.count(what, 2)
	if n == 0 {
		return nil
	}
	b := r.bytes(2*n, what)
	if b == nil {
		return nil
	}
	cs := make([]uint16, n)
	for i := range cs {
		cs[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return cs
}

// decodeRecord decodes a document record. The record's slices are copied:
// b may be reused. It checks the record's own consistency (counts within
// the record, sorted fingerprints, a link per match, passages and links
// within the document's words); the caller checks what needs the
// Detector (the earlier documents the matches name).
//
// The band keys are decoded into keys, and the fingerprints after the end
// of fps (or into a new block when fps lacks room), both the caller's
// (nil: new slices), so that a replay of a million documents does not
// leave a kilobyte of garbage for each.
func decodeRecord(b []byte, keys, fps []uint64) (docRecord, error) {
	r := recordReader{b: b}
	if k := r.bytes(1, "kind"); k == nil || k[0] != recordDocument {
		return docRecord{}, fmt.Errorf("dedupe: %w: not a document record", errRecord)
	}
	e := &entry{id: string(r.bytes(r.count("id", 1), "id"))}
	switch t := r.bytes(1, "time"); {
	case t == nil:
	case t[0] == 1:
		sec, n := binary.Varint(r.b)
		if n <= 0 {
			r.fail("time")
			break
		}
		r.b = r.b[n:]
		ns := r.uvarint("time")
		if ns >= 1e9 {
			r.fail("time")
		}
		e.time = time.Unix(sec, int64(ns)).UTC()
	case t[0] != 0:
		r.fail("time")
	}
	e.nset = r.int("shingles")
	e.words = r.codes("words")
	if n := r.count("positions", 1); n > 0 {
		e.offs = append([]byte(nil), r.bytes(n, "positions")...)
	}
	e.terms = r.codes("terms")
	if n := r.count("breaks", 1); n > 0 {
		e.breaks = append([]byte(nil), r.bytes(n, "breaks")...)
	}
	rec := docRecord{e: e}
	if n := r.count("band keys", 8); n > 0 {
		rec.keys = slices.Grow(keys, n)[len(keys) : len(keys)+n]
		for i := range rec.keys {
			rec.keys[i] = r.u64("band keys")
		}
	}
	rec.sim, rec.text = r.u64("simhash"), r.u64("text hash")
	if n := r.count("fingerprints", 1); n > 0 {
		if cap(fps)-len(fps) < n { // a new block: the old one stays with its documents
			fps = make([]uint64, 0, max(n, 1<<17))
		}
		rec.fps = fps[len(fps) : len(fps)+n : len(fps)+n]
		rec.fpsBuf = fps[:len(fps)+n]
		prev := uint64(0)
		for i := range rec.fps {
			d := r.uvarint("fingerprints")
			if i > 0 && d == 0 || prev+d < prev {
				r.fail("fingerprints not sorted")
				break
			}
			prev += d
			rec.fps[i] = prev
		}
	}
	rec.unverified = r.int("unverified")
	n := r.count("matches", 22)
	for range n {
		if r.err != nil {
			break
		}
		l := cluster.Link{Doc: uint32(r.int("match")), Start: r.int("link"), End: r.int("link"), Words: r.int("link")}
		m := Match{
			Jaccard:     math.Float64frombits(r.u64("jaccard")),
			Containment: math.Float64frombits(r.u64("containment")),
		}
		if nb := r.bytes(1, "near-duplicate"); nb != nil {
			if nb[0] > 1 {
				r.fail("near-duplicate")
			}
			m.NearDuplicate = nb[0] == 1
		}
		if !(m.Jaccard >= 0 && m.Jaccard <= 1 && m.Containment >= 0 && m.Containment <= 1) {
			r.fail("similarity out of range")
		}
		if l.Start > l.End || l.End > len(e.words) {
			r.fail("link beyond the document")
		}
		np := r.count("passages", 5)
		for range np {
			ps := Passage{Start: r.int("passage"), End: r.int("passage"), OtherStart: r.int("passage"), OtherEnd: r.int("passage"), Words: r.int("passage")}
			if ps.Start > ps.End || ps.OtherStart > ps.OtherEnd {
				r.fail("passage ends before it starts")
			}
			m.Passages = append(m.Passages, ps)
		}
		rec.links = append(rec.links, l)
		rec.matches = append(rec.matches, m)
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail("bytes after the record")
	}
	if r.err != nil {
		return docRecord{}, r.err
	}
	return rec, nil
}
