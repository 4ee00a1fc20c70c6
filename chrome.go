package dedupe

import "github.com/newsreuse/dedupe/cluster"

// Chrome: site headers, navigation and footers, at the same edge of two
// otherwise unrelated pages. The rule needs one pair and no corpus, so it
// applies at verify time (dropChrome); commit judges the passages masking
// trimmed by it again (judge).

// isChrome reports whether a passage is site chrome, which recurs at the
// edges of otherwise unrelated pages: at the start of both documents (of
// n and m words), shorter than maxHeader words and covering less than half
// of each, or at the end of both while covering less than half of either.
// A copy trimmed from the bottom shares the start of the original and may
// cover most of it; text that ends both documents but is not most of both
// is a footer.
//
// Position alone does not make a long passage chrome: a text that copies
// the opening of another and goes on with its own words shares the start
// of both and no more. A long header or menu that recurs is chrome by
// frequency instead: the corpus rule masks it once it recurs outside a
// pair's cluster (keepRare).
func isChrome(a cluster.Match, n, m int) bool { return chromeAt(a, edges(a, n, m), n, m) }

// maxHeader is the most words a passage at the start of both documents
// may have and still be taken for a site header by position alone: the
// generated outlets' headers and menus are 15 to 35 words; the copied
// opening of a Clough and Stevenson answer (g2pA_taskd, 106 words) and
// the lead paragraphs a newspaper takes from a wire story before going
// on with its own are longer. It is strongWords, the length of a strong
// link: shorter passages at the start are judged by position, as stock
// phrases are, longer ones by the corpus.
const maxHeader = strongWords

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
	return e&edgeStart != 0 && la < n && lb < m && a.Words < maxHeader || e&edgeEnd != 0 && (la < n || lb < m)
}

// endsInChrome reports whether the rare part x of a passage aligned at
// the edges of both documents (isChrome), as keepRare left it, is the end
// of a copied text that runs on into the chrome the two documents share:
// x begins the aligned passage, in the middle of a sentence (its first
// word is neither capitalized nor a figure), and its figures are the same
// on both sides. A reworded or misread copy aligns as exact text only in
// its last stretch, cut from the rest by the words it changed, and a
// footer follows; chrome's own lines begin with a capital ("Sign up for
// ...", "Copyright 2024 ..."), and the tail of a template before a footer
// differs in its figures ("with a low around 64" against "62"). q's word
// positions are decoded only for a passage that passes the first tests.
// (TestNewsMessy, pooled: pairs found 0.978 -> 0.980, reworded copies
// 0.846 -> 0.852, mean ARI 0.964 -> 0.966, precision 0.9972 either way;
// the news tests' false links unchanged. With x anywhere in the aligned
// passage: precision 0.9897, and 109 false links against 49 in the news
// tests' mixed corpora, footer lines. With the figures not compared,
// only a start right after a differing figure or name ruled out: 31
// false pairs against 26, weather pages' and notices' tails. With
// capitalized starts too, only a start right after a differing figure
// ruled out: 33, and 64 in the mixed corpora, the wire's copyright line
// and footers' first lines. The generated 100 MB corpus
// and Reuters-21578: outputs unchanged.)
func endsInChrome(a *admission, v *verified, aligned, x cluster.Match) bool {
	if x.AStart != aligned.AStart || x.BStart != aligned.BStart || a.pos[x.AStart].class != classOther {
		return false
	}
	return sameFigures(a.p.e.words, a.pos, x.AStart, x.AEnd, v.q.words, v.positions(a), x.BStart, x.BEnd)
}

// sameFigures reports whether the words of class classDigit among pw[i:pe]
// and among qw[j:qe] are the same, in the same order.
func sameFigures(pw []uint16, ppos []wordPos, i, pe int, qw []uint16, qpos []wordPos, j, qe int) bool {
	for {
		for i < pe && ppos[i].class != classDigit {
			i++
		}
		for j < qe && qpos[j].class != classDigit {
			j++
		}
		if i == pe || j == qe {
			return i == pe && j == qe
		}
		if pw[i] != qw[j] {
			return false
		}
		i, j = i+1, j+1
	}
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

// edgeSlack is how many tokens from a document's start or end a passage
// may begin or end and still count as anchored to that edge.
const edgeSlack = 3

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
