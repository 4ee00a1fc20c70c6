package dedupe

import (
	"fmt"
	"slices"
	"time"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/shingle"
	"github.com/newsreuse/dedupe/simhash"
)

// Batch analysis: the stages of an Add, one document or one pair at a
// time, for an engine that runs them over a whole corpus at once (the
// Apache Beam pipeline of the nested module beam). The engine holds the
// documents and does the grouping: it prepares each document (Encode),
// groups documents by their candidate keys (Keys), verifies each
// candidate pair (Verify), counts where the passages' fingerprints recur,
// and judges each pair by those counts (Judge). What differs from a
// Detector is the corpus a pair is judged by: the documents around it,
// those after it included (Around), after the fact, rather than the
// documents added before the pair's later one.

// A Batch runs the Detector's stages on documents and pairs that the
// caller holds, as compact entries (Encode). It keeps no documents and no
// state besides its options: it is safe for concurrent use, and copies of
// it in different processes give the same answers.
type Batch struct{ d *Detector }

// NewBatch returns a Batch for opts, or Validate's error.
func NewBatch(opts Options) (*Batch, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	return &Batch{d: New(opts)}, nil
}

// Options returns the Batch's options, with every zero field that has a
// default (MaxDF included) set to it.
func (b *Batch) Options() Options {
	o := b.d.opts
	o.MaxDF = o.maxDF()
	return o
}

// Encode prepares doc as Detector.Prepare does and appends its compact
// entry to dst: what a Detector keeps of the document and the signatures
// its indexes take, in the format of a persistent Detector's document
// record (record.go) with no matches. That is about 3 bytes a word and
// 8 a passage fingerprint, plus 128 bytes of band keys at the default
// options. It returns ErrTooLarge (wrapped) for a document longer than
// Options.MaxDocumentBytes.
func (b *Batch) Encode(dst []byte, doc Document) ([]byte, error) {
	p := b.d.Prepare(doc)
	if p.err != nil {
		return dst, p.err
	}
	defer p.release()
	return appendRecord(dst, p.e, p, nil, nil, 0), nil
}

// Keys are a document's candidate keys: two documents are a candidate pair
// when they share a band key, a SimHash key, or at least
// Options.MinShared fingerprints.
type Keys struct {
	// ID, Time and Words are the document's.
	ID    string
	Time  time.Time
	Words int
	// Bands are the MinHash LSH band keys, the band mixed in: documents
	// sharing one are candidates.
	Bands []uint64
	// Sim is the SimHash fingerprint, and Sims its blocks (Hamming+1 of
	// them, each mixed with its number): two fingerprints within the
	// Hamming distance share a block by the pigeonhole principle, and
	// Verify checks the distance.
	Sim  uint64
	Sims []uint64
	// Fingerprints are the sorted winnowed passage fingerprints; none with
	// Options.NearOnly.
	Fingerprints []uint64
}

// Keys decodes the candidate keys of an entry that Encode made. A
// document with no words has no keys. The slices are the caller's.
func (b *Batch) Keys(entry []byte) (Keys, error) {
	r, err := decodeRecord(entry, nil, nil)
	if err != nil {
		return Keys{}, fmt.Errorf("dedupe: entry: %w", err)
	}
	k := Keys{ID: r.e.id, Time: r.e.time, Words: len(r.e.words), Sim: r.sim, Fingerprints: r.fps}
	if len(r.keys) == 0 {
		return k, nil
	}
	for i, x := range r.keys {
		k.Bands = append(k.Bands, mixKey(uint64(i), x))
	}
	blocks := b.d.opts.Hamming + 1
	for i := range blocks {
		lo, hi := 64*i/blocks, 64*(i+1)/blocks
		k.Sims = append(k.Sims, mixKey(uint64(i), r.sim<<(64-hi)>>(64-hi+lo)))
	}
	return k, nil
}

// SimNear reports whether two SimHash fingerprints are within the
// Hamming distance of the options.
func (b *Batch) SimNear(x, y uint64) bool { return simhash.Distance(x, y) <= b.d.opts.Hamming }

// mixKey mixes a band or block number into a key.
func mixKey(i, x uint64) uint64 {
	h := (i + 1) * 0x9E3779B97F4A7C15
	h = (h ^ x) * 0xBF58476D1CE4E5B9
	return h ^ h>>31
}

// A Check is what Verify found for a pair before the corpus rules.
type Check struct {
	Jaccard       float64
	NearDuplicate bool
	// Strong is set when the later document copies the earlier one at
	// length: a near-duplicate, or passages of 50 words or more that are
	// neither chrome nor two stories from one template (the corpus rules
	// without common text, a copy's differing figures a template at any
	// length). Strong links make the clusters the corpus rules count
	// inside.
	Strong bool
	// Link is the later document's strong link to the earlier one, in
	// its words, for cluster.Grouper: the whole document for a
	// near-duplicate, else the span of its passages. Link.Doc is 0.
	Link cluster.Link
	// Weak is set when the passages left by the corpus rules without
	// common text are shorter: a quoted paragraph, a partial copy, or a
	// stock phrase.
	Weak bool
	// Fingerprints are the later document's passage fingerprints that
	// fall inside its passages, sorted: what the corpus rules ask about
	// (Judge's common). None for a near-duplicate, which is not judged.
	Fingerprints []uint64
}

// Verify compares the later document of a pair with the earlier one, both
// entries from Encode, by the rules that need no corpus (verify.go):
// exact Jaccard and containment, and, unless the pair is a near-duplicate
// or align is false, the alignment of copied passages with site chrome
// dropped. align says whether the passage index or the SimHash index
// proposed the pair, rather than the MinHash LSH alone. It reports false
// when the two share nothing. Cost: linear in the two documents' words.
// Entries must come from Encode of a Batch with the same options:
// decoding checks their format, not that they were made by these options.
func (b *Batch) Verify(earlier, later []byte, align bool) (Check, bool, error) {
	a, v, ok, err := b.verify(earlier, later, align)
	if !ok || err != nil {
		return Check{}, false, err
	}
	n, k := len(a.p.e.words), b.d.opts.Shingle
	c := Check{Jaccard: v.m.Jaccard, NearDuplicate: v.m.NearDuplicate}
	c.Strong, c.Link = c.NearDuplicate, cluster.Link{End: n}
	if c.NearDuplicate {
		c.Link.Words = int(c.Jaccard * float64(n))
	} else {
		// Judged with nothing common: chrome and templates out, so
		// that stories from one template make no cluster (bare: see
		// template).
		a.common = func(uint64, bool) bool { return false }
		a.bare = true
		b.d.finishInto(a, v)
		c.Link = v.link
		c.Strong = v.ok && v.link.Words >= strongWords
		c.Weak = v.ok && !c.Strong
	}
	if c.NearDuplicate || !a.corpus {
		return c, true, nil
	}
	fpAt := a.fingerprintPositions()
	for _, x := range v.as {
		first, _ := slices.BinarySearch(fpAt, int32(x.AStart))
		for _, i := range fpAt[first:] {
			if int(i)+k > x.AEnd {
				break
			}
			c.Fingerprints = append(c.Fingerprints, a.p.shingleHash(int(i)))
		}
	}
	slices.Sort(c.Fingerprints)
	c.Fingerprints = slices.Compact(c.Fingerprints)
	return c, true, nil
}

// A Judged pair is a pair as the corpus rules left it.
type Judged struct {
	// Pair is the pair as a Detector reports it: A the earlier document,
	// B the later, the passages' offsets in bytes.
	Pair Pair
	// Link is B's link to A for cluster.Grouper, in B's words; Link.Doc
	// is 0, for the caller to set to A's number.
	Link cluster.Link
	// The documents' times (zero if unknown), for cluster.Source.
	ATime, BTime time.Time
}

// Judge verifies a pair as Verify does and judges its passages by the
// corpus rules (corpus.go, template.go): the words of the later document
// covered by common fingerprints are masked and a passage must stand on
// the rest, and what is left must be neither chrome at an edge nor two
// stories from one template. common reports whether a fingerprint of
// Check.Fingerprints is common outside the pair's cluster; the caller
// counts that over the corpus. With long set the fingerprint is in a
// passage of 100 words or more, and the documents with a weak link to the
// earlier document or its cluster (Check.Weak: a story's partial copies)
// count as inside: they must not make the story's text common to its
// next full copy. It reports false when nothing is left.
func (b *Batch) Judge(earlier, later []byte, align bool, common func(h uint64, long bool) bool) (Judged, bool, error) {
	a, v, ok, err := b.verify(earlier, later, align)
	if !ok || err != nil {
		return Judged{}, false, err
	}
	if common == nil {
		common = func(uint64, bool) bool { return false }
	}
	a.common = common
	b.d.finishInto(a, v)
	if !v.ok {
		return Judged{}, false, nil
	}
	e := a.p.e
	j := Judged{Link: v.link, ATime: v.q.time, BTime: e.time}
	j.Pair = Pair{A: v.q.id, B: e.id, Match: v.res}
	return j, true, nil
}

// verify decodes a pair's entries and verifies it, as the only candidate
// of the later document.
func (b *Batch) verify(earlier, later []byte, align bool) (*admission, *verified, bool, error) {
	qr, err := decodeRecord(earlier, nil, nil)
	if err != nil {
		return nil, nil, false, fmt.Errorf("dedupe: earlier entry: %w", err)
	}
	p, err := b.prepared(later)
	if err != nil {
		return nil, nil, false, err
	}
	a := &admission{id: 1, p: p, corpus: !b.d.opts.NearOnly}
	v := b.d.newVerifier(p, b.d.opts.Reworded)
	r, ok := v.verify(a, qr.e, align)
	v.release()
	if !ok {
		return nil, nil, false, nil
	}
	a.keep(r, 0)
	return a, &a.found[0], true, nil
}

// prepared rebuilds a Prepared document from its entry, hashing its
// shingles again from the word codes, as Prepare did.
func (b *Batch) prepared(entry []byte) (*Prepared, error) {
	r, err := decodeRecord(entry, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("dedupe: later entry: %w", err)
	}
	o := b.d.opts
	sh := shingle.Shingler{K: o.Shingle, Seed: o.Seed}
	p := &Prepared{e: r.e, sh: sh, fps: r.fps, keys: r.keys, sim: r.sim, text: r.text}
	hs := sh.AppendWordHashes(nil, r.e.words)
	if !o.NearOnly {
		p.shingles = hs
	}
	p.set = distinct(slices.Clone(hs))
	return p, nil
}

// Common reports whether a fingerprint carried by n documents outside a
// pair's cluster, the pair's two documents not counted, is common text,
// which Judge masks.
func (b *Batch) Common(n int) bool { return n >= commonOutside }

// Around returns the documents [lo, hi) whose carriers count for Common
// for a pair whose later document is number n of a collection of total,
// numbered from 0 in the order a Detector would add them: the 20,000
// around it, as Settle reads (text is common by how often it recurs in
// the news of the moment; see commonWindow), or all of them in a smaller
// collection.
func (b *Batch) Around(n, total uint64) (lo, hi uint64) { return around(n, total) }

// common reports whether the fingerprint h is common outside the pair of
// a's document and q: by the counts of a Batch's caller (Judge), or by
// the documents added before (commonOutside).
func (d *Detector) common(a *admission, h uint64, q uint32, cq int, long, story bool) bool {
	if a.common != nil {
		return a.common(h, long)
	}
	return d.commonOutside(a, h, q, cq, long, story)
}
