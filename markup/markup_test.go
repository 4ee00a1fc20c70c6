package markup

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLText(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", ""},
		{"plain", "hello world", "hello world"},
		{"inline stays one word", "Bre<b>aking</b> news", "Breaking news"},
		{"inline elements", `<a href="x">a</a><span>b</span><em>c</em><strong>d</strong><i>e</i>`, "abcde"},
		{"paragraphs", "<p>one</p><p>two</p>", "one\n\ntwo"},
		{"br", "one<br>two<br/>three</br>four", "one\ntwo\nthree\nfour"},
		{"div and li", "<div>a</div><div>b</div><ul><li>c<li>d</ul>", "a\nb\n\nc\nd"},
		{"headings", "<h1>Title</h1>Body", "Title\n\nBody"},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a\nb\nc"},
		{"separators not doubled", "<div><div><p>a</p></div></div>\n  \n<div><p>b</p></div>", "a\n\nb"},
		{"no leading or trailing separators", "\n<body>\n<p>a</p>\n</body>\n", "a"},
		{"whitespace inside text kept", "<p>a  b\n c</p>", "a  b\n c"},
		{"whitespace between inline kept", "<b>a</b> <i>b</i>", "a b"},
		{"entities", "AT&amp;T &lt;x&gt; it&rsquo;s &#8217; &#x2019; &quot;", "AT&T <x> it’s ’ ’ \""},
		{"legacy entities", "&copy 2024 &ampx &notit; &amp", "© 2024 &x ¬it; &"},
		{"not entities", "a & b &; &#; &#x; &zz; &", "a & b &; &#; &#x; &zz; &"},
		{"numeric specials", "&#0;&#x80;&#xD800;&#1114112;", "\uFFFD€\uFFFD\uFFFD"},
		{"two-rune entity", "&fjlig;", "fj"},
		{"script and style", "a<script>var s = '<p>x</p>';</script>b<style>p{}</style>c", "abc"},
		{"noscript iframe", "a<noscript><p>enable js</p></noscript>b<iframe>x</iframe>c", "abc"},
		{"title skipped", "<html><head><title>Site | Story</title></head><body>Story</body></html>", "Story"},
		{"template", "a<template><p>x</p><template>y</template>z</template>b", "ab"},
		{"svg", "a<svg><text>x</text><style>q</svg>b", "ab"},
		{"svg self-closing", "a<svg/>b<svg><svg/>c</svg>d", "abd"},
		{"template self-closing opens", "a<template/>b</template>c", "ac"},
		{"script self-closing is raw", "a<script/>x</script>b<title/>t</title>c", "abc"},
		{"comments and doctype", "<!DOCTYPE html><!-- c -->a<!-- <p>x</p> -->b<?xml x?>", "ab"},
		{"cdata is a comment", "a<![CDATA[x]]>b", "ab"},
		{"xmp is raw", "<xmp>a &amp; <b></xmp>", "a &amp; <b>"},
		{"textarea decodes", "<textarea>a &amp; <b></textarea>", "a & <b>"},
		{"stray lt", "a < b and c<3", "a < b and c<3"},
		{"unterminated tag dropped", "text<p cla", "text"},
		{"unterminated script", "a<script>b", "a"},
		{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"surrogate bytes", "\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"nul dropped", "a\x00b", "ab"},
		{"upper-case tags", "<P>a</P><DIV>b</DIV><SCRIPT>x</SCRIPT>", "a\n\nb"},
		{"utf8 kept", "<p>Café 東京</p>", "Café 東京"},
		{"attributes are not text", `<img alt="photo" title="t">a<a title="x">b</a>`, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, m := HTML([]byte(tt.src))
			if string(text) != tt.want {
				t.Errorf("HTML(%q) text = %q, want %q", tt.src, text, tt.want)
			}
			checkMap(t, []byte(tt.src), text, m)
		})
	}
}

func TestSpan(t *testing.T) {
	src := "<p>It&rsquo;s <b>Bre</b>aking</p>\n<p>AT&amp;T\xff.</p>"
	text, m := HTML([]byte(src))
	if want := "It’s Breaking\n\nAT&T\uFFFD."; string(text) != want {
		t.Fatalf("text = %q, want %q", text, want)
	}
	tests := []struct {
		word string // the (first) occurrence in text
		want string // src[Span]
	}{
		{"It", "It"},
		{"It’s", "It&rsquo;s"},
		{"’", "&rsquo;"},
		{"Breaking", "Bre</b>aking"},
		{"Bre", "Bre"},
		{"aking", "aking"},
		{"\n\n", "<p>"},
		{"AT&T", "AT&amp;T"},
		{"&", "&amp;"},
		{"T\uFFFD.", "T\xff."},
		{"It’s Breaking\n\nAT", "It&rsquo;s <b>Bre</b>aking</p>\n<p>AT"},
	}
	for _, tt := range tests {
		s := strings.Index(string(text), tt.word)
		if s < 0 {
			t.Fatalf("%q not in text", tt.word)
		}
		ss, se := m.Span(s, s+len(tt.word))
		if got := src[ss:se]; got != tt.want {
			t.Errorf("Span(%q) = src[%d:%d] = %q, want %q", tt.word, ss, se, got, tt.want)
		}
	}
	// A part of an entity covers the entity.
	s := strings.Index(string(text), "’")
	if ss, se := m.Span(s+1, s+2); src[ss:se] != "&rsquo;" {
		t.Errorf("Span(inside ’) = %q, want the entity", src[ss:se])
	}
	// Empty ranges are empty, except inside a replacement.
	if ss, se := m.Span(0, 0); ss != 3 || se != 3 {
		t.Errorf("Span(0, 0) = %d, %d, want 3, 3", ss, se)
	}
	if ss, se := m.Span(len(text), len(text)); src[ss:] != "</p>" || se != ss {
		t.Errorf("Span(end, end) = %d, %d, want the end of the last text", ss, se)
	}
	// Out-of-range arguments are clamped.
	if ss, se := m.Span(-5, 1<<40); ss != 3 || src[se:] != "</p>" {
		t.Errorf("Span(-5, huge) = %d, %d", ss, se)
	}
	if ss, se := m.Span(1, 0); ss != 4 || se != 4 {
		t.Errorf("Span(1, 0) = %d, %d, want 4, 4", ss, se)
	}
}

func TestSpanZeroMap(t *testing.T) {
	var m Map
	for _, c := range [][4]int{{0, 0, 0, 0}, {3, 7, 3, 7}, {-1, 2, 0, 2}, {5, 2, 5, 5}} {
		if ss, se := m.Span(c[0], c[1]); ss != c[2] || se != c[3] {
			t.Errorf("zero Map: Span(%d, %d) = %d, %d, want %d, %d", c[0], c[1], ss, se, c[2], c[3])
		}
	}
}

func TestSpanEmptyText(t *testing.T) {
	_, m := HTML([]byte("<p></p><script>x</script>"))
	if ss, se := m.Span(0, 0); ss != 0 || se != 0 {
		t.Errorf("Span(0, 0) = %d, %d, want 0, 0", ss, se)
	}
}

func TestLargeMatchesSmall(t *testing.T) {
	src := []byte(benchPage(3))
	text32, segs32 := extract[int32](src)
	text64, segs64 := extract[int64](src)
	if !bytes.Equal(text32, text64) {
		t.Fatal("int32 and int64 extraction differ in text")
	}
	small := Map{small: segs32, n: len(text32), set: true}
	large := Map{large: segs64, n: len(text64), set: true}
	for s := 0; s <= len(text32); s += 7 {
		for e := s; e <= len(text32) && e < s+200; e += 13 {
			a1, b1 := small.Span(s, e)
			a2, b2 := large.Span(s, e)
			if a1 != a2 || b1 != b2 {
				t.Fatalf("Span(%d, %d): int32 %d, %d; int64 %d, %d", s, e, a1, b1, a2, b2)
			}
		}
	}
}

// checkMap checks the guarantees of HTML and Map.Span for one document.
func checkMap(t *testing.T, src, text []byte, m Map) {
	t.Helper()
	if !utf8.Valid(text) {
		t.Fatalf("text is not valid UTF-8: %q", text)
	}
	n := len(text)
	check := func(s, e int) (int, int) {
		ss, se := m.Span(s, e)
		if ss < 0 || ss > se || se > len(src) {
			t.Fatalf("Span(%d, %d) = %d, %d: out of [0, %d]", s, e, ss, se, len(src))
		}
		return ss, se
	}
	// Monotone: Span(s,e) = (lo(s), max(lo(s), hi(e))), so checking lo over
	// s and the end over e with a fixed start covers both arguments.
	prevLo, prevHi := 0, 0
	for s := 0; s <= n; s++ {
		lo, _ := check(s, s)
		_, hi := check(0, s)
		if lo < prevLo || hi < prevHi {
			t.Fatalf("Span not monotone at %d: lo %d after %d, hi %d after %d", s, lo, prevLo, hi, prevHi)
		}
		prevLo, prevHi = lo, hi
	}
	// All pairs for small texts, a sample for large ones.
	step := 1 + n/64
	for s := 0; s <= n; s += step {
		for e := s; e <= n; e += step {
			ss, se := check(s, e)
			if ss2, se2 := check(s, min(e+1, n)); ss2 != ss || se2 < se {
				t.Fatalf("Span not monotone in end at (%d, %d)", s, e)
			}
		}
	}
	// Verbatim runs map to identical bytes, whole and in part.
	segs := m.small
	for i, sg := range segs {
		if sg.src < 0 {
			continue
		}
		end := n
		if i+1 < len(segs) {
			end = int(segs[i+1].text)
		}
		s := int(sg.text)
		if ss, se := check(s, end); !bytes.Equal(src[ss:se], text[s:end]) {
			t.Fatalf("verbatim run text[%d:%d] = %q maps to src[%d:%d] = %q", s, end, text[s:end], ss, se, src[ss:se])
		}
		for a := s; a < end; a += 1 + (end-s)/8 {
			b := min(a+1+(end-s)/3, end)
			if ss, se := check(a, b); !bytes.Equal(src[ss:se], text[a:b]) {
				t.Fatalf("verbatim text[%d:%d] = %q maps to src[%d:%d] = %q", a, b, text[a:b], ss, se, src[ss:se])
			}
		}
	}
}
