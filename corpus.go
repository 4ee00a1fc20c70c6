package dedupe

import (
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
)

// Boilerplate: text that recurs in documents that do not reuse each other.
// It comes in three forms, each caught by its own rule:
//
//   - site chrome (headers, navigation, footers) sits at the same edge of
//     both documents, copied: isChrome;
//   - stock phrases, chrome and the fixed words of formulaic stories recur
//     in many documents outside the pair's cluster: text found there is
//     common, is masked, and a passage must stand on the rest (keepRare);
//   - formulaic stories written from one template (earnings, results,
//     forecasts) align on the template's words while their figures differ:
//     isTemplate.
//
// The first rule needs one pair, the last two documents of one template;
// the frequency rule needs a few documents carrying the text outside the
// pair, so it grows stronger as the corpus grows.

// commonOutside is how many documents outside a pair's cluster must carry
// a fingerprint for it to count as common.
const commonOutside = 2

// judge applies the corpus rules to the passages a verified pair shares:
// common text is masked (keepRare), and what is left must not be chrome at
// an edge or a template. It runs in the commit step, in order, so that the
// corpus it reads (postings, clusters) is exactly the documents added
// before. It leaves as alone, so that a pair can be judged again; the
// result is valid until a's next judge.
func (d *Detector) judge(a *admission, v *verified, as []cluster.Match) []cluster.Match {
	n, m := len(a.p.e.words), len(v.q.words)
	kept := a.judged[:0]
	for _, aligned := range as {
		x := aligned
		if a.corpus {
			var ok bool
			if x, ok = d.keepRare(a, v, aligned); !ok {
				continue
			}
		}
		// Trimming may cut chrome off an edge, so the passage is judged
		// both as aligned and as trimmed, each at the edges it reaches: a
		// copy that covered most of both documents up to an edge is not
		// chrome just because its rare part is short.
		// Site chrome is copied: a passage the sentence aligner found
		// with no copy in it is no chrome.
		if (isChrome(aligned, n, m) || isChrome(x, n, m)) && !v.uncopied(x) || template(a, v, x, v.signs(x)) || x != aligned && template(a, v, aligned, alignedSigns(v, x, aligned)) {
			continue
		}
		kept = append(kept, x)
	}
	a.judged = kept
	return kept
}

// alignedSigns are the template signs for a passage as aligned, before
// keepRare trimmed it to x: its figures, which cost little to compare,
// and, when keepRare left less than half of its words, the skipped slots
// too.
func alignedSigns(v *verified, x, aligned cluster.Match) templateSigns {
	if 2*x.Words < aligned.Words {
		return v.signs(aligned)
	}
	return templateSigns{}
}

// template reports whether passage x of the pair is two stories written
// from one template, by the signs s (isTemplate).
func template(a *admission, v *verified, x cluster.Match, s templateSigns) bool {
	return isTemplate(a.p.e.words, a.pos, v.q.words, v.positions(a), x, s)
}

// isChrome reports whether a passage is site chrome, which recurs at the
// edges of otherwise unrelated pages: at the start of both documents (of
// n and m words) while covering less than half of each, or at the end of
// both while covering less than half of either. A copy trimmed from the
// bottom shares the start of the original and may cover most of it; text
// that ends both documents but is not most of both is a footer.
func isChrome(a cluster.Match, n, m int) bool { return chromeAt(a, edges(a, n, m), n, m) }

// Edges of a document pair a passage can reach, as bits.
const (
	edgeStart = 1 << iota // the start of both documents
	edgeEnd               // the end of both
)

// edges returns the edges of both documents, of n and m words, that the
// passage reaches.
func edges(a cluster.Match, n, m int) int {
	e := 0
	if a.AStart <= edgeSlack && a.BStart <= edgeSlack {
		e |= edgeStart
	}
	if n-a.AEnd <= edgeSlack && m-a.BEnd <= edgeSlack {
		e |= edgeEnd
	}
	return e
}

// chromeAt is isChrome for a passage known to reach the edges e.
func chromeAt(a cluster.Match, e, n, m int) bool {
	la, lb := 2*(a.AEnd-a.AStart), 2*(a.BEnd-a.BStart)
	return e&edgeStart != 0 && la < n && lb < m || e&edgeEnd != 0 && (la < n || lb < m)
}

// dropChrome removes chrome that alignment cut into pieces: passages that
// follow each other in both documents across gaps of at most MaxGap words
// are judged together by isChrome.
func dropChrome(as []cluster.Match, n, m, gap int) []cluster.Match {
	if gap <= 0 {
		gap = 8 // the AlignOptions default
	}
	kept := as[:0]
	for i := 0; i < len(as); {
		g := as[i]
		j := i + 1
		for ; j < len(as); j++ {
			b := as[j]
			if b.AStart-g.AEnd > gap || b.BStart < g.BEnd || b.BStart-g.BEnd > gap {
				break
			}
			g.AEnd, g.BEnd = b.AEnd, b.BEnd
		}
		if j-i == 1 || !isChrome(g, n, m) {
			kept = append(kept, as[i:j]...)
		}
		i = j
	}
	return dropFrame(kept, n, m)
}

// dropFrame removes a header and a footer that frame different bodies: a
// passage at the start of both documents and another at their end, with at
// least a quarter of each document between them unaligned. Chrome of a
// short document may cover more than half of it; the frame gives it away.
// A copy with a paragraph replaced leaves a smaller gap.
func dropFrame(as []cluster.Match, n, m int) []cluster.Match {
	if len(as) < 2 {
		return as
	}
	s, e := as[0], as[len(as)-1]
	if s.AStart > edgeSlack || s.BStart > edgeSlack || n-e.AEnd > edgeSlack || m-e.BEnd > edgeSlack {
		return as
	}
	if 4*(e.AStart-s.AEnd) < n || 4*(e.BStart-s.BEnd) < m {
		return as
	}
	if 2*(s.AEnd-s.AStart) >= n || 2*(s.BEnd-s.BStart) >= m {
		return as // no header: most of a document
	}
	return as[1 : len(as)-1]
}

// keepRare masks the words of the new document inside the passage x that
// are covered by common fingerprints and aligns what is left with q. The
// passage survives if the rest alone still makes a passage; it is then
// trimmed to the extent of that rest.
func (d *Detector) keepRare(a *admission, v *verified, x cluster.Match) (cluster.Match, bool) {
	k, w := d.opts.Shingle, d.opts.Window
	p := a.p
	cq := d.strong.Cluster(v.id)
	// Long (see commonOutside): twice strongWords, longer than stock
	// phrases and than the template paragraphs of stories that recur
	// weekly, which at strongWords linked each week's story to earlier
	// ones on Reuters.
	long := x.Words >= 2*strongWords
	story := d.quotesOwn(a, v.id)
	var mask []bool
	lastCommon := -1 // position of the last common fingerprint
	fpAt := a.fingerprintPositions()
	first, _ := slices.BinarySearch(fpAt, int32(x.AStart))
	d.mu.RLock() // commonOutside reads the passage index
	for _, i32 := range fpAt[first:] {
		i := int(i32)
		if i+k > x.AEnd {
			break
		}
		h := p.shingleHash(i)
		if !d.commonOutside(a, h, v.id, cq, long, story) {
			lastCommon = -1
			continue
		}
		if mask == nil {
			mask = make([]bool, x.AEnd-x.AStart)
		}
		from := i
		if lastCommon >= 0 && i-lastCommon <= w {
			from = lastCommon
		}
		for j := from; j < i+k; j++ {
			mask[j-x.AStart] = true
		}
		lastCommon = i
	}
	d.mu.RUnlock()
	if mask == nil {
		return x, true
	}
	bs := v.q.words[x.BStart:x.BEnd]
	rest := cluster.AlignMasked(p.e.words[x.AStart:x.AEnd], mask, bs, d.opts.Align)
	if len(rest) == 0 {
		return x, false
	}
	t := cluster.Match{AStart: rest[0].AStart, AEnd: rest[0].AEnd, BStart: rest[0].BStart, BEnd: rest[0].BEnd}
	for _, r := range rest[1:] {
		t.AStart, t.AEnd = min(t.AStart, r.AStart), max(t.AEnd, r.AEnd)
		t.BStart, t.BEnd = min(t.BStart, r.BStart), max(t.BEnd, r.BEnd)
	}
	for _, r := range cluster.Align(p.e.words[x.AStart+t.AStart:x.AStart+t.AEnd], bs[t.BStart:t.BEnd], d.opts.Align) {
		t.Words += r.Words
	}
	t.AStart, t.AEnd = x.AStart+t.AStart, x.AStart+t.AEnd
	t.BStart, t.BEnd = x.BStart+t.BStart, x.BStart+t.BEnd
	return t, t.Words > 0
}

// fingerprintPositions returns, in increasing order, the positions of the
// new document's shingles that are passage fingerprints, found once per
// admission.
func (a *admission) fingerprintPositions() []int32 {
	if a.fpSet {
		return a.fpAt
	}
	p := a.p
	a.fpAt, a.fpSet = a.fpAt[:0], true
	hs := p.shingles
	var buf *[]uint64
	if hs == nil && len(p.e.words) > 0 { // a huge document: hashed again, as Prepare did
		buf = hashBufs.Get().(*[]uint64)
		hs = p.sh.AppendWordHashes((*buf)[:0], p.e.words)
	}
	for i, h := range hs {
		if _, fp := slices.BinarySearch(p.fps, h); fp {
			a.fpAt = append(a.fpAt, int32(i))
		}
	}
	if buf != nil {
		*buf = clip(hs, maxPooled)
		hashBufs.Put(buf)
	}
	return a.fpAt
}

// hashBufs holds fingerprintPositions' buffers of shingle hashes.
var hashBufs = sync.Pool{New: func() any { return new([]uint64) }}

// shingleHash returns the hash of the shingle at word i, of a document of
// at least K words.
func (p *Prepared) shingleHash(i int) uint64 {
	if p.shingles != nil {
		return p.shingles[i]
	}
	var buf [1]uint64
	return p.sh.AppendWordHashes(buf[:0], p.e.words[i:i+p.sh.K])[0]
}

// commonOutside reports whether at least commonOutside documents added
// before a's document p, other than q and outside q's cluster cq, carry the
// fingerprint h.
//
// With story set (q quotes p's own story, quotesOwn), the documents of
// p's own story count as one carrier: those p copies at length and their
// partial copies (ownStory). A paragraph that q quoted from the story is
// carried by every copy of the story, and the next copy must still link
// to the quote, as the earlier ones did (generated 100 MB corpus:
// embedded paragraphs found 0.718 -> 0.769, recall 0.910 -> 0.925; 1 GB
// 0.859 -> 0.868; precision unchanged), while a line that recurs in other
// stories too, such as a wire service's copyright line, stays common.
// Counted as no carrier (with their clusters), for any q, they linked
// such lines and stock phrases early in a stream, before these had
// recurred in two other stories: the news tests' false links rose from 45
// to 56 (as one carrier for any q, to 54; as now, 48).
//
// With long set, documents attached to q or its cluster by a short link
// count as inside: a story's partial copies (a quoted paragraph, a trim)
// link by short passages, and two of them must not make the story's text
// common to its next full copy (which failed, and then every later copy,
// as the corpus grew: generated 1 GB recall 0.830 -> 0.859). A short
// passage, such as a stock phrase, gets no such allowance, or every
// recurrence of the phrase would link to the first.
//
// Of a fingerprint carried by more than maxCarriers documents before p,
// the most recent maxCarriers are read: a story's thousandth copy must not
// read the thousand before it. The count does not depend on the order the
// carriers are read in, so the bound changes an answer only when none of
// the most recent maxCarriers is outside q's cluster.
//
// The caller holds d.gmu and d.mu for reading.
func (d *Detector) commonOutside(a *admission, h uint64, q uint32, cq int, long, story bool) bool {
	n, own := 0, false
	ps := d.passage.Postings(h) // in increasing order
	end, _ := slices.BinarySearch(ps, a.id)
	for i := end - 1; i >= max(0, end-maxCarriers); i-- {
		r := ps[i]
		if r == q || cq != 0 && d.strong.Cluster(r) == cq || long && d.attached(r, q, cq) {
			continue
		}
		if story && d.ownStory(a, r) {
			if own {
				continue
			}
			own = true
		}
		if n++; n >= commonOutside {
			return true
		}
	}
	return false
}

// quotesOwn reports whether document q has a short link to one of the
// documents a's document copies at length: q quotes (or is a partial copy
// of) a's own story.
func (d *Detector) quotesOwn(a *admission, q uint32) bool {
	for _, s := range recent(d.weak.Get(uint64(q))) {
		if slices.Contains(a.own, s) {
			return true
		}
	}
	return false
}

// ownStory reports whether document r is of a's own story: one that a's
// document copies at length (a.own), or one with a short link to one of
// those (a trim, a quoted paragraph).
func (d *Detector) ownStory(a *admission, r uint32) bool {
	return slices.Contains(a.own, r) || d.quotesOwn(a, r)
}

// ownFirst finishes (judges) first the candidates that a's document p
// copies at length, near-duplicates and passages of strongWords or more
// outside chrome as aligned, and notes in a.own those still linked at
// length once judged: p's own story, for commonOutside to count once when
// the other candidates are judged. The first ones are judged without it;
// those of them left unlinked or linked short that quote the story
// (quotesOwn) are judged again with it, so that a passage is not judged
// by a stricter rule for being long.
func (d *Detector) ownFirst(a *admission) {
	a.own = a.own[:0]
	for i := range a.found {
		v := &a.found[i]
		if v.m.NearDuplicate || bodyWords(v.as, len(a.p.e.words), len(v.q.words)) >= strongWords {
			d.finishInto(a, v)
		}
	}
	for i := range a.found {
		if v := &a.found[i]; v.done && v.ok && v.link.Words >= strongWords {
			a.own = append(a.own, v.id)
		}
	}
	if len(a.own) == 0 {
		return
	}
	for i := range a.found {
		v := &a.found[i]
		if v.done && !slices.Contains(a.own, v.id) && d.quotesOwn(a, v.id) {
			d.finishInto(a, v)
		}
	}
}

// bodyWords returns the words of the passages as, of documents of n and
// m words, that are not chrome (isChrome) as aligned.
func bodyWords(as []cluster.Match, n, m int) int {
	w := 0
	for _, x := range as {
		if !isChrome(x, n, m) {
			w += x.Words
		}
	}
	return w
}

// isTemplate reports whether a passage is two stories written from one
// template: the template's words align, while the slots between them,
// figures and names, differ on the two sides. A copy keeps its figures and
// names, even an edited one, which may correct one or two. Two signs, each
// enough: most figures the two sides have differ; or the words of p the
// alignment skips that are figures or capitalized come every few matched
// words. pw and qw are the two documents' word codes, ppos and qpos their
// word positions (with each word's class); s tunes the signs.
func isTemplate(pw []uint16, ppos []wordPos, qw []uint16, qpos []wordPos, x cluster.Match, s templateSigns) bool {
	xs := numbers(pw, ppos, x.AStart, x.AEnd)
	ys := numbers(qw, qpos, x.BStart, x.BEnd)
	shared := 0
	for i, j := 0, 0; i < len(xs) && j < len(ys); {
		switch {
		case xs[i] < ys[j]:
			i++
		case xs[i] > ys[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	words := min(x.AEnd-x.AStart, x.BEnd-x.BStart)
	if differ := min(len(xs), len(ys)) - shared; differ >= minTemplateSlots && differ > shared && float64(differ) >= s.figureRate*float64(words) {
		return true
	}
	if !s.slots {
		return false
	}
	n := skippedSlots(pw, ppos, qw, x, s.absent)
	return n >= minTemplateSlots && float64(n) >= slotRate*float64(x.Words)
}

// templateSigns tunes isTemplate for one passage. The zero templateSigns
// tests differing figures alone, at any rate.
type templateSigns struct {
	// slots enables the second sign, which holds only for copies: a
	// reworded passage skips words anyway.
	slots bool
	// absent counts as slots only the skipped words missing from q's
	// side of the passage: a name or figure moved, as reworded text
	// moves words, is no slot.
	absent bool
	// figureRate > 0 makes the first sign also need differing figures at
	// that rate of the words of the shorter side.
	figureRate float64
}

// figureRate is the share of the words of a passage found by the sentence
// aligner alone that differing figures reach in a template: slots come
// every few words, while rewording or translating a passage changes the
// form of a figure here and there. (Of the passages found by the
// sentence aligner alone whose figures mostly differ, 20 of 35 in the
// PAN13 training corpus, all reused, have fewer than one in 25 words; 3
// of 111 in the news tests' template stories with Options.Reworded.)
const figureRate = 0.04

// slotRate is the share of a passage's matched words that differing slots
// reach in a template.
const slotRate = 0.15

// skippedSlots counts the words of p in the passage x that no 3-word run
// of q's side of the passage contains and that start with a digit or a
// capital letter; with absent set, only those that q's side lacks
// altogether. Cost: O(n) in the words of x, with pooled buffers (a hash
// set of q's 3-word runs, a bit set of its words).
func skippedSlots(pw []uint16, ppos []wordPos, qw []uint16, x cluster.Match, absent bool) int {
	const k = 3
	b := slotBufs.Get().(*slotBuf)
	defer slotBufs.Put(b)
	grams := hashSets.Get().(*hashSet)
	defer grams.put()
	grams.reset(x.BEnd - x.BStart)
	for j := x.BStart; j+k <= x.BEnd; j++ {
		grams.add(gram(qw[j : j+k]))
	}
	if absent {
		for _, w := range qw[x.BStart:x.BEnd] {
			b.words[w>>6] |= 1 << (w & 63)
		}
		defer func() {
			for _, w := range qw[x.BStart:x.BEnd] {
				b.words[w>>6] = 0
			}
		}()
	}
	n := 0
	covered := x.AStart // words before it are in a matched run
	for i := x.AStart; i < x.AEnd; i++ {
		if i+k <= x.AEnd && grams.has(gram(pw[i:i+k])) {
			covered = i + k
		}
		if i < covered || ppos[i].class == classOther {
			continue
		}
		if absent && b.words[pw[i]>>6]&(1<<(pw[i]&63)) != 0 {
			continue
		}
		n++
	}
	return n
}

// A slotBuf holds a bit per word code for skippedSlots, all 0 between
// uses; pooled in slotBufs.
type slotBuf struct {
	words [1 << 16 / 64]uint64
}

var slotBufs = sync.Pool{New: func() any { return new(slotBuf) }}

// gram hashes a few word codes into one.
func gram(ws []uint16) uint64 {
	h := uint64(len(ws))
	for _, t := range ws {
		h = (h ^ uint64(t)) * 0x9E3779B97F4A7C15
		h ^= h >> 29
	}
	return h
}

// minTemplateSlots is how many differing figures make a template.
const minTemplateSlots = 2

// numbers returns the sorted codes of the words [s, e) that start with a
// digit.
func numbers(ws []uint16, pos []wordPos, s, e int) []uint16 {
	var out []uint16
	for i := s; i < e; i++ {
		if pos[i].class == classDigit {
			out = append(out, ws[i])
		}
	}
	slices.Sort(out)
	return out
}

// strongWords is how many matched words make a link strong: longer than
// the stock phrases and template sentences that may still link early in a
// stream, before their frequency shows.
const strongWords = 50

// maxCarriers bounds the documents the corpus rules read of a fingerprint's
// carriers, and of a document's short links (recent), the most recent
// first: a text carried by thousands of documents costs a judgment no more
// than one carried by maxCarriers. It is far above the few carriers the
// rules look for (commonOutside), so that the bound decides nothing on
// the evaluation corpora (Reuters-21578 and the generated 100 MB corpus:
// outputs identical).
const maxCarriers = 1024

// recent returns the last maxCarriers of ids, a list kept in the order
// added.
func recent(ids []uint32) []uint32 { return ids[max(0, len(ids)-maxCarriers):] }

// noteLinks records the links of the new document id in d.strong, the
// clusters that decide which documents are a pair's own: those linked to
// it by long passages. Short links are left out so that a stock phrase
// that links two documents early cannot make its later occurrences look
// like copies; they are kept in d.weak, both ways, for commonOutside's
// long passages.
func (d *Detector) noteLinks(id uint32, links []cluster.Link) {
	var strong []cluster.Link
	for _, l := range links {
		if l.Words >= strongWords {
			strong = append(strong, l)
		} else {
			d.weak.Add(uint64(id), l.Doc, false)
			d.weak.Add(uint64(l.Doc), id, false)
		}
	}
	d.strong.Add(id, strong)
}

// attached reports whether document r has a short link to q or to a
// member of q's cluster cq.
func (d *Detector) attached(r, q uint32, cq int) bool {
	for _, s := range recent(d.weak.Get(uint64(r))) {
		if s == q || cq != 0 && d.strong.Cluster(s) == cq {
			return true
		}
	}
	return false
}
