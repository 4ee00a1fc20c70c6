package dedupe

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"
	"time"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/markup"
	"github.com/newsreuse/dedupe/shingle"
	"github.com/newsreuse/dedupe/simhash"
)

// Prepare, the first stage of adding a document: tokenizing and signing
// it, with no lock and no state of the Detector's read, so that callers
// and AddAll's workers prepare documents in parallel. What comes out is a
// Prepared document: the entry the Detector will keep (state.go) and the
// hashes the next stages look up (shingles, MinHash band keys, SimHash
// fingerprint, winnowed passage fingerprints).

// A Document is one text given to a Detector.
type Document struct {
	// ID names the document in results; IDs must be unique in a Detector.
	ID string
	// Text is the document's content. Offsets in results are bytes into
	// Text. The Detector does not keep Text: it keeps each word as a 2-byte
	// code and its position.
	Text []byte
	// HTML marks Text as HTML: markup is skipped and entities decoded,
	// while offsets still refer to Text.
	HTML bool
	// Time is when the document was published, if known; it decides which
	// copy is a cluster's source.
	Time time.Time
}

// A Prepared document has been tokenized and signed, ready for
// Detector.AddPrepared. Preparing is the costly, stateless part of adding a
// document, so callers may prepare documents concurrently.
type Prepared struct {
	e   *entry           // what the Detector keeps; nil once added
	buf *prepBuf         // where the slices below came from
	sh  shingle.Shingler // what hashed the shingles
	// shingles are the shingle hashes in document order, kept only for a
	// document of at most maxPooled shingles: a larger one's are hashed
	// again when needed (fingerprintPositions), 8 bytes a word fewer.
	shingles []uint64
	set      []uint64 // distinct shingle hashes, in order of first occurrence
	fps      []uint64 // sorted distinct winnowed fingerprints
	sig      []uint64 // MinHash signature
	keys     []uint64 // the signature's LSH band keys
	sim      uint64   // SimHash fingerprint
	idHash   uint64   // the ID's hash, for the duplicate check
	text     uint64   // the hash of set: equal for copies of one text (see copies.go)
	err      error    // why the document cannot be added (ErrTooLarge)
}

// A prepBuf holds the buffers of a Prepared document that the Detector
// does not keep. They go back to prepBufs once the document is added, so
// that a stream of documents does not allocate them anew each time.
type prepBuf struct{ shingles, set, fps, sig, keys []uint64 }

var prepBufs = sync.Pool{New: func() any { return new(prepBuf) }}

// maxPooled is the largest buffer, in elements, that goes back to a pool:
// one huge document must not pin its buffers for the rest of a run.
const maxPooled = 1 << 20

// verified drops p's set once p is verified, if the pool would not keep
// it: commit does not need it, and a huge document's set, 8 bytes a
// shingle, would otherwise stay until the document and the batch before
// it commit.
func (p *Prepared) verified() {
	if cap(p.set) > maxPooled {
		p.set = nil
	}
}

// release returns p's buffers to the pool once the Detector is done with
// them; p cannot be added afterwards.
func (p *Prepared) release() {
	b := p.buf
	if b == nil {
		return
	}
	keep := func(s []uint64) []uint64 {
		if cap(s) > maxPooled {
			return nil
		}
		return s[:0]
	}
	b.set = keep(p.set)
	if p.shingles != nil {
		b.shingles = keep(p.shingles)
	}
	if p.fps != nil {
		b.fps = keep(p.fps)
	}
	b.sig = keep(p.sig)
	b.keys = keep(p.keys)
	*p = Prepared{}
	prepBufs.Put(b)
}

// Prepare tokenizes and signs doc. It is safe for concurrent use and does
// not change the Detector. A document longer than Options.MaxDocumentBytes
// is not tokenized: AddPrepared refuses it with ErrTooLarge.
func (d *Detector) Prepare(doc Document) *Prepared {
	if d.err != nil {
		return &Prepared{err: d.err}
	}
	if n, limit := len(doc.Text), d.opts.maxDocumentBytes(); n > limit {
		return &Prepared{err: fmt.Errorf("%w: %q has %d bytes, more than Options.MaxDocumentBytes %d", ErrTooLarge, doc.ID, n, limit)}
	}
	return d.prepare(doc, d.opts.Reworded)
}

// prepare is Prepare, keeping the words' terms for the sentence aligner
// when terms is set.
//
// Memory: tokens are taken tokenChunk at a time, so that a document's
// tokens (24 bytes each) are never all in memory, and every per-word
// buffer is sized once: preparing a document of n words allocates about
// 30n bytes besides its text (TestPrepareBytesPerWord; 24n near-only,
// 32n with terms), of which the Prepared document keeps about 10n (its
// set and fingerprints; 8n more, its shingles in order, when n is at most
// maxPooled) until it is verified, and the Detector keeps 3n.
func (d *Detector) prepare(doc Document, terms bool) *Prepared {
	o := d.opts
	text, m := doc.Text, markup.Map{}
	if doc.HTML {
		text, m = markup.HTML(doc.Text)
	}
	sh := shingle.Shingler{K: o.Shingle, Seed: o.Seed}
	terms = terms && !o.NearOnly
	sb := scratchBufs.Get().(*scratchBuf)
	toks := sb.toks[:0]
	prevEnd := 0
	var last shingle.Token // the token before toks
	started := false       // last is set
	flush := func() {
		if len(toks) == 0 {
			return
		}
		words := sb.words.room(len(toks))
		ws := *words
		for _, t := range toks {
			ws = append(ws, shingle.Word(t.Hash))
		}
		*words = ws
		if !o.NearOnly { // positions locate passages
			offs := sb.offs.room(maxPosLen * len(toks))
			b := *offs
			for _, t := range toks {
				s, end := m.Span(t.Start, t.End)
				b = appendPos(b, s-prevEnd, end-s, wordClass(text[t.Start:t.End]))
				prevEnd = end
			}
			*offs = b
		}
		if terms {
			// Chunks of tokenChunk tokens keep the breaks' bytes whole
			// (four to a byte) across blocks.
			tms, brk := sb.terms.room(len(toks)), sb.breaks.room(len(toks)/4+1)
			if !started {
				*tms, *brk = cluster.AppendTerms(*tms, *brk, text, toks)
			} else {
				*tms, *brk = cluster.AppendTermsAfter(*tms, *brk, text, last, toks)
			}
		}
		last, started = toks[len(toks)-1], true
		toks = toks[:0]
	}
	for t := range sh.Tokens(text) {
		toks = append(toks, t)
		if len(toks) == tokenChunk {
			flush()
		}
	}
	flush()
	// Kept for the Detector's life, copied to slices of the exact size:
	// slack would add up.
	e := &entry{id: doc.ID, time: doc.Time, words: sb.words.collect()}
	if !o.NearOnly {
		e.offs = sb.offs.collect()
	}
	if terms {
		e.terms, e.breaks = sb.terms.collect(), sb.breaks.collect()
	}
	sb.toks = toks[:0]
	scratchBufs.Put(sb)

	b := prepBufs.Get().(*prepBuf)
	p := &Prepared{e: e, buf: b, sh: sh, idHash: maphash.String(d.idSeed, doc.ID)}
	// The shingles in order, winnowed, then made the set in place.
	n := max(len(e.words)-o.Shingle+1, min(len(e.words), 1))
	p.set = sh.AppendWordHashes(slices.Grow(b.set[:0], n), e.words)
	if !o.NearOnly {
		// About 2/(Window+1) of the shingles, and a margin.
		p.fps = passageFingerprints(slices.Grow(b.fps[:0], 16+n*5/(2*o.Window+2)), p.set, o.Window)
		if n <= maxPooled {
			p.shingles = append(b.shingles[:0], p.set...)
		}
	}
	p.set = distinct(p.set)
	e.nset = len(p.set)
	p.text = textHash(p.set)
	p.sig = d.hasher.Sum(b.sig[:0], p.set)
	if len(p.set) > 0 { // here, not in admission, which is in order
		p.keys = d.lsh.Keys(b.keys[:0], p.sig)
	}
	p.sim = simhash.Fingerprint(p.set)
	return p
}

// tokenChunk is how many tokens prepare takes at a time.
const tokenChunk = 1024

// A scratchBuf holds prepare's buffers of tokens and of what it encodes
// before copying it to the entry.
type scratchBuf struct {
	toks   []shingle.Token
	words  blocks[uint16]
	offs   blocks[byte]
	terms  blocks[uint16]
	breaks blocks[byte]
}

var scratchBufs = sync.Pool{New: func() any { return &scratchBuf{toks: make([]shingle.Token, 0, tokenChunk)} }}

// maxPosLen is the longest encoding of a position (appendPos).
const maxPosLen = 1 + 2*binary.MaxVarintLen64

// blocks collects a sequence of unknown length in blocks of blockLen, so
// that growing it copies nothing (a slice grown by append allocates about
// five times its final size, 1.25 times at each step), and copies it once
// to a slice of the exact size. The first block is reused.
type blocks[T any] struct {
	full [][]T // filled blocks
	cur  []T   // the block being filled
}

// blockLen is the capacity of a block, in elements.
const blockLen = 1 << 16

// room returns the current block, with room for n more elements.
func (b *blocks[T]) room(n int) *[]T {
	if cap(b.cur)-len(b.cur) < n {
		if len(b.cur) > 0 {
			b.full = append(b.full, b.cur)
		}
		b.cur = make([]T, 0, max(blockLen, n))
	}
	return &b.cur
}

// collect returns the sequence in a new slice of its exact length, or nil
// if it is empty, and empties b, keeping the first block.
func (b *blocks[T]) collect() []T {
	n := len(b.cur)
	for _, f := range b.full {
		n += len(f)
	}
	var out []T
	if n > 0 {
		out = make([]T, 0, n)
		for _, f := range b.full {
			out = append(out, f...)
		}
		out = append(out, b.cur...)
	}
	if len(b.full) > 0 {
		b.cur = b.full[0]
		clear(b.full)
		b.full = b.full[:0]
	}
	b.cur = b.cur[:0]
	return out
}

// clip returns s emptied, or nil if its capacity is over limit.
func clip[T any](s []T, limit int) []T {
	if cap(s) > limit {
		return nil
	}
	return s[:0]
}

// distinct removes repeated values from s in place, keeping the first of
// each, and returns the shortened slice: O(len(s)) with a pooled hash
// set, where sorting would cost O(n log n).
func distinct(s []uint64) []uint64 {
	if len(s) < 2 {
		return s
	}
	t := hashSets.Get().(*hashSet)
	defer t.put()
	t.reset(len(s))
	out := s[:0]
	for _, h := range s {
		if t.add(h) {
			out = append(out, h)
		}
	}
	return out
}

// passageFingerprints appends to fps, empty, the winnowed fingerprints of
// the shingle hashes hs (in order), sorted and each once: a document's
// passage fingerprints, as Prepare computes them from its text and the
// indexes' users again from its word codes.
func passageFingerprints(fps, hs []uint64, window int) []uint64 {
	fps = cluster.Winnow(fps, hs, window)
	slices.Sort(fps)
	return slices.Compact(fps)
}
