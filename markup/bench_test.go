package markup

import (
	"fmt"
	"strings"
	"testing"
)

// benchPage returns a synthetic news page with n paragraphs of body text
// between typical page furniture: head, scripts, navigation, links and
// entities.
func benchPage(n int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Markets rally | The Daily</title>
<style>body{font:14px sans-serif}.nav a{color:#333}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script></head>
<body><nav class="nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/biz">Business</a></li></ul></nav>
<article><h1>Markets rally as central bank holds rates</h1><p class="byline">By <a href="/a/jd">Jane Doe</a> &middot; 12 May 2024</p>
`)
	for i := range n {
		fmt.Fprintf(&b, `<p>Stocks rose on Tuesday after the central bank&rsquo;s decision to hold rates at %d.25%%, a move that traders had <a href="/x/%d">widely expected</a>. &ldquo;The outlook remains <em>uncertain</em>,&rdquo; said one analyst at AT&amp;T Capital &mdash; adding that caf&eacute; owners and exporters would feel it first. Bonds were flat; the index closed 1.2%% higher.</p>
`, i%5, i)
		if i%4 == 3 {
			b.WriteString(`<figure><img src="/i.jpg" alt="A trader"><figcaption>A trader on the floor. <span>Photo: Reuters</span></figcaption></figure>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle"}</script>
`)
		}
	}
	b.WriteString(`</article><footer><p>&copy; 2024 The Daily. All rights reserved.</p></footer></body></html>`)
	return b.String()
}

func BenchmarkHTML(b *testing.B) {
	src := []byte(benchPage(200))
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		HTML(src)
	}
}

func BenchmarkSpan(b *testing.B) {
	text, m := HTML([]byte(benchPage(200)))
	n := len(text)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s := i % n
		m.Span(s, min(s+40, n))
		i += 977
	}
}
