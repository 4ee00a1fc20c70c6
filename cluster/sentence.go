package cluster

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/shingle"
)

// Sentence alignment finds passages that were reworded rather than copied:
// paraphrased, shuffled, machine translated there and back, or summarized.
// Such passages keep few runs of words but keep, sentence by sentence, most
// of their content words. The method is Sanchez-Perez, Sidorov and
// Gelbukh's (PAN 2014, "A Winning Approach to Text Alignment for Text
// Reuse Detection"; CLEF 2015, "Adaptive Algorithm for Plagiarism
// Detection"):
//
//   - each sentence is a tf-isf vector of content terms (stemmed words,
//     function words removed; the sentence frequency counts the sentences
//     of both texts);
//   - seeds are the sentence pairs whose cosine and Dice coefficient both
//     pass a threshold;
//   - seeds are clustered by splitting, alternately on each side, wherever
//     consecutive seeds are more than MaxGap sentences apart, until no
//     side splits; a cluster's bounding box is a candidate passage;
//   - a passage is kept when the tf-isf vectors of its two sides, taken
//     whole, are similar enough; otherwise its seeds are clustered again
//     with a smaller gap;
//   - outside summaries, seeds much weaker than the best seed of their
//     sentences are pruned (a sentence is reworded into one sentence,
//     or split into adjacent ones; its weaker partners elsewhere are
//     sentences on the same subject);
//   - outside summaries, a sentence next to the partner of a sentence's
//     best seed pairs with that sentence too when it has no seed and most
//     of its weight lies in the sentence's terms: the smaller half of a
//     sentence split in two (or of two joined) is too little like the
//     whole to seed;
//   - of overlapping passages the one with the most seed evidence wins,
//     and passages with fewer than MinSeeds seeds are dropped;
//   - outside summaries, a passage grows by the sentence pairs next to it
//     on both sides while they are somewhat alike (the edges of a reused
//     passage are often too changed to seed); then passages too short on
//     either side are dropped;
//   - a passage's edge sentences are trimmed of a prefix or suffix whose
//     content words are mostly missing from their partner sentences (a
//     passage inserted into, or ending inside, a sentence);
//   - a first pass with a wide gap finds summaries: when its passages are
//     at least three times longer in b than in a, a summarizes b and they
//     are reported instead, but for a summary passage that overlaps a
//     passage of the usual pass on b's side alone (two passages of b
//     reused in order, joined by the wide gap with stray seeds).

// SentenceOptions tunes AlignSentences. The zero SentenceOptions is
// usable: every zero field takes the default given with it. The
// thresholds and gaps are those of Sanchez-Perez et al.'s 2015 system;
// MinBestCosine and MinSeeds are ours, for news on the same subject.
type SentenceOptions struct {
	// MinCosine is the cosine similarity of the tf-isf vectors of two
	// sentences above which they may seed a passage; 0 means 0.3.
	MinCosine float64
	// MinDice is the Dice coefficient of the term sets of two sentences
	// above which they may seed a passage; 0 means 0.33.
	MinDice float64
	// MinPassageCosine is the cosine similarity of the two sides of a
	// passage, each taken as one tf-isf vector, above which the passage
	// is kept; 0 means 0.34.
	MinPassageCosine float64
	// MaxGap is the largest number of sentences between two seeds of one
	// passage, on either side; 0 means 4.
	MaxGap int
	// SummaryGap is MaxGap for the summary pass; 0 means 24.
	SummaryGap int
	// MinBytes is the shortest passage, in bytes on each side from the
	// first word's start to the last word's end; 0 means 150. A passage
	// of three seeds or more needs two thirds of it.
	MinBytes int
	// MinBestCosine is the cosine similarity that the best seed of a
	// passage of fewer than three seeds must exceed; 0 means 0.4. Two
	// reports of one event give sentence pairs just above MinCosine; a
	// reworded passage has at least one sentence pair that is clearly
	// alike, or three that are alike. (0.5 keeps a wider
	// margin from same-subject news and finds about 1 % less of the
	// PAN13 training corpus.)
	MinBestCosine float64
	// MinSeeds is the fewest seed sentence pairs a passage needs; 0
	// means 2. One sentence pair alone is weak evidence: two reports of
	// one event word a quote or a fact alike.
	MinSeeds int
}

func (o SentenceOptions) withDefaults() SentenceOptions {
	if o.MinCosine <= 0 {
		o.MinCosine = 0.3
	}
	if o.MinDice <= 0 {
		o.MinDice = 0.33
	}
	if o.MinPassageCosine <= 0 {
		o.MinPassageCosine = 0.34
	}
	if o.MaxGap <= 0 {
		o.MaxGap = 4
	}
	if o.SummaryGap <= 0 {
		o.SummaryGap = 24
	}
	if o.MinBytes <= 0 {
		o.MinBytes = 150
	}
	if o.MinBestCosine <= 0 {
		o.MinBestCosine = 0.4
	}
	if o.MinSeeds <= 0 {
		o.MinSeeds = 2
	}
	return o
}

// Sentences is a text split into sentences of content terms, the input of
// AlignSentences. The zero Sentences is an empty text; Parse fills it.
// Its memory is about 8 bytes per content word and 24 per sentence.
type Sentences struct {
	sents    []sentence
	terms    []uint64 // the terms of each sentence, sorted
	tokTerms []uint64 // the term of each token, 0 for none
	brk      []uint8  // scratch: the break before each token
}

// A sentence is a run of whole tokens.
type sentence struct {
	tok0, tok1   int32 // tokens [tok0, tok1)
	byte0, byte1 int32 // text[byte0:byte1], first token start to last token end
	term0, term1 int32 // terms[term0:term1]
}

// minSentenceTerms is the fewest content terms of a sentence; a shorter
// one (a heading, a dateline, an abbreviation's false sentence end) is
// joined to the next.
const minSentenceTerms = 3

// maxSentenceTokens is the length above which a sentence is split at line
// breaks as well.
const maxSentenceTokens = 40

// Breaks between tokens.
const (
	breakNone     = 0
	breakLine     = 1 // a line break
	breakSentence = 2
)

// Parse splits text, tokenized as toks (shingle.Shingler.AppendTokens on
// text), into sentences and their terms, replacing the contents of s and
// reusing its buffers. A sentence ends at '.', '!' or '?' followed by
// space (not after a single letter, as in initials, nor before a
// lower-case word) and at a blank line; a sentence longer than 40 words
// also ends at line breaks (lists, tables, text without punctuation);
// sentences with fewer than three terms are joined to the next. A term is
// a word of three or more letters or digits, lower-cased; words other
// than English function words are stemmed; words that are not plain ASCII
// are kept whole as the tokenizer normalized them. Function words stay
// terms, weighted down by their frequency. Cost: O(len(toks)), plus
// sorting each sentence's terms; no allocation once s's buffers have
// grown.
func (s *Sentences) Parse(text []byte, toks []shingle.Token) {
	s.tokTerms, s.brk = s.tokTerms[:0], s.brk[:0]
	for i, t := range toks {
		b := uint8(0)
		if i > 0 {
			b = sentenceBreak(text, toks[i-1], t)
		}
		s.brk = append(s.brk, b)
		s.tokTerms = append(s.tokTerms, uint64(TermCode(termHash(text, t.Start, t.End, t.Hash))))
	}
	s.build(func(i int) (int, int) { return toks[i].Start, toks[i].End })
}

// AppendTerms appends to terms the term code (TermCode) of each token of
// text, and to breaks the break before each token, four to a byte: the
// compact form in which a Detector keeps what ParseTerms needs, 2.25
// bytes a word. The first token of toks is taken as the text's first;
// AppendTermsAfter continues with the tokens that follow.
func AppendTerms(terms []uint16, breaks []byte, text []byte, toks []shingle.Token) ([]uint16, []byte) {
	return appendTerms(terms, breaks, text, nil, toks)
}

// AppendTermsAfter is AppendTerms for the tokens toks of text that follow
// prev, the last of the tokens whose terms and breaks are already in terms
// and breaks: AppendTerms on a text's first tokens and AppendTermsAfter on
// each further chunk give what AppendTerms gives on all of them at once,
// without all of the text's tokens in memory.
func AppendTermsAfter(terms []uint16, breaks []byte, text []byte, prev shingle.Token, toks []shingle.Token) ([]uint16, []byte) {
	return appendTerms(terms, breaks, text, &prev, toks)
}

// appendTerms is AppendTerms after the token prev, if not nil. The i-th
// token's break goes in bits 2(i mod 4) of byte i/4, i counted from the
// start of terms.
func appendTerms(terms []uint16, breaks []byte, text []byte, prev *shingle.Token, toks []shingle.Token) ([]uint16, []byte) {
	for i, t := range toks {
		b := uint8(0)
		if i > 0 {
			b = sentenceBreak(text, toks[i-1], t)
		} else if prev != nil {
			b = sentenceBreak(text, *prev, t)
		}
		n := len(terms)
		if n%4 == 0 {
			breaks = append(breaks, 0)
		}
		breaks[len(breaks)-1] |= b << (2 * (n % 4))
		terms = append(terms, TermCode(termHash(text, t.Start, t.End, t.Hash)))
	}
	return terms, breaks
}

// TermCode folds a term hash into 16 bits, keeping its kind (the low two
// bits) and 0 for no term. Two terms of a document pair share a code with
// probability 2^-14; a stray shared term adds little to a sentence's
// cosine.
func TermCode(h uint64) uint16 {
	if h == 0 {
		return 0
	}
	c := uint16(h>>48)&^3 | uint16(h&3)
	if c == 0 {
		c = 4
	}
	return c
}

// ParseTerms is Parse for a text kept as AppendTerms wrote it: terms and
// breaks for its n tokens, and span giving each token's byte offsets.
func (s *Sentences) ParseTerms(terms []uint16, breaks []byte, span func(i int) (start, end int)) {
	s.tokTerms, s.brk = s.tokTerms[:0], s.brk[:0]
	for i, c := range terms {
		s.brk = append(s.brk, breaks[i/4]>>(2*(i%4))&3)
		s.tokTerms = append(s.tokTerms, uint64(c))
	}
	s.build(span)
}

// build splits the tokens, whose terms and breaks are in s.tokTerms and
// s.brk, into sentences.
func (s *Sentences) build(span func(i int) (start, end int)) {
	s.sents, s.terms = s.sents[:0], s.terms[:0]
	n := len(s.tokTerms)
	if n == 0 {
		return
	}
	// Sentences end at sentence breaks; one longer than maxSentenceTokens
	// (a list, a table, text without punctuation) also ends at line
	// breaks.
	cur := sentence{}
	closeAt := func(i int) {
		cur.tok1 = int32(i)
		start, _ := span(int(cur.tok0))
		_, end := span(i - 1)
		cur.byte0, cur.byte1 = int32(start), int32(end)
		cur.term1 = int32(len(s.terms))
		s.sents = append(s.sents, cur)
		cur = sentence{tok0: int32(i), term0: int32(len(s.terms))}
	}
	end := 0 // end of the current run of tokens between sentence breaks
	for i := range n {
		if i >= end {
			end = i + 1
			for end < n && s.brk[end] != breakSentence {
				end++
			}
		}
		if i > 0 && (s.brk[i] == breakSentence || s.brk[i] == breakLine && end-int(cur.tok0) > maxSentenceTokens) {
			closeAt(i)
		}
		if h := s.tokTerms[i]; h != 0 {
			s.terms = append(s.terms, h)
		}
	}
	closeAt(n)
	// Join short sentences to the next; a short last one joins the one
	// before.
	out := s.sents[:0]
	var pend *sentence
	for i := range s.sents {
		x := s.sents[i]
		if pend != nil {
			x.tok0, x.byte0, x.term0 = pend.tok0, pend.byte0, pend.term0
			pend = nil
		}
		if x.term1-x.term0 < minSentenceTerms && i < len(s.sents)-1 {
			p := x
			pend = &p
			continue
		}
		if x.term1-x.term0 < minSentenceTerms && len(out) > 0 {
			last := &out[len(out)-1]
			last.tok1, last.byte1, last.term1 = x.tok1, x.byte1, x.term1
			continue
		}
		out = append(out, x)
	}
	s.sents = out
	for _, x := range s.sents {
		slices.Sort(s.terms[x.term0:x.term1])
	}
}

// Len returns the number of sentences.
func (s *Sentences) Len() int { return len(s.sents) }

// sentenceBreak returns the break between the tokens prev and next of
// text: breakSentence, breakLine or breakNone.
func sentenceBreak(text []byte, prev, next shingle.Token) uint8 {
	gap := text[prev.End:next.Start]
	stop, dot, newlines := false, false, 0
	brk := uint8(breakNone)
	for _, c := range gap {
		switch c {
		case '!', '?':
			stop = true
		case '.':
			dot = true
		case '\n':
			if newlines++; newlines >= 2 {
				return breakSentence
			}
			if (stop || dot) && breakAfterDot(text, prev, next, stop) {
				return breakSentence
			}
			brk = breakLine
		case ' ', '\t', '\r', '\v', '\f':
			if (stop || dot) && breakAfterDot(text, prev, next, stop) {
				return breakSentence
			}
		default:
			if c >= 0x80 {
				// A non-break space, or typographic quotes or dashes:
				// only the ASCII spaces above end a sentence.
				continue
			}
			newlines = 0
		}
	}
	return brk
}

// breakAfterDot decides a sentence end after terminal punctuation followed
// by space: always after '!' or '?', and after '.' unless the word before
// is a single letter (an initial) or the word after starts in lower case.
func breakAfterDot(text []byte, prev, next shingle.Token, strong bool) bool {
	if strong {
		return true
	}
	if prev.End-prev.Start == 1 {
		return false
	}
	c := text[next.Start]
	return !('a' <= c && c <= 'z')
}

// AlignSentences finds the passages of a and b that share their content
// sentence by sentence (see the method above), a being the text that may
// derive from b (a summary of b is found, not one of a), and merges them with
// copies, the passages Align found in the same texts (nil if none).
// Copies are precise: a reworded passage overlapping copies on both sides
// joins them into one passage, and extends it to its own edges only when
// it has seeds outside them (at least MinSeeds, or one adjoining them);
// copies no passage overlaps are kept as they are; in conflicts, passages
// holding copies win. Matches are in token indexes, as Align's, for the
// texts a and b were parsed from; Words of a reworded passage is the
// number of tokens of a in sentences that seeded it. The result is sorted
// by AStart, passages do not overlap on either side, and the caller owns
// it; it may be copies itself when nothing was added. AlignSentences is
// safe for concurrent use (a and b are only read). Cost: O(T log T) to
// build the vectors of T terms, one step for every pair of sentences
// sharing a term, and a sort of the seeds for each clustering pass.
func AlignSentences(a, b *Sentences, copies []Match, opts SentenceOptions) []Match {
	if len(a.sents) == 0 || len(b.sents) == 0 {
		return copies
	}
	opts = opts.withDefaults()
	w := sentencePool.Get().(*sentAligner)
	defer sentencePool.Put(w)
	return w.align(a, b, copies, opts)
}

var sentencePool = sync.Pool{New: func() any { return new(sentAligner) }}

// A sentAligner holds the scratch buffers of one AlignSentences call.
// Sentences are numbered over both texts: a's first, then b's.
type sentAligner struct {
	refs    []termRef
	ids     []int32   // term id of each term position (a's terms, then b's)
	last    []int32   // per term id: last sentence counted in sf
	sf      []int32   // per term id: sentences containing it
	vec     []ventry  // sentence vectors, each sorted by id
	off     []int32   // sentence k's vector is vec[off[k]:off[k+1]]
	norm    []float64 // per sentence: Euclidean norm of its vector
	postOff []int32   // b's postings of term id t: post[postOff[t]:postOff[t+1]]
	post    []ventry  // id field holds b's sentence number
	dot     []float64 // per b sentence: dot product with the current a sentence
	shared  []int32   // per b sentence: terms shared with the current a sentence
	touched []int32
	seeds   []sseed
	groups  []group
	frags   []frag
	accA    []float64 // per term id: a passage side's summed vector
	accB    []float64
	mark    []int32 // per a sentence: stamp of the last passage counting it
	stamp   int32
	used    []bool    // per copy: taken into a passage
	rowMax  []float64 // per a sentence: its best seed's cosine
	colMax  []float64 // per b sentence: its best seed's cosine
	rowBest []int32   // per a sentence: its best seed's b sentence
	colBest []int32   // per b sentence: its best seed's a sentence
	// The seeds and passages of the summary pass, while the usual pass
	// is tried.
	sumSeeds []sseed
	sumFrags []frag
}

type termRef struct {
	h   uint64
	pos int32
}

type ventry struct {
	id int32
	w  float64
}

// A seed is a pair of similar sentences, i in a and j in b.
type sseed struct {
	i, j int32
	cos  float64
}

// A group is a cluster of seeds, seeds[lo:hi].
type group struct{ lo, hi int32 }

// A frag is a candidate passage: sentences [i0, i1] of a and [j0, j1] of
// b, supported by seeds[lo:hi] with summed cosine score.
type frag struct {
	i0, i1, j0, j1 int32
	lo, hi         int32
	score          float64 // summed cosine of the seeds
	best           float64 // cosine of the best seed
}

func (w *sentAligner) align(a, b *Sentences, copies []Match, o SentenceOptions) []Match {
	w.vectors(a, b)
	w.seed(a, b, o)
	if len(w.seeds) == 0 {
		return copies
	}
	na := int32(len(a.sents))
	// The summary pass: a summary's sentences match sentences spread
	// over a much longer source passage, far apart. When its passages
	// are much longer on one side, and not copied verbatim, the texts
	// are summary and source.
	w.passages(a, b, na, o.SummaryGap, o, false)
	if !w.summary(a, b, copies) {
		w.usual(a, b, na, o)
		return w.merge(a, b, copies, o)
	}
	// A wide gap can also join a passage of b reused in order with
	// seeds further on in b: a summary passage that meets, on b's side
	// alone, a passage of the usual pass elsewhere in a is two passages
	// reused in order, and the usual pass's passages stand in its place.
	// The usual pass's passages that no summary passage overlaps are
	// kept too.
	w.sumSeeds = append(w.sumSeeds[:0], w.seeds...)
	w.sumFrags = append(w.sumFrags[:0], w.frags...)
	w.usual(a, b, na, o)
	shift := int32(len(w.seeds))
	w.seeds = append(w.seeds, w.sumSeeds...)
	w.joinSummaries(w.sumFrags, shift)
	return w.merge(a, b, copies, o)
}

// usual is the usual pass, outside summaries: the seeds are pruned and
// joined by the halves of split sentences, then clustered with MaxGap
// into passages, left in w.frags.
func (w *sentAligner) usual(a, b *Sentences, na int32, o SentenceOptions) {
	w.prune(len(a.sents), len(b.sents))
	w.splitSeeds(len(a.sents), len(b.sents))
	w.passages(a, b, na, o.MaxGap, o, true)
}

// joinSummaries replaces the passages of the usual pass in w.frags by the
// summary passages sums (their seeds shifted by shift in w.seeds) that
// overlap them, but for a summary passage that overlaps one of them on
// b's side alone: that one is dropped. Cost: O(len(w.frags) *
// len(sums)).
func (w *sentAligner) joinSummaries(sums []frag, shift int32) {
	n := len(w.frags)
	for _, f := range sums {
		if inOrder(f, w.frags[:n]) {
			continue
		}
		f.lo += shift
		f.hi += shift
		w.frags = append(w.frags, f)
	}
	kept := w.frags[:0]
	for _, f := range w.frags[:n] {
		if !overlapsAny(w.frags[n:], f) {
			kept = append(kept, f)
		}
	}
	w.frags = append(kept, w.frags[n:]...)
}

// inOrder reports whether the summary passage f overlaps on b's side
// alone one of the passages fs.
func inOrder(f frag, fs []frag) bool {
	for _, k := range fs {
		if f.j0 <= k.j1 && k.j0 <= f.j1 && (f.i1 < k.i0 || k.i1 < f.i0) {
			return true
		}
	}
	return false
}

// overlapsAny reports whether f shares a sentence, on either side, with
// one of the passages fs.
func overlapsAny(fs []frag, f frag) bool {
	for _, k := range fs {
		if f.i0 <= k.i1 && k.i0 <= f.i1 || f.j0 <= k.j1 && k.j0 <= f.j1 {
			return true
		}
	}
	return false
}

// pruneRatio is how close to the best seed of its sentences a seed must
// come to survive pruning.
const pruneRatio = 0.75

// prune drops the seeds whose similarity is well below that of the best
// seed of their sentence, on either side: outside summaries, a sentence is
// reworded into one sentence, or split into adjacent ones, and its weaker
// partners elsewhere are sentences on the same subject. A partner next to
// the best one is the other half of a split sentence, and stays.
func (w *sentAligner) prune(na, nb int) {
	w.rowMax = grow(w.rowMax, na)
	w.colMax = grow(w.colMax, nb)
	w.rowBest = grow(w.rowBest, na)
	w.colBest = grow(w.colBest, nb)
	clear(w.rowMax)
	clear(w.colMax)
	for _, s := range w.seeds {
		if s.cos > w.rowMax[s.i] {
			w.rowMax[s.i], w.rowBest[s.i] = s.cos, s.j
		}
		if s.cos > w.colMax[s.j] {
			w.colMax[s.j], w.colBest[s.j] = s.cos, s.i
		}
	}
	kept := w.seeds[:0]
	for _, s := range w.seeds {
		row := s.cos >= pruneRatio*w.rowMax[s.i] || abs32(s.j-w.rowBest[s.i]) <= 1
		col := s.cos >= pruneRatio*w.colMax[s.j] || abs32(s.i-w.colBest[s.j]) <= 1
		if row && col {
			kept = append(kept, s)
		}
	}
	w.seeds = kept
}

// summary reports whether the passages in w.frags are at least three
// times longer, in bytes, on b's side than on a's, with less than half of
// a's side inside copies: a summarizes b. A passage longer on a's side is
// no summary of b: b would be the summary, while a is the text that
// derives from b.
func (w *sentAligner) summary(a, b *Sentences, copies []Match) bool {
	var la, lb, ta, ca int
	for _, f := range w.frags {
		x0, x1, y0, y1 := a.sents[f.i0], a.sents[f.i1], b.sents[f.j0], b.sents[f.j1]
		la += int(x1.byte1 - x0.byte0)
		lb += int(y1.byte1 - y0.byte0)
		ta += int(x1.tok1 - x0.tok0)
		for _, c := range copies {
			ca += max(0, min(c.AEnd, int(x1.tok1))-max(c.AStart, int(x0.tok0)))
		}
	}
	return la > 0 && lb >= 3*la && 2*ca < ta
}

// merge returns the passages in w.frags, their edges trimmed, merged with
// the copies. A passage that overlaps copies on both sides joins them into
// one passage, their hull; it extends the hull to its own extent only when
// it has a seed outside the hull on both sides. Copies that no passage
// overlaps are kept as they are. Where passages conflict, copy-backed ones
// win, and then the one with more words.
func (w *sentAligner) merge(a, b *Sentences, copies []Match, o SentenceOptions) []Match {
	if len(w.frags) == 0 {
		return copies
	}
	// Copy-backed passages (copies, and passages holding copies) come
	// first in out, then passages of reworded text alone.
	out := make([]Match, 0, len(copies)+len(w.frags))
	w.used = grow(w.used, len(copies))
	clear(w.used)
	var reworded []Match
	for _, f := range w.frags {
		m := Match{Words: w.words(a, f)}
		m.AStart, m.AEnd = w.trim(a, b, f, 0)
		m.BStart, m.BEnd = w.trim(b, a, f, 1)
		m.Words = min(m.Words, m.AEnd-m.AStart)
		var hull Match
		n := 0
		for k, c := range copies {
			if !overlapBoth(m, c) {
				continue
			}
			if n == 0 {
				hull = c
			} else {
				hull = Match{
					AStart: min(hull.AStart, c.AStart), AEnd: max(hull.AEnd, c.AEnd),
					BStart: min(hull.BStart, c.BStart), BEnd: max(hull.BEnd, c.BEnd),
					Words: hull.Words + c.Words,
				}
			}
			n++
			w.used[k] = true
		}
		switch {
		case n == 0:
			reworded = append(reworded, m)
		case !w.beyond(a, b, f, hull, o.MinSeeds):
			// The copies hold the passage's evidence and are precise:
			// they stand, joined as one.
			out = append(out, hull)
		default:
			out = append(out, Match{
				AStart: min(m.AStart, hull.AStart), AEnd: max(m.AEnd, hull.AEnd),
				BStart: min(m.BStart, hull.BStart), BEnd: max(m.BEnd, hull.BEnd),
				Words: max(m.Words, hull.Words),
			})
		}
	}
	for k, c := range copies {
		if !w.used[k] {
			out = append(out, c)
		}
	}
	out = resolveOverlaps(out)
	// Reworded passages add where they conflict with no copy-backed one.
	n := len(out)
	for _, r := range resolveOverlaps(reworded) {
		ok := true
		for _, m := range out[:n] {
			if overlap(m, r) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(x, y Match) int { return cmp.Compare(x.AStart, y.AStart) })
	return out
}

// beyond reports whether passage f adds to the hull of the copies it
// overlaps: seeds (pairs of sentences) lying outside the hull on both
// sides, at least minSeeds of them, or one next to the hull on both sides
// (at most one sentence between). What a passage adds to copies must
// stand as a passage of its own, or continue them.
func (w *sentAligner) beyond(a, b *Sentences, f frag, hull Match, minSeeds int) bool {
	ha0, ha1 := a.sentenceOf(hull.AStart), a.sentenceOf(hull.AEnd-1)
	hb0, hb1 := b.sentenceOf(hull.BStart), b.sentenceOf(hull.BEnd-1)
	n := 0
	for _, s := range w.seeds[f.lo:f.hi] {
		x, y := a.sents[s.i], b.sents[s.j]
		if (int(x.tok1) <= hull.AStart || int(x.tok0) >= hull.AEnd) && (int(y.tok1) <= hull.BStart || int(y.tok0) >= hull.BEnd) {
			n++
			da := max(ha0-s.i, s.i-ha1)
			db := max(hb0-s.j, s.j-hb1)
			if n >= minSeeds || da <= 2 && db <= 2 {
				return true
			}
		}
	}
	return false
}

// sentenceOf returns the index of the sentence holding token t.
func (s *Sentences) sentenceOf(t int) int32 {
	k, _ := slices.BinarySearchFunc(s.sents, int32(t), func(x sentence, t int32) int {
		return cmp.Compare(x.tok1-1, t)
	})
	return int32(min(k, len(s.sents)-1))
}

// overlapBoth reports whether x and y overlap on both sides.
func overlapBoth(x, y Match) bool {
	return x.AStart < y.AEnd && y.AStart < x.AEnd && x.BStart < y.BEnd && y.BStart < x.BEnd
}

// overlap reports whether x and y overlap on either side.
func overlap(x, y Match) bool {
	return x.AStart < y.AEnd && y.AStart < x.AEnd || x.BStart < y.BEnd && y.BStart < x.BEnd
}

// words returns the number of tokens of a in the sentences that seeded f.
func (w *sentAligner) words(a *Sentences, f frag) int {
	w.stamp++
	words := 0
	for _, s := range w.seeds[f.lo:f.hi] {
		if w.mark[s.i] != w.stamp {
			w.mark[s.i] = w.stamp
			words += int(a.sents[s.i].tok1 - a.sents[s.i].tok0)
		}
	}
	return words
}

// passages clusters all seeds with the given gap into validated,
// non-overlapping, long enough passages, left in w.frags. With edges set,
// the passages are extended at their edges (extendEdges) before their
// length is checked.
func (w *sentAligner) passages(a, b *Sentences, na int32, gap int, o SentenceOptions, edges bool) {
	w.groups = w.groups[:0]
	w.frags = w.frags[:0]
	w.extend(0, int32(len(w.seeds)), int32(gap), na, o)
	// Overlaps: the passage with the most seed evidence wins.
	slices.SortFunc(w.frags, func(x, y frag) int {
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		return cmp.Compare(x.i0, y.i0)
	})
	kept := w.frags[:0]
	for _, f := range w.frags {
		if int(f.hi-f.lo) < o.MinSeeds || f.best <= o.MinBestCosine && f.hi-f.lo < strongSeeds {
			continue
		}
		if !edges && !w.long(a, b, f, o.MinBytes) {
			continue
		}
		ok := true
		for _, k := range kept {
			if f.i0 <= k.i1 && k.i0 <= f.i1 || f.j0 <= k.j1 && k.j0 <= f.j1 {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, f)
		}
	}
	w.frags = kept
	if !edges {
		return
	}
	w.extendEdges(a, b, na)
	kept = w.frags[:0]
	for _, f := range w.frags {
		if w.long(a, b, f, o.MinBytes) {
			kept = append(kept, f)
		}
	}
	w.frags = kept
}

// strongSeeds is the number of seeds from which a passage needs only two
// thirds of MinBytes, and no seed above MinBestCosine: three alike
// sentence pairs close together are reuse even when the sentences are
// short or heavily reworded, where two may be one event's facts.
const strongSeeds = 3

// long reports whether passage f spans at least minBytes on both sides,
// or two thirds of it with strongSeeds seeds or more.
func (w *sentAligner) long(a, b *Sentences, f frag, minBytes int) bool {
	if f.hi-f.lo >= strongSeeds {
		minBytes = minBytes * 2 / 3
	}
	return int(a.sents[f.i1].byte1-a.sents[f.i0].byte0) >= minBytes && int(b.sents[f.j1].byte1-b.sents[f.j0].byte0) >= minBytes
}

// vectors builds the tf-isf vector of every sentence of a and b, and b's
// postings.
func (w *sentAligner) vectors(a, b *Sentences) {
	nta, ntb := len(a.terms), len(b.terms)
	w.refs = w.refs[:0]
	for p, h := range a.terms {
		w.refs = append(w.refs, termRef{h, int32(p)})
	}
	for p, h := range b.terms {
		w.refs = append(w.refs, termRef{h, int32(nta + p)})
	}
	slices.SortFunc(w.refs, func(x, y termRef) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		return cmp.Compare(x.pos, y.pos)
	})
	w.ids = grow(w.ids, nta+ntb)
	nid := int32(-1)
	for k, r := range w.refs {
		if k == 0 || r.h != w.refs[k-1].h {
			nid++
		}
		w.ids[r.pos] = nid
	}
	nid++
	w.sf = grow(w.sf, int(nid))
	w.last = grow(w.last, int(nid))
	for t := range w.sf[:nid] {
		w.sf[t], w.last[t] = 0, -1
	}
	na, nb := len(a.sents), len(b.sents)
	n := na + nb
	countSF := func(s *Sentences, base, shift int) {
		for k, x := range s.sents {
			for p := x.term0; p < x.term1; p++ {
				id := w.ids[int(p)+shift]
				if w.last[id] != int32(base+k) {
					w.last[id] = int32(base + k)
					w.sf[id]++
				}
			}
		}
	}
	countSF(a, 0, 0)
	countSF(b, na, nta)
	// Vectors: ids within a sentence are sorted, as its terms are sorted
	// and ids follow hash order; equal ids are adjacent and add up to tf.
	w.vec = w.vec[:0]
	w.off = grow(w.off, n+1)
	w.norm = grow(w.norm, n)
	build := func(s *Sentences, base, shift int) {
		for k, x := range s.sents {
			w.off[base+k] = int32(len(w.vec))
			start := len(w.vec)
			for p := x.term0; p < x.term1; p++ {
				id := w.ids[int(p)+shift]
				if len(w.vec) > start && w.vec[len(w.vec)-1].id == id {
					w.vec[len(w.vec)-1].w++
					continue
				}
				w.vec = append(w.vec, ventry{id, 1})
			}
			var sq float64
			for e := start; e < len(w.vec); e++ {
				v := &w.vec[e]
				v.w *= math.Log(float64(n) / float64(w.sf[v.id]))
				sq += v.w * v.w
			}
			w.norm[base+k] = math.Sqrt(sq)
		}
	}
	build(a, 0, 0)
	build(b, na, nta)
	w.off[n] = int32(len(w.vec))
	// b's postings, by counting sort on term id.
	w.postOff = grow(w.postOff, int(nid)+1)
	clear(w.postOff[:nid+1])
	for _, v := range w.vec[w.off[na]:w.off[n]] {
		w.postOff[v.id+1]++
	}
	for t := int32(1); t <= nid; t++ {
		w.postOff[t] += w.postOff[t-1]
	}
	w.post = grow(w.post, int(w.postOff[nid]))
	for k := range nb {
		for _, v := range w.vec[w.off[na+k]:w.off[na+k+1]] {
			w.post[w.postOff[v.id]] = ventry{int32(k), v.w}
			w.postOff[v.id]++
		}
	}
	// The fill advanced each offset to the next term's start; shift back.
	copy(w.postOff[1:nid+1], w.postOff[:nid])
	w.postOff[0] = 0
	w.accA = grow(w.accA, int(nid))
	w.accB = grow(w.accB, int(nid))
	clear(w.accA[:nid])
	clear(w.accB[:nid])
	w.mark = grow(w.mark, na)
	clear(w.mark[:na])
	w.stamp = 0
}

// seed collects the sentence pairs passing both similarity thresholds.
func (w *sentAligner) seed(a, b *Sentences, o SentenceOptions) {
	na, nb := len(a.sents), len(b.sents)
	w.dot = grow(w.dot, nb)
	w.shared = grow(w.shared, nb)
	clear(w.dot[:nb])
	clear(w.shared[:nb])
	w.seeds = w.seeds[:0]
	for i := range na {
		w.touched = w.touched[:0]
		va := w.vec[w.off[i]:w.off[i+1]]
		for _, v := range va {
			for _, p := range w.post[w.postOff[v.id]:w.postOff[v.id+1]] {
				if w.shared[p.id] == 0 {
					w.touched = append(w.touched, p.id)
				}
				w.shared[p.id]++
				w.dot[p.id] += v.w * p.w
			}
		}
		for _, j := range w.touched {
			den := w.norm[i] * w.norm[na+int(j)]
			nt := len(va) + int(w.off[na+int(j)+1]-w.off[na+int(j)])
			cos := 0.0
			if den > 0 {
				cos = w.dot[j] / den
			}
			dice := 2 * float64(w.shared[j]) / float64(nt)
			if cos > o.MinCosine && dice > o.MinDice {
				w.seeds = append(w.seeds, sseed{int32(i), j, cos})
			}
			w.dot[j], w.shared[j] = 0, 0
		}
	}
}

// extend clusters seeds[lo:hi] with the given gap and validates each
// cluster's passage, clustering the seeds of a failed one again with a
// smaller gap.
func (w *sentAligner) extend(lo, hi, gap, na int32, o SentenceOptions) {
	g0 := len(w.groups)
	w.cluster(lo, hi, gap, 0, true)
	g1 := len(w.groups)
	for k := g0; k < g1; k++ {
		g := w.groups[k]
		f := frag{i0: math.MaxInt32, j0: math.MaxInt32, i1: -1, j1: -1, lo: g.lo, hi: g.hi}
		for _, s := range w.seeds[g.lo:g.hi] {
			f.i0, f.i1 = min(f.i0, s.i), max(f.i1, s.i)
			f.j0, f.j1 = min(f.j0, s.j), max(f.j1, s.j)
			f.score += s.cos
			f.best = max(f.best, s.cos)
		}
		if w.passageCosine(f, na) > o.MinPassageCosine {
			w.frags = append(w.frags, f)
		} else if gap > 0 {
			w.extend(g.lo, g.hi, gap-1, na, o)
		}
	}
}

// cluster splits seeds[lo:hi] into groups of seeds at most gap sentences
// apart on one side (0: a, 1: b), then splits each group on the other
// side, until a group splits on neither; the groups are appended to
// w.groups. It reorders seeds[lo:hi].
func (w *sentAligner) cluster(lo, hi, gap int32, side int, first bool) {
	s := w.seeds[lo:hi]
	key := func(x sseed) int32 {
		if side == 0 {
			return x.i
		}
		return x.j
	}
	slices.SortFunc(s, func(x, y sseed) int {
		if c := cmp.Compare(key(x), key(y)); c != 0 {
			return c
		}
		return cmp.Compare(x.i+x.j, y.i+y.j)
	})
	// Count the groups first: one group that need not split again is a
	// cluster.
	splits := 0
	for k := 1; k < len(s); k++ {
		if key(s[k])-key(s[k-1])-1 > gap {
			splits++
		}
	}
	if splits == 0 && !first {
		w.groups = append(w.groups, group{lo, hi})
		return
	}
	start := int32(0)
	for k := int32(1); k <= int32(len(s)); k++ {
		if k == int32(len(s)) || key(s[k])-key(s[k-1])-1 > gap {
			w.cluster(lo+start, lo+k, gap, 1-side, false)
			start = k
		}
	}
}

// passageCosine returns the cosine similarity of the summed vectors of
// f's sentences in a and in b.
func (w *sentAligner) passageCosine(f frag, na int32) float64 {
	va := w.vec[w.off[f.i0]:w.off[f.i1+1]]
	vb := w.vec[w.off[na+f.j0]:w.off[na+f.j1+1]]
	for _, v := range va {
		w.accA[v.id] += v.w
	}
	for _, v := range vb {
		w.accB[v.id] += v.w
	}
	var dot, sa, sb float64
	for _, v := range va {
		if x := w.accA[v.id]; x != 0 {
			sa += x * x
			dot += x * w.accB[v.id]
			w.accA[v.id] = 0
		}
	}
	for _, v := range vb {
		if x := w.accB[v.id]; x != 0 {
			sb += x * x
			w.accB[v.id] = 0
		}
	}
	if sa == 0 || sb == 0 {
		return 0
	}
	return dot / math.Sqrt(sa*sb)
}

// trimPenalty is the score of a content word of an edge sentence missing
// from its partner sentences; a word found there scores 1.
const trimPenalty = 0.5

// trimMargin is the lowest score of an edge that trim cuts: a few words
// missing at the edge of a sentence are obfuscation, not another text.
const trimMargin = 3

// trim returns the token range of the side (0: a, 1: b) of passage f, its
// edge sentences trimmed: a passage inserted into a sentence, or ending
// inside one, shares that sentence with text it does not share. The
// prefix of the first sentence and the suffix of the last whose content
// words are mostly missing from the sentences they were paired with are
// dropped: the cut maximizes the words found minus trimPenalty times the
// words missing. An edge sentence that no seed holds (extendEdges added
// it) is paired with the edge sentence of the other side.
func (w *sentAligner) trim(s, other *Sentences, f frag, side int) (int, int) {
	first, last := f.i0, f.i1
	otherFirst, otherLast := f.j0, f.j1
	if side == 1 {
		first, last = f.j0, f.j1
		otherFirst, otherLast = f.i0, f.i1
	}
	fs, ls := s.sents[first], s.sents[last]
	start, end := fs.tok0, ls.tok1
	has := func(x sentence, h uint64) bool {
		_, ok := slices.BinarySearch(other.terms[x.term0:x.term1], h)
		return ok
	}
	score := func(k, edge, partner int32) float64 {
		h := s.tokTerms[k]
		if h == 0 || isStopTerm(h) {
			return 0
		}
		seeded := false
		for _, sd := range w.seeds[f.lo:f.hi] {
			mine, theirs := sd.i, sd.j
			if side == 1 {
				mine, theirs = sd.j, sd.i
			}
			if mine != edge {
				continue
			}
			seeded = true
			if has(other.sents[theirs], h) {
				return 1
			}
		}
		if !seeded && has(other.sents[partner], h) {
			return 1
		}
		return -trimPenalty
	}
	// Drop the prefix of the first sentence with the lowest score.
	var sum, best float64
	cut := fs.tok0
	for k := fs.tok0; k < fs.tok1; k++ {
		if sum += score(k, first, otherFirst); sum < best {
			best, cut = sum, k+1
		}
	}
	if cut < fs.tok1 && best <= -trimMargin {
		start = cut
	}
	sum, best = 0, 0
	cut = ls.tok1
	for k := ls.tok1 - 1; k >= max(ls.tok0, start); k-- {
		if sum += score(k, last, otherLast); sum < best {
			best, cut = sum, k
		}
	}
	if cut > max(ls.tok0, start) && best <= -trimMargin {
		end = cut
	}
	return int(start), int(end)
}
