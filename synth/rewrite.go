package synth

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Rewrites: an outlet's own story about the same event, sharing entities
// and short quote fragments with the wire original but no run of
// maxRewriteRun words or more (8, leaving slack below the promised 10 for
// tokenizers that split hyphens or apostrophes).

const maxRewriteRun = 8

var breakers = [...]string{"reportedly", "meanwhile", "notably", "apparently"}

func (g *gen) rewriteBody(b []byte, o *outlet, t int64) []byte {
	e := &g.st.e
	b = g.ownHead(b, o, t)
	rw := g.paragraphs(g.rw[:0], 3+g.r.IntN(6), o.parSep, e, true, nil, nil)
	for range 1 + g.r.IntN(2) {
		rw = g.appendFragment(rw, e)
	}
	rw = g.breakRuns(rw)
	g.rw = rw
	return append(b, rw...)
}

// appendFragment appends a sentence quoting 4-7 words of a wire quote.
func (g *gen) appendFragment(b []byte, e *ents) []byte {
	s := &g.st
	if len(e.quotes) == 0 {
		return b
	}
	q := e.quotes[g.r.IntN(len(e.quotes))]
	ws := bytes.Fields(s.body[q[0]:q[1]])
	if len(ws) < 4 {
		return b
	}
	n := min(len(ws), 4+g.r.IntN(4))
	a := g.r.IntN(len(ws) - n + 1)
	b = append(b, " As "...)
	b = append(b, e.persons[g.r.IntN(len(e.persons))].last...)
	b = append(b, " put it, “"...)
	for i, w := range ws[a : a+n] {
		if i > 0 {
			b = append(b, ' ')
		}
		if i == n-1 {
			w = bytes.TrimRight(w, ",.;:")
		}
		b = append(b, w...)
	}
	return append(b, "…”"...)
}

// wordHash hashes the letters and digits of a token, lower-cased; ok is
// false for tokens without any (dashes, bare punctuation).
func wordHash(w []byte) (h uint64, ok bool) {
	h = 14695981039346656037
	for i := 0; i < len(w); {
		c, n := rune(w[i]), 1
		if c >= utf8.RuneSelf {
			c, n = utf8.DecodeRune(w[i:])
		}
		i += n
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			continue
		}
		ok = true
		h = (h ^ uint64(unicode.ToLower(c))) * 1099511628211
	}
	return h, ok
}

type tokPos struct {
	h     uint64
	start int
}

// tokens appends the word tokens of text with their start offsets.
func tokens(dst []tokPos, text []byte) []tokPos {
	i := 0
	for i < len(text) {
		for i < len(text) && (text[i] == ' ' || text[i] == '\n') {
			i++
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != '\n' {
			j++
		}
		if j > i {
			if h, ok := wordHash(text[i:j]); ok {
				dst = append(dst, tokPos{h, i})
			}
		}
		i = j
	}
	return dst
}

func runHash(ts []tokPos) uint64 {
	var h uint64 = 7
	for _, t := range ts {
		h = h*0x9E3779B97F4A7C15 + t.h
	}
	return h
}

// breakRuns inserts a breaker word into every run of maxRewriteRun words
// that rw shares with the wire body, until none is left.
func (g *gen) breakRuns(rw []byte) []byte {
	wt := tokens(g.toks[:0], g.st.body)
	clear(g.runs)
	for i := 0; i+maxRewriteRun <= len(wt); i++ {
		g.runs[runHash(wt[i:i+maxRewriteRun])] = struct{}{}
	}
	for range 200 {
		rt := tokens(wt[:0], rw)
		hit := -1
		for i := 0; i+maxRewriteRun <= len(rt); i++ {
			if _, ok := g.runs[runHash(rt[i:i+maxRewriteRun])]; ok {
				hit = rt[i+maxRewriteRun/2].start
				break
			}
		}
		g.toks = rt
		if hit < 0 {
			break
		}
		w := breakers[g.r.IntN(len(breakers))]
		rw = append(rw, w...)
		rw = append(rw, ' ')
		copy(rw[hit+len(w)+1:], rw[hit:len(rw)-len(w)-1])
		copy(rw[hit:], w)
		rw[hit+len(w)] = ' '
	}
	return rw
}
