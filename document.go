package dedupe

import (
	"slices"
	"time"

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
	// Text. The Detector keeps a reference to Text: do not modify it after
	// Add.
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
	doc      Document
	text     []byte     // the text that was tokenized (Text, or HTML's visible text)
	m        markup.Map // maps text offsets to Text offsets
	toks     []shingle.Token
	hashes   []uint64 // token hashes, for alignment
	shingles []uint64 // shingle hashes in document order
	set      []uint64 // sorted distinct shingle hashes, for exact Jaccard
	fps      []uint64 // sorted distinct winnowed fingerprints
	sig      []uint64 // MinHash signature
	sim      uint64   // SimHash fingerprint
}

// Prepare tokenizes and signs doc. It is safe for concurrent use and does
// not change the Detector.
func (d *Detector) Prepare(doc Document) *Prepared {
	o := d.opts
	p := &Prepared{doc: doc, text: doc.Text}
	if doc.HTML {
		p.text, p.m = markup.HTML(doc.Text)
	}
	sh := shingle.Shingler{K: o.Shingle, Seed: o.Seed}
	p.toks = sh.AppendTokens(nil, p.text)
	p.hashes = make([]uint64, len(p.toks))
	for i, t := range p.toks {
		p.hashes[i] = t.Hash
	}
	p.shingles = sh.AppendHashes(nil, p.toks)
	p.set = slices.Clone(p.shingles)
	slices.Sort(p.set)
	p.set = slices.Compact(p.set)
	p.sig = d.hasher.Sum(nil, p.set)
	p.sim = simhash.Fingerprint(p.set)
	if !o.NearOnly {
		p.fps = cluster.Winnow(nil, p.shingles, o.Window)
		slices.Sort(p.fps)
		p.fps = slices.Compact(p.fps)
	}
	return p
}

// span maps the tokens [s, e) of p to a byte range of the document's Text.
func (p *Prepared) span(s, e int) (int, int) {
	return p.m.Span(p.toks[s].Start, p.toks[e-1].End)
}

// overlap returns the size of the intersection of two sorted distinct
// sets.
func overlap(a, b []uint64) int {
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return inter
}
