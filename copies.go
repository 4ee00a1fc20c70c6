package dedupe

import (
	"slices"
)

// Copies of one text
//
// The biggest story of the day is reprinted by hundreds of outlets, and a
// web crawl holds the same page thousands of times. Every candidate index
// bounds what one document draws from it (Options.MaxDF), and the
// verification of a document bounds how many earlier copies of its text
// it is compared with: once maxCopies candidates have been found to be
// near-duplicates of it, the most recent first, the candidates that only
// the whole-document indexes (MinHash, SimHash) proposed are left
// unverified, but for the oldest, the likely source (boundNear). The
// document has then joined its copies' cluster, which holds the others;
// what such a candidate could add is one more pair of the cluster.
// Candidates of the passage index are always verified: a shared passage
// may be the only link to another story.
//
// Exact copies (the same words in the same order, textHash) are told
// apart before verification, at no cost: of a text added more than
// maxCopies times, a new copy is compared with the first copy and the
// maxCopies-1 most recent ones only (boundCopies).
//
// Each candidate left unverified is counted in Result.Unverified.

// maxCopies is how many earlier copies of its text a document is compared
// with at most, besides the oldest candidate. It is larger than all but a
// few stories' copies in the evaluation corpora, whose results it leaves
// as they are (Reuters-21578, the generated 100 MB corpus: outputs
// identical), and bounds the pairs a story of thousands of copies reports
// to about maxCopies a copy.
const maxCopies = 16

// textHash returns a hash of a document's distinct shingles in order of
// first occurrence: equal for copies of one text.
func textHash(set []uint64) uint64 {
	h := uint64(len(set))
	for _, x := range set {
		h = (h ^ x) * 0x9e3779b97f4a7c15
		h ^= h >> 29
	}
	return h
}

// boundCopies drops from the candidates ids (sorted, with the indexes
// they came from) the earlier exact copies of a document's text, of hash
// text, that it is not compared with, when there are more than maxCopies,
// and adds the ones it is compared with (the first and the most recent)
// where an index's cap left them out. It returns the candidates and how
// many copies were dropped. It runs under the lock. Cost: O(c log n) for
// c candidates and n copies.
func (d *Detector) boundCopies(ids []uint32, from []uint8, text uint64) ([]uint32, []uint8, int) {
	copies := d.copies.Get(text) // in increasing order
	n := len(copies)
	if n <= maxCopies {
		return ids, from, 0
	}
	keep := append(d.scratch[:0], copies[0])
	keep = append(keep, copies[n-(maxCopies-1):]...)
	d.scratch = keep
	// Merged into c as ID<<2 | from, then written back.
	c := d.flagged[:0]
	k := 0
	for i, id := range ids {
		for k < len(keep) && keep[k] < id {
			c = append(c, uint64(keep[k])<<2|fromSim)
			k++
		}
		if k < len(keep) && keep[k] == id {
			k++
		} else if _, copy := slices.BinarySearch(copies, id); copy {
			continue
		}
		c = append(c, uint64(id)<<2|uint64(from[i]))
	}
	for ; k < len(keep); k++ {
		c = append(c, uint64(keep[k])<<2|fromSim)
	}
	d.flagged = c
	ids, from = ids[:0], from[:0]
	for _, x := range c {
		ids, from = append(ids, uint32(x>>2)), append(from, uint8(x&3))
	}
	return ids, from, n - len(keep)
}

// wholeOnly returns how many of a's candidates only the whole-document
// indexes proposed.
func (a *admission) wholeOnly() int {
	n := 0
	for _, f := range a.from {
		if f&fromPassage == 0 {
			n++
		}
	}
	return n
}

// boundNear verifies a's candidates with v, the most recent first, and
// leaves unverified those that only the whole-document indexes proposed
// once maxCopies near-duplicates have been found, but for the oldest
// candidate. The verified ones are kept in order of ID, as verifyAll
// keeps them.
func (d *Detector) boundNear(a *admission, v *verifier) {
	near := 0
	start := len(a.found)
	for i := len(a.cands) - 1; i >= 0; i-- {
		if near >= maxCopies && a.from[i]&fromPassage == 0 && i > 0 {
			a.unverified++
			continue
		}
		a.checked++
		if r, ok := v.verify(a, a.cands[i], a.from[i] != 0); ok {
			if r.m.NearDuplicate {
				near++
			}
			a.keep(r, a.ids[i])
		}
	}
	slices.Reverse(a.found[start:])
}
