package dedupe

import (
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/shingle"
)

// edgeSlack is how many tokens from a document's start or end a passage
// may begin or end and still count as anchored to that edge.
const edgeSlack = 3

// A verifier compares one new document with its candidates. It indexes the
// new document once (its k-grams for alignment, its shingle set for exact
// Jaccard), so that each candidate costs time linear in the candidate's
// length. Verifiers are pooled; release returns one.
type verifier struct {
	d     *Detector
	p     *Prepared
	df    []int32 // document frequency of p.fps, nil when there is no corpus
	maxDF int

	al      cluster.Aligner
	set     []setSlot // p's shingle set, open addressing
	gen     uint32
	qs      []uint64 // a candidate's shingles
	starts  []int    // p's word positions, decoded on first use
	ends    []int
	decoded bool
}

type setSlot struct {
	h    uint64
	used bool
	gen  uint32 // call in which the shingle was last found in a candidate
}

var verifierPool = sync.Pool{New: func() any { return new(verifier) }}

// newVerifier returns a verifier for p. df gives the document frequency of
// each of p's fingerprints, maxDF the frequency above which one is
// boilerplate.
func (d *Detector) newVerifier(p *Prepared, df []int32, maxDF int) *verifier {
	v := verifierPool.Get().(*verifier)
	v.d, v.p, v.df, v.maxDF, v.decoded = d, p, df, maxDF, false
	if !d.opts.NearOnly {
		v.al.Reset(p.e.words, d.opts.Align)
	}
	size := 16
	for size < 2*len(p.set) {
		size <<= 1
	}
	if cap(v.set) < size {
		v.set = make([]setSlot, size)
	}
	v.set = v.set[:size]
	clear(v.set)
	v.gen = 0
	mask := uint64(size - 1)
	for _, h := range p.set {
		s := h & mask
		for v.set[s].used {
			s = (s + 1) & mask
		}
		v.set[s] = setSlot{h: h, used: true}
	}
	return v
}

func (v *verifier) release() {
	v.d, v.p, v.df = nil, nil, nil
	verifierPool.Put(v)
}

// overlap returns how many distinct shingles of q are in p's set.
func (v *verifier) overlap(q *entry) int {
	if len(v.p.set) == 0 {
		return 0
	}
	v.gen++
	if v.gen == 0 {
		for i := range v.set {
			v.set[i].gen = 0
		}
		v.gen = 1
	}
	sh := shingle.Shingler{K: v.d.opts.Shingle, Seed: v.d.opts.Seed}
	v.qs = sh.AppendWordHashes(v.qs[:0], q.words)
	mask := uint64(len(v.set) - 1)
	inter := 0
	for _, h := range v.qs {
		for s := h & mask; v.set[s].used; s = (s + 1) & mask {
			if v.set[s].h == h {
				if v.set[s].gen != v.gen {
					v.set[s].gen = v.gen
					inter++
				}
				break
			}
		}
	}
	return inter
}

// verify compares the new document with the earlier document q.
func (v *verifier) verify(q *entry) (Match, cluster.Link, bool) {
	o := v.d.opts
	p := v.p
	var j, c float64
	if inter := v.overlap(q); inter > 0 {
		j = float64(inter) / float64(len(p.set)+q.nset-inter)
		c = float64(inter) / float64(len(p.set))
	}
	n := len(p.e.words)
	m := Match{ID: q.id, Jaccard: j, Containment: c, NearDuplicate: j >= o.Threshold}
	link := cluster.Link{Start: 0, End: n}
	if m.NearDuplicate {
		link.Words = int(j * float64(n))
	}
	if o.NearOnly {
		return m, link, m.NearDuplicate
	}
	for _, a := range v.al.Align(q.words) {
		if !m.NearDuplicate && (isChrome(a, n, len(q.words)) || v.isBoilerplate(a)) {
			continue
		}
		ps, pe := v.span(a.AStart, a.AEnd)
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
	return m, link, m.NearDuplicate || len(m.Passages) > 0
}

// span maps the new document's words [s, e) to a byte range of its Text.
func (v *verifier) span(s, e int) (int, int) {
	if !v.decoded {
		v.starts, v.ends = v.p.e.positions(v.starts[:0], v.ends[:0])
		v.decoded = true
	}
	return v.starts[s], max(v.starts[s], v.ends[e-1])
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
func (v *verifier) isBoilerplate(a cluster.Match) bool {
	if v.df == nil {
		return false
	}
	p, k := v.p, v.d.opts.Shingle
	indexed, frequent := 0, 0
	for i := a.AStart; i+k <= a.AEnd && i < len(p.shingles); i++ {
		if x, ok := slices.BinarySearch(p.fps, p.shingles[i]); ok {
			indexed++
			if int(v.df[x]) > v.maxDF {
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
	v := d.newVerifier(pb, nil, 0)
	defer v.release()
	m, _, _ := v.verify(pa.e)
	return m, len(pb.e.words)
}
