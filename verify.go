package dedupe

import (
	"math"
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
	d *Detector
	p *Prepared

	reworded bool // align reworded sentences too
	al       cluster.Aligner
	pos      []wordPos // p's word positions
	sa, sb   cluster.Sentences
	set      shingleSet // p's shingles
}

var verifierPool = sync.Pool{New: func() any { return new(verifier) }}

// newVerifier returns a verifier for p, which aligns reworded sentences
// too when reworded is set.
func (d *Detector) newVerifier(p *Prepared, reworded bool) *verifier {
	v := verifierPool.Get().(*verifier)
	v.d, v.p, v.reworded = d, p, reworded
	if !d.opts.NearOnly {
		v.al.Reset(p.e.words, d.opts.Align)
		if reworded {
			v.pos = p.e.positions(v.pos[:0])
			v.sa.ParseTerms(p.e.terms, p.e.breaks, func(i int) (int, int) { return int(v.pos[i].start), int(v.pos[i].end) })
		}
	}
	v.set.reset(shingle.Shingler{K: d.opts.Shingle, Seed: d.opts.Seed}, p.e.words, p.set)
	return v
}

// release returns v to verifierPool, dropping the buffers that grew for a
// document of more than maxPooled words: one huge document must not pin
// them for the rest of a run.
func (v *verifier) release() {
	v.d, v.p = nil, nil
	if v.al.Large() {
		v.al = cluster.Aligner{}
	}
	v.set.release(maxPooled)
	if cap(v.pos) > maxPooled {
		v.pos = nil
	}
	verifierPool.Put(v)
}

// overlap returns how many distinct shingles of q are in p's set, or
// false as soon as fewer than need can be.
func (v *verifier) overlap(q *entry, need int) (int, bool) {
	if len(v.p.set) == 0 {
		return 0, need <= 0
	}
	return v.set.overlap(q.words, need)
}

// nearNeed returns the fewest shingles that sets of n and m distinct
// shingles must share for their Jaccard similarity to reach t, as verify
// computes it; more than min(n, m) when no number does.
func nearNeed(n, m int, t float64) int {
	near := func(x int) bool {
		if x == 0 {
			return 0 >= t
		}
		return float64(x)/float64(n+m-x) >= t
	}
	x := max(0, min(min(n, m)+1, int(math.Ceil(t*float64(n+m)/(1+t)))))
	for x > 0 && near(x-1) {
		x--
	}
	for x <= min(n, m) && !near(x) {
		x++
	}
	return x
}

// A verified candidate is an earlier document with what the new document
// shares with it before the corpus rules (judge) have had their say.
type verified struct {
	id   uint32
	q    *entry
	m    Match           // Jaccard, containment, near-duplicate; no passages yet
	as   []cluster.Match // aligned passages, chrome removed
	qpos []wordPos       // q's word positions, decoded when needed (positions)
	// copies are the passages of as the copy aligner found as they are;
	// the others were found or extended by the sentence aligner.
	copies []cluster.Match
	// found are all the copy aligner found, chrome included; set only
	// when the sentence aligner ran.
	found []cluster.Match
	// The candidate as commit finished it, once done: reported when ok.
	res      Match
	link     cluster.Link
	ok, done bool
}

// positions returns q's word positions, decoded into a's arena on first
// use: most candidates' passages turn out to be boilerplate (judge) and
// never need them.
func (v *verified) positions(a *admission) []wordPos {
	if v.qpos == nil {
		v.qpos = a.decode(v.q)
	}
	return v.qpos
}

// reworded reports whether the passage x was found or extended by the
// sentence aligner rather than found as a copy, or as a part of one (as
// keepRare trims a copy to its rare words).
func (v *verified) reworded(x cluster.Match) bool {
	for _, c := range v.copies {
		if c.AStart <= x.AStart && x.AEnd <= c.AEnd && c.BStart <= x.BStart && x.BEnd <= c.BEnd {
			return false
		}
	}
	return true
}

// uncopied reports whether the sentence aligner ran and found all of the
// passage x: no copy, chrome or not, overlaps it on both sides.
func (v *verified) uncopied(x cluster.Match) bool {
	if v.found == nil {
		return false
	}
	for _, c := range v.found {
		if c.AStart < x.AEnd && x.AStart < c.AEnd && c.BStart < x.BEnd && x.BStart < c.BEnd {
			return false
		}
	}
	return true
}

// signs returns the template signs that apply to the passage x (see
// isTemplate). Reworded text skips names and figures anyway: of the signs,
// only differing figures apply to it, and to a passage with no copy in it
// only when they come every few words (rewording and translation change
// the form of a figure here and there). When the sentence aligner ran, a
// copy's skipped names and figures count as slots only when they are
// missing from the other side: the copy may be part of a reworded
// passage, which moves words.
func (v *verified) signs(x cluster.Match) templateSigns {
	s := templateSigns{slots: !v.reworded(x), absent: v.found != nil}
	if v.uncopied(x) {
		s.figureRate = figureRate
	}
	return s
}

// verify compares the new document with the earlier document q: exact
// Jaccard, then alignment of copies and of reworded sentences, with the
// rules that need no corpus (chrome at the edges). It reports false when q
// shares nothing with it. q's word positions, when needed, go in a's
// arena. Unless align is set, q is compared as a whole document only,
// unless it is a near-duplicate: a candidate that only the MinHash LSH
// proposed shares no passage the passage index saw.
func (v *verifier) verify(a *admission, q *entry, align bool) (verified, bool) {
	o := v.d.opts
	p := v.p
	// When only a near-duplicate would do, the count stops as soon as
	// too few shingles are left to make one.
	need := 0
	if o.NearOnly || !align {
		need = nearNeed(len(p.set), q.nset, o.Threshold)
	}
	inter, ok := v.overlap(q, need)
	if !ok {
		return verified{q: q, m: Match{ID: q.id}}, false
	}
	var j, c float64
	if inter > 0 {
		j = float64(inter) / float64(len(p.set)+q.nset-inter)
		c = float64(inter) / float64(len(p.set))
	}
	r := verified{q: q, m: Match{ID: q.id, Jaccard: j, Containment: c, NearDuplicate: j >= o.Threshold}}
	if o.NearOnly || !align && !r.m.NearDuplicate {
		return r, r.m.NearDuplicate
	}
	// Copies first, then passages reworded sentence by sentence, merged.
	copies := v.al.Align(q.words)
	if v.reworded {
		r.found = append(make([]cluster.Match, 0, len(copies)), copies...)
	}
	if !r.m.NearDuplicate {
		copies = dropChrome(copies, len(p.e.words), len(q.words), o.Align.MaxGap)
	}
	r.as, r.copies = copies, copies
	mark := -1 // a is touched only when reworded (see verifyAll)
	if v.reworded {
		mark = len(a.arena)
		r.qpos = a.decode(q)
		v.sb.ParseTerms(q.terms, q.breaks, func(i int) (int, int) { return int(r.qpos[i].start), int(r.qpos[i].end) })
		r.as = clipToCopies(cluster.AlignSentences(&v.sa, &v.sb, copies, o.Sentences), copies, len(p.e.words), len(q.words))
	}
	if v.reworded && !r.m.NearDuplicate { // the copies were judged above
		r.as = dropChrome(r.as, len(p.e.words), len(q.words), o.Align.MaxGap)
	}
	if len(r.as) == 0 && mark >= 0 {
		r.qpos = nil
		a.arena = a.arena[:mark]
	}
	return r, r.m.NearDuplicate || len(r.as) > 0
}

// clipToCopies undoes the extension of copies by reworded sentences
// where it reaches the start or the end of both documents (of n and m
// words): there it has glued site chrome, a headline or a byline onto the
// copy, whose word runs place the passage better. ms are the merged
// passages, copies the copy passages they were merged from.
func clipToCopies(ms, copies []cluster.Match, n, m int) []cluster.Match {
	for i := range ms {
		x := &ms[i]
		atStart := x.AStart <= edgeSlack && x.BStart <= edgeSlack
		atEnd := n-x.AEnd <= edgeSlack && m-x.BEnd <= edgeSlack
		if !atStart && !atEnd {
			continue
		}
		hull, ok := cluster.Match{}, false
		for _, c := range copies {
			if c.AStart >= x.AStart && c.AEnd <= x.AEnd && c.BStart >= x.BStart && c.BEnd <= x.BEnd {
				if !ok {
					hull, ok = c, true
				}
				hull.AStart, hull.AEnd = min(hull.AStart, c.AStart), max(hull.AEnd, c.AEnd)
				hull.BStart, hull.BEnd = min(hull.BStart, c.BStart), max(hull.BEnd, c.BEnd)
			}
		}
		if !ok {
			continue
		}
		if atStart {
			x.AStart, x.BStart = hull.AStart, hull.BStart
		}
		if atEnd {
			x.AEnd, x.BEnd = hull.AEnd, hull.BEnd
		}
		x.Words = min(x.Words, x.AEnd-x.AStart)
	}
	return ms
}

// finish applies the corpus rules to a verified candidate and maps its
// passages to bytes: the match, the link for clustering, and whether
// anything is left. Without a corpus (a.corpus false) it reads nothing of the
// Detector's state.
func (d *Detector) finish(a *admission, v *verified) (Match, cluster.Link, bool) {
	m := v.m
	n := len(a.p.e.words)
	link := cluster.Link{Doc: v.id, Start: 0, End: n}
	if m.NearDuplicate {
		link.Words = int(m.Jaccard * float64(n))
	}
	if len(v.as) == 0 {
		return m, link, m.NearDuplicate
	}
	if a.pos == nil {
		a.pos = a.decode(a.p.e)
	}
	as := v.as
	if !m.NearDuplicate {
		as = d.judge(a, v, as)
	}
	for _, x := range as {
		ps, pe := span(a.pos, x.AStart, x.AEnd)
		qs, qe := span(v.positions(a), x.BStart, x.BEnd)
		m.Passages = append(m.Passages, Passage{Start: ps, End: pe, OtherStart: qs, OtherEnd: qe, Words: x.Words})
		if !m.NearDuplicate {
			if link.Words == 0 {
				link.Start, link.End = x.AStart, x.AEnd
			} else {
				link.Start, link.End = min(link.Start, x.AStart), max(link.End, x.AEnd)
			}
			link.Words += x.Words
		}
	}
	return m, link, m.NearDuplicate || len(m.Passages) > 0
}

// finishInto finishes v as finish does and keeps the outcome in v.
func (d *Detector) finishInto(a *admission, v *verified) {
	v.res, v.link, v.ok = d.finish(a, v)
	v.done = true
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
	if d.err != nil {
		return Match{ID: a.ID}, 0
	}
	pa, pb := d.prepare(a, true), d.prepare(b, true)
	defer pa.release()
	ad := admissions.Get().(*admission)
	ad.p = pb
	defer ad.release()
	v := d.newVerifier(pb, true)
	defer v.release()
	words := len(pb.e.words)
	r, ok := v.verify(ad, pa.e, true)
	if !ok {
		return r.m, words
	}
	m, _, _ := d.finish(ad, &r)
	return m, words
}
