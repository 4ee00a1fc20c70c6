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
