// Package dedupe finds near-duplicate and syndicated news texts.
//
// A [Detector] takes documents one at a time and answers each at once with
// the earlier documents it copies or shares passages with, the passages as
// byte offsets into both texts, and the cluster of documents reusing the
// same text. It works at two levels on one engine: whole documents through
// MinHash (Jaccard) and SimHash (Hamming) signatures with LSH and
// permuted-table indexes, and passages through an index of winnowed shingle
// fingerprints followed by token alignment. The command dedupe is built on
// it.
package dedupe

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/minhash"
	"github.com/newsreuse/dedupe/simhash"
)

// ErrDuplicateID is returned by Add for a document whose ID was added
// before.
var ErrDuplicateID = errors.New("dedupe: duplicate document ID")

// A Detector finds near-duplicates and shared passages among the documents
// added to it. It is safe for concurrent use: of two copies added at the
// same time, at least one reports the other. Added one at a time, the same
// documents in the same order give the same results.
//
// Memory grows with the documents kept: their text, tokens and signatures,
// about 60 bytes per word in this version.
type Detector struct {
	opts   Options
	hasher *minhash.Hasher

	mu      sync.Mutex
	docs    []*Prepared
	byID    map[string]uint32
	lsh     *minhash.LSH
	sims    *simhash.Index
	passage cluster.Index
	groups  cluster.Grouper
	pairs   []Pair
	shared  []int // per document: matched words over all its pairs
}

// New returns a Detector configured by opts.
func New(opts Options) *Detector {
	opts = opts.withDefaults()
	b, r := minhash.Params(opts.Threshold, opts.Permutations)
	return &Detector{
		opts:   opts,
		hasher: minhash.New(opts.Permutations, uint64(opts.Seed)),
		byID:   make(map[string]uint32),
		lsh:    minhash.NewLSH(b, r),
		sims:   simhash.NewIndex(opts.Hamming),
	}
}

// A Passage is text two documents share: this document's bytes
// [Start, End) match the other's [OtherStart, OtherEnd). Words counts the
// matched words; the rest of the span are edits, OCR errors or small
// insertions.
type Passage struct {
	Start, End           int
	OtherStart, OtherEnd int
	Words                int
}

// A Match is an earlier document that a new document copies or shares
// passages with.
type Match struct {
	ID string // the earlier document
	// Jaccard is the exact Jaccard similarity of the two documents' shingle
	// sets.
	Jaccard float64
	// Containment is the share of this document's shingles found in the
	// other: 1 when it is wholly made of the other's text.
	Containment float64
	// NearDuplicate is set when Jaccard reaches Options.Threshold.
	NearDuplicate bool
	// Passages are the shared passages, in order of this document.
	Passages []Passage
}

// A Result is what a Detector found for one new document.
type Result struct {
	ID string
	// Cluster names the cluster of documents reusing the same text that
	// the document belongs to, "" if none. Names stay stable as documents
	// arrive, except that a cluster merging into an older one takes the
	// older name.
	Cluster string
	// Matches are the earlier documents the document copies or shares
	// passages with, in the order they were added.
	Matches []Match
	// Words is the number of words in the document.
	Words int
}

// Add adds doc and reports what it shares with the documents added before.
// It returns ErrDuplicateID (wrapped, naming the ID) for a repeated ID; the
// Detector is then unchanged.
func (d *Detector) Add(doc Document) (Result, error) {
	return d.AddPrepared(d.Prepare(doc))
}

// AddPrepared is Add for a document already prepared by Prepare on this
// Detector.
func (d *Detector) AddPrepared(p *Prepared) (Result, error) {
	o := d.opts
	d.mu.Lock()
	if _, dup := d.byID[p.doc.ID]; dup {
		d.mu.Unlock()
		return Result{}, fmt.Errorf("%w: %q", ErrDuplicateID, p.doc.ID)
	}
	id := uint32(len(d.docs))
	cands := d.candidates(p)
	others := make([]*Prepared, len(cands))
	for i, c := range cands {
		others[i] = d.docs[c]
	}
	maxDF := d.maxDF()
	d.byID[p.doc.ID] = id
	d.docs = append(d.docs, p)
	d.shared = append(d.shared, 0)
	if len(p.set) > 0 { // a document with no words matches nothing
		d.lsh.Add(id, p.sig)
		d.sims.Add(id, p.sim)
		if !o.NearOnly {
			d.passage.Add(id, p.fps)
		}
	}
	var matches []Match
	var links []cluster.Link
	for i, q := range others {
		m, link, ok := d.verify(p, q, d.passage.DF, maxDF)
		if !ok {
			continue
		}
		link.Doc = cands[i]
		matches = append(matches, m)
		links = append(links, link)
	}
	res := Result{ID: p.doc.ID, Matches: matches, Words: len(p.toks)}
	num := d.groups.Add(id, links)
	for i, m := range matches {
		words := links[i].Words
		d.shared[id] += words
		d.shared[links[i].Doc] += words
		d.pairs = append(d.pairs, Pair{A: m.ID, B: p.doc.ID, a: links[i].Doc, b: id, Match: m})
	}
	if num > 0 {
		res.Cluster = clusterName(num)
	}
	d.mu.Unlock()
	return res, nil
}

func clusterName(n int) string { return fmt.Sprintf("c%d", n) }

// maxDF returns the document frequency above which a passage fingerprint
// is boilerplate.
func (d *Detector) maxDF() int {
	if d.opts.MaxDF > 0 {
		return d.opts.MaxDF
	}
	return max(50, len(d.docs)/100)
}

// candidates returns the earlier documents worth verifying against p,
// sorted by ID.
func (d *Detector) candidates(p *Prepared) []uint32 {
	if len(p.set) == 0 {
		return nil
	}
	ids := d.lsh.AppendCandidates(nil, p.sig)
	for _, m := range d.sims.AppendNear(nil, p.sim) {
		ids = append(ids, m.ID)
	}
	if !d.opts.NearOnly {
		cs, _ := d.passage.AppendCandidates(nil, p.fps, d.maxDF(), d.opts.MinShared, nil)
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// edgeSlack is how many tokens from a document's start or end a passage
// may begin or end and still count as anchored to that edge.
const edgeSlack = 3

// verify compares the new document p with the earlier document q.
// Boilerplate is judged by df, the document frequency of fingerprints in
// the passage index, against maxDF.
func (d *Detector) verify(p, q *Prepared, df func(uint64) int, maxDF int) (Match, cluster.Link, bool) {
	o := d.opts
	var j, c float64
	if inter := overlap(p.set, q.set); inter > 0 {
		j = float64(inter) / float64(len(p.set)+len(q.set)-inter)
		c = float64(inter) / float64(len(p.set))
	}
	m := Match{ID: q.doc.ID, Jaccard: j, Containment: c, NearDuplicate: j >= o.Threshold}
	link := cluster.Link{Start: 0, End: len(p.toks)}
	if m.NearDuplicate {
		link.Words = int(j * float64(len(p.toks)))
	}
	if !o.NearOnly {
		for _, a := range cluster.Align(p.hashes, q.hashes, o.Align) {
			if !m.NearDuplicate && (isChrome(a, len(p.toks), len(q.toks)) || d.isBoilerplate(p, a, df, maxDF)) {
				continue
			}
			ps, pe := p.span(a.AStart, a.AEnd)
			qs, qe := q.span(a.BStart, a.BEnd)
			m.Passages = append(m.Passages, Passage{Start: ps, End: pe, OtherStart: qs, OtherEnd: qe, Words: a.Words})
			if !m.NearDuplicate {
				if link.Words == 0 {
					link.Start, link.End = a.AStart, a.AEnd
				} else {
					link.Start, link.End = min(link.Start, a.AStart), max(link.End, a.AEnd)
				}
				link.Words += a.Words
			}
		}
	}
	return m, link, m.NearDuplicate || len(m.Passages) > 0
}

// isChrome reports whether a passage sits at the same edge of both
// documents (both starts or both ends) while covering less than half of
// each: the signature of site headers, navigation and footers, which
// recur at the edges of otherwise unrelated pages.
func isChrome(a cluster.Match, n, m int) bool {
	if 2*(a.AEnd-a.AStart) >= n || 2*(a.BEnd-a.BStart) >= m {
		return false
	}
	atStart := a.AStart <= edgeSlack && a.BStart <= edgeSlack
	atEnd := n-a.AEnd <= edgeSlack && m-a.BEnd <= edgeSlack
	return atStart || atEnd
}

// isBoilerplate reports whether most of the indexed fingerprints inside the
// passage are too common to count as evidence.
func (d *Detector) isBoilerplate(p *Prepared, a cluster.Match, df func(uint64) int, maxDF int) bool {
	k := d.opts.Shingle
	indexed, frequent := 0, 0
	for i := a.AStart; i+k <= a.AEnd && i < len(p.shingles); i++ {
		h := p.shingles[i]
		if n := df(h); n > 0 {
			indexed++
			if n > maxDF {
				frequent++
			}
		}
	}
	return indexed > 0 && 2*frequent > indexed
}

// Compare reports what document b shares with document a, as Add would if
// a were the only earlier document: the exact Jaccard similarity and the
// passages, with Start and End in b and OtherStart and OtherEnd in a. It
// does not change the Detector and, with no corpus to learn from, judges
// no text as boilerplate by frequency. Compare is safe for concurrent use.
func (d *Detector) Compare(a, b Document) Match {
	m, _ := d.compare(a, b)
	return m
}

// Similarity grades how much of document b derives from document a, from
// 0 to 1: the larger of the share of b's shingles found in a
// (Match.Containment) and the share of b's words inside the passages
// Compare finds. It is safe for concurrent use.
func (d *Detector) Similarity(a, b Document) float64 {
	m, words := d.compare(a, b)
	if words == 0 {
		return 0
	}
	n := 0
	for _, p := range m.Passages {
		n += p.Words
	}
	return max(m.Containment, min(1, float64(n)/float64(words)))
}

// compare is Compare, also returning the number of words in b.
func (d *Detector) compare(a, b Document) (Match, int) {
	pa, pb := d.Prepare(a), d.Prepare(b)
	m, _, _ := d.verify(pb, pa, func(uint64) int { return 0 }, 0)
	return m, len(pb.toks)
}
