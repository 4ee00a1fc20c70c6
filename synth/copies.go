package synth

import "bytes"

// Outlet copies of the current wire story.

func appendDateline(b []byte, c *wireCity, style int) []byte {
	switch style {
	case 0:
		b = append(b, c.dateline...)
		return append(b, " (AP) — "...)
	case 1:
		b = append(b, c.dateline...)
		return append(b, " — "...)
	case 2:
		b = append(b, c.title...)
		return append(b, " (AP) — "...)
	case 3:
		b = append(b, c.dateline...)
		return append(b, " (AP) -- "...)
	}
	return b
}

func (g *gen) appendWireByline(b []byte, style int) []byte {
	s := &g.st
	switch style {
	case 0:
		b = append(b, "By "...)
		b = appendName(b, s.reporter[0], false)
		return append(b, ", Associated Press"...)
	case 1:
		b = appendName(b, s.reporter[0], true)
		return append(b, " | The Associated Press"...)
	case 2:
		return append(b, "By The Associated Press"...)
	case 3:
		return append(b, "Associated Press"...)
	}
	b = append(b, "By "...)
	b = appendName(b, s.reporter[0], false)
	if s.reporter[1] != nil {
		b = append(b, " and "...)
		b = appendName(b, s.reporter[1], false)
	}
	return append(b, " | AP"...)
}

func (g *gen) appendStaffByline(b []byte, o *outlet) []byte {
	var p person
	p.first, p.last = *g.lx.local.first.pick(g.r), *g.lx.local.last.pick(g.r)
	switch g.r.IntN(3) {
	case 0:
		b = append(b, "By "...)
		b = appendName(b, &p, false)
		return append(b, ", Staff Writer"...)
	case 1:
		b = appendName(b, &p, false)
		b = append(b, " | "...)
		return append(b, o.Name...)
	}
	b = append(b, "By "...)
	return appendName(b, &p, false)
}

// appendStaffHead writes the head of a story an outlet's staff wrote about
// e: the headline, the staff byline and the date of time t.
func (g *gen) appendStaffHead(b []byte, e *ents, o *outlet, t int64) []byte {
	b = g.headline(b, e)
	b = append(b, '\n')
	b = g.appendStaffByline(b, o)
	b = append(b, '\n')
	b = appendPublished(b, o.pubStyle, t)
	return append(b, "\n\n"...)
}

func appendTop(b []byte, o *outlet) []byte {
	if o.Header != "" {
		b = append(b, o.Header...)
		b = append(b, "\n\n"...)
	}
	return b
}

func appendFooter(b []byte, o *outlet) []byte {
	if o.Footer != "" {
		b = append(b, "\n\n"...)
		b = append(b, o.Footer...)
	}
	return b
}

// copyDoc writes one outlet copy of kind kind.
func (g *gen) copyDoc(kind string, oi int, t int64) {
	o := &g.outlets[oi]
	s := &g.st
	d := g.newDoc(kind, oi, t)
	b := appendTop(d.text, o)
	switch kind {
	case KindEmbed, KindEmbedOne:
		b = g.embedBody(b, d, o, t)
	case KindRewrite:
		b = g.rewriteBody(b, o, t)
	case KindRewritten:
		b = g.rewrittenBody(b, d, o, t)
	case KindQuoted:
		b = g.quotedBody(b, o, t)
	default:
		b = g.headline(b, &s.e)
		b = append(b, '\n')
		b = g.appendWireByline(b, o.byStyle)
		b = append(b, '\n')
		b = appendPublished(b, o.pubStyle, t)
		b = append(b, "\n\n"...)
		if kind == KindNewTop {
			b = g.paragraphs(b, 1+g.r.IntN(2), o.parSep, &s.e, true, nil, nil)
			b = append(b, o.parSep...)
		} else {
			b = appendDateline(b, s.city, o.dateStyle)
		}
		n := s.paras()
		d.lo, d.hi = 0, n
		switch kind {
		case KindTrim, KindTrimEdit:
			d.hi = max(1, n/3) + g.r.IntN(n-max(1, n/3))
		case KindNewTop:
			d.lo = min(1, n-1)
		case KindOpening:
			d.hi = min(n, 1+g.r.IntN(2))
			for d.hi < n && len(s.body[:s.pe[d.hi-1]]) < 400 {
				d.hi++ // at least about 60 words
			}
		}
		numTarget := -1
		if kind == KindEdit || kind == KindTrimEdit {
			if c := countNumbers(s.body); c > 0 {
				numTarget = g.r.IntN(c)
			}
		}
		width := 58 + g.r.IntN(20)
		ascii := g.r.IntN(2) == 0
		noise, reword := g.o.OCRNoise, 0.0
		switch kind {
		case KindHeavyOCR:
			noise = 0.05 + 0.05*g.r.Float64()
		case KindReword:
			reword = 0.2 + (1.0/3-0.2)*g.r.Float64()
		}
		for p := d.lo; p < d.hi; p++ {
			if p > d.lo {
				switch kind {
				case KindOCR, KindHeavyOCR, KindWrapped:
					b = append(b, "\n\n"...)
				case KindUnwrap:
					b = append(b, ' ')
				default:
					b = append(b, o.parSep...)
				}
			}
			d.ps = append(d.ps, len(b))
			switch kind {
			case KindEdit, KindTrimEdit:
				b = g.appendEdited(b, s.para(p), &numTarget)
			case KindOCR, KindHeavyOCR:
				b = g.appendOCR(b, s.para(p), width, ascii, noise)
			case KindWrapped:
				b = appendWrapped(b, s.para(p), width)
			case KindReword:
				b = g.appendReworded(b, s.para(p), reword)
			case KindRestyle:
				b = g.appendRestyled(b, s.para(p))
			default:
				b = append(b, s.para(p)...)
			}
			d.pe = append(d.pe, len(b))
		}
		if kind == KindOpening {
			b = append(b, o.parSep...)
			b = g.paragraphs(b, 4+g.r.IntN(5), o.parSep, g.localEnts(o, t), false, nil, nil)
		}
		if o.trailer && kind != KindOCR && kind != KindHeavyOCR && kind != KindOpening {
			b = append(b, "\n\n"...)
			b = append(b, wireTrailer...)
		}
	}
	d.text = appendFooter(b, o)
}

// embedBody writes a local story with 1-4 wire paragraphs embedded.
func (g *gen) embedBody(b []byte, d *docBuf, o *outlet, t int64) []byte {
	s := &g.st
	le := g.localEnts(o, t)
	b = g.appendStaffHead(b, le, o, t)
	b = g.paragraphs(b, 1+g.r.IntN(3), o.parSep, le, true, nil, nil)
	n := s.paras()
	l := 1
	if d.kind == KindEmbed {
		l += g.r.IntN(min(4, n))
	}
	a := 0
	if g.r.IntN(2) == 0 {
		a = g.r.IntN(n - l + 1)
	}
	d.lo, d.hi = a, a+l
	for p := a; p < a+l; p++ {
		b = append(b, o.parSep...)
		d.ps = append(d.ps, len(b))
		b = append(b, s.para(p)...)
		d.pe = append(d.pe, len(b))
	}
	if k := g.r.IntN(3); k > 0 {
		b = append(b, o.parSep...)
		b = g.paragraphs(b, k, o.parSep, le, false, nil, nil)
	}
	if g.r.IntN(10) < 7 {
		b = append(b, "\n\nThe Associated Press contributed to this report."...)
	}
	return b
}

// countNumbers counts space-separated tokens containing a digit.
func countNumbers(p []byte) int {
	c := 0
	in := false
	for _, ch := range p {
		switch {
		case ch == ' ' || ch == '\n':
			in = false
		case ch >= '0' && ch <= '9' && !in:
			c++
			in = true
		}
	}
	return c
}

var synonyms = map[string]string{
	"said": "says", "says": "said", "officials": "authorities", "authorities": "officials",
	"about": "roughly", "roughly": "about", "nearly": "almost", "announced": "unveiled",
	"unveiled": "announced", "began": "started", "plan": "proposal", "proposal": "plan",
	"agreement": "deal", "deal": "agreement", "sharply": "steeply", "swiftly": "quickly",
	"criticized": "slammed", "ceasefire": "cease-fire", "cease-fire": "ceasefire",
	"U.S.": "US", "more": "greater", "lawmakers": "legislators", "legislators": "lawmakers",
	"would": "will", "could": "might", "told": "informed", "major": "big", "massive": "huge",
	"Tuesday": "this week", "Monday": "earlier this week", "urged": "called on",
	"attack": "assault", "warning": "caution", "large": "big", "help": "assist",
}

var insertWords = [...]string{"also", "now", "recently", "reportedly", "still", "further"}

// auxiliaries may be followed by an inserted adverb ("would also").
var auxiliaries = map[string]bool{"would": true, "could": true, "has": true, "had": true,
	"have": true, "is": true, "was": true, "were": true, "will": true, "said": true}

// appendEdited writes para with light copy-desk edits. *numTarget counts
// down over numeric tokens; the one reaching 0 gets a changed digit.
func (g *gen) appendEdited(b, para []byte, numTarget *int) []byte {
	first := true
	rate := g.o.EditRate
	for len(para) > 0 {
		i := bytes.IndexByte(para, ' ')
		var tok []byte
		if i < 0 {
			tok, para = para, nil
		} else {
			tok, para = para[:i], para[i+1:]
		}
		if bytes.ContainsAny(tok, "0123456789") {
			if *numTarget == 0 {
				b = g.sep(b, &first)
				b = changeDigit(b, tok, g.r.IntN(8))
				*numTarget = -1
				continue
			}
			*numTarget--
		}
		if g.r.Float64() >= rate {
			b = g.sep(b, &first)
			b = append(b, tok...)
			continue
		}
		lead, core, trail := splitPunct(tok)
		switch {
		case synonyms[string(core)] != "":
			b = g.sep(b, &first)
			b = append(b, lead...)
			b = append(b, synonyms[string(core)]...)
			b = append(b, trail...)
		case !first && len(lead) == 0 && len(trail) == 0 && len(para) > 0 && g.lx.deletable[string(core)]:
			// cut an adjective or adverb
		default:
			b = g.sep(b, &first)
			b = append(b, tok...)
			if len(trail) == 0 && len(para) > 0 && (auxiliaries[string(core)] || bytes.HasSuffix(core, []byte("ed"))) {
				b = append(b, ' ')
				b = append(b, insertWords[g.r.IntN(len(insertWords))]...)
			}
		}
	}
	return b
}

func (g *gen) sep(b []byte, first *bool) []byte {
	if *first {
		*first = false
		return b
	}
	return append(b, ' ')
}

// changeDigit appends tok with its last digit changed by 1+k (k < 9).
func changeDigit(b, tok []byte, k int) []byte {
	start := len(b)
	b = append(b, tok...)
	for i := len(b) - 1; i >= start; i-- {
		if c := b[i]; c >= '0' && c <= '9' {
			b[i] = '0' + (c-'0'+byte(1+k))%10
			break
		}
	}
	return b
}

// splitPunct splits leading and trailing punctuation (ASCII and curly
// quotes) off a token.
func splitPunct(tok []byte) (lead, core, trail []byte) {
	i := 0
	for i < len(tok) {
		if tok[i] == '"' || tok[i] == '(' {
			i++
		} else if bytes.HasPrefix(tok[i:], []byte("“")) {
			i += 3
		} else {
			break
		}
	}
	j := len(tok)
	for j > i {
		c := tok[j-1]
		if bytes.IndexByte([]byte(".,;:?!)\""), c) >= 0 {
			j--
			continue
		}
		if j-3 >= i && tok[j-3] == 0xe2 && tok[j-2] == 0x80 && (c == 0x9d || c == 0x99) {
			j -= 3
			continue
		}
		break
	}
	return tok[:i], tok[i:j], tok[j:]
}

// appendOCR writes para as an OCR'd print column: letter noise, optional
// ASCII quotes, hard line breaks at width with broken hyphenation.
func (g *gen) appendOCR(b, para []byte, width int, ascii bool, noise float64) []byte {
	t := g.tmp[:0]
	for i := 0; i < len(para); i++ {
		c := para[i]
		if c >= 0x80 {
			if ascii && c == 0xe2 && i+2 < len(para) && para[i+1] == 0x80 {
				switch para[i+2] {
				case 0x9c, 0x9d:
					t = append(t, '"')
					i += 2
					continue
				case 0x98, 0x99:
					t = append(t, '\'')
					i += 2
					continue
				case 0x94:
					t = append(t, '-', '-')
					i += 2
					continue
				}
			}
			t = append(t, c)
			continue
		}
		isLetter := c|0x20 >= 'a' && c|0x20 <= 'z'
		if !isLetter || g.r.Float64() >= noise {
			t = append(t, c)
			continue
		}
		if c == 'r' && i+1 < len(para) && para[i+1] == 'n' {
			t = append(t, 'm')
			i++
			continue
		}
		switch c {
		case 'm':
			t = append(t, 'r', 'n')
		case 'l':
			t = append(t, '1')
		case 'I':
			t = append(t, 'l')
		case 'O':
			t = append(t, '0')
		case 'e':
			t = append(t, 'c')
		case 'c':
			t = append(t, 'e')
		case 'h':
			t = append(t, 'b')
		case 'n':
			t = append(t, 'u')
		case 'S':
			t = append(t, '5')
		default:
			if g.r.IntN(2) == 0 {
				t = append(t, c, c) // doubled
			} // else dropped
		}
	}
	g.tmp = t
	// Hard-wrap at width, hyphenating long words across line ends.
	col := 0
	for len(t) > 0 {
		i := bytes.IndexByte(t, ' ')
		var w []byte
		if i < 0 {
			w, t = t, nil
		} else {
			w, t = t[:i], t[i+1:]
		}
		if len(w) == 0 {
			continue
		}
		switch {
		case col == 0:
			b = append(b, w...)
			col = len(w)
		case col+1+len(w) <= width:
			b = append(b, ' ')
			b = append(b, w...)
			col += 1 + len(w)
		default:
			avail := width - col - 2
			if h := bytes.IndexByte(w, '-'); h > 0 && h < len(w)-1 && h+1 <= avail+1 {
				b = append(b, ' ')
				b = append(b, w[:h+1]...)
				b = append(b, '\n')
				b = append(b, w[h+1:]...)
				col = len(w) - h - 1
			} else if len(w) >= 7 && avail >= 3 && isASCIIWord(w) && g.r.IntN(10) < 6 {
				k := min(avail, len(w)-3)
				b = append(b, ' ')
				b = append(b, w[:k]...)
				b = append(b, '-', '\n')
				b = append(b, w[k:]...)
				col = len(w) - k
			} else {
				b = append(b, '\n')
				b = append(b, w...)
				col = len(w)
			}
		}
	}
	return b
}

func isASCIIWord(w []byte) bool {
	for _, c := range w {
		if c|0x20 < 'a' || c|0x20 > 'z' {
			return false
		}
	}
	return true
}
