package dedupe

import (
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
)

// Templates: formulaic stories written from one template (earnings,
// results, forecasts) align on the template's words while their figures
// and names differ. The rule needs one pair, and is applied at commit time
// to what the corpus rules leave (judge).

// alignedSigns are the template signs for a passage as aligned, before
// keepRare trimmed it to x: its figures, which cost little to compare,
// and, when keepRare left less than half of its words, the skipped slots
// too. The figures are judged as the passage's own (signs): a long copy's
// differing figures make a template only when they come every few words.
// (Judged at any rate, a long copy whose figures a newspaper restyled
// was a template once keepRare trimmed it: TestNewsMessy, pooled,
// restyled copies found 0.962 against 0.992, all pairs 0.972 against
// 0.976, the same 40 false; the generated 100 MB corpus, 78 true pairs
// more; Reuters-21578 unchanged.)
func alignedSigns(v *verified, x, aligned cluster.Match) templateSigns {
	s := v.signs(aligned)
	if 2*x.Words >= aligned.Words {
		s.slots = false
	}
	return s
}

// template reports whether passage x of the pair is two stories written
// from one template, by the signs s (isTemplate).
//
// Judged bare (a.bare, no text common), a copied passage is a template by
// differing figures at any rate, as the shorter passages are: a long
// passage there still holds the stock sentences and the footer that the
// corpus masks (keepRare), which dilute the rate of its figures, while
// what the corpus leaves of two stories from one template is their short
// rare part. Two edited copies whose figures were restyled then make a
// weak link, not a strong one. (Generated corpus of 2,004 documents, cd
// beam && go test -run TestSynth ./pipeline: with the rate, bare links of
// 144 words joined earnings stories into clusters, and the pipeline's
// pairs against the truth had F1 0.969 (the Detector's 0.980); without
// it 0.978.)
//
// A copied passage that is a group of fragments (Match.Fragments), runs kept
// between words of a paper's own, is judged fragment by fragment: its
// gaps are no template's slots, and the paper's own figures there are no
// template's figures. It is a template when the fragments that are
// templates hold half its matched words or more. (TestNewsRewritten at
// 5da3212: judged as one passage, by its slots, the stream linked 38 of the 126
// rewritten copies, against 110; Compare 124 either way, its sentence
// aligner finding them too.) Cost, for a group: an alignment of its
// span into fragments.
func (d *Detector) template(a *admission, v *verified, x cluster.Match, s templateSigns) bool {
	if a.bare && !v.uncopied(x) {
		s.figureRate = 0
	}
	pw, ppos, qw, qpos := a.p.e.words, a.pos, v.q.words, v.positions(a)
	if !s.slots || x.Fragments == 0 {
		return isTemplate(pw, ppos, qw, qpos, x, s)
	}
	words := 0
	for _, f := range cluster.Fragments(pw[x.AStart:x.AEnd], qw[x.BStart:x.BEnd], d.opts.Align) {
		f.AStart, f.AEnd = x.AStart+f.AStart, x.AStart+f.AEnd
		f.BStart, f.BEnd = x.BStart+f.BStart, x.BStart+f.BEnd
		if isTemplate(pw, ppos, qw, qpos, f, s) {
			words += f.Words
		}
	}
	return 2*words >= x.Words
}

// isTemplate reports whether a passage is two stories written from one
// template: the template's words align, while the slots between them,
// figures and names, differ on the two sides. A copy keeps its figures and
// names, even an edited one, which may correct one or two. Two signs, each
// enough: most figures the two sides have differ; or the words of p the
// alignment skips that are figures or capitalized come every few matched
// words, and outnumber the other words it skips. A template's own words
// are fixed, so what differs is mostly its slots; a reworded or OCR'd copy
// skips words of every kind, names among them (a word of the paragraph
// put in another's place, a name misread). (TestNewsMessy, pooled:
// reworded copies found 0.782 -> 0.835, all pairs 0.966 -> 0.972, the
// same 40 false; the news tests' false links unchanged. Reuters-21578: 16
// passage pairs more, 14 of them one report twice or a story and its
// update, two oil price postings of one form.) pw and qw are the two
// documents' word codes, ppos and qpos their word positions (with each
// word's class); s tunes the signs.
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
	n, others := skippedWords(pw, ppos, qw, x, s.absent)
	return n >= minTemplateSlots && float64(n) >= slotRate*float64(x.Words) && n > others
}

// endsAtSlot reports whether the passage x, shorter than strongWords (as
// the corpus rules left it), is the stretch of two stories from one
// template up to a slot: it stops where the two sides go on with
// differing figures, and the template goes on after them, with at least
// 2 of the next 6 words the same on both sides and another figure that
// differs ("... Today: A 30 percent chance of showers. Sunny, with a high
// near | 29. Southeast wind 11 to 16 mph" against "| 69. Northwest wind 6
// to 11 mph"). A copy that stops where its copy changed a figure goes on
// with more of the copy, other text, or nothing. pw, ppos, qw and qpos
// are as in isTemplate. (TestNewsMessy, pooled: precision 0.9937 ->
// 0.9956, recall unchanged; without the second figure, 3 true pairs lost,
// an edited year followed by "Harris declined to comment on the
// insurgency"; in that variant, with a capitalized word as a slot too, a
// sentence's first word, embedded paragraphs found 0.912 against 1.000. The news tests'
// unrelated corpora: false links 14 -> 6, mixed 73 -> 64, true pairs
// found unchanged. Generated 100 MB corpus: false pairs 5 -> 4, true
// pairs unchanged. Reuters-21578: 9 passage pairs fewer, notices of one
// form: futures prices, reserves, results tables.)
func endsAtSlot(pw []uint16, ppos []wordPos, qw []uint16, qpos []wordPos, x cluster.Match) bool {
	slot := func(i, j int) bool {
		return pw[i] != qw[j] && ppos[i].class == classDigit && qpos[j].class == classDigit
	}
	i, j := x.AEnd, x.BEnd
	if i >= len(pw) || j >= len(qw) || !slot(i, j) {
		return false
	}
	same, slots := 0, 0
	for t := 1; t <= 6 && i+t < len(pw) && j+t < len(qw); t++ {
		switch {
		case pw[i+t] == qw[j+t]:
			same++
		case slot(i+t, j+t):
			slots++
		}
	}
	return same >= 2 && slots >= 1
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

// figureRate is the share of the words of a passage that differing
// figures reach in a template: slots come every few words, while
// rewording or translating a passage, or restyling a copy's figures,
// changes the form of a figure here and there. (Of the passages found by
// the sentence aligner alone whose figures mostly differ, 20 of 35 in the
// PAN13 training corpus, all reused, have fewer than one in 25 words; 3
// of 111 in the news tests' template stories with Options.Reworded. Of
// the copies judged templates in the news tests, unrelated corpora and
// TestNewsMessy's, the template stories have one in 5 to 17 words, the
// restyled copies one in 21 to 98.)
const figureRate = 0.04

// slotRate is the share of a passage's matched words that differing slots
// reach in a template.
const slotRate = 0.15

// skippedWords counts the words of p in the passage x that no 3-word run
// of q's side of the passage contains: slots, those that start with a
// digit or a capital letter, and others, the rest; with absent set, only
// those that q's side lacks altogether. Cost: O(n) in the words of x, with
// pooled buffers (a hash set of q's 3-word runs, a bit set of its words).
func skippedWords(pw []uint16, ppos []wordPos, qw []uint16, x cluster.Match, absent bool) (slots, others int) {
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
	covered := x.AStart // words before it are in a matched run
	for i := x.AStart; i < x.AEnd; i++ {
		if i+k <= x.AEnd && grams.has(gram(pw[i:i+k])) {
			covered = i + k
		}
		if i < covered {
			continue
		}
		if absent && b.words[pw[i]>>6]&(1<<(pw[i]&63)) != 0 {
			continue
		}
		if ppos[i].class == classOther {
			others++
		} else {
			slots++
		}
	}
	return slots, others
}

// A slotBuf holds a bit per word code for skippedWords, all 0 between
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

// signs returns the template signs that apply to the passage x (see
// isTemplate). Reworded text skips names and figures anyway: of the signs,
// only differing figures apply to it. To it, and to a long passage (twice
// strongWords, as keepRare's long), they apply only when they come every
// few words (figureRate): rewording and translation change the form of a
// figure here and there, and so does a newspaper restyling a long copy's
// figures in its house style ("19,243" as "19243", "8.3%" as "8.3
// percent"); in the news tests' template stories a differing figure comes
// every 5 to 17 words, in their restyled copies every 21 to 98. A shorter
// copy with two figures changed is judged by figures alone: a weekly
// release of 74 words in Reuters-21578, its price and date changed, is a
// template story. When the sentence aligner ran, a
// copy's skipped names and figures count as slots only when they are
// missing from the other side: the copy may be part of a reworded
// passage, which moves words.
func (v *verified) signs(x cluster.Match) templateSigns {
	s := templateSigns{slots: !v.reworded(x), absent: v.found != nil}
	if x.Words >= 2*strongWords || v.uncopied(x) {
		s.figureRate = figureRate
	}
	return s
}
