package dedupe

import (
	"encoding/binary"
	"slices"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/markup"
	"github.com/newsreuse/dedupe/shingle"
	"github.com/newsreuse/dedupe/simhash"
)

// A Document is one text given to a Detector.
type Document struct {
	// ID names the document in results; IDs must be unique in a Detector.
	ID string
	// Text is the document's content. Offsets in results are bytes into
	// Text. The Detector does not keep Text: it keeps each word as a 4-byte
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
	e        *entry   // what the Detector keeps
	shingles []uint64 // shingle hashes in document order
	set      []uint64 // sorted distinct shingle hashes
	fps      []uint64 // sorted distinct winnowed fingerprints
	sig      []uint64 // MinHash signature
	sim      uint64   // SimHash fingerprint
}

// An entry is what a Detector keeps of a document once added: about 6
// bytes a word and no pointers but its slices, so that a million documents
// cost the garbage collector little.
type entry struct {
	id    string
	time  time.Time
	words []uint32 // word codes (shingle.Word), for alignment and exact Jaccard
	offs  []byte   // word positions in Text: per word, varint gap from the previous word's end, uvarint length<<2|class
	nset  int      // distinct shingles
}

// Prepare tokenizes and signs doc. It is safe for concurrent use and does
// not change the Detector.
func (d *Detector) Prepare(doc Document) *Prepared {
	o := d.opts
	text, m := doc.Text, markup.Map{}
	if doc.HTML {
		text, m = markup.HTML(doc.Text)
	}
	sh := shingle.Shingler{K: o.Shingle, Seed: o.Seed}
	ws := tokenPool.Get().(*[]shingle.Token)
	toks := sh.AppendTokens((*ws)[:0], text)
	e := &entry{id: doc.ID, time: doc.Time, words: make([]uint32, len(toks))}
	e.offs = make([]byte, 0, 2*len(toks)+8)
	prevEnd := 0
	for i, t := range toks {
		e.words[i] = shingle.Word(t.Hash)
		s, end := m.Span(t.Start, t.End)
		e.offs = binary.AppendVarint(e.offs, int64(s-prevEnd))
		e.offs = binary.AppendUvarint(e.offs, uint64(end-s)<<2|uint64(wordClass(text[t.Start:t.End])))
		prevEnd = end
	}
	*ws = toks
	tokenPool.Put(ws)
	e.offs = slices.Clip(e.offs)

	p := &Prepared{e: e}
	p.shingles = sh.AppendWordHashes(make([]uint64, 0, max(len(e.words)-o.Shingle+1, 1)), e.words)
	p.set = slices.Clone(p.shingles)
	slices.Sort(p.set)
	p.set = slices.Compact(p.set)
	e.nset = len(p.set)
	p.sig = d.hasher.Sum(nil, p.set)
	p.sim = simhash.Fingerprint(p.set)
	if !o.NearOnly {
		p.fps = cluster.Winnow(nil, p.shingles, o.Window)
		slices.Sort(p.fps)
		p.fps = slices.Compact(p.fps)
	}
	return p
}

// tokenPool holds token buffers for Prepare: tokens live only until their
// positions are encoded.
var tokenPool = sync.Pool{New: func() any { return new([]shingle.Token) }}

// Word classes, kept with each word's position: templates are told by
// their differing figures and names.
const (
	classOther = iota
	classDigit // starts with a digit
	classUpper // starts with an upper-case letter
)

// wordClass returns the class of a word.
func wordClass(w []byte) uint8 {
	r, _ := utf8.DecodeRune(w)
	switch {
	case unicode.IsDigit(r):
		return classDigit
	case unicode.IsUpper(r):
		return classUpper
	}
	return classOther
}

// A wordPos is where a word is in a document's Text, and its class.
type wordPos struct {
	start, end int32
	class      uint8
}

// positions appends the positions of the entry's words to dst. Cost:
// O(words).
func (e *entry) positions(dst []wordPos) []wordPos {
	prevEnd := 0
	for b := e.offs; len(b) > 0; {
		gap, n := binary.Varint(b)
		b = b[n:]
		l, n := binary.Uvarint(b)
		b = b[n:]
		s := prevEnd + int(gap)
		prevEnd = s + int(l>>2)
		dst = append(dst, wordPos{int32(s), int32(prevEnd), uint8(l & 3)})
	}
	return dst
}

// span returns the byte range of the words [s, e) given their positions.
func span(pos []wordPos, s, e int) (int, int) {
	start := int(pos[s].start)
	return start, max(start, int(pos[e-1].end))
}
