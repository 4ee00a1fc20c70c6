package dedupe

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/shingle"
)

// Verify, the third stage: with no lock held, the admitted document is
// compared with each candidate (exact Jaccard, alignment of copied and,
// with Options.Reworded, reworded passages) by the rules that need no
// corpus, site chrome at the edges among them (chrome.go). Entries do not
// change once added, so concurrent adds verify on all cores.

// verifyAll verifies the admitted document against its candidates, with
// no lock held: the entries it reads do not change once added. With split
// set, a document with many candidates has half of them verified on
// another goroutine, so that one Add uses two cores; AddAll's workers
// already do. A document with more whole-document candidates than it
// can have copies verified (maxCopies) is verified one candidate after
// another instead, as boundNear needs.
func (d *Detector) verifyAll(a *admission, split bool) {
	n := len(a.cands)
	if n == 0 {
		return
	}
	v := d.newVerifier(a.p, d.opts.Reworded)
	defer v.release()
	if a.wholeOnly() > maxCopies {
		d.boundNear(a, v)
		return
	}
	a.checked = n
	// verify leaves a alone unless it aligns reworded sentences.
	if split && n >= splitVerify && !d.opts.Reworded && runtime.GOMAXPROCS(0) > 1 {
		half := n / 2
		rs, oks := make([]verified, n), make([]bool, n)
		var wg sync.WaitGroup
		wg.Go(func() {
			w := d.newVerifier(a.p, false)
			defer w.release()
			for i := half; i < n; i++ {
				rs[i], oks[i] = w.verify(a, a.cands[i], a.from[i] != 0)
			}
		})
		for i := range half {
			rs[i], oks[i] = v.verify(a, a.cands[i], a.from[i] != 0)
		}
		wg.Wait()
		for i := range rs {
			if oks[i] {
				a.keep(rs[i], a.ids[i])
			}
		}
		return
	}
	for i, q := range a.cands {
		if r, ok := v.verify(a, q, a.from[i] != 0); ok {
			a.keep(r, a.ids[i])
		}
	}
}

// splitVerify is the fewest candidates for which verifyAll splits.
const splitVerify = 24

// keep records the verified candidate r, of ID id.
func (a *admission) keep(r verified, id uint32) {
	r.id = id
	a.found = append(a.found, r)
	if len(r.as) > 0 && a.pos == nil {
		a.pos = a.decode(a.p.e)
	}
	if len(r.as) > 0 && a.corpus && !r.m.NearDuplicate {
		a.fingerprintPositions() // for judge's keepRare, here rather than in the serial commit
	}
}

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
	// found are all the chains of runs the copy aligner found, chrome
	// included, but no group of fragments (splitGroups); set only when
	// the sentence aligner ran.
	found []cluster.Match
	// The candidate as commit finished it, once done: reported when ok.
	res      Match
	link     cluster.Link
	ok, done bool
	story    bool // judged with p's own story as one carrier (ownFirst)
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
		// The chains alone: a passage whose only copied text is a group
		// of fragments, runs kept between words of the paper's own, is
		// reworded text around them, and its figures are judged as
		// reworded text's (signs; TestNewsRewritten's Compare at 5da3212
		// linked 112 of the 126 rewritten copies with the groups in, 124
		// without).
		chains, _ := splitGroups(copies)
		r.found = append(make([]cluster.Match, 0, len(chains)), chains...)
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
		chains, groups := splitGroups(copies)
		merged := addClear(cluster.AlignSentences(&v.sa, &v.sb, chains, o.Sentences), groups)
		r.as = clipToCopies(merged, copies, len(p.e.words), len(q.words))
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

// splitGroups parts the copies ms into the chains of runs and the groups
// of fragments (Match.Fragments). The sentence aligner
// is given the chains alone: a summary keeps runs of its source far
// apart, which group, and the groups' share of a summary's side would
// take it for a copy, leaving its source's side unextended (PAN13
// summaries: PlagDet 0.552 -> 0.539 with groups given).
func splitGroups(ms []cluster.Match) (chains, groups []cluster.Match) {
	if !slices.ContainsFunc(ms, func(m cluster.Match) bool { return m.Fragments > 0 }) {
		return ms, nil
	}
	for _, m := range ms {
		if m.Fragments > 0 {
			groups = append(groups, m)
		} else {
			chains = append(chains, m)
		}
	}
	return chains, groups
}

// addClear returns ms, sorted by AStart, with the passages of extra that
// overlap none of ms on either side added.
func addClear(ms, extra []cluster.Match) []cluster.Match {
	if len(extra) == 0 {
		return ms
	}
	n := len(ms)
	for _, x := range extra {
		if !slices.ContainsFunc(ms[:n], x.Overlaps) {
			ms = append(ms, x)
		}
	}
	slices.SortFunc(ms, func(x, y cluster.Match) int { return cmp.Compare(x.AStart, y.AStart) })
	return ms
}
