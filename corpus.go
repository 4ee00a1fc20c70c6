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
//     both documents, copied: isChrome (chrome.go), at verify time;
//   - stock phrases, chrome and the fixed words of formulaic stories recur
//     in many documents outside the pair's cluster: text found there is
//     common, is masked, and a passage must stand on the rest (keepRare);
//   - formulaic stories written from one template (earnings, results,
//     forecasts) align on the template's words while their figures differ:
//     isTemplate (template.go).
//
// The first rule needs one pair, the last two documents of one template;
// the frequency rule needs a few documents carrying the text outside the
// pair, so it grows stronger as the corpus grows.

// commonOutside is how many documents outside a pair's cluster must carry
// a fingerprint for it to count as common.
const commonOutside = 2

// commonWindow is how many of the documents added last the stream reads
// for a fingerprint's carriers (commonOutside): text is common by how
// often it recurs in the news of the moment, not over all time. Counted
// over the whole stream, the same two carriers make ever more of a
// story's phrases common as unrelated news arrives (5-word phrases recur
// by chance in unrelated stories), and recall falls with the collection's
// size; the stock phrases, chain footers and templates the rule is for
// recur often enough to be seen twice in commonWindow documents (false
// pairs below). Settle reads as many around a pair (around). The
// generated corpora, with each document counted as a carrier of its own
// (cd bench && go run . -sizes 100MB,1GB; pairs sharing wire text found
// at 100 MB and 1 GB, false pairs): over the whole stream, and Settle
// over the whole collection, 0.9535 and 0.9357, 2 and 9; at 20,000
// documents, 0.9565 and 0.9586, 7 and 133; at 10,000 and 30,000, 0.9597
// and 0.9544 at 100 MB, 11 and 2 false. Reuters-21578 (21,578 documents),
// likewise: 1,061 passage pairs over all of it, 1,065 at 20,000 and 1,133
// at 10,000, the 68 more most of them notices of one form a few weeks
// apart (oil price postings, central bank tenders, eurobond terms).
const commonWindow = 20000

// judge applies the corpus rules to the passages a verified pair shares:
// common text is masked (keepRare), and what is left must not be chrome at
// an edge or a template. It runs in the commit step, in order, so that the
// corpus it reads (postings, clusters) is exactly the documents added
// before. It leaves as alone, so that a pair can be judged again; the
// result is valid until a's next judge. atEdge reports whether every
// passage kept was aligned in the place of site chrome (isChrome), kept
// as reuse next to chrome.
func (d *Detector) judge(a *admission, v *verified, as []cluster.Match) (kept []cluster.Match, atEdge bool) {
	n, m := len(a.p.e.words), len(v.q.words)
	kept, atEdge = a.judged[:0], true
	for i, aligned := range as {
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
		// chrome just because its rare part is short. A rare part of
		// strongWords or more is reuse next to chrome, not chrome, whatever
		// share of the documents the aligned passage covers: that share
		// moves with text far from the passage (a wire paragraph before
		// a shared footer, found or not as a header line was added to
		// every document; TestLayoutInvariance).
		// Site chrome is copied: a passage the sentence aligner found
		// with no copy in it is no chrome.
		if (isChrome(aligned, n, m) && x.Words < strongWords && !endsInChrome(a, v, aligned, x) || isChrome(x, n, m)) && !v.uncopied(x) || d.template(a, v, x, v.signs(x)) || x.Words < strongWords && endsAtSlot(a.p.e.words, a.pos, v.q.words, v.positions(a), x) || x != aligned && d.template(a, v, aligned, alignedSigns(v, x, aligned)) {
			continue
		}
		kept = append(kept, widen(x, aligned, i == len(as)-1, n, m))
		atEdge = atEdge && isChrome(aligned, n, m)
	}
	a.judged = kept
	return kept, atEdge
}

// widen returns the passage x, which keepRare trimmed of common text to
// its rare part, widened back to its end as aligned when the aligned
// passage is the pair's last and reaches the end of neither document (of n
// and m words): the common text there is a stock sentence that ends the
// copied text (a source "could not immediately be reached for comment").
// Chrome sits at the end, and where a footer's lines differ by outlet,
// more of it aligns after. The passage is judged as trimmed, and reported
// as the copy it is part of. (Widening the start too, as far as the
// aligned passage's, took in shared bylines and datelines: news tests'
// reprints located within 5 words 0.579 -> 0.513.)
func widen(x, aligned cluster.Match, last bool, n, m int) cluster.Match {
	if !last || x.AEnd >= aligned.AEnd || n-aligned.AEnd <= edgeSlack || m-aligned.BEnd <= edgeSlack {
		return x
	}
	w := x
	w.AEnd, w.BEnd = aligned.AEnd, aligned.BEnd
	w.Words = min(aligned.Words-(x.AStart-aligned.AStart), x.Words+w.AEnd-x.AEnd)
	return w
}

// keepRare masks the words of the new document inside the passage x that
// are covered by common fingerprints and aligns what is left with q. The
// passage survives if the rest alone still makes a passage; it is then
// trimmed to the extent of that rest.
//
// Where the two texts differ inside a short chain of runs (an OCR'd or
// reworded copy), the new document's fingerprints there are its own
// misspellings and substitutions, which no other document carries, while
// q's are of the common text as it is usually written: q's words are
// masked too, where q's fingerprints that the new document's passage does
// not share are common (commonMaskOf). (TestNewsMessy, pooled: a reworded
// copy of one story, whose version of the stock sentence "An official
// familiar with the proposal, who spoke on condition of anonymity ..."
// had two words replaced, linked to 13 stories carrying it; precision
// 0.9899 -> 0.9937, mean ARI 0.935 -> 0.957, recall 0.967 -> 0.966. The
// generated 100 MB corpus: false pairs 12 -> 5, recall 0.9502 unchanged.)
// A group of fragments is left to the new document's fingerprints: its
// runs are exact, and q's text around them is q's own, which q's other
// partial copies carry (TestNewsRewritten's corpora at newsSeeds: 15 of
// 1,008 rewritten copies lost). So is a long passage, whose rest outlasts
// a stock sentence.
func (d *Detector) keepRare(a *admission, v *verified, x cluster.Match) (cluster.Match, bool) {
	k, w := d.opts.Shingle, d.opts.Window
	p := a.p
	cq := d.strong.Cluster(v.id)
	// Long (see commonOutside): twice strongWords, longer than stock
	// phrases and than the template paragraphs of stories that recur
	// weekly, which at strongWords linked each week's story to earlier
	// ones on Reuters.
	long := x.Words >= 2*strongWords
	story := v.story || d.quotesOwn(a, v.id)
	var mask []bool
	last := -1 // position of the last common fingerprint
	fpAt := a.fingerprintPositions()
	first, _ := slices.BinarySearch(fpAt, int32(x.AStart))
	as, bs := p.e.words[x.AStart:x.AEnd], v.q.words[x.BStart:x.BEnd]
	d.mu.RLock() // commonOutside reads the passage index
	for _, i32 := range fpAt[first:] {
		i := int(i32)
		if i+k > x.AEnd {
			break
		}
		if !d.common(a, p.shingleHash(i), v.id, cq, long, story) {
			last = -1
			continue
		}
		mask, last = cover(mask, len(as), i-x.AStart, last, k, w), i-x.AStart
	}
	// q's side can only mask more, and is masked only where the new
	// document's side leaves a passage: where it does not, only a run of
	// the same words can keep one (rareRun), and inside such a run q's
	// fingerprints are the new document's, which q's side does not mask.
	var bmask []bool
	if x.Fragments == 0 && x.Words < strongWords && !slices.Equal(as, bs) && cluster.LeavesPassage(mask, d.opts.Align) {
		bmask = d.commonMaskOf(a, x.AStart, as, bs, v.id, cq, long, story)
	}
	d.mu.RUnlock()
	if mask == nil && bmask == nil {
		return x, true
	}
	// What is left of a passage of one chain of runs must be chains too:
	// the words between common fingerprints that masking leaves, such as
	// bits of a footer's lines, would otherwise make a group of fragments.
	// (With them, a trim and a local story of one outlet linked by their
	// footer in the news tests, seed 4: TestLayoutInvariance.) A group
	// may leave a group.
	align := cluster.AlignMaskedChains
	if x.Fragments > 0 {
		align = cluster.AlignMasked
	}
	rest := align(as, mask, bs, bmask, d.opts.Align)
	if len(rest) == 0 {
		if a.common == nil && x.Words < strongWords { // see unmaskLone
			mask, bmask = unmaskLone(mask, &a.lone, k), unmaskLone(bmask, &a.blone, k)
		}
		r, ok := a.rareRun(as, bs, mask, bmask, d.opts.Align.MinPassage())
		r.AStart, r.AEnd = x.AStart+r.AStart, x.AStart+r.AEnd
		r.BStart, r.BEnd = x.BStart+r.BStart, x.BStart+r.BEnd
		return r, ok
	}
	t := cluster.Match{AStart: rest[0].AStart, AEnd: rest[0].AEnd, BStart: rest[0].BStart, BEnd: rest[0].BEnd, Fragments: rest[0].Fragments}
	for _, r := range rest[1:] {
		t.AStart, t.AEnd = min(t.AStart, r.AStart), max(t.AEnd, r.AEnd)
		t.BStart, t.BEnd = min(t.BStart, r.BStart), max(t.BEnd, r.BEnd)
		if r.Fragments == 0 { // a chain of runs in the span: no group
			t.Fragments = 0
		}
	}
	for _, r := range align(as[t.AStart:t.AEnd], nil, bs[t.BStart:t.BEnd], nil, d.opts.Align) {
		t.Words += r.Words
	}
	t.AStart, t.AEnd = x.AStart+t.AStart, x.AStart+t.AEnd
	t.BStart, t.BEnd = x.BStart+t.BStart, x.BStart+t.BEnd
	return t, t.Words > 0
}

// rareRun returns the run of the same words in the passage a of the new
// document and b of the other that holds the most words no mask covers
// (rare), as a passage over a and b, and whether those are at least min.
// Masking breaks such a copy into pieces that are each too short to be a
// passage, where a wire paragraph holds a stock phrase (an official "who
// spoke on condition of anonymity because they were not authorized to
// discuss the matter publicly"); yet its rare words come in the same order
// on both sides, with the same common words between them, and they are as
// many as a passage needs. The run need not be all of the passage: a
// paragraph that a local story quotes is aligned with the credit line or
// footer the two documents share after it, which differ word by word.
// (Generated 100 MB corpus, cd bench && go run . -sizes 100MB, with each
// document counted as a carrier of its own: pairs sharing wire text found
// 0.9542 where the run must be the whole passage, 0.9565 with runs, 7 of
// 84,389 pairs false either way; Reuters-21578 gains
// 4 pairs, one quotation of Japan's finance minister carried by four
// stories. At 16 rare words, 0.9656, but TestNewsMessy's precision falls
// from 0.9972 to 0.9947 and the news tests' false links from 9 and 48 to
// 13 and 101: the stock sentence of anonymous officials, with a topic
// ("An official familiar with the proposal, who spoke ..."), linking
// stories before it recurs.)
//
// Cost: O(n log n) for the n words of both sides, and at most
// maxRunSteps·n comparisons for the runs, a bound reached only by
// passages of a few words repeated; past it, the longest run found so far
// is the answer.
func (a *admission) rareRun(as, bs []uint16, mask, bmask []bool, min int) (cluster.Match, bool) {
	if left, _ := cluster.Unmasked(mask); mask != nil && left < min {
		return cluster.Match{}, false
	}
	if left, _ := cluster.Unmasked(bmask); bmask != nil && left < min {
		return cluster.Match{}, false
	}
	// q's words by word, then place: each a word above its place.
	a.byWord = a.byWord[:0]
	for j, w := range bs {
		a.byWord = append(a.byWord, uint64(w)<<32|uint64(j))
	}
	byWord := a.byWord
	slices.Sort(byWord)
	var best cluster.Match
	most, steps := 0, maxRunSteps*(len(as)+len(bs))
	for i, w := range as {
		k, _ := slices.BinarySearch(byWord, uint64(w)<<32)
		for ; k < len(byWord) && byWord[k]>>32 == uint64(w) && steps > 0; k++ {
			j := int(uint32(byWord[k]))
			if i > 0 && j > 0 && as[i-1] == bs[j-1] {
				continue // inside a run that starts before
			}
			n, r := 0, 0
			for ; i+n < len(as) && j+n < len(bs) && as[i+n] == bs[j+n]; n++ {
				if (mask == nil || !mask[i+n]) && (bmask == nil || !bmask[j+n]) {
					r++
				}
			}
			steps -= n + 1
			if r > most {
				most = r
				best = cluster.Match{AStart: i, AEnd: i + n, BStart: j, BEnd: j + n, Words: n}
			}
		}
	}
	return best, most >= min
}

// unmaskLone returns mask, in *buf, with its lone common phrases
// unmasked: each stretch of at most k masked words (one common shingle)
// with no other masked word within k words of it. nil for a nil mask.
//
// Inside a run of the same words (rareRun), one 5-word phrase that two
// other documents of the window carry is a name ("the International
// Committee of the Red Cross", "the Bureau of Labor Statistics") or an
// everyday phrase ("the measure is likely to"), not boilerplate: a stock
// sentence or a footer is masked at more than one shingle, or at one
// shingle next to another. In a wire paragraph of 20 to 30 words that a
// local story quotes, such a phrase left fewer words than a passage needs
// (TestLonePhraseInQuote). keepRare applies it in the stream only, and to
// passages shorter than strongWords. Settle masks what ten unrelated
// documents around a pair carry (settleCommon), and a phrase that common
// is stock text whatever its length: the stock sentence of anonymous
// officials ("An official familiar with the plan, who spoke on condition
// of anonymity because they were not authorized to discuss the matter
// publicly, said") has its fixed part masked at one shingle where few
// documents carry it, and with Settle unmasking lone phrases too,
// TestNewsMessy's precision fell from 0.9972 to 0.9956 and the news
// tests' false links in mixed corpora rose from 49 to 68. A longer
// passage that masking leaves with too few words is mostly common text:
// with it, two earnings stories of one outlet linked by the template's
// last lines and the outlet's footer. (As it is: the generated corpora,
// cd bench && go run . -sizes 100MB,1GB, 0.9611 -> 0.9635 and 0.9628 ->
// 0.9652, false pairs 8 -> 8 and 140 -> 166, the 26 more local stories
// sharing two stock sentences whose fixed words the winnowing sampled
// once ("could not immediately be reached for comment. The dog park is
// the first of its kind in the county since"); TestNewsMessy's mean ARI
// 0.963 -> 0.964, precision 0.9972 either way; the news tests' false
// links unchanged; Reuters-21578 16 passage pairs more, most of them a
// background paragraph that a story's updates repeat or one report
// carried twice, five of them notices of one form.) Cost: O(n) for a
// mask of n words.
func unmaskLone(mask []bool, buf *[]bool, k int) []bool {
	if mask == nil {
		return nil
	}
	out := append((*buf)[:0], mask...)
	*buf = out
	prevEnd := -k - 1 // the end of the masked stretch before
	for i := 0; i < len(mask); {
		if !mask[i] {
			i++
			continue
		}
		j := i // the stretch is [i, j)
		for j < len(mask) && mask[j] {
			j++
		}
		next := j // the start of the next stretch, or len(mask)
		for next < len(mask) && !mask[next] {
			next++
		}
		if j-i <= k && i-prevEnd > k && (next == len(mask) || next-j > k) {
			clear(out[i:j])
		}
		prevEnd, i = j, next
	}
	return out
}

// maxRunSteps bounds rareRun's comparisons, per word of the passage.
const maxRunSteps = 64

// commonMaskOf returns the mask of q's words bs, aligned in a passage
// with the new document's words as (from its word at), that are covered
// by common fingerprints of q's that as does not have, or nil if none is:
// the fingerprints q's passage would have as a document of its own
// (cluster.Winnow), judged by d.common with keepRare's arguments. The
// caller holds d.mu for reading. Settle and a Batch's caller count the
// later document's fingerprints only (settleCommon, Check.Fingerprints):
// under them q's side masks nothing, and a pair is judged as by the new
// document's fingerprints alone.
func (d *Detector) commonMaskOf(a *admission, at int, as, bs []uint16, q uint32, cq int, long, story bool) []bool {
	k, w := d.opts.Shingle, d.opts.Window
	if len(bs) < k {
		return nil
	}
	sh := a.p.sh
	if hs := a.p.shingles; hs != nil && len(as) >= k {
		a.ahs = append(a.ahs[:0], hs[at:at+len(as)-k+1]...)
	} else {
		a.ahs = sh.AppendWordHashes(a.ahs[:0], as)
	}
	slices.Sort(a.ahs)
	a.bhs = sh.AppendWordHashes(a.bhs[:0], bs)
	a.bat = cluster.WinnowAt(a.bat[:0], a.bhs, w)
	var mask []bool
	last := -1
	for _, i32 := range a.bat {
		i := int(i32)
		h := a.bhs[i]
		if _, shared := slices.BinarySearch(a.ahs, h); shared || !d.common(a, h, q, cq, long, story) {
			last = -1
			continue
		}
		mask, last = cover(mask, len(bs), i, last, k, w), i
	}
	return mask
}

// cover marks in mask, made of n words on first use, the k words of the
// common shingle at i, and the words back to the last common one (-1 if
// none) when it is at most w shingles before: text between two common
// fingerprints of one window is common too. It returns the mask.
func cover(mask []bool, n, i, last, k, w int) []bool {
	if mask == nil {
		mask = make([]bool, n)
	}
	from := i
	if last >= 0 && i-last <= w {
		from = last
	}
	for j := from; j < i+k; j++ {
		mask[j] = true
	}
	return mask
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

// commonOutside reports whether at least commonOutside documents among the
// commonWindow added before a's document p, other than q and outside q's
// cluster cq, carry the fingerprint h.
//
// With story set (q quotes p's own story, quotesOwn), the documents of
// p's own story count as one carrier: those p copies at length, the
// documents of their clusters, and their partial copies (ownStory). A
// paragraph that q quoted from the story is carried by every copy of the
// story, and the next copy must still link to the quote, as the earlier
// ones did (generated 100 MB corpus: embedded paragraphs found 0.718 ->
// 0.769, recall 0.910 -> 0.925; 1 GB 0.859 -> 0.868; precision
// unchanged), while a line that recurs in other stories too, such as a
// wire service's copyright line, stays common.
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
// The documents of one cluster count as one carrier: a story's copies
// carry its text, and a paragraph that a local story quoted, and that
// failed to link there, would otherwise be common to every later quote
// of it, carried by the story's cluster and by the first quote
// (TestStoryIsOneCarrier). Counted document by document: TestNewsMessy's
// pairs found 0.976 against 0.978, single embedded paragraphs 0.952
// against 1.000, precision 0.9972 either way; the news tests' false
// links 9 and 48 against 9 and 49; the generated corpora (cd bench && go
// run . -sizes 100MB,1GB) 0.9565 and 0.9586 against 0.9611 and 0.9628, 7
// and 133 false pairs against 8 and 140; Reuters-21578 28 passage pairs
// fewer, background paragraphs that a story's updates repeat. Settle
// counts document by document (settleCommon): its rule is for stock
// sentences, which a story's copies all carry, and counted by cluster
// there TestNewsMessy's precision fell to 0.9926 and mean ARI from 0.963
// to 0.954.
//
// Of a fingerprint carried by more than maxCarriers documents before p,
// the most recent maxCarriers are read: a story's thousandth copy must not
// read the thousand before it. The count does not depend on the order the
// carriers are read in, so the bound changes an answer only when none of
// the most recent maxCarriers is outside q's cluster.
//
// The caller holds d.gmu and d.mu for reading.
func (d *Detector) commonOutside(a *admission, h uint64, q uint32, cq int, long, story bool) bool {
	n := 0
	var counted [commonOutside]int // the carriers counted (g below)
	var one [1]uint32
	ps := d.passage.PostingsTo(h, &one) // in increasing order
	end, _ := slices.BinarySearch(ps, a.id)
	if len(d.evicting) > 0 {
		ps = d.carriers(ps[:end], h, a.id)
		end = len(ps)
	}
	for i := end - 1; i >= max(0, end-maxCarriers); i-- {
		r := ps[i]
		if a.id-r > commonWindow {
			break // the carriers before are older still
		}
		if r == q {
			continue
		}
		c := d.strong.Cluster(r)
		if cq != 0 && c == cq || long && d.attached(r, q, cq) {
			continue
		}
		g := c // r's carrier: its cluster, p's own story (-1), or r alone (0)
		if story && (d.ownStory(a, r) || c != 0 && slices.Contains(a.ownCl, c)) {
			g = -1
		}
		if g != 0 && slices.Contains(counted[:n], g) {
			continue
		}
		counted[n] = g
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
	var one [1]uint32
	for _, s := range recent(d.weak.GetTo(uint64(q), &one)) {
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
// those of them left unlinked, and those linked short that quote the story
// (quotesOwn), are judged again with it, so that a passage is not judged
// by a stricter rule for being long.
//
// One left unlinked is judged with the story as one carrier whatever its
// links (verified.story): it shares at length, outside chrome, text that
// p's own story carries, and is a copy of that story that failed to link
// to its other copies (a reworded or OCR'd copy whose original is not in
// the collection). Those copies carrying the text are no evidence that it
// is boilerplate; other stories carrying it still are. (TestNewsMessy:
// pairs found 1018 -> 1020 of 1123, reworded copies 0.793 -> 0.802, none
// false; Reuters-21578 and the news tests' outputs unchanged.) A short
// candidate is not judged so: commonOutside says why.
func (d *Detector) ownFirst(a *admission) {
	a.own, a.ownCl = a.own[:0], a.ownCl[:0]
	for i := range a.found {
		v := &a.found[i]
		if v.m.NearDuplicate || bodyWords(v.as, len(a.p.e.words), len(v.q.words)) >= strongWords {
			d.finishInto(a, v)
		}
	}
	for i := range a.found {
		if v := &a.found[i]; v.done && v.ok && v.link.Words >= strongWords {
			a.own = append(a.own, v.id)
			if c := d.strong.Cluster(v.id); c != 0 && !slices.Contains(a.ownCl, c) {
				a.ownCl = append(a.ownCl, c)
			}
		}
	}
	if len(a.own) == 0 {
		return
	}
	for i := range a.found {
		v := &a.found[i]
		if !v.done || slices.Contains(a.own, v.id) {
			continue
		}
		if v.story = !v.ok; v.story || d.quotesOwn(a, v.id) {
			d.finishInto(a, v)
		}
	}
}

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

// attached reports whether document r has a short link to q or to a
// member of q's cluster cq.
func (d *Detector) attached(r, q uint32, cq int) bool {
	var one [1]uint32
	for _, s := range recent(d.weak.GetTo(uint64(r), &one)) {
		if s == q || cq != 0 && d.strong.Cluster(s) == cq {
			return true
		}
	}
	return false
}
