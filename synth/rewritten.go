package synth

import "bytes"

// Rewritten copies and quoted reports (Options.Rewritten): a newspaper
// story derived from the wire story keeps a run of words from each of a
// few of its paragraphs, cuts the rest, rephrases it and weaves in quotes
// of its own; an outlet's own report of the event shares with the wire
// story one quotation only, as two reports of one court hearing do.

// Run lengths, in words, of what the two kinds keep of the wire story.
const (
	minKeptRun, maxKeptRun   = 8, 19  // each run a rewritten copy keeps
	minQuoteRun, maxQuoteRun = 12, 19 // the quotation a quoted report shares
)

// rewrittenBody writes a rewritten copy: the paper's own lede, then for
// each of 3 to 5 consecutive wire paragraphs a paragraph of its own: a
// sentence of its own words, a run of 8 to 19 words of the wire paragraph
// and, one time in three, a quote of its own; and a closing sentence of
// its own. Its own words share no run of maxRewriteRun words with the
// wire story, and part the runs it keeps.
func (g *gen) rewrittenBody(b []byte, d *docBuf, o *outlet, t int64) []byte {
	s := &g.st
	e := &s.e
	b = g.ownHead(b, o, t)
	b = g.own(b, e, true)
	n := s.paras()
	l := min(n, 3+g.r.IntN(3))
	d.lo = g.r.IntN(n - l + 1)
	d.hi = d.lo + l
	for p := d.lo; p < d.hi; p++ {
		b = append(b, o.parSep...)
		d.ps = append(d.ps, len(b))
		b = g.own(b, e, false)
		b = append(b, ' ')
		b = appendRun(b, s.para(p), minKeptRun+g.r.IntN(maxKeptRun-minKeptRun+1), g.r.IntN(1<<30))
		if g.r.IntN(3) == 0 {
			b = append(b, ' ')
			b = g.ownQuote(b, e)
		}
		d.pe = append(d.pe, len(b))
	}
	b = append(b, o.parSep...)
	return g.own(b, e, false)
}

// quotedBody writes an outlet's own report of the wire story's event, 3
// to 7 paragraphs, with a run of 12 to 19 words of the wire story that
// starts at one of its quotations placed between two of them. The report
// is in the outlet's own words: the local register's, which shares no
// stock phrase with the wire story, so that the quotation is all the two
// share.
func (g *gen) quotedBody(b []byte, o *outlet, t int64) []byte {
	s := &g.st
	b = g.ownHead(b, o, t)
	e := g.localEnts(o, t)
	n := 3 + g.r.IntN(5)
	at := 1 + g.r.IntN(n-1)
	for p := range n {
		if p > 0 {
			b = append(b, o.parSep...)
		}
		if p == at && len(e.quotes) > 0 {
			q := e.quotes[g.r.IntN(len(e.quotes))]
			b = appendRun(b, s.body[q[0]:], minQuoteRun+g.r.IntN(maxQuoteRun-minQuoteRun+1), 0)
			b = append(b, o.parSep...)
		}
		b = g.own(b, e, p == 0)
	}
	return b
}

// ownHead writes the headline, staff byline and date of an outlet's own
// story about the wire story's event.
func (g *gen) ownHead(b []byte, o *outlet, t int64) []byte {
	e := &g.st.e
	b = g.appendStaffHead(b, e, o, t)
	for i := range e.persons {
		e.persons[i].intro = false
	}
	return b
}

// own appends one sentence of the outlet's own about the event e, a lede
// if lede, with no run of maxRewriteRun words of the wire story.
func (g *gen) own(b []byte, e *ents, lede bool) []byte {
	ts := e.reg.sents
	if lede {
		ts = e.reg.ledes
	}
	g.rw = g.breakRuns(g.sentence(g.rw[:0], ts, e))
	return append(b, g.rw...)
}

// ownQuote appends a quote the outlet got itself, from one of the
// event's people, with no run of maxRewriteRun words of the wire story.
func (g *gen) ownQuote(b []byte, e *ents) []byte {
	rw := append(g.rw[:0], "“"...)
	rw = g.exec(rw, e.reg.quotes[g.r.IntN(len(e.reg.quotes))], e)
	capAt(rw, len("“"))
	rw = append(rw, ",” "...)
	rw = appendName(rw, &e.persons[g.r.IntN(len(e.persons))], false)
	rw = append(rw, " told the paper."...)
	g.rw = g.breakRuns(rw)
	return append(b, g.rw...)
}

// appendRun appends a run of n words of text (fewer if it has fewer),
// starting at word pick modulo the starts that leave n words, ended with
// a full stop if it ends without punctuation.
func appendRun(b, text []byte, n, pick int) []byte {
	if i := bytes.Index(text, []byte("\n\n")); i >= 0 {
		text = text[:i]
	}
	ws := bytes.Fields(text)
	n = min(n, len(ws))
	if n == 0 {
		return b
	}
	start := pick % (len(ws) - n + 1)
	b = append(b, bytes.Join(ws[start:start+n], []byte(" "))...)
	if c := b[len(b)-1]; bytes.IndexByte([]byte(".?!”\""), c) < 0 && !bytes.HasSuffix(b, []byte("”")) {
		b = append(b, '.')
	}
	return b
}
