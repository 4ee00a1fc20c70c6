// Package markup extracts the visible text of HTML documents, with a [Map]
// from offsets in that text back to offsets in the source, so that passages
// matched in the text can be reported against the original bytes.
//
// # What is kept
//
// [HTML] keeps text content and drops tags, comments, doctypes and the
// content of script, style, noscript, template, iframe, noembed, noframes,
// svg, math and title elements. The title is dropped because news pages
// append the site name to it and repeat the headline in the body.
// Attribute values (alt, title) are not text.
//
// Character references (&amp; &rsquo; &#8217; and legacy forms such as
// "&copy" without ';') are decoded as browsers decode them. NUL bytes are
// dropped. Everything else in a text run, including whitespace and "\r", is
// copied as is.
//
// Block-level elements (p, div, br, li, h1-h6, td, tr, blockquote, article,
// section, ...) separate text with "\n", or "\n\n" for paragraph-like blocks,
// so that words never run together across blocks; so do replaced elements
// (img, video, ...). Inline elements (a, b, i, span, em, strong, ...) add
// nothing, so "Bre<b>aking</b>" stays one word.
// Separators are never doubled, never lead or trail the text, and
// whitespace-only text between blocks is dropped.
//
// # Encoding
//
// The source is read as UTF-8; a declared charset is not consulted. Each
// byte that is not part of valid UTF-8 becomes U+FFFD, so the text is always
// valid UTF-8.
package markup

import (
	"bytes"
	"math"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// maxSmall is the largest source whose Map fits int32 offsets: text is at
// most 3 times as long as its source (an invalid byte becomes 3 bytes of
// U+FFFD).
const maxSmall = math.MaxInt32 / 3

// HTML returns the visible text of the HTML document src and a Map from
// offsets in text to offsets in src. The text is newly allocated and owned by
// the caller; neither result refers to src. HTML never fails: malformed markup
// is read the way an HTML tokenizer reads it, and an unterminated tag at the
// end of src is dropped.
//
// HTML runs in O(len(src)) time. The text is at most 3*len(src) bytes and
// usually much shorter; the Map costs 8 bytes per text run, decoded
// character reference, invalid byte and block separator.
func HTML(src []byte) (text []byte, m Map) {
	if len(src) <= maxSmall {
		text, segs := extract[int32](src)
		return text, Map{small: segs, n: len(text), set: true}
	}
	text, segs := extract[int64](src)
	return text, Map{large: segs, n: len(text), set: true}
}

var (
	replacementChar = []byte("\uFFFD")
	newlines        = []byte("\n\n")
)

// What to do with the next text token, set by the start tag before it.
const (
	textKeep    = iota // decode references
	textSkip           // invisible raw text: script, style, title, ...
	textRawKeep        // visible raw text: xmp, plaintext
)

func extract[T offset](src []byte) ([]byte, []seg[T]) {
	// Text is rarely longer than src; runs are rarely shorter than 16 bytes.
	b := builder[T]{text: make([]byte, 0, len(src)), segs: make([]seg[T], 0, len(src)/16+4)}
	z := html.NewTokenizer(bytes.NewReader(src))
	var (
		pos     int    // src offset of the current token
		next    int    // textKeep, textSkip or textRawKeep
		skip    string // element whose whole content is being skipped
		depth   int    // nesting depth of skip elements
		nl      int    // newlines owed before the next text
		nlFrom  int    // src range of the last block tag, for nl
		nlTo    int
		nameBuf [16]byte
		foreign bool // skipping svg or math: no raw text inside
	)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF, or an unterminated tag at the end
		}
		raw := z.Raw()
		at := pos
		pos += len(raw)
		mode := next
		next = textKeep
		switch tt {
		case html.TextToken:
			if skip != "" || mode == textSkip {
				continue
			}
			if (nl > 0 || len(b.text) == 0) && isSpace(raw) {
				continue
			}
			if nl > 0 {
				b.substitute(newlines[:nl], nlFrom, nlTo)
				nl = 0
			}
			appendText(&b, raw, at, mode == textKeep)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name := lowerName(&nameBuf, raw)
			if skip != "" {
				if string(name) == skip {
					switch {
					case opens(tt, skip):
						depth++
					case tt == html.EndTagToken:
						depth--
					}
					if depth == 0 {
						skip, foreign = "", false
					}
				}
				if foreign && tt == html.StartTagToken {
					z.NextIsNotRawText()
				}
				continue
			}
			k, kind, canon := classify(name)
			switch {
			case kind == kindSkipRaw && tt != html.EndTagToken:
				next = textSkip
			case kind == kindKeepRaw && tt != html.EndTagToken:
				next = textRawKeep
			case kind == kindSkipElem && opens(tt, canon):
				skip, depth = canon, 1
				foreign = skip != "template"
				if foreign {
					z.NextIsNotRawText()
				}
			}
			if k > 0 && len(b.text) > 0 {
				nl = max(nl, k)
				nlFrom, nlTo = at, pos
			}
		}
	}
	return b.finish()
}

// opens reports whether a tag of type tt opens an element named name
// (template, svg or math) that has content: HTML ignores the self-closing
// "/" of <template/>, foreign content (svg, math) does not.
func opens(tt html.TokenType, name string) bool {
	return tt == html.StartTagToken || tt == html.SelfClosingTagToken && name == "template"
}

// appendText appends the text token p, which is src[at:at+len(p)], decoding
// character references if decode is set, dropping NULs and replacing invalid
// UTF-8 bytes with U+FFFD.
func appendText[T offset](b *builder[T], p []byte, at int, decode bool) {
	run := 0 // start in p of the bytes not yet appended
	var scratch [utf8.UTFMax]byte
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c == '&' && decode {
				if s, n := entity(p[i:], &scratch); n > 0 {
					b.copy(p[run:i], at+run)
					b.substitute(s, at+i, at+i+n)
					i += n
					run = i
					continue
				}
			} else if c == 0 {
				b.copy(p[run:i], at+run)
				i++
				run = i
				continue
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			b.copy(p[run:i], at+run)
			b.substitute(replacementChar, at+i, at+i+1)
			i++
			run = i
			continue
		}
		i += size
	}
	b.copy(p[run:], at+run)
}

func isSpace(p []byte) bool {
	for _, c := range p {
		switch c {
		case ' ', '\t', '\n', '\r', '\f':
		default:
			return false
		}
	}
	return true
}

// lowerName returns the lower-cased name of the tag whose raw bytes are raw
// ("<DIV class=x>" or "</div >"), in buf. Names longer than buf, which are
// no names classify knows, come back empty.
func lowerName(buf *[16]byte, raw []byte) []byte {
	i := 1
	if len(raw) > 1 && raw[1] == '/' {
		i = 2
	}
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '/', '>':
			return buf[:n]
		}
		if n == len(buf) {
			return nil
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return buf[:n]
}
